"""Which video and audio files a staff member sees: the body images' rule (editors all of them;
writers their own uploads and the files in the bodies of articles they may edit)."""

import pytest

from articles.models import Status
from richmedia.models import MediaFile, MediaKind
from tests.support.factories import make_article, make_author
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/richmedia/mediafile/"


def media_file(title, *, uploaded_by):
    return MediaFile.objects.create(
        kind=MediaKind.VIDEO, content_type="video/mp4", file="av/stand-in.mp4", title=title, uploaded_by=uploaded_by
    )


def in_body(*files):
    return "".join(f"<p>x</p>{media.block}" for media in files)


@pytest.fixture
def newsroom():
    """Two writers on two desks, an editor, and video of each desk's drafts and published stories."""
    wren_author, otto_author = make_author("Wren Writer"), make_author("Otto Other")
    wren = make_staff("writer", "wren", author=wren_author)
    otto = make_staff("writer", "otto", author=otto_author)
    editor = make_staff("editor", "ed")
    files = {
        title: media_file(title, uploaded_by=otto if title.startswith("otto") else editor)
        for title in ("otto's own upload", "otto's embargo video", "wren's draft video", "wren's published video")
    }
    files["wren's own upload"] = media_file("wren's own upload", uploaded_by=wren)
    make_article(
        "Otto's embargoed trial",
        status=Status.DRAFT,
        published_at=None,
        authors=[otto_author],
        body=in_body(files["otto's embargo video"]),
    )
    make_article(
        "Wren's draft",
        status=Status.DRAFT,
        published_at=None,
        authors=[wren_author],
        body=in_body(files["wren's draft video"]),
    )
    make_article("Wren's published story", authors=[wren_author], body=in_body(files["wren's published video"]))
    return {"wren": wren, "otto": otto, "editor": editor, "files": files}


def titles(queryset):
    return sorted(queryset.values_list("title", flat=True))


def test_a_writer_sees_their_uploads_and_the_files_of_drafts_they_may_edit(newsroom):
    assert titles(MediaFile.objects.visible_to(newsroom["wren"])) == ["wren's draft video", "wren's own upload"]


def test_another_desks_embargoed_file_stays_hidden(newsroom):
    assert "otto's embargo video" not in titles(MediaFile.objects.visible_to(newsroom["wren"]))
    assert titles(MediaFile.objects.visible_to(newsroom["otto"])) == ["otto's embargo video", "otto's own upload"]


def test_an_editor_sees_every_file(newsroom):
    assert len(titles(MediaFile.objects.visible_to(newsroom["editor"]))) == 5


def test_visibility_is_one_query(newsroom, django_assert_num_queries):
    wren = newsroom["wren"]
    wren.has_perm("articles.change_any_article")  # permissions are cached on the user after the first check
    with django_assert_num_queries(1):
        list(MediaFile.objects.visible_to(wren))


def test_the_admin_lists_and_opens_only_the_files_a_writer_may_see(client, newsroom):
    client.force_login(newsroom["wren"])
    listing = client.get(LIST_URL).content.decode()
    assert "wren&#x27;s draft video" in listing and "wren&#x27;s own upload" in listing
    assert "otto&#x27;s embargo video" not in listing and "otto&#x27;s own upload" not in listing
    hidden = newsroom["files"]["otto's embargo video"]
    assert client.get(f"{LIST_URL}{hidden.pk}/change/").status_code == 302  # the admin's "does not exist"
    client.post(f"{LIST_URL}{hidden.pk}/change/", {"title": "taken over"})
    hidden.refresh_from_db()
    assert hidden.title == "otto's embargo video"
