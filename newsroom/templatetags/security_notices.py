"""Notices the admin shows on every page about how this site protects sign-ins."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("admin/two_factor_notice.html")
def two_factor_notice():
    """Says so when admins may sign in without a second factor (REQUIRE_2FA_FOR_ADMINS off)."""
    return {"off": not settings.REQUIRE_2FA_FOR_ADMINS, "local_mode": settings.LOCAL_MODE}
