"""The demo's rich media: a seeded story gets a YouTube embed facade, our own video and a gallery, once."""

import pytest
from django.utils import timezone

from articles.models import Article
from newsroom.demo.richmedia import seed_rich_media
from newsroom.demo.seeder import Seeder
from richmedia.models import MediaFile

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


def test_the_demo_story_plays_our_own_video_with_its_poster_and_needs_nothing_before_publishing(seeder):
    seed_rich_media(seeder)
    article = Article.objects.published().get(slug=SLUG)
    video = MediaFile.objects.get()
    assert (video.kind, video.content_type) == ("video", "video/webm")
    assert video.missing_for_publication() == []
    with video.file.open("rb") as handle:
        assert handle.read(4) == b"\x1a\x45\xdf\xa3"  # a WebM (EBML) file, as richmedia's checks judged it
    assert f'<figure data-media="{video.pk}">' in article.body
    assert '<video controls preload="none"' in article.body_html and 'type="video/webm"' in article.body_html
    assert "poster=" in article.body_html and "The catch-up campaign, month by month." in article.body_html


def test_a_second_run_or_an_edited_story_is_left_alone(seeder):
    seed_rich_media(seeder)
    body = Article.objects.get(slug=SLUG).body
    seed_rich_media(seeder)
    assert Article.objects.get(slug=SLUG).body == body
    assert seeder.stats["Rich-media blocks"] == {"created": 0, "updated": 1, "unchanged": 1}
