"""A re-import never overwrites what an editor commits while it works on the same article.

The import reads the article, merges, and saves every column; between the read and the save an
editor's publish must either wait for the import or be seen by it, never be written over.
PostgreSQL only: on SQLite the import's transaction (IMMEDIATE) holds the write lock from its start.
"""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, connections

from articles.models import Article, Status
from tests.support.wordpress import SITE_EXPORT, run_import
from wordpress import importer

WENT_LIVE = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def editor_publishes(pk, done):
    """An editor's publish, on its own database connection, as another request would make it."""
    try:
        Article.objects.filter(pk=pk).update(status=Status.PUBLISHED, published_at=WENT_LIVE)
    finally:
        connections.close_all()
        done.set()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks: SQLite's IMMEDIATE transactions serialize writers"
)
@pytest.mark.django_db(transaction=True)
def test_a_publish_made_while_the_import_merges_is_kept(media_dir, tmp_path, monkeypatch):
    run_import(SITE_EXPORT, "--media-dir", str(media_dir))
    story = Article.objects.get(wordpress_post__wp_post_id=103)
    assert story.status == Status.DRAFT
    edited = tmp_path / "edited.xml"
    edited.write_text(SITE_EXPORT.read_text().replace("Work in progress.", "Work in progress, with more."))

    started, done = threading.Event(), threading.Event()
    real_merge = importer.merge

    def merge_while_an_editor_publishes(**kwargs):
        if kwargs["current"]["title"] == story.title and not started.is_set():
            started.set()
            threading.Thread(target=editor_publishes, args=(story.pk, done)).start()
            # Unlocked, the publish commits here, before the import saves its stale copy.
            done.wait(timeout=1)
        return real_merge(**kwargs)

    monkeypatch.setattr(importer, "merge", merge_while_an_editor_publishes)
    run_import(edited, "--media-dir", str(media_dir))
    assert done.wait(timeout=10), "the editor's publish never finished"

    story.refresh_from_db()
    assert (story.status, story.published_at) == (Status.PUBLISHED, WENT_LIVE)
    assert "with more" in story.body
