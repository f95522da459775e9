"""The formatting demo story shows kept superscripts and subscripts, a transliterated tag address and named crops."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article, Tag
from images import specs

pytestmark = pytest.mark.django_db


def test_the_formatting_demo_story(settings, tmp_path, client):
    settings.DEMO_LOGINS_FILE = tmp_path / "var" / "demo_logins.txt"
    settings.LOCAL_MODE = True
    call_command("seed_demo", stdout=io.StringIO())
    story = Article.objects.get(slug="reading-your-blood-test-units")

    body = client.get(story.get_absolute_url()).content.decode()
    assert "10<sup>9</sup>/L" in body and "HbA<sub>1c</sub>" in body and "<code>FBC</code>" in body

    tag = Tag.objects.get(name="Hämatologie")
    assert tag.slug == "hamatologie"
    assert client.get(tag.get_absolute_url()).status_code == 200

    assert specs.parse_master(story.hero_image.name).focal == (0.7, 0.35)
