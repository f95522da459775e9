from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from articles import workflow

        from . import events

        # Each recorded workflow step tells the people it concerns, once its transaction has committed.
        workflow.use_transition_listener(events.transition_recorded)
