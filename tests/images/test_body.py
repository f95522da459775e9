"""Pictures in the article body: uploaded as Body images, inserted by URL, served as responsive <picture>."""

from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lxml import html
from PIL import Image

from articles.models import Article
from articles.roles import assign_role
from images import specs
from images.models import BodyImage, Rendition
from tests.support.factories import make_article
from tests.support.images import GPS_IFD, SVG, jpeg, open_bytes, phone_photo, srcset_urls, upload, without_digest

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/images/bodyimage/add/"


def staff(client, role):
    user = get_user_model().objects.create_user(f"{role}-user", f"{role}@example.com", "pw")  # noqa: S106
    assign_role(user, role)
    client.force_login(user)
    return user


def body_image(data=None, alt="A blue test chart"):
    """A Body image stored through the same pipeline the admin form uses."""
    from images.services import store_normalised

    image = BodyImage(alt=alt)
    store_normalised(image.file, upload(data or jpeg((1200, 800))))
    image.save()
    return image


def page(response):
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def body_of(response):
    return page(response).xpath("//div[contains(@class, 'article__body')]")[0]


def test_a_writer_uploads_a_phone_photo_and_gets_it_without_gps_with_renditions_and_a_url(client):
    writer = staff(client, "writer")
    assert client.get(ADD_URL).status_code == 200, "writers may add body images"

    response = client.post(
        ADD_URL, {"file": upload(phone_photo((1200, 800))), "alt": "A clinic waiting room", "caption": "", "credit": ""}
    )

    assert response.status_code == 302, page(response).text_content()[:500]
    image = BodyImage.objects.get()
    assert image.uploaded_by == writer
    master = specs.parse_master(image.file.name)
    assert master is not None and image.file.name.startswith("body/"), "a generated name in a dated folder"
    with default_storage.open(image.file.name, "rb") as handle:
        stored = open_bytes(handle.read())
    assert not stored.getexif().get_ifd(GPS_IFD) and "exif" not in stored.info
    assert (stored.width, stored.height) == (800, 1200), "the phone's orientation was applied"
    made = set(Rendition.objects.filter(image__name=image.file.name).values_list("spec", flat=True))
    assert made == {spec.key for spec in specs.plan(master)}
    for spec in specs.plan(master):
        assert default_storage.exists(specs.rendition_name(master, spec))

    change_page = page(client.get(image.get_absolute_url()))
    assert change_page.xpath("//input[@readonly]/@value") == [image.file.url]
    assert image.file.url.startswith("/media/body/")
    thumbnails = page(client.get("/admin/images/bodyimage/")).xpath(
        "//*[contains(@class, 'field-list_thumbnail')]//img"
    )
    assert [without_digest(img.get("src")) for img in thumbnails] == [f"/media/{master.rendition_folder}/full-w192.jpg"]


def test_an_svg_body_image_is_refused_with_a_reason(client):
    staff(client, "editor")
    response = client.post(ADD_URL, {"file": upload(SVG, "chart.svg", "image/svg+xml"), "alt": "A chart"})
    assert response.status_code == 200
    assert "SVG images are not accepted" in response.content.decode()
    assert not BodyImage.objects.exists()


def test_alt_text_is_required(client):
    staff(client, "editor")
    response = client.post(ADD_URL, {"file": upload(jpeg((800, 600))), "alt": ""})
    assert response.status_code == 200 and not BodyImage.objects.exists()


def test_the_editor_offers_images_and_figures():
    from editorial.admin import BODY_EDITOR_EXTENSIONS

    assert {"Image", "Figure", "Caption"} <= set(BODY_EDITOR_EXTENSIONS)


def test_a_body_image_renders_as_a_lazy_responsive_picture(client):
    image = body_image(jpeg((1200, 800)), alt="unused")
    article = make_article(
        "Body pictures",
        body=f'<p>Before.</p><figure><img src="{image.file.url}" alt="A chart &amp; &lt;legend&gt;">'
        "<figcaption>Figure 1</figcaption></figure><p>After.</p>",
    )

    body = body_of(client.get(article.get_absolute_url()))

    picture = body.xpath(".//figure/picture")[0]
    source = picture.xpath("./source[@type='image/webp']")[0]
    img = picture.xpath(".//img")[0]  # lxml's HTML parser nests it in <source>
    master = specs.parse_master(image.file.name)
    assert (
        without_digest(source.get("srcset").split(", ")[-1].split(" ")[0])
        == f"/media/{master.rendition_folder}/full-w1200.webp"
    )
    assert "/media/" + master.rendition_folder + "/full-w480.jpg" in map(without_digest, srcset_urls(img))
    assert (img.get("width"), img.get("height")) == ("1200", "800")
    assert img.get("loading") == "lazy" and img.get("fetchpriority") is None
    assert img.get("alt") == "A chart & <legend>", "the alt the editor typed, escaped again"
    assert body.xpath(".//figcaption")[0].text == "Figure 1"
    assert [p.text for p in body.xpath("./p")] == ["Before.", "After."]


def test_outside_and_unknown_images_are_left_as_they_are(client):
    article = make_article(
        "Outside",
        body='<p><img src="https://images.example.org/x.jpg" alt="Elsewhere"></p>'
        '<p><img src="/media/uploads/old-photo.jpg" alt="Old upload"></p>',
    )

    body = body_of(client.get(article.get_absolute_url()))

    assert not body.xpath(".//picture")
    assert [(img.get("src"), img.get("alt")) for img in body.xpath(".//img")] == [
        ("https://images.example.org/x.jpg", "Elsewhere"),
        ("/media/uploads/old-photo.jpg", "Old upload"),
    ]


@pytest.mark.parametrize(
    "hostile",
    [
        '<img src="javascript:alert(1)" onerror="alert(2)" alt="x">',
        '<img src="x" onerror="alert(2)" alt="x">',
        '<img src="//evil.example/pixel.gif" alt="x">',
        '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="x">',
        '<img src="mailto:someone@example.org" alt="x">',
        '<img src="/media/../admin/" alt="x">',
    ],
)
def test_hostile_images_are_still_stripped(client, hostile):
    article = make_article("Hostile", body=f"<p>Text</p>{hostile}")

    response = client.get(article.get_absolute_url())

    body = body_of(response)
    (img,) = body.xpath(".//img")
    assert img.get("src") is None and img.get("onerror") is None
    assert "alert(" not in response.content.decode()


def test_the_page_never_opens_an_image_and_adds_no_query():
    image = body_image(jpeg((1600, 900)))
    plain = make_article("Plain")
    pictured = make_article("Pictured", body=f'<p><img src="{image.file.url}" alt="Chart"></p>')

    counts = []
    with mock.patch("PIL.Image.open", wraps=Image.open) as opened:
        for article in (plain, pictured):
            cache.clear()  # a rendered page, not the page cache
            with CaptureQueriesContext(connection) as queries:
                response = Client().get(article.get_absolute_url())
            assert response.status_code == 200
            counts.append(len(queries))

    assert opened.call_count == 0, "no image work on a page view"
    assert counts[0] == counts[1]
    assert b"<picture>" in response.content


def test_the_picture_markup_is_stored_with_the_article_when_it_is_saved():
    image = body_image(jpeg((1600, 900)))
    article = make_article("Stored", body=f'<p><img src="{image.file.url}" alt="Chart"></p>')

    stored = Article.objects.values_list("body_html", flat=True).get(pk=article.pk)

    assert stored.startswith("<p><picture>") and 'alt="Chart"' in stored
    assert article.body.startswith('<p><img src="/media/body/'), "the editor's body is kept as written"


def test_rebuild_renditions_stores_again_the_bodies_whose_pictures_changed():
    image = body_image(jpeg((1600, 900)))
    pictured = make_article("Pictured", body=f'<p><img src="{image.file.url}" alt="Chart"></p>')
    plain = make_article("Plain")
    # As after a deploy that changed the rendition plan: the stored markup is out of date.
    Article.objects.filter(pk__in=[pictured.pk, plain.pk]).update(body_html="<p>stale</p>")
    out = StringIO()

    call_command("rebuild_renditions", "--no-progress", stdout=out)

    pictured.refresh_from_db()
    plain.refresh_from_db()
    assert "<picture>" in pictured.body_html
    assert plain.body_html == "<p>stale</p>", "bodies without our pictures are not touched"
    assert "1 article bodies stored again." in out.getvalue()


def test_each_thumbnail_link_in_the_image_list_is_named_by_the_image_alt_text(client):
    staff(client, "editor")
    image = body_image(alt="A blue test chart")
    tree = page(client.get("/admin/images/bodyimage/"))
    thumbnails = tree.xpath(f"//a[contains(@href, '/{image.pk}/change/')]//img")
    assert [img.get("alt") for img in thumbnails] == ["A blue test chart"]
