"""Building newsletter issues and sending them, resumably.

An issue is built per frequency and section choice from the stories published since the
previous issue for that choice; its deliveries (one row per confirmed reader) are created
with it in one transaction. Only the stories still public when a copy is sent are in it.

Each copy is sent at most once. Its delivery is marked "sending" (committed) before the copy
goes to the mail server and "sent" once the server has accepted it, so a run that stops halfway
is resumed by the next one. A copy left "sending" by a run that stopped may or may not have
reached the reader (the server can accept it just before the crash); the next run does not send
it again but marks it interrupted, and the admin counts it. For a health publisher a reader
missing one digest, which the site still holds, is the smaller harm: a second copy teaches
readers and their mail providers to treat the newsletter as noise (spam reports, unsubscribes),
and a sender that repeats itself once will do it at scale after a bad night. A copy the server
refused outright (an SMTP error reply) was not accepted, so it is released and sent next time.
"""

import logging
import smtplib
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import Article, Section
from articles.seo import absolute

from .models import Delivery, Frequency, Issue, Subscriber
from .subscriptions import unsubscribe_url

logger = logging.getLogger(__name__)

PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
ALL_SECTIONS = "all"


def sections_key(section_ids):
    return ",".join(str(pk) for pk in sorted(section_ids)) or ALL_SECTIONS


def _readers_by_choice(frequency):
    """{sections key: [confirmed subscribers]} for one frequency, in two queries."""
    groups = defaultdict(list)
    readers = Subscriber.objects.filter(frequency=frequency, confirmed_at__isnull=False).prefetch_related("sections")
    for reader in readers.order_by("pk"):
        groups[sections_key(section.pk for section in reader.sections.all())].append(reader)
    return groups


def _label(key, names):
    if key == ALL_SECTIONS:
        return "All sections"
    return ", ".join(sorted(names[int(pk)] for pk in key.split(",") if int(pk) in names)) or "Chosen sections"


def build_issues(frequency, *, now=None):
    """The new issues of `frequency`, one per section choice with new stories since its last issue."""
    now = now or timezone.now()
    names = dict(Section.objects.values_list("pk", "name"))
    built = []
    for key, readers in _readers_by_choice(frequency).items():
        last = Issue.objects.filter(frequency=frequency, sections_key=key).order_by("-until").first()
        since = last.until if last else now - PERIODS[frequency]
        stories = Article.objects.published().filter(published_at__gt=since, published_at__lte=now)
        if key != ALL_SECTIONS:
            stories = stories.filter(section_id__in=[int(pk) for pk in key.split(",")])
        story_ids = list(stories.values_list("pk", flat=True))
        if not story_ids:
            continue
        label = _label(key, names)
        subject = f"{settings.SITE_NAME} {Frequency(frequency).label.lower()} digest: {label} ({now:%-d %B %Y})"
        try:
            with transaction.atomic():
                issue = Issue.objects.create(
                    frequency=frequency, sections_key=key, sections_label=label, since=since, until=now, subject=subject
                )
                issue.articles.set(story_ids)
                Delivery.objects.bulk_create(Delivery(issue=issue, subscriber=reader) for reader in readers)
        except IntegrityError:
            logger.info("newsletter issue for %s/%s already built by another run", frequency, key)
            continue
        built.append(issue)
    return built


def unfinished_issues(frequency):
    return Issue.objects.filter(frequency=frequency, completed_at__isnull=True).order_by("created_at")


def issue_stories(issue):
    """The issue's stories that are still public, newest first."""
    return list(
        Article.objects.published()
        .filter(pk__in=issue.articles.values("pk"))
        .select_related("section")
        .order_by("-published_at", "-pk")
    )


def compose(issue, stories, subscriber):
    """One reader's copy: plain text and HTML, with RFC 8058 one-click unsubscribe headers."""
    leave = unsubscribe_url(subscriber)
    context = {
        "issue": issue,
        "stories": [(story, absolute(story.get_absolute_url())) for story in stories],
        "unsubscribe_url": leave,
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=issue.subject,
        body=render_to_string("newsletter/mail/issue.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={"List-Unsubscribe": f"<{leave}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string("newsletter/mail/issue.html", context), "text/html")
    return message


INTERRUPTED = "Interrupted while the mail server had it: it may have arrived, so it was not sent again."


def _claim(delivery):
    """Mark `delivery` as being sent (committed at once); False when another run has it already."""
    claimed = Delivery.objects.filter(pk=delivery.pk, sending_at__isnull=True, sent_at__isnull=True)
    return claimed.update(sending_at=timezone.now()) == 1


def _record(delivery, **fields):
    Delivery.objects.filter(pk=delivery.pk).update(**fields)


def flag_interrupted(issue):
    """Mark the copies a stopped run left "sending" as interrupted; how many there were."""
    left = issue.deliveries.filter(sending_at__isnull=False, sent_at__isnull=True, error="")
    return left.update(error=INTERRUPTED)


def send_issue(issue, *, batch_size=None):
    """Send every copy never tried, `batch_size` per SMTP connection; the number sent.

    A recipient the server refuses is recorded and skipped; any other mail failure stops the
    run (the issue stays unfinished and the next run resumes it, see the module's docstring).
    """
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    interrupted = flag_interrupted(issue)
    if interrupted:
        logger.warning("newsletter issue %s: %d copies interrupted earlier, not sent again", issue.pk, interrupted)
    pending = issue.deliveries.filter(sending_at__isnull=True, sent_at__isnull=True, error="", subscriber__isnull=False)
    sent = 0
    while True:
        # Read through the published door again for every batch: a story taken down while the
        # issue goes out leaves the copies not yet sent.
        stories = issue_stories(issue)
        if not stories:
            # Every story was withdrawn since the issue was built: there is nothing left to send.
            issue.deliveries.filter(sending_at__isnull=True, sent_at__isnull=True, error="").update(
                error="No public stories left to send."
            )
            break
        batch = list(pending.select_related("subscriber").order_by("pk")[:batch_size])
        if not batch:
            break
        with mailers.default as connection:
            for delivery in batch:
                message = compose(issue, stories, delivery.subscriber)
                if not _claim(delivery):
                    continue  # another run is sending this copy
                try:
                    connection.send_messages([message])
                except smtplib.SMTPRecipientsRefused as refused:
                    _record(delivery, sending_at=None, error=str(refused.recipients)[:300])
                    continue
                except smtplib.SMTPResponseException:
                    # The server answered with a refusal: it has not accepted this copy.
                    _record(delivery, sending_at=None)
                    raise
                # error="": a run that started meanwhile may have taken this copy for an interrupted one.
                _record(delivery, sent_at=timezone.now(), error="")
                sent += 1
    issue.completed_at = timezone.now()
    issue.save(update_fields=["completed_at"])
    return sent
