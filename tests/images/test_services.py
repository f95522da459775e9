"""Renditions: made once, at the right widths and formats, cropped around the focal point, rebuilt on demand."""

import io
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from articles import pending
from articles.models import Article
from images import services, specs
from images.models import ImageMeta, Rendition
from tests.support.factories import make_article
from tests.support.images import GPS_IFD, article_with_hero, encode, jpeg, open_bytes, phone_photo, picture

pytestmark = pytest.mark.django_db


def stored_image(name):
    with default_storage.open(name, "rb") as handle:
        return open_bytes(handle.read())


def test_a_hero_gets_every_width_in_webp_and_jpeg_and_both_crops():
    article = article_with_hero(jpeg((2000, 1200)))

    renditions = Rendition.objects.filter(image__name=article.hero_image.name)
    full = sorted((r.width, r.height, r.format) for r in renditions if not r.crop)
    assert full == [
        (192, 115, "jpg"),  # the admin lists' thumbnail
        (480, 288, "jpg"), (480, 288, "webp"),
        (800, 480, "jpg"), (800, 480, "webp"),
        (1200, 720, "jpg"), (1200, 720, "webp"),
        (1600, 960, "jpg"), (1600, 960, "webp"),
    ]  # fmt: skip
    crops = sorted((r.crop, r.width, r.height) for r in renditions if r.crop and r.format == "webp")
    assert crops == [
        ("16:9", 480, 270),
        ("16:9", 800, 450),
        ("16:9", 1200, 675),
        ("1:1", 480, 480),
        ("1:1", 1200, 1200),
    ]
    for rendition in renditions:
        image = stored_image(rendition.file.name)
        assert image.format == {"jpg": "JPEG", "webp": "WEBP"}[rendition.format]
        assert image.size == (rendition.width, rendition.height)


def test_renditions_are_never_upscaled():
    article = article_with_hero(jpeg((600, 400)))

    renditions = Rendition.objects.filter(image__name=article.hero_image.name, format="jpg")
    assert sorted((r.crop, r.width) for r in renditions) == [
        ("", 192),
        ("", 480),
        ("", 600),
        ("16:9", 192),
        ("16:9", 480),
        ("16:9", 600),
        ("1:1", 400),
    ]


def test_crops_centre_on_the_focal_point():
    image = Image.new("RGB", (1600, 900), "black")
    image.paste("white", (1400, 350, 1600, 550))  # a white patch at the right edge
    article = article_with_hero(encode(image, "PNG"))
    meta = ImageMeta.objects.get(name=article.hero_image.name)
    square = specs.rendition_name(meta.master, specs.Spec("1:1", 480, 480, "jpg"))

    assert stored_image(square).convert("L").getextrema()[1] < 60, "centred: the patch is outside the square"

    services.set_focal_point(meta, (0.95, 0.5))

    square = specs.rendition_name(meta.master, specs.Spec("1:1", 480, 480, "jpg"))
    assert stored_image(square).convert("L").getpixel((470, 240)) > 200, "the square now keeps the patch"
    assert Rendition.objects.get(image=meta, spec="1x1-w480.jpg").focal_x == 0.95


def test_renditions_are_made_once():
    article = article_with_hero()
    with mock.patch("PIL.Image.open", wraps=Image.open) as opened:
        assert services.ensure_renditions(article.hero_image.name) == 0
        article.title = "Edited"
        article.save()
    assert opened.call_count == 0


def test_an_image_saved_outside_the_form_goes_through_the_pipeline_on_save():
    article = make_article("From the shell")
    article.hero_image = ContentFile(phone_photo(), name="IMG_0001.jpg")
    article.save()

    article.refresh_from_db()
    assert specs.parse_master(article.hero_image.name), "renamed to a generated name"
    assert not stored_image(article.hero_image.name).getexif().get_ifd(GPS_IFD)
    folder, _, stored_name = article.hero_image.name.rpartition("/")
    assert default_storage.listdir(folder)[1] == [stored_name], "the original, with its GPS, is deleted"
    assert Rendition.objects.filter(image__name=article.hero_image.name).count() == len(
        specs.plan(specs.parse_master(article.hero_image.name))
    )


def legacy_hero(article, data, name="heroes/2020/01/legacy.jpg"):
    """An image stored before the pipeline existed: plain name, metadata intact, no renditions."""
    stored = default_storage.save(name, ContentFile(data))
    Article.objects.filter(pk=article.pk).update(hero_image=stored)
    return stored


def run_rebuild(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_renditions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_rebuild_renditions_normalises_old_images_and_makes_what_is_missing():
    done = article_with_hero(title="Done already")
    legacy = legacy_hero(make_article("Old story"), phone_photo())

    out, err = run_rebuild()

    old = Article.objects.get(title="Old story")
    assert specs.parse_master(old.hero_image.name) and not default_storage.exists(legacy)
    assert not stored_image(old.hero_image.name).getexif()
    assert "2 images" in out and "0 failed" in out
    assert "2/2 images" in err, "the progress bar"
    assert Rendition.objects.filter(image__name=done.hero_image.name).count() == 13, "16:9: 8 + 4 + 1 thumbnail"


def stored_files():
    return {path for path in Path(default_storage.location).rglob("*") if path.is_file()}


def test_an_image_replaced_while_its_old_file_is_normalised_stays_replaced():
    article = make_article("Old story")
    legacy = legacy_hero(article, phone_photo())
    read_by_the_run = Article.objects.get(pk=article.pk)
    fresh = article_with_hero(title="An editor's upload").hero_image.name
    Article.objects.filter(pk=article.pk).update(hero_image=fresh)  # the editor's new picture lands meanwhile
    files_before = stored_files()

    assert services.normalise_stored(read_by_the_run, "hero_image") is None

    assert Article.objects.get(pk=article.pk).hero_image.name == fresh
    assert stored_files() == files_before - {Path(default_storage.path(legacy))}, "no orphan copy left behind"
    assert not default_storage.exists(legacy), "the unused original (it may carry GPS data) is deleted"


def test_pending_changes_naming_an_old_file_follow_it_when_it_is_normalised():
    article = make_article("Old story")
    legacy = legacy_hero(article, phone_photo())
    live = Article.objects.get(pk=article.pk)
    version = pending.save(article=live, content=pending.live_content(live), by=None)
    assert version.content["hero_image"] == legacy

    new_name = services.normalise_stored(live, "hero_image")

    version.refresh_from_db()
    assert version.content["hero_image"] == new_name != legacy


def test_rebuild_renditions_resumes_and_force_remakes_everything():
    article = article_with_hero()
    total = Rendition.objects.count()
    Rendition.objects.filter(spec__startswith="full-w1600").delete()  # as if interrupted

    out, _ = run_rebuild()
    assert "2 renditions made" in out
    assert Rendition.objects.count() == total

    out, _ = run_rebuild()
    assert "0 renditions made" in out

    out, _ = run_rebuild("--force")
    assert f"{total} renditions made" in out
    assert Rendition.objects.filter(image__name=article.hero_image.name).count() == total


def test_rebuild_renditions_verify_files_remakes_deleted_files():
    article = article_with_hero()
    rendition = Rendition.objects.get(image__name=article.hero_image.name, spec="full-w800.webp")
    default_storage.delete(rendition.file.name)

    out, _ = run_rebuild("--verify-files")

    assert "1 renditions made" in out and default_storage.exists(rendition.file.name)


def test_rebuild_renditions_reports_a_failure_and_carries_on():
    broken = article_with_hero(title="Broken")
    fine = article_with_hero(title="Fine", data=jpeg((1000, 600)))
    Rendition.objects.all().delete()
    default_storage.delete(broken.hero_image.name)  # the master is gone

    with pytest.raises(CommandError, match="1 image"):
        run_rebuild()

    assert Rendition.objects.filter(image__name=fine.hero_image.name).exists()
    assert not Rendition.objects.filter(image__name=broken.hero_image.name).exists()


def test_author_photos_get_renditions_too():
    from tests.support.factories import make_author

    author = make_author("Dr Photo")
    author.photo = ContentFile(encode(picture((500, 700)), "JPEG"), name="me.jpg")
    author.save()
    author.refresh_from_db()
    assert Rendition.objects.filter(image__name=author.photo.name, crop="1:1").exists()


def test_a_crop_that_is_the_whole_image_reuses_the_whole_image_renditions():
    article = article_with_hero(jpeg((1600, 900)))  # already 16:9

    specs_made = set(Rendition.objects.filter(image__name=article.hero_image.name).values_list("spec", flat=True))
    assert not any(spec.startswith("16x9") for spec in specs_made)
    master = specs.parse_master(article.hero_image.name)
    assert {spec.key for spec in specs.crop_specs(master, "16:9")} <= specs_made
