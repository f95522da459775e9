"""The admin, as an editor uses it: uploads refused with a reason, previews, and the focal-point picker."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from lxml import html

from articles.models import Article, Author
from images import specs
from images.models import ImageMeta, Rendition
from tests.support.admin import form_data
from tests.support.factories import make_article, make_author
from tests.support.images import (
    GPS_IFD,
    HTML,
    SVG,
    article_with_hero,
    decompression_bomb_png,
    jpeg,
    noisy_jpeg,
    open_bytes,
    phone_photo,
    upload,
    without_digest,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")  # noqa: S106
    client.force_login(user)
    return user


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def post_with_file(client, obj, field, file, form_id, **changes):
    data = form_data(client.get(change_url(obj)), form_id=form_id)
    return client.post(change_url(obj), {**data, **changes, field: file, "_continue": "1"})


def errors_of(response):
    page = html.fromstring(response.content.decode())
    return " ".join(item.text_content() for item in page.xpath("//ul[contains(@class, 'errorlist')]/li"))


REFUSALS = {
    "svg": (SVG, "logo.svg", "SVG images are not accepted"),
    "html-named-jpg": (HTML, "holiday.jpg", "HTML or script text, not an image"),
    "truncated-jpeg": (jpeg((1200, 800))[:4000], "cut.jpg", "truncated or corrupt"),
    "decompression-bomb": (decompression_bomb_png(), "bomb.png", "far more pixels than the limit"),
    "zero-byte": (b"", "empty.jpg", "empty"),
}


@pytest.mark.parametrize("kind", REFUSALS)
def test_refused_hero_uploads_show_the_reason_and_keep_what_was_typed(client, editor, kind):
    data, name, reason = REFUSALS[kind]
    article = make_article("Before", status="draft", published_at=None)

    response = post_with_file(client, article, "hero_image", upload(data, name), "article_form", title="Typed headline")

    assert response.status_code == 200, "the form again, not a 500 or a redirect"
    assert reason in errors_of(response)
    assert html.fromstring(response.content.decode()).get_element_by_id("id_title").get("value") == "Typed headline"
    article.refresh_from_db()
    assert article.title == "Before" and not article.hero_image


def test_over_size_and_over_pixel_uploads_are_refused_in_the_form(client, editor, settings):
    article = make_article("Limits", status="draft", published_at=None)
    settings.IMAGE_MAX_UPLOAD_BYTES = 50_000
    response = post_with_file(client, article, "hero_image", upload(noisy_jpeg((800, 600))), "article_form")
    assert "the limit is 48.8\xa0KB" in errors_of(response)

    settings.IMAGE_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    settings.IMAGE_MAX_PIXELS = 1_000_000
    response = post_with_file(client, article, "hero_image", upload(jpeg((1600, 900))), "article_form")
    assert "1600 × 900 pixels (1.4 megapixels); the limit is 1.0 megapixels" in errors_of(response)


def test_a_phone_photo_uploaded_in_the_admin_is_stored_upright_without_gps(client, editor):
    article = make_article("Clinic visit", status="draft", published_at=None)

    response = post_with_file(
        client, article, "hero_image", upload(phone_photo((1200, 800)), "IMG_2041.JPG"), "article_form",
        hero_alt="A nurse takes a blood sample",
    )  # fmt: skip

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    master = specs.parse_master(article.hero_image.name)
    assert master and (master.width, master.height) == (800, 1200), "portrait, as the phone held it"
    assert article.hero_image.name.startswith("heroes/") and "IMG_2041" not in article.hero_image.name
    served = [
        article.hero_image.name,
        *Rendition.objects.filter(image__name=article.hero_image.name).values_list("file", flat=True),
    ]
    assert len(served) == 1 + len(specs.plan(master)) == 15, "the master and every rendition"
    for name in served:
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
        assert not open_bytes(data).getexif().get_ifd(GPS_IFD) and b"Exif" not in data, name


def test_author_photo_upload_is_checked_too(client, editor):
    author = make_author("Dr Portrait")

    response = post_with_file(client, author, "photo", upload(SVG, "me.svg"), "author_form")
    assert response.status_code == 200 and "SVG images are not accepted" in errors_of(response)

    response = post_with_file(client, author, "photo", upload(jpeg((600, 600)), "me.jpg"), "author_form")
    assert response.status_code == 302
    author = Author.objects.get(pk=author.pk)
    assert specs.parse_master(author.photo.name) and author.photo.name.startswith("authors/")


def test_article_list_shows_a_thumbnail(client, editor):
    article = article_with_hero(jpeg((1600, 1200)))
    page = html.fromstring(client.get("/admin/articles/article/").content)
    thumbs = page.xpath("//td[contains(@class, 'field-hero_thumbnail')]//img/@src")
    assert thumbs and without_digest(thumbs[0]).endswith("/16x9-w192.jpg")
    assert specs.parse_master(article.hero_image.name).stem in thumbs[0]


def test_change_form_previews_the_image_and_links_to_the_focal_point(client, editor):
    article = article_with_hero()
    meta = ImageMeta.objects.get(name=article.hero_image.name)
    page = html.fromstring(client.get(change_url(article)).content)
    preview = page.xpath("//div[contains(@class, 'field-hero_preview')]")[0]
    assert without_digest(preview.xpath(".//img/@src")[0]).endswith("/full-w480.jpg")
    assert preview.xpath(".//a/@href") == [change_url(meta)]


def test_focal_point_picker_is_a_static_script_and_typed_coordinates_remake_the_crops(client, editor):
    article = article_with_hero(jpeg((1600, 1200)))
    meta = ImageMeta.objects.get(name=article.hero_image.name)

    page = html.fromstring(client.get(change_url(meta)).content)
    picker = page.xpath("//div[@class='focal-picker']")[0]
    assert picker.get("data-focal-x") == "id_focal_x" and without_digest(picker.xpath(".//img/@src")[0]).endswith(
        "/full-w800.jpg"
    )
    assert any(src.endswith("images/focal-point.js") for src in page.xpath("//script/@src"))
    assert not picker.xpath(".//script") and "onclick" not in html.tostring(picker).decode()

    response = client.post(change_url(meta), {"focal_x": "0.25", "focal_y": "0.4"})

    assert response.status_code == 302
    meta.refresh_from_db()
    assert meta.focal_point == (0.25, 0.4)
    crop = Rendition.objects.get(image=meta, spec="16x9-w480.jpg")
    assert (crop.focal_x, crop.focal_y) == (0.25, 0.4)


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        ("1.5", "0.5", "less than or equal to 1.0"),
        ("0.5", "", "both coordinates"),
        ("left", "0.5", "Enter a number"),
    ],
)
def test_a_bad_focal_point_is_refused_with_a_message(client, editor, x, y, message):
    meta = ImageMeta.objects.get(name=article_with_hero().hero_image.name)
    response = client.post(change_url(meta), {"focal_x": x, "focal_y": y})
    assert response.status_code == 200 and message in response.content.decode()
    assert ImageMeta.objects.get(pk=meta.pk).focal_point is None


def test_the_published_page_serves_webp_renditions_of_the_admin_upload(client, editor):
    article = make_article("Ready", status="draft", published_at=None)
    post_with_file(client, article, "hero_image", upload(phone_photo((1200, 800)), "p.jpg"), "article_form")
    Article.objects.filter(pk=article.pk).update(status="published", published_at=article.created_at)
    client.logout()

    page = html.fromstring(client.get(article.get_absolute_url()).content)
    source = page.xpath("//figure//picture//source[@type='image/webp']")[0]
    assert [part.split()[-1] for part in source.get("srcset").split(", ")] == ["480w", "800w"]
