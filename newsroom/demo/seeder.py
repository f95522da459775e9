"""Writing the demo content (newsroom.demo.content) into the database, once.

Rows are matched by slug (disclaimers by title, tags also by name). A row that exists
belongs to the editors: it is never overwritten, so a second run creates nothing and
changes nothing visible. The only repair is a demo story's hero whose file has gone.
Publication dates are chosen when a story is created and kept afterwards.
"""

import zlib
from datetime import UTC, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article, ArticleAuthor, Author, Disclaimer, Section, Status, Tag
from articles.sanitize import sanitize_html
from editorial.services import record_revision, revision_recorded_by_caller
from evidence.models import Citation, EvidenceSummary
from evidence.references import store_evidence
from images.services import process_field, store_normalised
from pages.models import Page, PageStatus

from .content import BUSY_DAY_MOST, load
from .heroes import render_hero


def render_body(paragraphs):
    """Plain-text paragraphs to the sanitized HTML the model stores."""
    return sanitize_html("\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs))


def render_page_body(blocks):
    """A page's plain-text blocks to HTML: a block starting with "## " is a heading, any other a paragraph."""
    parts = [f"<h2>{escape(b[3:])}</h2>" if b.startswith("## ") else f"<p>{escape(b)}</p>" for b in blocks]
    return sanitize_html("\n".join(parts))


class Seeder:
    """Creates what is missing; `stats` counts rows per kind, `heroes` the illustrations drawn.

    `wrote_around_save` is set when an article row was written without Article.save()
    (dates stamped past auto_now, a restored hero, bylines in bulk, tag counts): the
    caller then tells articles.changes.
    """

    def __init__(self, now, created_by=None):
        self.now = now
        self.created_by = created_by
        self.content = load()
        self.stats = {}
        self.heroes = 0
        self.wrote_around_save = False

    def _count(self, label, outcome):
        entry = self.stats.setdefault(label, {"created": 0, "updated": 0, "unchanged": 0})
        entry[outcome] += 1

    def _create_missing(self, label, model, lookup, values, fallback=None):
        """The row found by `lookup` (or `fallback`), untouched; else a new one made of `lookup` and `values`."""
        obj = model._default_manager.filter(**lookup).first()
        if obj is None and fallback:
            obj = model._default_manager.filter(**fallback).first()
        if obj is not None:
            self._count(label, "unchanged")
            return obj
        obj = model(**lookup, **values)
        obj.save()
        self._count(label, "created")
        return obj

    def run(self):
        disclaimers = self.seed_disclaimers()
        sections = self.seed_sections(disclaimers)
        authors = {spec["slug"]: self.seed_author(spec) for spec in self.content.authors}
        tags = {spec["slug"]: self.seed_tag(spec) for spec in self.content.tags}
        for index, spec in enumerate(self.content.articles):
            article = self.seed_article(
                index, spec, sections=sections, authors=authors, tags=tags, disclaimers=disclaimers
            )
            self.seed_evidence(article, spec["slug"])
        for spec in self.content.pages:
            self.seed_page(spec)
        if self.wrote_around_save:
            Tag.refresh_counts()

    def seed_disclaimers(self):
        disclaimers = {}
        for key, spec in self.content.disclaimers.items():
            values = {"body": spec["body"], "active": True, "is_default": spec["is_default"]}
            if spec["is_default"]:
                # Respect a default an editor has already chosen: only one may exist.
                other_default = Disclaimer.objects.filter(is_default=True).exclude(title=spec["title"]).exists()
                values["is_default"] = not other_default
            disclaimers[key] = self._create_missing("Disclaimers", Disclaimer, {"title": spec["title"]}, values)
        return disclaimers

    def seed_sections(self, disclaimers):
        sections = {}
        for spec in self.content.sections:
            default = disclaimers[spec["default_disclaimer"]] if spec.get("default_disclaimer") else None
            values = {
                "name": spec["name"],
                "description": spec["description"],
                "position": spec["position"],
                "default_disclaimer": default,
            }
            sections[spec["slug"]] = self._create_missing("Sections", Section, {"slug": spec["slug"]}, values)
        return sections

    def seed_author(self, spec):
        values = {key: spec[key] for key in ("name", "credentials", "job_title", "bio")}
        return self._create_missing("Authors", Author, {"slug": spec["slug"]}, values)

    def seed_tag(self, spec):
        values = {"name": spec["name"], "description": spec["description"]}
        return self._create_missing(
            "Tags", Tag, {"slug": spec["slug"]}, values, fallback={"name__iexact": spec["name"]}
        )

    def seed_page(self, spec):
        """A published standing page, unless the editors already have one of that address or kind."""
        values = {
            "title": spec["title"],
            "kind": spec["kind"],
            "summary": spec["summary"],
            "position": spec["position"],
            "body": render_page_body(spec["body"]),
            "status": PageStatus.PUBLISHED,
        }
        return self._create_missing("Pages", Page, {"slug": spec["slug"]}, values, fallback={"kind": spec["kind"]})

    def seed_article(self, index, spec, *, sections, authors, tags, disclaimers):
        article = Article.objects.filter(slug=spec["slug"]).first()
        if article is not None:
            # An existing story is the editors' now; only a missing hero file is restored.
            restored = self.restore_missing_hero(article, spec)
            self._count("Articles", "updated" if restored else "unchanged")
            return article

        status = spec.get("status", Status.PUBLISHED)
        reviewer = authors[spec["reviewed_by"]] if spec.get("reviewed_by") else None
        published_at = self.planned_publication(index, spec) if status == Status.PUBLISHED else None
        article = Article(
            slug=spec["slug"],
            created_by=self.created_by,
            title=spec["title"],
            dek=spec["dek"],
            body=render_body(spec["body"]),
            section=sections[spec["section"]],
            status=status,
            published_at=published_at,
            source_name=spec.get("source_name", ""),
            source_url=spec.get("source_url", ""),
            source_note=spec.get("source_note", ""),
            original_reporting=spec.get("original_reporting", False),
            disclaimer=disclaimers[spec["disclaimer"]] if spec.get("disclaimer") else None,
            reviewed_by=reviewer,
            last_reviewed=(published_at or self.now).date() if reviewer else None,
            hero_alt=spec["hero"]["alt"],
            hero_caption=spec["hero"]["caption"],
            hero_credit=spec["hero"]["credit"],
        )
        self.draw_hero(article, spec)
        # As the admin does: the first revision is taken once the byline and tags are saved too.
        with revision_recorded_by_caller():
            article.save()
            ArticleAuthor.objects.bulk_create(
                ArticleAuthor(article=article, author=authors[slug], position=position)
                for position, slug in enumerate(spec["authors"])
            )
            article.tags.set([tags[slug] for slug in spec["tags"]])
        record_revision(article, by=self.created_by)
        if published_at:
            # A seeded story was written when it went live: no "updated" label on day one.
            written = min(published_at, self.now)
            Article.objects.filter(pk=article.pk).update(created_at=written, updated_at=written)  # past auto_now
        self.wrote_around_save = True
        self._count("Articles", "created")
        return article

    def seed_evidence(self, article, slug):
        """The demo studies a story cites and its evidence panel, where the editors have put none yet."""
        citations, panel = self.content.citations.get(slug, []), self.content.evidence_panels.get(slug)
        wrote = False
        if citations:
            if Citation.objects.filter(article=article).exists():
                self._count("Citations", "unchanged")
            else:
                Citation.objects.bulk_create(
                    Citation(article=article, position=n, **spec) for n, spec in enumerate(citations, 1)
                )
                self._count("Citations", "created")
                wrote = True
        if panel:
            _, created = EvidenceSummary.objects.get_or_create(article=article, defaults=panel)
            self._count("Evidence panels", "created" if created else "unchanged")
            wrote |= created
        if wrote:
            store_evidence(article)

    def draw_hero(self, article, spec):
        """Store the demo illustration in the (unsaved) article's hero field, through the image pipeline."""
        colours = self.content.section(spec["section"])["colours"]
        # Re-encoded under a generated name, renditions made now.
        store_normalised(article.hero_image, ContentFile(render_hero(spec["slug"], colours), name="demo-hero.jpg"))
        self.heroes += 1

    def restore_missing_hero(self, article, spec):
        """Draw the demo hero again when the article has none or its file is gone; return whether it did."""
        name = article.hero_image.name
        if name and article.hero_image.storage.exists(name):
            process_field(article, "hero_image")  # an older demo hero: normalise it, make missing renditions
            self.wrote_around_save |= article.hero_image.name != name
            return False
        self.draw_hero(article, spec)
        Article.objects.filter(pk=article.pk).update(hero_image=article.hero_image.name)  # the editors' row as is
        self.wrote_around_save = True
        return True

    def planned_publication(self, index, spec):
        if "busy_day" in spec:
            return self.busy_day_publication(spec["busy_day"])
        if "scheduled_in_days" in spec:
            return self.now + timedelta(days=spec["scheduled_in_days"])
        # Spread same-day stories over the morning so the latest list has a stable order.
        hours = (zlib.crc32(spec["slug"].encode()) % 9) + 1
        return self.now - timedelta(days=spec.get("days_ago", 0), hours=hours, minutes=index)

    def busy_day_publication(self, order):
        """When the `order`-th newest story of the busy day went out.

        The busy day holds more stories than the desk's calendar lists for a day, so a newcomer
        sees its "and N more" link: today in the site's time zone, or yesterday in the first
        hour of a day, so that every one of them is out already.
        """
        midnight = timezone.localtime(self.now).replace(hour=0, minute=0, second=0, microsecond=0)
        if self.now - midnight < timedelta(hours=1):
            midnight -= timedelta(days=1)  # on the local clock: the day before's midnight
        # Instants in UTC from here, so a day that changes the clocks keeps its order and stays in the past.
        start, end = midnight.astimezone(UTC), (midnight + timedelta(days=1)).astimezone(UTC)
        last = min(self.now.astimezone(UTC), end) - timedelta(minutes=1)
        return last - order * (last - start) / (BUSY_DAY_MOST + 1)
