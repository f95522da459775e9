"""No dead ends for the desk: the hero's focal point for whoever may edit the story, an uploader shown by name."""

import pytest
from django.test import Client

from articles.models import Status
from images.models import BodyImage, ImageMeta
from tests.support.images import article_with_hero
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


def meta_url(meta):
    return f"/admin/images/imagemeta/{meta.pk}/change/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_whoever_may_edit_the_story_sets_its_heros_focal_point(role):
    user = make_staff(role, f"{role}1")
    article = article_with_hero(status=Status.DRAFT, days_ago=None, created_by=user)
    meta = ImageMeta.objects.get(name=article.hero_image.name)
    client = signed_in(user)
    assert client.get(meta_url(meta)).status_code == 200
    response = client.post(meta_url(meta), {"focal_x": "0.3", "focal_y": "0.6"})
    assert response.status_code == 302
    meta.refresh_from_db()
    assert meta.focal_point == (0.3, 0.6)


def test_a_writer_cannot_set_the_focal_point_of_someone_elses_story():
    article = article_with_hero(status=Status.DRAFT, days_ago=None, created_by=make_staff("writer", "otto"))
    meta = ImageMeta.objects.get(name=article.hero_image.name)
    response = signed_in(make_staff("writer", "wren")).post(meta_url(meta), {"focal_x": "0.3", "focal_y": "0.6"})
    assert response.status_code == 403
    meta.refresh_from_db()
    assert meta.focal_point is None


def test_a_body_images_uploader_is_a_name_not_a_link_to_an_admins_page():
    editor = make_staff("editor", "edith", first_name="Edith", last_name="Park")
    image = BodyImage.objects.create(alt="A chart", uploaded_by=editor)
    page = signed_in(editor).get(f"/admin/images/bodyimage/{image.pk}/change/").content.decode()
    assert "Edith Park" in page
    assert "/admin/auth/user/" not in page
