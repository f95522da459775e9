"""Importing a WordPress export (WXR) into Newsroom: the run and one post, called by `import_wordpress`.

The file is read twice, streaming both times: `wxr.scan()` checks it is a WXR file
we understand and gathers the site-level facts (authors, categories, attachments)
before anything is written; the second pass imports posts one by one, each in its
own transaction, so one bad post is reported and the rest go on.

A post is matched to its article by WordPress post id. What was imported is
fingerprinted (the post's fields, the files it uses as found in the media folder,
and this importer's version); an unchanged fingerprint means the post is skipped,
so a second run changes nothing. A changed one is merged into the article
(wordpress.merge): fields edited in Newsroom since are kept and reported as
conflicts, the state and publication time are never touched (the workflow owns
them), and every change is a revision noted "WordPress import". A password-protected
post comes in as a hidden draft, never published.

Files live in wordpress.attachments, people and terms in wordpress.taxonomy, the old
site's addresses in wordpress.redirects.
"""

import hashlib
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles import changes
from articles.models import Article, Disclaimer, Status, Tag
from articles.sanitize import sanitize_html
from articles.workflow import missing_for_publication
from editorial.services import record_revision, revision_recorded_by_caller

from . import wxr
from .attachments import PostFiles, attachment_path, referenced_uploads
from .content import convert_content, derive_dek, plain_text
from .media import MediaLibrary
from .memo import CommittedRows
from .merge import baseline, current_values, merge
from .models import ImportedAttachment, ImportedPost
from .page_import import PageImport
from .redirects import Redirects, old_address
from .report import Report
from .taxonomy import PRIMARY_CATEGORY_META, Taxonomy

# 2: galleries, video and audio became blocks (posts imported before are merged again once).
IMPORTER_VERSION = 2
STATUS_MAP = {
    "publish": Status.PUBLISHED,
    "future": Status.PUBLISHED,  # published with a future published_at: scheduled
    "draft": Status.DRAFT,
    "pending": Status.IN_REVIEW,
}
SKIPPED_STATUSES = {"private", "trash"}
WP_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


class PostError(Exception):
    """This post cannot be imported, for a reason worth telling the person running the import."""


def parse_wp_date(value, tz):
    """'2024-03-05 14:30:00' in `tz` → aware datetime; WordPress's zero date → None."""
    value = (value or "").strip()
    if not value or value.startswith("0000-00-00"):
        return None
    try:
        return datetime.strptime(value, WP_DATE_FORMAT).replace(tzinfo=tz)
    except ValueError:
        raise PostError(f"unreadable date {value!r}") from None


class WordPressImporter:
    """Imports one WXR file; `run()` returns the Report. Raises wxr.WXRError before writing if unreadable."""

    def __init__(
        self, path, *, media_dir=None, fetch_media=False, dry_run=False, tz=None, section_map=None, progress=None
    ):
        self.path = path
        self.dry_run = dry_run
        self.tz = tz or timezone.get_default_timezone()
        self.media = MediaLibrary(media_dir, dry_run=dry_run, fetch=fetch_media)
        self.progress = progress or (lambda report: None)
        self.report = Report(dry_run=dry_run)
        self.rows = CommittedRows()
        self.redirects = Redirects(self.report, self.rows)
        self.section_map = section_map or {}

    # --- The run ------------------------------------------------------------------------

    def run(self):
        self.channel = wxr.scan(self.path)
        self.files = PostFiles(self.channel, self.media, self.report, dry_run=self.dry_run)
        self.taxonomy = Taxonomy(self.channel, self.report, self.rows, self.redirects, section_map=self.section_map)
        self.site = (urlsplit(self.channel.base_site_url or self.channel.link).hostname or "")[:200]
        self.pages = PageImport(site=self.site, files=self.files, redirects=self.redirects, report=self.report)
        self.report.version = self.channel.version
        self.report.site_title = plain_text(self.channel.title)
        self.media.site_url = self.channel.base_site_url or self.channel.link
        self.report.posts_found = self.channel.post_count
        self.report.no_default_disclaimer = Disclaimer.objects.site_default() is None
        for item in wxr.items(self.path):
            if item.comment_count:
                self.report.skipped["comments"] += item.comment_count
            if item.post_type == "post":
                self._import_one(item)
                self.progress(self.report)
            elif item.post_type == "page":
                self._import_one(item, kind="page")
            elif item.post_type != "attachment":
                label = item.post_type if item.post_type == "nav_menu_item" else "custom post types"
                self.report.skipped[label] += 1
        if not self.dry_run:
            # Publication and update times are written with QuerySet.update(), after each save.
            changes.bulk_changed()
        return self.report

    def _import_one(self, item, *, kind="post"):
        """Import one post (or page, `kind="page"`) in its own transaction, counting what became of it."""
        if not item.post_id:
            # Hand-made exports may lack wp:post_id; WordPress's plain link "?p=ID" still names the post.
            query = (old_address(item.guid) or old_address(item.link) or ("", ""))[1]
            item.post_id = query.partition("=")[2]
        wp_id = item.post_id
        label = wp_id if kind == "post" else f"{wp_id} (page)"
        if not wp_id.isdigit():
            self.report.failed.append(
                (label if wp_id else repr(plain_text(item.title) or "?"), "no numeric wp:post_id")
            )
            return
        # A page is imported hidden whatever its state; a post keeps its state, so an unknown one is skipped.
        if item.status in SKIPPED_STATUSES or (kind == "post" and item.status not in STATUS_MAP):
            reason = item.status if item.status in SKIPPED_STATUSES else f"status {item.status or '(none)'}"
            self._skip(wp_id, reason, kind)
            return
        self.rows.start_post()
        try:
            with transaction.atomic():
                outcome = self._import_post(item) if kind == "post" else self.pages.import_page(item)
                if self.dry_run:
                    transaction.set_rollback(True)
        except Exception as error:  # one bad post must not stop the others
            self.media.forget_saved(delete=True)
            reason = str(error) if isinstance(error, PostError) else f"{type(error).__name__}: {error}"
            self.report.failed.append((label, reason))
            return
        self.media.forget_saved(delete=False)
        if not self.dry_run:
            self.rows.commit_post()
        if outcome == "deleted":
            self._skip(wp_id, f"{'article' if kind == 'post' else 'page'} deleted in Newsroom", kind)
        elif kind == "page":
            self.report.pages[outcome] += 1
        else:
            setattr(self.report, outcome, getattr(self.report, outcome) + 1)

    def _skip(self, wp_id, reason, kind="post"):
        self.report.skipped[f"{reason} {kind}s"] += 1
        (self.report.skipped_posts if kind == "post" else self.report.skipped_pages).append((wp_id, reason))

    # --- One post ---------------------------------------------------------------------------

    def _import_post(self, item):
        """Create or update the article for `item`; returns 'imported', 'updated', 'unchanged' or 'deleted'."""
        wp_id = int(item.post_id)
        record = ImportedPost.objects.filter(wp_post_id=wp_id).select_related("article").first()
        if record is not None and record.article is None:
            return "deleted"
        if record is not None and record.site and self.site and record.site != self.site:
            raise PostError(
                f"post id {wp_id} was already imported from {record.site}; WordPress post ids are only unique "
                "within one site, so this post is left alone rather than overwrite that article"
            )
        fingerprint = self._fingerprint(item)
        if record is not None and record.content_hash == fingerprint:
            return "unchanged"

        missing_before = len(self.report.missing_media)
        wanted = self._wanted_values(item, record)
        if len(self.report.missing_media) > missing_before:
            # A file that could not be had is tried again next run, even if the post is unchanged.
            fingerprint = ""
        if record is None:
            article, remembered, note = self._create_article(item, wanted)
            outcome = "imported"
        else:
            article, remembered, changed = self._update_article(item, record, wanted)
            note = record.note
            outcome = "updated" if changed else "unchanged"
        ImportedPost.objects.update_or_create(
            wp_post_id=wp_id,
            defaults={
                "article": article,
                "guid": item.guid[:500],
                "wp_slug": item.post_name[:250],
                "permalink": item.link[:500],
                "site": self.site,
                "content_hash": fingerprint,
                "wp_modified_at": self._date(item.post_modified_gmt, item.post_modified),
                "imported_values": remembered,
                "note": note,
            },
        )
        published_local = parse_wp_date(item.post_date, self.tz) if item.post_date else None
        self.redirects.for_post(article, item, published_local)
        if outcome == "imported" and article.status == Status.PUBLISHED:
            self._check_publishing(wp_id, article)
        return outcome

    def _wanted_values(self, item, record):
        """The merged fields (wordpress.merge) as this post makes them; finds or creates terms and files."""
        converted = convert_content(item.content)
        self.report.shortcodes_removed += converted.shortcodes_removed
        body = sanitize_html(self.files.body_html(converted, item))
        section, tag_categories = self.taxonomy.placement(item)
        author = self.taxonomy.author_for(item)
        wanted = {
            "title": plain_text(item.title)[:250] or f"Untitled WordPress post {item.post_id}",
            "slug": self._slug(record.article if record else None, item, record),
            "dek": derive_dek(item.excerpt, body),
            "body": body,
            "section": section.pk,
            "tags": sorted(tag.pk for tag in self.taxonomy.tags_for(item, tag_categories)),
            "authors": [author.pk] if author else [],
        }
        hero = self.files.hero_for(item)
        if hero is not None:
            wanted["hero"] = hero
        return wanted

    def _create_article(self, item, wanted):
        """A new article in the state the post had, a protected post kept hidden: (article, baseline, note)."""
        article = Article(source_name=plain_text(self.channel.title)[:200])  # our choice: credit the old site
        self._apply(article, wanted)
        note = ""
        if item.post_password:
            # Readers needed a password on the old site: kept, but never made public by the import.
            note = "Password-protected in WordPress: imported as a hidden draft. Publish only after checking why."
            self.report.hidden_posts.append((item.post_id, "password-protected"))
        else:
            article.status = STATUS_MAP[item.status]
        if article.status == Status.PUBLISHED:
            article.published_at = self._date(item.post_date_gmt, item.post_date)
            if article.published_at is None:
                raise PostError("published post without a publication date")
        article.full_clean()
        self._save(article, wanted)
        # The "Updated" date readers see is WordPress's; without one the story was never updated.
        written = (
            self._date(item.post_modified_gmt, item.post_modified)
            or article.published_at
            or self._date(item.post_date_gmt, item.post_date)
        )
        if written:
            Article.objects.filter(pk=article.pk).update(updated_at=written)
        record_revision(article, note=(note or f"WordPress import: created from post {item.post_id}")[:200])
        return article, baseline(current_values(article)), note

    def _update_article(self, item, record, wanted):
        """Apply what changed in WordPress and not in Newsroom, never the state or publication time.

        Returns (article, the next baseline, whether anything changed).
        """
        # Locked until the post's transaction ends: an editor's publish waits rather than being
        # written over by this copy's save of every column.
        article = Article.objects.select_for_update(of=("self",)).select_related("section").get(pk=record.article_id)
        wordpress_state = Status.DRAFT if item.post_password else STATUS_MAP[item.status]
        if wordpress_state != article.status:
            self.report.states_kept.append((item.post_id, f"{item.status} in WordPress, {article.status} here"))
        result = merge(current=current_values(article), wanted=wanted, remembered=record.imported_values)
        for name in result.conflicts:
            self.report.conflicts.append((item.post_id, name))
        if not result.apply:
            return article, result.remembered, False
        before = article.updated_at
        self._apply(article, result.apply)
        article.full_clean()
        self._save(article, result.apply)
        # Never the moment of the import: WordPress's modified date, or the last change readers were
        # shown (a microsecond on, so an editor's open change form still sees that the article changed).
        modified = self._date(item.post_modified_gmt, item.post_modified)
        written = max(filter(None, [before + timedelta(microseconds=1) if before else None, modified]))
        Article.objects.filter(pk=article.pk).update(updated_at=written)
        kept = f"; kept Newsroom's {', '.join(result.conflicts)}" if result.conflicts else ""
        note = f"WordPress import: updated {', '.join(result.apply)} from post {item.post_id}{kept}"
        record_revision(article, note=note[:200])
        now = current_values(article)
        return article, {**result.remembered, **baseline({name: now[name] for name in result.apply})}, True

    @staticmethod
    def _apply(article, values):
        for name in ("title", "slug", "dek", "body"):
            if name in values:
                setattr(article, name, values[name])
        if "section" in values:
            article.section_id = values["section"]
        if "hero" in values:
            article.hero_image.name, article.hero_alt, article.hero_caption = values["hero"]

    def _save(self, article, values):
        """Save the article with its bylines and tags; the caller records the revision once all is written."""
        with revision_recorded_by_caller():
            hero_before_save = article.hero_image.name
            article.save()
            if article.hero_image.name != hero_before_save:
                # The image pipeline re-encoded the hero under a new name (and may drop the original):
                # later posts with the same featured image reuse that copy instead of making another.
                ImportedAttachment.objects.filter(stored_name=hero_before_save).update(
                    stored_name=article.hero_image.name
                )
            if "tags" in values:
                article.tags.set(list(Tag.objects.filter(pk__in=values["tags"])))
            if "authors" in values:
                self.taxonomy.set_authors(article, values["authors"])

    def _fingerprint(self, item):
        """A hash of everything the article is made from, including which media files exist now."""
        referenced = referenced_uploads(item.content)
        attachment = self.files.featured(item)
        hero_path = attachment_path(attachment) if attachment else ""
        payload = {
            "v": IMPORTER_VERSION,
            "tz": str(self.tz),
            "site": self.channel.title,
            "post": [
                item.title, item.content, item.excerpt, item.post_name, item.status, item.post_date,
                item.post_date_gmt, item.post_modified, item.post_modified_gmt, item.creator,
                self.channel.authors.get(item.creator, ""), item.link, item.guid,
            ],
            "terms": item.terms,
            "primary": [item.postmeta.get(key, "") for key in PRIMARY_CATEGORY_META],
            "hero": [attachment.alt, attachment.caption, hero_path] if attachment else None,
            "media": [self.media.fingerprint(path) for path in referenced + ([hero_path] if hero_path else [])],
        }  # fmt: skip
        mapped = {nicename: self.taxonomy.mapped(nicename) for nicename, _name in self.taxonomy.categories(item)}
        if self.section_map:
            # Only with a map, so fingerprints made without one still match.
            payload["map"] = [mapped, self.section_map.get("*")]
        if item.post_password:
            payload["protected"] = True  # only when set, so fingerprints of earlier imports still match
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    def _date(self, gmt, local):
        return parse_wp_date(gmt, UTC) or parse_wp_date(local, self.tz)

    def _slug(self, article, item, record):
        if article is not None and record.wp_slug == item.post_name:
            return article.slug
        base = (
            slugify(unquote(item.post_name))[:240] or slugify(plain_text(item.title))[:240] or f"post-{item.post_id}"
        ).strip("-") or f"post-{item.post_id}"
        slug, number = base, 2
        taken = Article.objects.exclude(pk=article.pk) if article is not None else Article.objects.all()
        while taken.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug

    def _check_publishing(self, wp_id, article):
        """What a published import still lacks of the site's publishing checks (reported, not refused:
        the post was already public on the old site, and its old links must keep working)."""
        for missing in missing_for_publication(article):
            self.report.needs_attention.setdefault(missing, []).append(wp_id)
