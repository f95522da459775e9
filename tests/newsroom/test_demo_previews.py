"""The demo shows revocable preview links: its draft has one live link by the demo editor, listed on its admin page."""

import pytest
from django.urls import reverse

from articles.models import Article, PreviewLink, Status
from tests.newsroom.test_seed_demo import local, seed  # noqa: F401 - the fixture is used by name

pytestmark = pytest.mark.django_db


def test_the_demo_draft_has_one_live_link_and_a_rerun_adds_none(local, client):  # noqa: F811
    output = seed()
    draft = Article.objects.get(status=Status.DRAFT)
    (link,) = PreviewLink.objects.filter(article=draft).live()
    assert link.created_by.username == "editor"
    assert "/preview/shared/" not in output  # the link itself is shown to no one
    seed()
    assert PreviewLink.objects.count() == 1
    client.force_login(link.created_by)
    page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert f'id="preview-link-{link.pk}"' in page
