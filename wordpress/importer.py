"""Importing a WordPress export (WXR) into Newsroom: the rules, called by `import_wordpress`.

The file is read twice, streaming both times: `wxr.scan()` checks it is a WXR file
we understand and gathers the site-level facts (authors, categories, attachments)
before anything is written; the second pass imports posts one by one, each in its
own transaction, so one bad post is reported and the rest go on.

A post is matched to its article by WordPress post id. What was imported is
fingerprinted (the post's fields, the files it uses as found in the media folder,
and this importer's version); an unchanged fingerprint means the post is skipped,
so a second run changes nothing, and a changed one updates the article in place.
"""

import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import PurePosixPath
from urllib.parse import parse_qs, unquote, urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, ArticleAuthor, Author, Disclaimer, Section, Status, Tag
from articles.workflow import missing_for_publication

from . import wxr
from .content import convert_content, derive_dek, plain_text
from .media import IMAGE_SUFFIXES, MediaError, MediaLibrary, uploads_path
from .models import ImportedAttachment, ImportedPost, LegacyRedirect
from .report import Report

IMPORTER_VERSION = 1
STATUS_MAP = {
    "publish": Status.PUBLISHED,
    "future": Status.PUBLISHED,  # published with a future published_at: scheduled
    "draft": Status.DRAFT,
    "pending": Status.IN_REVIEW,
}
SKIPPED_STATUSES = {"private", "trash"}
PRIMARY_CATEGORY_META = ("_yoast_wpseo_primary_category", "rank_math_primary_category")
UPLOAD_URL = re.compile(
    r"""(?P<attr>\b(?:src|href))=(?P<quote>["'])(?P<url>[^"']*?/wp-content/uploads/[^"']*)(?P=quote)"""
)
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


def old_address(url):
    """A WordPress URL as (decoded path, query) the way the middleware will look it up; None if unusable."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    path = unquote(parts.path or "/")
    if not path.startswith("/"):
        path = "/" + path
    query = ""
    post_id = parse_qs(parts.query).get("p", [""])[0]
    if post_id.isdigit():
        query = f"p={post_id}"
    elif path == "/":
        return None  # the home page, or a query form we do not map
    if len(path) > 500:
        return None
    return path, query


class WordPressImporter:
    """Imports one WXR file; `run()` returns the Report. Raises wxr.WXRError before writing if unreadable."""

    def __init__(self, path, *, media_dir=None, dry_run=False, tz=None, progress=None):
        self.path = path
        self.dry_run = dry_run
        self.tz = tz or timezone.get_default_timezone()
        self.media = MediaLibrary(media_dir, dry_run=dry_run)
        self.progress = progress or (lambda report: None)
        self.report = Report(dry_run=dry_run)
        self._counted_redirects = set()
        self._counted_created = set()
        # Sections, tags, authors and taxonomy redirects already in the database, remembered
        # once their post's transaction has committed (a rolled-back post must not leave
        # a remembered row that does not exist). Saves a few queries per post.
        self._known = {}
        self._pending = {}

    # --- The run ------------------------------------------------------------------------

    def run(self):
        self.channel = wxr.scan(self.path)
        self.report.version = self.channel.version
        self.report.site_title = plain_text(self.channel.title)
        self.site = (urlsplit(self.channel.base_site_url or self.channel.link).hostname or "")[:200]
        self.report.posts_found = self.channel.post_count
        self.report.no_default_disclaimer = Disclaimer.objects.site_default() is None
        for item in wxr.items(self.path):
            if item.comment_count:
                self.report.skipped["comments"] += item.comment_count
            if item.post_type == "post":
                self._import_one(item)
                self.progress(self.report)
            elif item.post_type != "attachment":
                label = item.post_type if item.post_type in {"page", "nav_menu_item"} else "custom post types"
                self.report.skipped[label] += 1
        return self.report

    def _import_one(self, item):
        if not item.post_id:
            # Hand-made exports may lack wp:post_id; WordPress's plain link "?p=ID" still names the post.
            item.post_id = (old_address(item.guid) or old_address(item.link) or ("", ""))[1].removeprefix("p=")
        wp_id = item.post_id
        if not wp_id.isdigit():
            self.report.failed.append((wp_id or repr(plain_text(item.title) or "?"), "no numeric wp:post_id"))
            return
        if item.status in SKIPPED_STATUSES or item.status not in STATUS_MAP:
            reason = item.status if item.status in SKIPPED_STATUSES else f"status {item.status or '(none)'}"
            self._skip(wp_id, reason)
            return
        if item.post_password:
            # Readers needed a password on the old site: not ours to make public.
            self._skip(wp_id, "password-protected")
            return
        self._pending = {}
        try:
            with transaction.atomic():
                outcome = self._import_post(item)
                if self.dry_run:
                    transaction.set_rollback(True)
        except Exception as error:  # one bad post must not stop the others
            self.media.forget_saved(delete=True)
            reason = str(error) if isinstance(error, PostError) else f"{type(error).__name__}: {error}"
            self.report.failed.append((wp_id, reason))
            return
        self.media.forget_saved(delete=False)
        if not self.dry_run:
            self._known.update(self._pending)
        if outcome == "deleted":
            self._skip(wp_id, "article deleted in Newsroom")
        else:
            setattr(self.report, outcome, getattr(self.report, outcome) + 1)

    def _skip(self, wp_id, reason):
        self.report.skipped[f"{reason} posts"] += 1
        self.report.skipped_posts.append((wp_id, reason))

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
        converted = convert_content(item.content)
        fingerprint = self._fingerprint(item)
        if record is not None and record.content_hash == fingerprint:
            return "unchanged"

        article = record.article if record else Article()
        self._fill_article(article, item, converted, record)
        article.full_clean()
        hero_before_save = article.hero_image.name
        article.save()
        if article.hero_image.name != hero_before_save:
            # The image pipeline re-encoded the hero under a new name (and may drop the original):
            # later posts with the same featured image reuse that copy instead of making another.
            ImportedAttachment.objects.filter(stored_name=hero_before_save).update(stored_name=article.hero_image.name)
        self._set_byline(article, item)
        self._set_taxonomy(article, item)
        modified = self._date(item.post_modified_gmt, item.post_modified)
        if modified:
            Article.objects.filter(pk=article.pk).update(updated_at=modified)
        ImportedPost.objects.update_or_create(
            wp_post_id=wp_id,
            defaults={
                "article": article,
                "guid": item.guid[:500],
                "wp_slug": item.post_name[:250],
                "permalink": item.link[:500],
                "site": self.site,
                "content_hash": fingerprint,
                "wp_modified_at": modified,
            },
        )
        self._make_post_redirects(article, item)
        self.report.shortcodes_removed += converted.shortcodes_removed
        if article.status == Status.PUBLISHED:
            self._check_publishing(wp_id, article)
        return "updated" if record else "imported"

    def _fingerprint(self, item):
        """A hash of everything the article is made from, including which media files exist now."""
        referenced = sorted({uploads_path(m.group("url")) for m in UPLOAD_URL.finditer(item.content)} - {""})
        attachment = self.channel.attachments.get(item.postmeta.get("_thumbnail_id", ""))
        hero_path = self._attachment_path(attachment) if attachment else ""
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
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    def _date(self, gmt, local):
        return parse_wp_date(gmt, UTC) or parse_wp_date(local, self.tz)

    def _fill_article(self, article, item, converted, record):
        wp_id = item.post_id
        article.title = plain_text(item.title)[:250] or f"Untitled WordPress post {wp_id}"
        article.slug = self._slug(article, item, record)
        body = self._rewrite_uploads(converted.html, wp_id)
        article.body = body
        article.dek = derive_dek(item.excerpt, body)
        article.status = STATUS_MAP[item.status]
        if article.status == Status.PUBLISHED:
            article.published_at = self._date(item.post_date_gmt, item.post_date)
            if article.published_at is None:
                raise PostError("published post without a publication date")
        else:
            article.published_at = None
        article.section = self._section_for(*self._categories(item)[0])
        if not article.source_name and not article.original_reporting:
            # Our choice: credit the old site by name; editors can switch to "original reporting".
            article.source_name = plain_text(self.channel.title)[:200]
        self._set_hero(article, item)

    def _slug(self, article, item, record):
        if record is not None and record.wp_slug == item.post_name:
            return article.slug
        base = (
            slugify(unquote(item.post_name))[:240] or slugify(plain_text(item.title))[:240] or f"post-{item.post_id}"
        ).strip("-") or f"post-{item.post_id}"
        slug, number = base, 2
        taken = Article.objects.exclude(pk=article.pk) if article.pk else Article.objects.all()
        while taken.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug

    # --- Media ----------------------------------------------------------------------------

    @staticmethod
    def _attachment_path(attachment):
        """Where the attachment's file sits under uploads: `_wp_attached_file`, else its URL.

        A URL outside wp-content/uploads (WordPress.com's files host, a CDN) keeps its
        path, which is the same dated layout ("2013/03/photo.jpg").
        """
        return (
            uploads_path(attachment.attached_file)
            or uploads_path(attachment.url)
            or uploads_path(unquote(urlsplit(attachment.url).path).lstrip("/"))
        )

    def _set_hero(self, article, item):
        thumbnail_id = item.postmeta.get("_thumbnail_id", "")
        if not thumbnail_id:
            return
        attachment = self.channel.attachments.get(thumbnail_id)
        if attachment is None:
            self.report.missing_media.append((item.post_id, f"featured image {thumbnail_id} is not in the export"))
            return
        relative = self._attachment_path(attachment)
        if not relative:
            self.report.missing_media.append((item.post_id, f"featured image {thumbnail_id} has no file in the export"))
            return
        try:
            stored = self.media.store(relative, wp_attachment_id=thumbnail_id)
        except MediaError as error:
            self.report.missing_media.append((item.post_id, f"featured image {error}"))
            return
        if self.dry_run:
            return  # saving the field would start the image pipeline, which writes files
        article.hero_image = stored
        article.hero_alt = plain_text(attachment.alt)[:300]
        article.hero_caption = plain_text(attachment.caption)[:300]

    def _rewrite_uploads(self, body, wp_id):
        """Point images under wp-content/uploads at our storage, importing each file once."""

        def rewrite(match):
            relative = uploads_path(match.group("url"))
            is_image = PurePosixPath(relative).suffix.lower() in IMAGE_SUFFIXES
            if not relative or (match.group("attr") == "href" and not is_image):
                return match.group(0)
            try:
                stored = self.media.store(relative)
            except MediaError as error:
                if match.group("attr") == "src":
                    self.report.missing_media.append((wp_id, f"image {error}"))
                return match.group(0)
            return f"{match.group('attr')}={match.group('quote')}{self.media.url(stored)}{match.group('quote')}"

        return UPLOAD_URL.sub(rewrite, body)

    # --- People and taxonomy --------------------------------------------------------------

    def _set_byline(self, article, item):
        login = item.creator
        if not login:
            return
        name = plain_text(self.channel.authors.get(login) or login)[:150]
        slug = slugify(name)[:150] or slugify(login)[:150] or "wordpress-author"
        author = self._known.get(("author", slug)) or Author.objects.filter(slug=slug).first()
        if author is None:
            author = Author.objects.create(name=name, slug=slug)
            self._count_created("authors", slug)
        self._pending["author", slug] = author
        if not ArticleAuthor.objects.filter(article=article, author=author).exists():
            position = ArticleAuthor.objects.filter(article=article).count()
            ArticleAuthor.objects.create(article=article, author=author, position=position)

    def _categories(self, item):
        """The post's categories as (nicename, name), the primary one first; WordPress's default if none."""
        categories = [(nicename, name) for domain, nicename, name in item.terms if domain == "category"]
        for key in PRIMARY_CATEGORY_META:
            term_id = item.postmeta.get(key, "")
            for index, (nicename, _name) in enumerate(categories):
                if term_id and self.channel.categories.get(nicename, {}).get("term_id") == term_id:
                    categories.insert(0, categories.pop(index))
                    break
        return categories or [("uncategorized", "Uncategorized")]

    def _section_for(self, nicename, name):
        slug = slugify(unquote(nicename))[:100] or slugify(plain_text(name))[:100] or "uncategorized"
        name = plain_text(name)[:100] or slug
        section = (
            self._known.get(("section", slug, name))
            or Section.objects.filter(slug=slug).first()
            or Section.objects.filter(name__iexact=name).first()
        )
        if section is None:
            section = Section.objects.create(name=name, slug=slug)
            self._count_created("sections", slug)
        self._pending["section", slug, name] = section
        self._redirect(self._category_path(nicename), section=section)
        return section

    def _tag_for(self, nicename, name):
        slug = (
            slugify(unquote(nicename), allow_unicode=True)[:100] or slugify(plain_text(name), allow_unicode=True)[:100]
        )
        name = plain_text(name)[:100] or slug
        if not slug:
            return None
        tag = (
            self._known.get(("tag", slug, name))
            or Tag.objects.filter(slug=slug).first()
            or Tag.objects.filter(name__iexact=name).first()
        )
        if tag is None:
            tag = Tag.objects.create(name=name, slug=slug)
            self._count_created("tags", slug)
        self._pending["tag", slug, name] = tag
        return tag

    def _set_taxonomy(self, article, item):
        """Other categories and the post's tags become tags; a post with none is tagged with its category."""
        categories = self._categories(item)
        tags = []
        for nicename, name in categories[1:]:
            tag = self._tag_for(nicename, name)
            if tag:
                tags.append(tag)
                self._redirect(self._category_path(nicename), tag=tag)
        for domain, nicename, name in item.terms:
            if domain == "post_tag":
                tag = self._tag_for(nicename, name)
                if tag:
                    tags.append(tag)
                    self._redirect(f"/tag/{unquote(nicename or tag.slug)}/", tag=tag)
        if not tags:
            tag = self._tag_for(*categories[0])
            tags = [tag] if tag else []
        unique = list({tag.pk: tag for tag in tags}.values())
        article.tags.set(unique)
        return unique

    def _category_path(self, nicename):
        """'/category/parent/child/' as WordPress builds archive URLs for nested categories (None if unnamed)."""
        if not nicename:
            return None
        chain, seen = [], set()
        current = nicename
        while current and current not in seen:
            seen.add(current)
            chain.insert(0, unquote(current))
            current = self.channel.categories.get(current, {}).get("parent", "")
        return f"/category/{'/'.join(chain)}/"

    # --- Redirects --------------------------------------------------------------------------

    def _make_post_redirects(self, article, item):
        addresses = {("/", f"p={item.post_id}"), old_address(item.link), old_address(item.guid)}
        local = parse_wp_date(item.post_date, self.tz) if item.post_date else None
        slug = unquote(item.post_name)
        if slug:
            addresses.add((f"/{slug}/", ""))
            if local:
                addresses.add((f"/{local:%Y/%m/%d}/{slug}/", ""))
                addresses.add((f"/{local:%Y/%m}/{slug}/", ""))
        addresses = {address for address in addresses if address and len(address[0]) <= 500}
        taken = set(
            LegacyRedirect.objects.filter(old_path__in={path for path, _query in addresses}).values_list(
                "old_path", "old_query"
            )
        )
        # An address another post already has stays with it: the first post keeps its link.
        new = sorted(addresses - taken)
        LegacyRedirect.objects.bulk_create(
            [LegacyRedirect(old_path=path, old_query=query, article=article) for path, query in new]
        )
        for address in new:
            self._count_redirect(address)

    def _count_redirect(self, address):
        if address not in self._counted_redirects:
            self._counted_redirects.add(address)
            self.report.redirects_made += 1

    def _redirect(self, path, query="", *, section=None, tag=None):
        """Make sure a category or tag archive address leads to its section or tag; a section outranks a tag.

        An address already taken by another article stays with it (the first post keeps its link).
        """
        key = ("redirect", path, query, "section" if section else "other")
        if path is None or key in self._known:
            return
        existing = LegacyRedirect.objects.filter(old_path=path, old_query=query).first()
        if existing is None:
            LegacyRedirect.objects.create(old_path=path, old_query=query, section=section, tag=tag)
            self._count_redirect((path, query))
        elif section is not None and existing.tag_id:
            existing.tag, existing.section = None, section
            existing.save(update_fields=["tag", "section"])
        self._pending[key] = True

    # --- Reporting --------------------------------------------------------------------------

    def _count_created(self, kind, slug):
        if (kind, slug) not in self._counted_created:
            self._counted_created.add((kind, slug))
            self.report.created[kind] += 1

    def _check_publishing(self, wp_id, article):
        """What a published import still lacks of the site's publishing checks (reported, not refused:
        the post was already public on the old site, and its old links must keep working)."""
        for missing in missing_for_publication(article):
            self.report.needs_attention.setdefault(missing, []).append(wp_id)
