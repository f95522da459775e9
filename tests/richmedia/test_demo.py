"""The demo's rich-media story: a published explainer whose body shows a video embed facade."""

import pytest
from django.utils import timezone

from articles.models import Article, ArticleAuthor
from newsroom.demo.richmedia import seed_rich_media
from newsroom.demo.seeder import Seeder
from tests.support.factories import make_author, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeder():
    make_section("Infectious disease & vaccines", slug="infectious-disease-vaccines")
    make_author("Priya Raman", slug="priya-raman")
    return Seeder(timezone.now())


def test_the_demo_story_shows_a_youtube_facade_and_asks_no_provider(seeder, oembed):
    seed_rich_media(seeder)
    article = Article.objects.published().get(slug="video-explainer-how-vaccine-trials-work")
    assert 'data-embed="youtube"' in article.body
    assert "youtube-nocookie.com/embed/" in article.body_html
    assert "From lab to clinic" in article.body_html
    assert article.body_html.count('class="gallery__item"') == 3
    assert "<picture" in article.body_html and "Illustration: Newsroom Health" in article.body_html
    assert list(ArticleAuthor.objects.filter(article=article).values_list("author__slug", flat=True)) == ["priya-raman"]
    assert oembed.requests == []  # its title is in the data file
    assert seeder.stats["Rich-media stories"]["created"] == 1


def test_a_second_run_leaves_the_story_alone(seeder):
    seed_rich_media(seeder)
    Article.objects.filter(slug="video-explainer-how-vaccine-trials-work").update(title="Edited by the desk")
    seed_rich_media(seeder)
    assert Article.objects.get(slug="video-explainer-how-vaccine-trials-work").title == "Edited by the desk"
    assert seeder.stats["Rich-media stories"] == {"created": 1, "updated": 0, "unchanged": 1}
