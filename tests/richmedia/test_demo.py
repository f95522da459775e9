"""The demo's rich media: a seeded story gets a YouTube embed facade and a gallery, once."""

import pytest
from django.utils import timezone

from articles.models import Article
from newsroom.demo.richmedia import seed_rich_media
from newsroom.demo.seeder import Seeder

pytestmark = pytest.mark.django_db
SLUG = "measles-catch-up-vaccination"


@pytest.fixture
def seeder():
    seeder = Seeder(timezone.now())
    seeder.run()
    return seeder


def test_the_demo_story_shows_a_youtube_facade_and_a_gallery_and_asks_no_provider(seeder, oembed):
    seed_rich_media(seeder)
    article = Article.objects.published().get(slug=SLUG)
    assert 'data-embed="youtube"' in article.body and 'data-gallery=""' in article.body
    assert "youtube-nocookie.com/embed/" in article.body_html
    assert "Catch-up vaccination: what parents ask most" in article.body_html
    assert article.body_html.count('class="gallery__item"') == 3
    assert "<picture" in article.body_html and "Illustration: Newsroom Health" in article.body_html
    assert article.body_html.index("embed__facade") < article.body_html.index("Measles is one of")
    assert oembed.requests == []  # its title is in the data file
    assert seeder.stats["Rich-media blocks"]["updated"] == 1


def test_a_second_run_or_an_edited_story_is_left_alone(seeder):
    seed_rich_media(seeder)
    body = Article.objects.get(slug=SLUG).body
    seed_rich_media(seeder)
    assert Article.objects.get(slug=SLUG).body == body
    assert seeder.stats["Rich-media blocks"] == {"created": 0, "updated": 1, "unchanged": 1}
