"""Gallery blocks: several library pictures, each with caption and credit, served as a responsive grid."""

import pytest
from lxml import html

from articles.sanitize import render_body, sanitize_html
from images.models import BodyImage
from images.services import store_normalised
from tests.support.factories import make_article
from tests.support.images import jpeg, upload

pytestmark = pytest.mark.django_db


def body_image(alt):
    image = BodyImage(alt=alt)
    store_normalised(image.file, upload(jpeg((1600, 1000))))
    image.save()
    return image


def gallery(*figures):
    return '<figure data-gallery="">' + "".join(figures) + "</figure>"


def figure(src, alt, caption=""):
    caption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure><img src="{src}" alt="{alt}">{caption}</figure>'


def reader(body):
    return html.fragment_fromstring(render_body(sanitize_html(body)), create_parent="div")


def test_the_sanitizer_keeps_the_gallery_block():
    body = gallery(figure("/media/body/a.jpg", "One", "Cap"))
    assert sanitize_html(body + '<figure data-gallery="" onclick="x()"></figure>').startswith(body)


def test_a_gallery_is_a_grid_of_responsive_pictures_with_captions_and_credits():
    ward, scan = body_image("A ward at night"), body_image("An MRI scan")
    page = reader(
        "<p>Before.</p>"
        + gallery(
            figure(ward.file.url, "A ward at night", "Ward 7. <em>Photo: A. Lee</em>"),
            figure(scan.file.url, "An MRI scan", "The scanner. Photo: Clinic archive"),
        )
        + "<p>After.</p>"
    )
    (grid,) = page.xpath("//figure[@class='gallery']/ul[@class='gallery__grid']")
    items = grid.xpath("./li[@class='gallery__item']/figure")
    assert len(items) == 2
    first = items[0]
    assert first.xpath(".//picture/source[@type='image/webp']/@srcset")[0].count("w,") >= 1  # several widths
    assert first.xpath(".//img/@alt") == ["A ward at night"]
    assert first.xpath(".//img/@loading") == ["lazy"]
    assert html.tostring(first.xpath("./figcaption")[0], encoding="unicode").endswith(
        "Ward 7. <em>Photo: A. Lee</em></figcaption>"
    )
    assert [p.text for p in page.xpath("/div/p")] == ["Before.", "After."]


def test_a_gallery_without_pictures_leaves_nothing_behind():
    page = reader("<p>x</p>" + gallery("<figure><figcaption>No picture</figcaption></figure>") + "<p>y</p>")
    assert not page.xpath("//figure")
    assert [p.text for p in page.xpath("//p")] == ["x", "y"]


def test_hostile_markup_in_a_gallery_stays_inert():
    hostile = figure("/media/body/b.jpg", "y<script>alert(1)</script>")
    page = reader(gallery(figure("javascript:alert(1)", "x"), hostile))
    out = html.tostring(page, encoding="unicode")
    assert "javascript:" not in out and "<script" not in out


def test_saving_an_article_stores_the_gallery_grid():
    image = body_image("A pharmacy shelf")
    article = make_article("Photo story", body=gallery(figure(image.file.url, "A pharmacy shelf", "Stock. Photo: B")))
    assert 'class="gallery"' in article.body_html
    assert "<picture" in article.body_html
