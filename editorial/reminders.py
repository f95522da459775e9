"""Review reminders: each medical reviewer hears, at most once a week, which of their stories are due.

Safe to run on a schedule (docs/operations.md): a reviewer reminded within the last
REVIEW_REMINDER_EVERY is skipped, and each e-mail is recorded as it is sent, so a run that
stops halfway resumes with those not yet told.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles import changes
from articles.models import Article
from articles.workflow import review_due_q

from .models import ReviewReminder

logger = logging.getLogger(__name__)

REVIEW_REMINDER_EVERY = timedelta(days=7)


@dataclass
class ReminderRun:
    sent: list = field(default_factory=list)  # (reviewer, address, stories)
    recently_reminded: list = field(default_factory=list)
    no_address: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    due_stories: int = 0


def due_stories_by_reviewer(today=None):
    """Public stories due for a new review, by their reviewer (oldest review first)."""
    due = (
        Article.objects.published()
        .filter(review_due_q(today), reviewed_by__isnull=False)
        .select_related("reviewed_by", "reviewed_by__user")
        .order_by("review_due_on", "pk")
    )
    grouped = defaultdict(list)
    for article in due:
        grouped[article.reviewed_by].append(article)
    return grouped


def send_review_reminders(*, today=None, now=None):
    now = now or timezone.now()
    run = ReminderRun()
    grouped = due_stories_by_reviewer(today)
    run.due_stories = sum(len(stories) for stories in grouped.values())
    # The public line turns to "a new review is due" once the day comes: those pages render again.
    changes.article_pages_changed([article.pk for stories in grouped.values() for article in stories])
    recent = set(
        ReviewReminder.objects.filter(sent_at__gt=now - REVIEW_REMINDER_EVERY).values_list("reviewer_id", flat=True)
    )
    for reviewer, stories in sorted(grouped.items(), key=lambda item: item[0].name):
        address = reviewer.contact_email
        if reviewer.pk in recent:
            run.recently_reminded.append(reviewer)
        elif not address:
            run.no_address.append(reviewer)
        else:
            try:
                _send(reviewer, address, stories)
            except Exception:  # noqa: BLE001 - one reviewer's failure must not stop the others
                logger.exception("review reminder to reviewer %s could not be sent", reviewer.pk)
                run.failed.append(reviewer)
                continue
            ReviewReminder.objects.create(reviewer=reviewer, sent_at=now, sent_to=address, article_count=len(stories))
            run.sent.append((reviewer, address, stories))
    return run


def _send(reviewer, address, stories):
    context = {
        "reviewer": reviewer,
        "stories": [
            {
                "article": article,
                "url": settings.SITE_URL + article.get_absolute_url(),
                "admin_url": settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk]),
            }
            for article in stories
        ],
        "SITE_NAME": settings.SITE_NAME,
    }
    subject = f"{len(stories)} stor{'y is' if len(stories) == 1 else 'ies are'} due for a new medical review"
    send_mail(
        subject,
        render_to_string("editorial/mail/review_reminder.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [address],
    )
