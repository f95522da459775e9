"""The header's link to a person's notifications, with their unread count: one indexed COUNT per admin page."""

from django import template

from ..models import Notification

register = template.Library()


@register.inclusion_tag("notifications/header_link.html", takes_context=True)
def notifications_link(context):
    user = getattr(context.get("request"), "user", None)
    if user is None or not (user.is_active and user.is_staff):
        return {"show": False}
    return {"show": True, "unread": Notification.objects.for_user(user).unread().count()}
