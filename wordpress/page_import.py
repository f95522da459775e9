"""WordPress pages as Newsroom Pages: brought in hidden (drafts) until an editor publishes them.

A page is matched by WordPress post id (ImportedPage), fingerprinted like a post and merged
the same way (wordpress.merge) when it changed: an editor's edits are kept and both-sided
changes reported as conflicts; the import never publishes a page nor changes its state.
Each page it creates or changes is a page revision noted "WordPress import".
Its old addresses (permalink, "?page_id=ID", "/slug/") answer 301 once it is published.
"""

import hashlib
import json
from urllib.parse import unquote

from django.utils.text import slugify

from articles.sanitize import sanitize_html
from editorial.page_revisions import record_page_revision
from pages.models import Page, PageStatus

from .content import convert_content, derive_dek, plain_text
from .merge import baseline, merge
from .models import ImportedPage


def current_values(page):
    return {"title": page.title, "slug": page.slug, "summary": page.summary, "body": page.body}


class PageImport:
    """Imports the pages of one run; `import_page(item)` returns 'imported', 'updated', 'unchanged' or 'deleted'."""

    def __init__(self, *, site, files, redirects, report):
        self.site = site
        self.files = files
        self.redirects = redirects
        self.report = report

    def import_page(self, item):
        wp_id = int(item.post_id)
        record = ImportedPage.objects.filter(wp_post_id=wp_id).select_related("page").first()
        if record is not None and record.page is None:
            return "deleted"
        fingerprint = self._fingerprint(item)
        if record is not None and record.content_hash == fingerprint:
            return "unchanged"
        missing_before = len(self.report.missing_media)
        wanted = self._wanted(item, record)
        if len(self.report.missing_media) > missing_before:
            fingerprint = ""  # a file that could not be had is tried again next run
        note = record.note if record else ""
        if record is None:
            page = Page(status=PageStatus.DRAFT)
            for name, value in wanted.items():
                setattr(page, name, value)
            if item.post_password:
                note = "Password-protected in WordPress: imported hidden. Publish only after checking why."
                self.report.hidden_posts.append((item.post_id, "password-protected page"))
            page.full_clean()
            page.save()
            record_page_revision(page, note=(note or f"WordPress import: created from page {item.post_id}")[:200])
            remembered, outcome = baseline(current_values(page)), "imported"
        else:
            # Locked until the page's transaction ends: an editor's publish or take-down waits
            # rather than being written over by this save of every column.
            page = Page.objects.select_for_update().get(pk=record.page_id)
            result = merge(current=current_values(page), wanted=wanted, remembered=record.imported_values)
            self.report.conflicts.extend((item.post_id, f"page {name}") for name in result.conflicts)
            for name, value in result.apply.items():
                setattr(page, name, value)
            if result.apply:
                page.full_clean()
                page.save()
                kept = f"; kept Newsroom's {', '.join(result.conflicts)}" if result.conflicts else ""
                change = f"WordPress import: updated {', '.join(result.apply)} from page {item.post_id}{kept}"
                record_page_revision(page, note=change[:200])
            remembered = {**result.remembered, **baseline(current_values(page))}
            outcome = "updated" if result.apply else "unchanged"
        ImportedPage.objects.update_or_create(
            wp_post_id=wp_id,
            defaults={
                "page": page,
                "site": self.site,
                "permalink": item.link[:500],
                "content_hash": fingerprint,
                "imported_values": remembered,
                "note": note,
            },
        )
        self.redirects.for_page(page, item)
        return outcome

    def _wanted(self, item, record):
        converted = convert_content(item.content)
        body = sanitize_html(self.files.body_html(converted, item))
        return {
            "title": plain_text(item.title)[:200] or f"Untitled WordPress page {item.post_id}",
            "slug": self._slug(item, record),
            "summary": derive_dek(item.excerpt, body)[:300],
            "body": body,
        }

    @staticmethod
    def _slug(item, record):
        if record is not None and record.page.slug.startswith(slugify(unquote(item.post_name))[:100] or "\0"):
            return record.page.slug
        base = slugify(unquote(item.post_name))[:90] or slugify(plain_text(item.title))[:90] or f"page-{item.post_id}"
        slug, number = base, 2
        pages = Page.objects.exclude(pk=record.page_id) if record else Page.objects.all()
        while pages.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug

    def _fingerprint(self, item):
        payload = [item.title, item.content, item.excerpt, item.post_name, item.link, item.guid, self.site]
        if item.post_password:
            payload.append("protected")
        return hashlib.sha256(json.dumps(payload).encode()).hexdigest()
