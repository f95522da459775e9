"""Filing a reader's report: stored for the desk, and the desk told by e-mail."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .models import ErrorReport

logger = logging.getLogger(__name__)


def file_report(*, article, message, email=""):
    """Store the report, then mail the desk once it is committed; a mail failure loses nothing."""
    report = ErrorReport.objects.create(article=article, message=message, email=email)
    transaction.on_commit(lambda: tell_the_desk(report))
    return report


def tell_the_desk(report):
    context = {
        "report": report,
        "article_url": settings.SITE_URL + report.article.get_absolute_url(),
        "admin_url": settings.SITE_URL + reverse("admin:errorreports_errorreport_change", args=[report.pk]),
    }
    subject = " ".join(f"Error reported: {report.article.title}".split())[:200]
    body = render_to_string("errorreports/desk_mail.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [settings.EDITORS_EMAIL])
    except Exception:  # noqa: BLE001 - the report is stored; the desk sees it in the admin anyway
        logger.exception("error report %s stored, but the desk's e-mail could not be sent", report.pk)
