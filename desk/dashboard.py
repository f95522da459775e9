"""The desk's dashboard at the admin index: one block per question an editor asks first.

Each block is one selector (a LIMITed query on an index; two blocks that read the same rows
share one query, ranked per block with a window function) and one include
(templates/desk/blocks/). Who sees a block is a permission name from the roles table
(articles/roles.py); which articles a person sees at all is `workflow.visible_articles`.
Counts stop at COUNT_CAP ("100+"): a block never counts the archive.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import BooleanField, Case, F, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, PendingStatus, Status, Transition
from editorial.models import Correction

SHOWN = 8  # rows listed in a block
COUNT_CAP = 100  # counted at most; more shows as "100+"
SCHEDULED_DAYS = 7
PUBLISHED_HOURS = 24
RETURN_SOURCES = (Status.IN_REVIEW, Status.APPROVED)
REVIEWS = "articles.review_article"  # the roles table's name for "may approve or return a story"


@dataclass
class Block:
    """One dashboard block: its element id, heading, the rows listed and a bounded count."""

    id: str
    title: str
    rows: list
    total: int
    more_url: str = ""
    empty: str = "Nothing here."
    template: str = "desk/blocks/articles.html"
    extra: dict = field(default_factory=dict)

    @property
    def count_label(self):
        return f"{COUNT_CAP}+" if self.total > COUNT_CAP else str(self.total)


def _bounded(queryset):
    """(first SHOWN rows, count up to COUNT_CAP + 1): one query fetching at most COUNT_CAP + 1 rows."""
    rows = list(queryset[: COUNT_CAP + 1])
    return rows[:SHOWN], len(rows)


def _changelist(**query):
    address = reverse("admin:articles_article_changelist")
    return f"{address}?{urlencode(query)}" if query else address


def _latest_transition(column):
    return Subquery(Transition.objects.filter(article=OuterRef("pk")).order_by("-at", "-id").values(column)[:1])


def _work_and_queue(user, with_review):
    """My drafts (newest edit first) and, for reviewers, the stories in review (longest-waiting first),
    each at most COUNT_CAP + 1, in one query on the status index."""
    wanted = Q(status=Status.DRAFT) & workflow.owned_q(user)
    if with_review:
        wanted |= Q(status=Status.IN_REVIEW)
    is_draft, in_review = Q(status=Status.DRAFT), Q(status=Status.IN_REVIEW)
    articles = workflow.visible_articles(user, Article.objects.filter(wanted)).annotate(
        last_from=_latest_transition("from_state"),
        last_comment=_latest_transition("comment"),
        submitted_at=_latest_transition("at"),
        # Within each status one ordering key varies and the other is constant (NULL).
        place=Window(
            RowNumber(),
            partition_by=[F("status")],
            order_by=[
                Case(When(is_draft, then=F("updated_at"))).desc(nulls_last=True),
                Case(When(in_review, then=F("submitted_at"))).asc(nulls_last=True),
                F("pk").asc(),
            ],
        ),
    )
    rows = list(articles.filter(place__lte=COUNT_CAP + 1).order_by("place").only("pk", "title", "status", "updated_at"))
    drafts = [row for row in rows if row.status == Status.DRAFT]
    for row in drafts:
        row.returned = row.last_from in RETURN_SOURCES
    return drafts, [row for row in rows if row.status == Status.IN_REVIEW]


def _changes_in_review(user):
    """Live stories whose pending changes were submitted for review, longest-waiting first (one query)."""
    submitted = Article.objects.filter(pending_version__status=PendingStatus.IN_REVIEW)
    rows = list(
        workflow.visible_articles(user, submitted)
        .annotate(submitted_at=F("pending_version__submitted_at"))
        .order_by(F("submitted_at").asc(nulls_last=True), "pk")
        .only("pk", "title")[: COUNT_CAP + 1]
    )
    for row in rows:
        row.changes_to_live = True
    return rows


def _longest_waiting_first(article):
    return (article.submitted_at is None, article.submitted_at or timezone.now(), article.pk)


def my_work_and_review(user, now):
    """ "My drafts", marking those an editor returned (with the comment); "Waiting for review" for reviewers:
    new stories and changes to live ones."""
    with_review = user.has_perm(REVIEWS)
    drafts, waiting = _work_and_queue(user, with_review)
    if with_review:
        waiting = sorted([*waiting, *_changes_in_review(user)], key=_longest_waiting_first)
    blocks = [
        Block(
            "desk-my-work",
            "My drafts",
            drafts[:SHOWN],
            len(drafts),
            _changelist(state=Status.DRAFT),
            "No drafts of yours.",
            "desk/blocks/my_work.html",
        )
    ]
    if with_review:
        blocks.append(
            Block(
                "desk-review",
                "Waiting for review",
                waiting[:SHOWN],
                len(waiting),
                _changelist(state=Status.IN_REVIEW),
                "Nothing waits for review.",
                "desk/blocks/review.html",
            )
        )
    return blocks


def _split_by_now(user, now):
    """Scheduled stories of the next SCHEDULED_DAYS days (soonest first) and those published in the last
    PUBLISHED_HOURS hours (newest first), each at most COUNT_CAP + 1, in one query on the time index."""
    window = Article.objects.filter(
        status=Status.PUBLISHED,
        published_at__gt=now - timedelta(hours=PUBLISHED_HOURS),
        published_at__lte=now + timedelta(days=SCHEDULED_DAYS),
    )
    ahead = Q(published_at__gt=now)
    window = workflow.visible_articles(user, window).annotate(
        ahead=Case(When(ahead, then=Value(True)), default=Value(False), output_field=BooleanField()),
        # Within each half one ordering key varies and the other is constant (NULL).
        place=Window(
            RowNumber(),
            partition_by=[F("ahead")],
            order_by=[
                Case(When(ahead, then=F("published_at"))).asc(nulls_last=True),
                Case(When(~ahead, then=F("published_at"))).desc(nulls_last=True),
                F("pk").asc(),
            ],
        ),
    )
    rows = list(window.filter(place__lte=COUNT_CAP + 1).order_by("place").only("pk", "title", "published_at"))
    upcoming = [row for row in rows if row.ahead]
    recent = [row for row in rows if not row.ahead]
    return upcoming, recent


def scheduled_and_published(user, now):
    """The two blocks around now: what goes live in the next days and what went live in the last day."""
    upcoming, recent = _split_by_now(user, now)
    return [
        Block(
            "desk-scheduled",
            f"Scheduled, next {SCHEDULED_DAYS} days",
            upcoming[:SHOWN],
            len(upcoming),
            _changelist(state=workflow.SCHEDULED),
            "Nothing scheduled this week.",
            "desk/blocks/dated.html",
        ),
        Block(
            "desk-published",
            f"Published, last {PUBLISHED_HOURS} hours",
            recent[:SHOWN],
            len(recent),
            _changelist(state=Status.PUBLISHED),
            "Nothing published in the last day.",
            "desk/blocks/dated.html",
        ),
    ]


def review_due(user, today):
    """Stories whose medical re-review is due or overdue, the most overdue first (articles.review owns the rule)."""
    due = workflow.visible_articles(user, Article.objects.filter(workflow.review_due_q(today)))
    rows, total = _bounded(due.order_by("review_due_on", "pk").only("pk", "title", "review_due_on"))
    return Block(
        "desk-review-due",
        "Medical review due",
        rows,
        total,
        _changelist(review_due="yes"),
        "No review is due.",
        "desk/blocks/review_due.html",
    )


def corrections(user):
    """The latest correction and update notes, newest first, each linked to its article."""
    notes = Correction.objects.select_related("article").only("pk", "kind", "note", "created_at", "article__title")
    rows, total = _bounded(notes.order_by("-created_at", "-id"))
    return Block(
        "desk-corrections",
        "Latest corrections",
        rows,
        total,
        empty="No correction notes yet.",
        template="desk/blocks/corrections.html",
    )


# Which blocks a person sees: a permission from the roles table (articles/roles.py) per block.
BLOCKS = [
    ("articles.change_article", my_work_and_review),  # "Waiting for review" only with REVIEWS
    ("articles.view_article", scheduled_and_published),
    (REVIEWS, lambda user, now: review_due(user, timezone.localdate(now))),
    ("editorial.view_correction", lambda user, now: corrections(user)),
]


def blocks_for(user, *, now=None):
    """The dashboard blocks `user` may see, in the page's order; one query per entry of BLOCKS."""
    now = now or timezone.now()
    blocks = []
    for permission, build in BLOCKS:
        if user.has_perm(permission):
            built = build(user, now)
            blocks += built if isinstance(built, list) else [built]
    return blocks
