"""A re-import never overwrites what an editor commits while it works on the same article or page.

The import reads the row, merges, and saves every column; an editor's publish committed between the
read and the save must either wait for the import or be seen by it, never be written over.
"""

from datetime import UTC, datetime

import pytest

from articles.models import Article, Status
from pages.models import Page, PageStatus
from tests.support.races import before_first_call, postgresql_only
from tests.support.wordpress import SITE_EXPORT, run_import
from wordpress import importer, page_import

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]

WENT_LIVE = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def edited(tmp_path, old, new):
    path = tmp_path / "edited.xml"
    text = SITE_EXPORT.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return path


def test_a_publish_made_while_the_import_merges_an_article_is_kept(media_dir, tmp_path, monkeypatch):
    run_import(SITE_EXPORT, "--media-dir", str(media_dir))
    story = Article.objects.get(wordpress_post__wp_post_id=103)
    assert story.status == Status.DRAFT

    meanwhile = before_first_call(
        monkeypatch,
        importer,
        "merge",
        lambda: Article.objects.filter(pk=story.pk).update(status=Status.PUBLISHED, published_at=WENT_LIVE),
        when=lambda **kwargs: kwargs["current"]["title"] == story.title,
    )
    run_import(edited(tmp_path, "Work in progress.", "Work in progress, with more."), "--media-dir", str(media_dir))
    meanwhile.finish()

    story.refresh_from_db()
    assert (story.status, story.published_at) == (Status.PUBLISHED, WENT_LIVE)
    assert "with more" in story.body


def test_a_publish_made_while_the_import_merges_a_page_is_kept(media_dir, tmp_path, monkeypatch):
    run_import(SITE_EXPORT, "--media-dir", str(media_dir))
    page = Page.objects.get(wordpress_page__wp_post_id=110)
    assert page.status == PageStatus.DRAFT

    meanwhile = before_first_call(
        monkeypatch,
        page_import,
        "merge",
        lambda: Page.objects.filter(pk=page.pk).update(status=PageStatus.PUBLISHED, published_at=WENT_LIVE),
    )
    run_import(edited(tmp_path, "We write about health.", "We write about medicine."), "--media-dir", str(media_dir))
    meanwhile.finish()

    page.refresh_from_db()
    assert (page.status, page.published_at) == (PageStatus.PUBLISHED, WENT_LIVE)
    assert "about medicine" in page.body
