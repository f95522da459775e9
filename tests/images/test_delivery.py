"""Delivery: <picture> markup with srcset, sizes and dimensions, and page views that never touch Pillow."""

from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from lxml import html
from PIL import Image

from images.views import serve_media
from tests.support.factories import make_article
from tests.support.images import article_with_hero, jpeg, srcset_urls, without_digest

pytestmark = pytest.mark.django_db

MEDIA = "/media/"


def render(source, **context):
    return Template("{% load images %}" + source).render(Context(context))


def test_picture_has_a_webp_source_and_a_jpeg_img_with_dimensions():
    article = article_with_hero(jpeg((2000, 1125)))
    markup = render(
        '{% picture image alt="A clinic" sizes="(min-width: 44rem) 40rem, 100vw" eager=True %}',
        image=article.hero_image,
    )

    picture = html.fragment_fromstring(markup)
    source, img = picture.xpath("//source")[0], picture.xpath("//img")[0]
    folder = MEDIA + "renditions/" + article.hero_image.name.rsplit("_", 1)[0]
    assert source.get("type") == "image/webp"
    assert list(map(without_digest, srcset_urls(source))) == [
        f"{folder}/full-w{w}.webp" for w in (480, 800, 1200, 1600)
    ]
    assert list(map(without_digest, srcset_urls(img))) == [f"{folder}/full-w{w}.jpg" for w in (480, 800, 1200, 1600)]
    assert [part.split(" ")[1] for part in img.get("srcset").split(", ")] == ["480w", "800w", "1200w", "1600w"]
    assert source.get("sizes") == img.get("sizes") == "(min-width: 44rem) 40rem, 100vw"
    assert without_digest(img.get("src")) == f"{folder}/full-w800.jpg"
    assert (img.get("width"), img.get("height")) == ("1600", "900"), "the aspect ratio is reserved: no layout shift"
    assert img.get("alt") == "A clinic"
    assert img.get("loading") == "eager" and img.get("fetchpriority") == "high"


def test_every_url_in_the_markup_is_a_stored_rendition():
    article = article_with_hero(jpeg((1000, 700)))
    markup = render("{% picture image alt='x' %}", image=article.hero_image)
    urls = {
        part.strip().split(" ")[0]
        for srcset in html.fragment_fromstring(markup).xpath("//@srcset")
        for part in srcset.split(",")
    }
    assert len(urls) == 6, "480, 800 and the image's own 1000 in two formats: never upscaled"
    for url in urls:
        assert default_storage.exists(url.removeprefix(MEDIA))


def test_images_below_the_fold_are_lazy():
    article = article_with_hero()
    img = html.fragment_fromstring(render("{% picture image alt='x' %}", image=article.hero_image)).xpath("//img")[0]
    assert img.get("loading") == "lazy" and img.get("fetchpriority") is None and img.get("decoding") == "async"


def test_a_crop_renders_its_own_ratio():
    article = article_with_hero(jpeg((1600, 1200)))
    markup = render('{% picture image alt="" crop="16:9" %}', image=article.hero_image)
    img = html.fragment_fromstring(markup).xpath("//img")[0]
    assert (img.get("width"), img.get("height")) == ("1200", "675")
    assert any(url.endswith("/16x9-w480.jpg") for url in map(without_digest, srcset_urls(img)))


def test_image_url_gives_one_rendition_for_social_previews():
    article = article_with_hero(jpeg((1600, 900)))
    url = render('{% image_url image 1200 crop="1:1" %}', image=article.hero_image)
    assert without_digest(url).endswith("/1x1-w900.jpg"), (
        "the square is 900 pixels: its own width, not upscaled to 1200"
    )


def test_alt_text_is_escaped():
    article = article_with_hero()
    markup = render("{% picture image alt=alt %}", image=article.hero_image, alt='"><script>x</script>')
    assert "<script>" not in markup and "&lt;script&gt;" in markup


def test_an_image_outside_the_pipeline_gets_a_plain_img():
    markup = render("{% picture name alt='Old' %}", name="heroes/2019/old.jpg")
    assert markup == '<img src="/media/heroes/2019/old.jpg" alt="Old" loading="lazy" decoding="async">'
    assert render("{% picture name alt='x' %}", name="") == ""


def test_article_page_serves_the_hero_as_picture_and_never_opens_an_image():
    article = article_with_hero(jpeg((1600, 900)), hero_caption="A caption", hero_credit="Photo: us")

    with mock.patch("PIL.Image.open", wraps=Image.open) as opened:
        first = Client().get(article.get_absolute_url())
        second = Client().get(article.get_absolute_url())

    assert opened.call_count == 0, "no image work in a page view, first or second"
    for response in (first, second):
        assert response.status_code == 200
        page = html.fromstring(response.content)
        img = page.xpath("//figure[contains(@class, 'article__hero')]/picture//img")[0]
        assert (img.get("width"), img.get("height"), img.get("fetchpriority")) == ("1600", "900", "high")
        assert page.xpath("//figure[contains(@class, 'article__hero')]/picture/source[@type='image/webp']")


def test_the_hero_adds_no_query_to_the_article_page(client):
    plain = make_article("Without image")
    pictured = article_with_hero(title="With image")
    # The first article page served builds the latest-stories list every article page shares.
    assert client.get(make_article("Warm-up").get_absolute_url()).status_code == 200
    counts = []
    for article in (plain, pictured):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def serve(path):
    from django.conf import settings

    return serve_media(RequestFactory().get(MEDIA + path), path, document_root=settings.MEDIA_ROOT)


def test_local_media_is_served_with_nosniff():
    article = article_with_hero()
    response = serve(article.hero_image.name)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["page.html", "logo.svg", "feed.xml", "notes.txt"])
def test_local_media_is_never_served_as_a_page_or_svg(name):
    stored = default_storage.save(f"uploads/{name}", ContentFile(b"<svg onload=alert(1)><script>alert(1)</script>"))
    response = serve(stored)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_social_previews_use_the_16_9_crop_with_its_size(client):
    article = article_with_hero(jpeg((1600, 1200)))
    page = html.fromstring(client.get(article.get_absolute_url()).content.decode())
    meta = {tag.get("property"): tag.get("content") for tag in page.xpath("//meta[@property]")}
    assert without_digest(meta["og:image"]).endswith("/16x9-w1200.jpg")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "675")
