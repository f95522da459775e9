"""The demo shows the structural diff: its draft's latest revision lost a subheading into the paragraph below."""

import pytest
from django.urls import reverse

from articles.models import Article, Status
from editorial.models import Revision
from tests.newsroom.test_seed_demo import local, seed  # noqa: F401 - the fixture is used by name
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


def test_the_demo_drafts_latest_diff_shows_a_lost_heading_and_a_rerun_adds_none(local, client):  # noqa: F811
    seed()
    draft = Article.objects.get(status=Status.DRAFT)
    count = Revision.objects.filter(article=draft).count()
    seed()
    assert Revision.objects.filter(article=draft).count() == count
    client.force_login(make_staff("editor", "demo-diff-reader"))
    page = client.get(reverse("admin:articles_article_revision_diff", args=[draft.pk])).content.decode()
    assert "Heading 2 removed" in page
    assert "<del>Should you stop taking it?</del>" in page
