"""The author page shows the photo at 96 px from a small square rendition, never the uploaded original."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from lxml import html

from images import specs
from tests.support.factories import make_author
from tests.support.images import encode, picture

pytestmark = pytest.mark.django_db

DISPLAYED = 96


def author_with_photo(size):
    author = make_author("Dr Portrait")
    author.photo = ContentFile(encode(picture(size), "JPEG", quality=90), name="portrait.jpg")
    author.save()
    author.refresh_from_db()
    return author


def photo_markup(client, author):
    response = client.get(reverse("articles:author", kwargs={"slug": author.slug}))
    assert response.status_code == 200
    page = html.fromstring(response.content)
    (img,) = page.xpath("//img[contains(@class, 'author-photo')]")
    return img, page.xpath("//picture[.//img[contains(@class, 'author-photo')]]/source")


def square_rendition(url, author):
    """The rendition Spec behind `url`, asserting it is one of this photo's square renditions."""
    master = specs.parse_master(author.photo.name)
    by_url = {default_storage.url(specs.rendition_name(master, spec)): spec for spec in specs.crop_specs(master, "1:1")}
    assert url in by_url, f"{url} is not a square rendition of {author.photo.name}"
    return by_url[url]


@pytest.mark.parametrize("size", [(3000, 4000), (1200, 900), (150, 150)], ids=["phone", "press-kit", "tiny"])
def test_the_author_photo_is_a_square_rendition_at_most_twice_its_displayed_size(client, size):
    author = author_with_photo(size)

    img, sources = photo_markup(client, author)

    assert (img.get("width"), img.get("height")) == (str(DISPLAYED), str(DISPLAYED))
    assert img.get("src") != author.photo.url, "never the uploaded original"
    jpeg = square_rendition(img.get("src"), author)
    assert jpeg.format == "jpg" and jpeg.width == jpeg.height <= 2 * DISPLAYED
    assert default_storage.exists(specs.rendition_name(specs.parse_master(author.photo.name), jpeg))
    (webp,) = sources
    assert webp.get("type") == "image/webp"
    spec = square_rendition(webp.get("srcset"), author)
    assert spec.format == "webp" and spec.width == spec.height <= 2 * DISPLAYED


def test_an_author_without_a_photo_has_no_img(client):
    author = make_author("Dr Nophoto")
    response = client.get(reverse("articles:author", kwargs={"slug": author.slug}))
    assert response.status_code == 200
    assert not html.fromstring(response.content).xpath("//img[contains(@class, 'author-photo')]")


def test_only_author_photos_get_the_small_square():
    portrait = specs.parse_master("authors/2026/12/" + "a" * 32 + "_1200x1600.jpg")
    hero = specs.parse_master("heroes/2026/12/" + "b" * 32 + "_1200x1600.jpg")

    assert [s.width for s in specs.crop_specs(portrait, "1:1") if s.format == "jpg"] == [192, 480, 1200]
    assert [s.width for s in specs.crop_specs(hero, "1:1") if s.format == "jpg"] == [480, 1200]
