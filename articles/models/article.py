"""Articles: the model, its querysets and the public door (bylines are in byline.py)."""

from functools import cache
from operator import itemgetter

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models, router, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.managers import TaggableManager

from .. import review
from ..sanitize import render_body, safe_link, sanitize_html
from ..slug_urls import slug_url
from .byline import ArticleAuthor
from .link_dates import LINK_ORDERINGS, UNKNOWN, copy_to_links
from .page_rows import model_fields, rebuild, rows_subquery, sorted_rows
from .prepared import now as query_now
from .stored import StoredValuesMixin
from .taxonomy import Author, Disclaimer, Section, Tag, TaggedArticle

# Reverse one-to-ones other apps show on the article page (registered in their ready()): joined into its query.
_page_relations = []


def load_with_article_page(relation_name):
    """Join the reverse one-to-one `relation_name` (e.g. "stored_references") into for_page()'s query."""
    if relation_name not in _page_relations:
        _page_relations.append(relation_name)


CORRECTIONS = "corrections"  # the notes readers see under an article (editorial.Correction registers it)


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"
    ARCHIVED = "archived", "Archived"


# carrying()'s line between reading ids and walking the newest (bench/results/million-lists-2026-12-04.md).
FEW_LINKS = 10_000

PUBLIC_FETCH_MODES = {"one": models.FETCH_ONE, "peers": models.FETCH_PEERS, "raise": models.FETCH_RAISE}

# What story cards and lists show: title, address, date, standfirst and section (see for_cards()).
CARD_FIELDS = (
    "title",
    "slug",
    "dek",
    "status",
    "published_at",
    "section",
    "section__name",
    "section__slug",
    "section__position",
)


def public_fetch_mode():
    """How public querysets load what they did not fetch: peers in production, raise in tests."""
    return PUBLIC_FETCH_MODES[settings.PUBLIC_FETCH_MODE]


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one door to public content: published and not scheduled for later."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=query_now(), section__isnull=False).fetch_mode(
            public_fetch_mode()
        )

    def next_publication_time(self):
        """When the next scheduled story goes live, or None (one indexed query)."""
        return (
            self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def last_publication_time(self):
        """When the newest public story went live, or None (one indexed query)."""
        return self.published().order_by("-published_at").values_list("published_at", flat=True).first()

    def carrying(self, links, article_field):
        """These articles that have a row in `links` (a tag's links, an author's bylines), by the cheaper of two plans.

        Fewer than FEW_LINKS rows: their article ids are read first and the articles looked up by key, so a rare
        tag or author costs its own rows at any archive size (with a subquery the planner may walk the archive).
        More: the newest articles are walked and each checked, stopping after a page (and capped count) of matches.
        """
        ids = list(links.order_by().values_list(article_field, flat=True)[:FEW_LINKS])
        if len(ids) < FEW_LINKS:
            return self.filter(pk__any_of=ids)
        return self.filter(Exists(links.filter(**{article_field: OuterRef("pk")})))

    def tagged(self, tag):
        """These articles carrying `tag` (a Tag or its id), in any order (`carrying`): the editors' filter."""
        return self.carrying(TaggedArticle.objects.filter(tag=tag), "content_object")

    def by_author(self, author):
        """These articles with `author` (an Author or its id) on the byline, in any order: as tagged()."""
        return self.carrying(ArticleAuthor.objects.filter(author=author), "article")

    def newest_tagged(self, tag):
        """These articles carrying `tag`, newest first, walked from the tag's own links by their copied times
        (link_dates): a page of them reads about its own stories, however large the archive or old the tag."""
        return self._walked_from_links("tagged_items", tag=tag)

    def newest_by_author(self, author):
        """These articles with `author` on the byline, newest first, walked from their bylines (as newest_tagged)."""
        return self._walked_from_links("bylines", author=author)

    def _walked_from_links(self, relation, **owner):
        # The link's time bounds the walk too: it starts at now, past undated drafts' and scheduled stories' links.
        match = {f"{relation}__{name}": value for name, value in owner.items()}
        match[f"{relation}__published_at__lte"] = query_now()
        return self.filter(**match).order_by(*LINK_ORDERINGS[relation])

    def for_cards(self):
        """What a story card or list item shows (CARD_FIELDS), with its section, and nothing else.

        A card row is built for every story of every list on a page; each column left out is
        one less value converted and set per row. A field read beyond these loads by the
        queryset's fetch mode (one query for the whole list in production; an error in tests).
        """
        return self.select_related("section").only(*CARD_FIELDS)

    def for_page(self):
        """Everything an article page shows about the article itself, in the query that loads it.

        Section, disclaimers, reviewer and the relations other apps registered
        (load_with_article_page) are joined; bylines, tags, corrections and the
        site's default disclaimer ride along as JSON subqueries (see page_rows), read by
        byline_authors, shown_tags, shown_corrections and applicable_disclaimer.
        """
        return self.select_related(
            "section", "section__default_disclaimer", "disclaimer", "reviewed_by", *_page_relations
        ).annotate(**page_row_annotations())


@cache
def page_row_annotations():
    """The JSON subqueries of for_page(), built once per process: they hold no time or request value."""
    rows = {
        "byline_rows": rows_subquery(
            ArticleAuthor.objects.all(),
            "article",
            byline_id="id",
            position="position",
            **{name: f"author__{name}" for name in ("id", "name", "slug", "credentials", "job_title")},
        ),
        "tag_rows": rows_subquery(
            TaggedArticle.objects.all(),
            "content_object",
            **{name: f"tag__{name}" for name in ("id", "name", "slug", "article_count")},
        ),
        "site_disclaimer_row": Subquery(
            Disclaimer.objects.site_defaults().values(row=JSONObject(**model_fields(Disclaimer)))[:1],
            output_field=models.JSONField(),
        ),
    }
    corrections = corrections_relation()
    if corrections is not None:
        rows["correction_rows"] = rows_subquery(
            corrections.related_model._default_manager.all(),
            corrections.field.name,
            **model_fields(corrections.related_model),
        )
    return rows


def corrections_relation():
    """The reverse relation to the article's corrections, or None when no app provides it."""
    try:
        return Article._meta.get_field(CORRECTIONS)
    except FieldDoesNotExist:
        return None


class Article(StoredValuesMixin, models.Model):
    title = models.CharField(max_length=250)
    slug = models.SlugField(
        max_length=250,
        unique=True,
        help_text="The last part of the article's address, as in /article/salt-and-blood-pressure/.",
    )
    dek = models.TextField(
        "standfirst", blank=True, help_text="One or two sentences under the headline; also the page's description."
    )
    body = models.TextField(blank=True, help_text="The story. Sanitized HTML.")
    body_html = models.TextField(
        blank=True, editable=False, help_text="The body as readers get it (responsive images), made on save."
    )
    # A draft may be saved before its section is chosen; publishing needs one (workflow checks, published door).
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField(Author, through="ArticleAuthor", related_name="articles", blank=True)
    tags = TaggableManager(through=TaggedArticle, blank=True, help_text="Shared tags make stories related.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the story goes live. A future time schedules it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When a live story's citations, corrections or assigned editor were saved beside it (open forms compare).
    extras_saved_at = models.DateTimeField(null=True, blank=True, editable=False)

    source_name = models.CharField(max_length=200, blank=True, help_text='Where the story comes from, e.g. "NEJM".')
    source_url = models.URLField(max_length=500, blank=True, help_text="Link to the original source.")
    source_note = models.CharField(
        max_length=200, blank=True, help_text='Shown after the source, e.g. "reference only".'
    )
    original_reporting = models.BooleanField(default=False, help_text="Our own reporting: no outside source to credit.")
    disclaimer = models.ForeignKey(
        Disclaimer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="Overrides the section's and the site's default disclaimer.",
    )
    hero_image = models.ImageField(upload_to="heroes/%Y/%m/", blank=True)
    hero_alt = models.CharField(
        "hero alt text", max_length=300, blank=True, help_text="Describes the image for readers who cannot see it."
    )
    hero_caption = models.CharField(max_length=300, blank=True)
    hero_credit = models.CharField(max_length=200, blank=True)

    reviewed_by = models.ForeignKey(
        Author,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
        limit_choices_to={"is_clinician": True},
        help_text="The clinician who medically reviewed this article (authors marked as clinicians).",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text="When a new medical review is due, from the section's interval (articles.review).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        indexes = [
            # With the id, a state's list is read in the admin's order (newest, then id) without a sort.
            models.Index(fields=["status", "-published_at", "-id"], name="article_public_idx"),
            models.Index(fields=["section", "status", "-published_at"], name="article_section_idx"),
            # The desk's lists at any archive size: newest first (the list, sitemaps), by section, last updated.
            models.Index(fields=["-published_at", "-id"], name="article_newest_idx"),
            models.Index(fields=["section", "-published_at", "-id"], name="article_section_newest_idx"),
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
        ]
        # The editorial workflow's rights (see articles/workflow.py and articles/roles.py).
        permissions = [
            ("change_any_article", "Can edit any article, whoever wrote it and whatever its state"),
            ("submit_article", "Can submit an article for review"),
            ("review_article", "Can approve an article or return it to its writer"),
            ("publish_article", "Can publish an article now"),
            ("schedule_article", "Can schedule an article for a later time"),
            ("unpublish_article", "Can take a published article down"),
            ("archive_article", "Can archive an article or reopen it as a draft"),
            ("preview_article", "Can preview an unpublished article"),
            ("share_preview", "Can make an expiring preview link for an outside reviewer"),
        ]

    def __str__(self):
        return self.title

    # How save() keeps what was typed, whatever path it came in by (admin, import, shell): only the
    # body's allowlist, and a source link that is http(s) (it is rendered as an href).
    KEPT_AS = {"body": sanitize_html, "source_url": safe_link}

    def save(self, *args, **kwargs):
        for name in self.KEPT_AS:
            setattr(self, name, self.as_kept(name, getattr(self, name)))
        update_fields = kwargs.get("update_fields")
        # When the medical review falls due again, stored for the desk's lists and the public line.
        if update_fields is None or "last_reviewed" in update_fields:
            self.review_due_on = review.due_on(
                last_reviewed=self.last_reviewed,
                created_on=timezone.localdate(self.created_at) if self.created_at else timezone.localdate(),
                months=self._review_interval_months(),
            )
            if update_fields is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "review_due_on"}
        # The page shows the stored body_html: it is made here, once, not at each read.
        if update_fields is None or "body" in update_fields:
            self.body_html = render_body(self.body)
            if update_fields is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        # Tag links and bylines carry the publication time (link_dates): passed on before the
        # save, so the receivers that declare the change see the links as they will be, and in
        # the save's transaction, so a save that fails leaves them as they were.
        if self._state.adding or (update_fields is not None and "published_at" not in update_fields):
            return super().save(*args, **kwargs)
        stored = self.stored_values() or {}
        if stored.get("published_at", UNKNOWN) == self.published_at:
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(Article), savepoint=False):
            copy_to_links([self.pk], published_at=self.published_at)
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:article", self.slug)

    @classmethod
    def as_kept(cls, name, value):
        """`value` of the field `name` as save() stores it."""
        keep = cls.KEPT_AS.get(name)
        return keep(value) if keep else value

    def _review_interval_months(self):
        """The section's re-review interval, without a lazy load (public querysets refuse those)."""
        if not self.section_id:
            return None
        if self._meta.get_field("section").is_cached(self):
            return self.section.review_interval_months
        return Section.objects.filter(pk=self.section_id).values_list("review_interval_months", flat=True).first()

    @property
    def review_is_due(self):
        """The medical review is due again (the public line says so rather than imply a current review)."""
        return self.review_due_on is not None and self.review_due_on <= timezone.localdate()

    @property
    def is_public(self):
        return self.status == Status.PUBLISHED and self.published_at is not None and self.published_at <= timezone.now()

    @property
    def byline_authors(self):
        """Authors in byline order (load through for_page(), or prefetch `bylines__author`, to avoid a query)."""
        if "byline_rows" not in self.__dict__:
            return [byline.author for byline in self.bylines.all()]
        rows = sorted(self.byline_rows or [], key=itemgetter("position", "byline_id"))
        return [rebuild(Author, row) for row in rows]

    @property
    def shown_tags(self):
        """Tags by name (load through for_page(), or prefetch `tags`, to avoid a query)."""
        if "tag_rows" not in self.__dict__:
            return list(self.tags.all())
        return sorted_rows([rebuild(Tag, row) for row in self.tag_rows or []], Tag._meta.ordering)

    @property
    def shown_corrections(self):
        """Corrections newest first (load through for_page(), or prefetch `corrections`, to avoid a query)."""
        relation = corrections_relation()
        if relation is None:
            return []
        if "correction_rows" not in self.__dict__:
            return list(getattr(self, CORRECTIONS).all())
        model = relation.related_model
        return sorted_rows([rebuild(model, row) for row in self.correction_rows or []], model._meta.ordering)

    @property
    def was_updated(self):
        """True when the story changed noticeably after it went live."""
        if not self.published_at or not self.updated_at:
            return False
        return (self.updated_at - self.published_at).total_seconds() > 300

    @property
    def public_updated_at(self):
        """The "Updated" time readers see: a noticeable edit after going live, or the newest correction.

        Corrections live in the editorial app; the article page loads them with the article (for_page()).
        """
        times = [correction.created_at for correction in self.shown_corrections]
        if self.was_updated:
            times.append(self.updated_at)
        return max(times, default=None)

    @cached_property
    def applicable_disclaimer(self):
        """The article's own disclaimer, else its section's default, else the site default."""
        if self.disclaimer_id and self.disclaimer.active:
            return self.disclaimer
        section_default = self.section.default_disclaimer if self.section_id else None
        if section_default is not None and section_default.active:
            return section_default
        if "site_disclaimer_row" in self.__dict__:
            return rebuild(Disclaimer, self.site_disclaimer_row) if self.site_disclaimer_row else None
        return Disclaimer.objects.site_default()
