"""The header's link to a person's notifications, with their unread count (kept per person: notifications.unread)."""

from django import template

from ..unread import unread_count

register = template.Library()


@register.inclusion_tag("notifications/header_link.html", takes_context=True)
def notifications_link(context):
    user = getattr(context.get("request"), "user", None)
    if user is None or not (user.is_active and user.is_staff):
        return {"show": False}
    return {"show": True, "unread": unread_count(user)}
