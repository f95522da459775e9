"""Which body images a staff member sees: editors all of them; writers their own and those of articles they may edit."""

import pytest

from articles.models import Status
from images.models import BodyImage
from tests.support.factories import make_article, make_author
from tests.support.images import jpeg, upload
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/images/bodyimage/"


def body_image(alt, *, uploaded_by=None):
    from images.services import store_normalised

    image = BodyImage(alt=alt, uploaded_by=uploaded_by)
    store_normalised(image.file, upload(jpeg((640, 480))))
    image.save()
    return image


def in_body(*images):
    return "".join(f'<p>x</p><img src="{image.file.url}" alt="{image.alt}">' for image in images)


@pytest.fixture
def newsroom():
    """Two writers on two desks, an editor, and pictures of each desk's drafts and published stories."""
    wren_author, otto_author = make_author("Wren Writer"), make_author("Otto Other")
    wren = make_staff("writer", "wren", author=wren_author)
    otto = make_staff("writer", "otto", author=otto_author)
    editor = make_staff("editor", "ed")
    images = {
        name: body_image(name, uploaded_by=otto if name.startswith("otto") else editor)
        for name in ("otto's own upload", "otto's embargo picture", "wren's draft picture", "wren's published picture")
    }
    images["wren's own upload"] = body_image("wren's own upload", uploaded_by=wren)
    make_article(
        "Otto's embargoed trial",
        status=Status.DRAFT,
        published_at=None,
        authors=[otto_author],
        body=in_body(images["otto's embargo picture"]),
    )
    make_article(
        "Wren's draft",
        status=Status.DRAFT,
        published_at=None,
        authors=[wren_author],
        body=in_body(images["wren's draft picture"]),
    )
    make_article("Wren's published story", authors=[wren_author], body=in_body(images["wren's published picture"]))
    return {"wren": wren, "otto": otto, "editor": editor, "images": images}


def alts(queryset):
    return sorted(queryset.values_list("alt", flat=True))


def test_a_writer_sees_their_uploads_and_the_pictures_of_drafts_they_may_edit(newsroom):
    assert alts(BodyImage.objects.visible_to(newsroom["wren"])) == ["wren's draft picture", "wren's own upload"]


def test_another_desks_embargoed_picture_stays_hidden(newsroom):
    assert "otto's embargo picture" not in alts(BodyImage.objects.visible_to(newsroom["wren"]))
    assert alts(BodyImage.objects.visible_to(newsroom["otto"])) == ["otto's embargo picture", "otto's own upload"]


def test_an_editor_sees_every_body_image(newsroom):
    assert len(alts(BodyImage.objects.visible_to(newsroom["editor"]))) == 5


def test_visibility_is_one_query(newsroom, django_assert_num_queries):
    wren = newsroom["wren"]
    wren.has_perm("articles.change_any_article")  # permissions are cached on the user after the first check
    with django_assert_num_queries(1):
        list(BodyImage.objects.visible_to(wren))


def test_the_admin_list_shows_a_writer_only_what_they_may_see(client, newsroom):
    client.force_login(newsroom["wren"])
    listing = client.get(LIST_URL).content.decode()
    assert "wren&#x27;s own upload" in listing and "wren&#x27;s draft picture" in listing
    assert "otto" not in listing


def test_a_writer_cannot_open_or_change_another_desks_picture(client, newsroom):
    client.force_login(newsroom["wren"])
    hidden = newsroom["images"]["otto's embargo picture"]
    response = client.get(f"{LIST_URL}{hidden.pk}/change/")
    assert response.status_code == 302  # the admin's "does not exist" redirect to its index
    response = client.post(f"{LIST_URL}{hidden.pk}/change/", {"alt": "defaced", "caption": "", "credit": ""})
    assert response.status_code == 302
    hidden.refresh_from_db()
    assert hidden.alt == "otto's embargo picture"


def test_a_writer_edits_the_picture_of_their_draft(client, newsroom):
    client.force_login(newsroom["wren"])
    mine = newsroom["images"]["wren's draft picture"]
    assert client.get(f"{LIST_URL}{mine.pk}/change/").status_code == 200
