"""Hostile uploads through the admin: polyglots, empty and oversized files, tricky names, a broken disk.

Whatever is posted as a hero image is either refused with a form error or stored as a
freshly re-encoded image under a generated name (images.processing); media is served
with nosniff and never as HTML or SVG (images.views.serve_media).
"""

import errno
import io
import struct
import zlib
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from PIL import Image

from articles.models import Article, Status
from tests.support.admin import as_post, form_fields
from tests.support.factories import make_article
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def jpeg_bytes(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def jpeg_with_html_comment():
    """A valid JPEG whose COM segment is an HTML page: sniffed as HTML by a lax browser."""
    data = jpeg_bytes()
    comment = b"\xff\xfe" + struct.pack(">H", len(HTML) + 2) + HTML
    return data[:2] + comment + data[2:]


def html_then_jpeg():
    return HTML + jpeg_bytes()


def jpeg_with_zip_appended():
    zip_file = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(zip_file, "w") as archive:
        archive.writestr("payload.html", HTML)
    return jpeg_bytes() + zip_file.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims `width` x `height` pixels (a decompression bomb's first step)."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 10))
        + chunk(b"IEND", b"")
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'


@pytest.fixture
def desk(small_site):
    editor = make_staff("editor", "edith")
    article = make_article(
        "Story with a picture",
        section=small_site.section,
        authors=[small_site.author],
        tags=[small_site.tag],
        status=Status.DRAFT,
        days_ago=None,
    )
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    return {"client": client, "article": article}


def post_hero(desk, name, content, **changes):
    client, article = desk["client"], desk["article"]
    url = f"/admin/articles/article/{article.pk}/change/"
    data = as_post(form_fields(client.get(url).content, "article_form"), hero_alt="A picture", **changes)
    data["hero_image"] = SimpleUploadedFile(name, content, content_type="image/jpeg")
    return client.post(url, data)


def stored_hero(desk):
    return Article.objects.get(pk=desk["article"].pk).hero_image


REFUSED = {
    "zero bytes": ("empty.jpg", b""),
    "HTML named .jpg": ("page.jpg", HTML),
    "HTML before a JPEG": ("page.jpg", html_then_jpeg()),
    "SVG with script": ("drawing.svg", SVG),
    "SVG named .jpg": ("drawing.jpg", SVG),
    "huge dimensions in the header": ("bomb.png", png_claiming(100_000, 100_000)),
    "truncated JPEG": ("cut.jpg", jpeg_bytes()[:200]),
    "random bytes": ("noise.jpg", bytes(range(256)) * 8),
}


@pytest.mark.parametrize("case", REFUSED)
def test_hostile_files_are_refused_with_a_reason(desk, case):
    name, content = REFUSED[case]
    response = post_hero(desk, name, content, title="Title typed with the upload")
    assert response.status_code == 200, response.status_code
    assert b"errornote" in response.content or b"errorlist" in response.content
    assert not stored_hero(desk)
    # What the editor typed is still in the form, to fix the file and save again.
    assert b"Title typed with the upload" in response.content


NEUTRALISED = {
    "JPEG with an HTML comment": ("polyglot.jpg", jpeg_with_html_comment()),
    "JPEG with a ZIP appended": ("archive.jpg", jpeg_with_zip_appended()),
    "path traversal name": ("../../../../etc/cron.d/evil.jpg", jpeg_bytes()),
    "control characters in the name": ("ev\x00il\r\n\x1b[31m.jpg", jpeg_bytes()),
    "HTML extension on a real JPEG": ("page.html", jpeg_bytes()),
    "double extension": ("photo.jpg.php", jpeg_bytes()),
    "very long name": ("a" * 400 + ".jpg", jpeg_bytes()),
}


@pytest.mark.parametrize("case", NEUTRALISED)
def test_tricky_but_real_images_are_stored_re_encoded_under_a_generated_name(desk, case):
    name, content = NEUTRALISED[case]
    response = post_hero(desk, name, content)
    assert response.status_code in (200, 302)
    hero = stored_hero(desk)
    if not hero:
        assert b"errorlist" in response.content or b"errornote" in response.content  # refused is fine too
        return
    assert hero.name.startswith("heroes/")
    assert ".." not in hero.name and "\x00" not in hero.name and "evil" not in hero.name
    assert hero.name.rsplit(".", 1)[-1] in {"jpg", "jpeg", "png", "webp"}
    with default_storage.open(hero.name, "rb") as handle:
        stored = handle.read()
    assert b"<script" not in stored and b"<html" not in stored
    assert b"PK\x03\x04" not in stored
    Image.open(io.BytesIO(stored)).verify()


def test_an_unwritable_media_folder_gives_a_clear_error_and_loses_nothing(desk):
    """A full disk or a read-only media folder: the editor is told, and what they typed is not lost."""
    full = OSError(errno.ENOSPC, "No space left on device")
    with mock.patch("django.core.files.storage.FileSystemStorage._save", side_effect=full):
        response = post_hero(desk, "photo.jpg", jpeg_bytes(), title="A title typed with the upload")
    article = Article.objects.get(pk=desk["article"].pk)
    assert response.status_code == 302, response.status_code
    assert article.title == "A title typed with the upload"
    assert not article.hero_image
    page = desk["client"].get(response["Location"]).content.decode()
    assert "The image could not be stored (No space left on device)" in page


# --- Serving media ---------------------------------------------------------------------------


@pytest.fixture
def media_files(settings, tmp_path):
    root = tmp_path / "served"
    (root / "heroes").mkdir(parents=True)
    (root / "heroes" / "ok.jpg").write_bytes(jpeg_bytes())
    (root / "heroes" / "planted.html").write_bytes(HTML)
    (root / "heroes" / "planted.svg").write_bytes(SVG)
    (root / "heroes" / "noext").write_bytes(HTML)
    return root


@pytest.mark.parametrize("name", ["heroes/ok.jpg", "heroes/planted.html", "heroes/planted.svg", "heroes/noext"])
def test_media_is_never_served_as_a_page_or_an_svg(media_files, name):
    from images.views import serve_media

    response = serve_media(RequestFactory().get(f"/media/{name}"), name, document_root=str(media_files))
    assert response["X-Content-Type-Options"] == "nosniff"
    content_type = response["Content-Type"].split(";")[0]
    assert content_type not in {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml"}
    if not name.endswith(".jpg"):
        assert content_type == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment")


def test_media_paths_cannot_leave_the_media_folder(media_files):
    from django.core.exceptions import SuspiciousFileOperation
    from django.http import Http404

    from images.views import serve_media

    for path in ["../../../etc/passwd", "heroes/../../served/heroes/ok.jpg", "/etc/passwd"]:
        try:
            response = serve_media(RequestFactory().get("/media/x"), path, document_root=str(media_files / "heroes"))
        except (Http404, SuspiciousFileOperation):  # 404 and 400 as responses
            continue
        assert response.status_code in (301, 302, 404)
