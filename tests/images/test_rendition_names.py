"""Renditions are named by their content: a changed crop gets a new address, so no cache keeps an old one."""

from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from lxml import html
from PIL import Image

from articles import pending
from articles.models import Article
from images import services, specs
from images.delivery import social_rendition
from images.models import ImageMeta, Rendition
from tests.support.images import article_with_hero, encode, jpeg, without_digest

pytestmark = pytest.mark.django_db

SQUARE = specs.Spec("1:1", 480, 480, "jpg")
WHOLE = specs.Spec("", 800, 600, "jpg")


def og_image(client, article):
    page = html.fromstring(client.get(article.get_absolute_url()).content.decode())
    return page.xpath("//meta[@property='og:image']/@content")[0]


@pytest.fixture
def article():
    """A 4:3 hero: its 16:9 and 1:1 crops are real crops."""
    return article_with_hero(jpeg((1600, 1200)))


def test_a_new_focal_point_gives_the_crops_new_addresses(client, article):
    meta = ImageMeta.objects.get(name=article.hero_image.name)
    before = og_image(client, article)

    services.set_focal_point(meta, (0.9, 0.2))

    article.refresh_from_db()
    after = og_image(client, article)
    assert after != before, "the social crop changed, so its address must too"
    assert without_digest(after).endswith("/16x9-w1200.jpg")
    assert default_storage.exists(after.split("/media/", 1)[1])


def test_the_image_name_carries_the_focal_point_and_every_field_follows(article):
    meta = ImageMeta.objects.get(name=article.hero_image.name)
    old_name = meta.name

    services.set_focal_point(meta, (0.25, 0.7))

    assert meta.name.endswith("_f0250-0700.jpg") and meta.name != old_name
    assert specs.parse_master(meta.name).focal == (0.25, 0.7)
    assert Article.objects.get(pk=article.pk).hero_image.name == meta.name
    assert default_storage.exists(meta.name), "the master under its new name"
    assert default_storage.exists(old_name), "kept for revisions that still name it"


def test_pending_changes_follow_the_new_name_without_counting_as_an_edit(article):
    live = Article.objects.get(pk=article.pk)
    version = pending.save(article=live, content=pending.live_content(live), by=None)
    meta = ImageMeta.objects.get(name=article.hero_image.name)
    edited_at = version.updated_at

    services.set_focal_point(meta, (0.25, 0.7))

    version.refresh_from_db()
    assert version.content["hero_image"] == meta.name, "publishing them would bring the old crops back"
    assert version.updated_at == edited_at


def test_whole_image_renditions_keep_their_address_and_old_crops_are_deleted(article):
    meta = ImageMeta.objects.get(name=article.hero_image.name)
    old_square = specs.rendition_name(meta.master, SQUARE)
    whole = specs.rendition_name(meta.master, WHOLE)

    services.set_focal_point(meta, (0.1, 0.5))

    assert specs.rendition_name(meta.master, WHOLE) == whole, "the whole picture did not change"
    assert default_storage.exists(whole)
    new_square = specs.rendition_name(meta.master, SQUARE)
    assert new_square != old_square and default_storage.exists(new_square)
    assert not default_storage.exists(old_square)
    assert set(Rendition.objects.filter(image=meta, crop="1:1").values_list("file", flat=True)) >= {new_square}


def test_back_to_the_centre_restores_the_first_name(article):
    meta = ImageMeta.objects.get(name=article.hero_image.name)
    first = meta.name
    services.set_focal_point(meta, (0.8, 0.8))
    services.set_focal_point(meta, None)
    assert meta.name == first
    assert Article.objects.get(pk=article.pk).hero_image.name == first


def test_the_crop_under_a_name_is_always_cut_around_the_focal_point_in_it():
    image = Image.new("RGB", (1600, 900), "black")
    image.paste("white", (1400, 350, 1600, 550))
    article = article_with_hero(encode(image, "PNG"))
    meta = ImageMeta.objects.get(name=article.hero_image.name)
    services.set_focal_point(meta, (0.95, 0.5))
    with default_storage.open(specs.rendition_name(meta.master, SQUARE), "rb") as handle:
        assert Image.open(handle).convert("L").getpixel((470, 240)) > 200


def test_a_changed_encoder_setting_renames_every_rendition(article, monkeypatch):
    master = specs.parse_master(article.hero_image.name)
    before = specs.rendition_name(master, WHOLE)
    monkeypatch.setitem(specs.RENDITION_OPTIONS, "jpg", ("JPEG", {"quality": 70}))
    assert specs.rendition_name(master, WHOLE) != before


def test_social_rendition_needs_no_query(article, django_assert_num_queries):
    meta = ImageMeta.objects.get(name=article.hero_image.name)
    services.set_focal_point(meta, (0.3, 0.3))
    article.refresh_from_db()
    with django_assert_num_queries(0):
        ref = social_rendition(article.hero_image)
    assert ref.url.startswith("/media/renditions/")


def test_rebuild_renditions_renames_images_whose_focal_point_predates_named_crops(article):
    meta = ImageMeta.objects.get(name=article.hero_image.name)
    ImageMeta.objects.filter(pk=meta.pk).update(focal_x=0.2, focal_y=0.6)  # set before names carried it

    call_command("rebuild_renditions", "--no-progress", stdout=StringIO(), stderr=StringIO())

    meta.refresh_from_db()
    assert specs.parse_master(meta.name).focal == (0.2, 0.6)
    assert Article.objects.get(pk=article.pk).hero_image.name == meta.name
    assert default_storage.exists(specs.rendition_name(meta.master, SQUARE))


def test_a_restored_old_name_gets_its_own_crops_again(article):
    """A revision may bring back the hero's name from before a focal change: it still works."""
    meta = ImageMeta.objects.get(name=article.hero_image.name)
    services.set_focal_point(meta, (0.7, 0.3))
    old = specs.parse_master(specs.name_with_focal(meta.name, None))
    article = Article.objects.get(pk=article.pk)
    article.hero_image.name = old.name
    article.save()
    assert default_storage.exists(specs.rendition_name(old, SQUARE))
