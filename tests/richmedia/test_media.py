"""Our own video and audio: uploads judged by content, players with poster and tracks, text before publishing."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from lxml import html

from articles.sanitize import render_body, sanitize_html
from articles.workflow import missing_for_publication
from images.models import BodyImage
from images.services import store_normalised
from richmedia.models import CaptionTrack, MediaFile
from tests.support.factories import make_article
from tests.support.images import HTML, jpeg, upload
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:richmedia_mediafile_add")

MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 200
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\0" * 99
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 50
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello, and welcome.\n"


def media_upload(data, name, content_type):
    return upload(data, name=name, content_type=content_type)


def post_media(client, data, name="clip.mp4", content_type="video/mp4", **fields):
    values = {
        "file": media_upload(data, name, content_type),
        "title": "How trials work",
        "description": "A nurse explains the three phases at a whiteboard.",
        "transcript": "Hello, and welcome.",
        "credit": "",
        "tracks-TOTAL_FORMS": "0",
        "tracks-INITIAL_FORMS": "0",
        **fields,
    }
    return client.post(ADD_URL, values)


@pytest.mark.parametrize(
    ("data", "name", "claimed", "content_type", "kind"),
    [
        (MP4, "trial.mp4", "video/mp4", "video/mp4", "video"),
        (WEBM, "trial.webm", "video/webm", "video/webm", "video"),
        (MP3, "podcast.mp3", "audio/mpeg", "audio/mpeg", "audio"),
        (MP4, "named-wrongly.mp3", "audio/mpeg", "video/mp4", "video"),  # the content decides, not the name
    ],
)
def test_a_writer_uploads_video_or_audio_judged_by_content(client, data, name, claimed, content_type, kind):
    writer = make_staff("writer", "bea")
    client.force_login(writer)
    response = post_media(client, data, name, claimed)
    assert response.status_code == 302, response.content.decode()[:2000]
    media = MediaFile.objects.get()
    assert (media.content_type, media.kind, media.uploaded_by) == (content_type, kind, writer)
    assert media.file.name.startswith("av/") and name.split(".")[0] not in media.file.name  # a generated name


@pytest.mark.parametrize(
    ("data", "name", "claimed"),
    [
        (HTML, "clip.mp4", "video/mp4"),  # a video file that is really HTML
        (jpeg(), "clip.webm", "video/webm"),
        (b"", "empty.mp3", "audio/mpeg"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + b"\x00" * 100, "clip.mp4", "video/mp4"),  # QuickTime
    ],
)
def test_anything_else_is_refused_with_a_message(client, data, name, claimed):
    client.force_login(make_staff("writer", "bea"))
    response = post_media(client, data, name, claimed)
    assert response.status_code == 200
    assert not MediaFile.objects.exists()
    text = response.content.decode()
    assert "not an MP4 or WebM video" in text or "too short" in text or "empty" in text


def test_a_file_over_the_size_limit_is_refused(client, settings):
    settings.RICHMEDIA_MAX_UPLOAD_BYTES = 100
    client.force_login(make_staff("writer", "bea"))
    response = post_media(client, MP4)
    assert response.status_code == 200 and "the limit is 100" in response.content.decode()
    assert not MediaFile.objects.exists()


def test_caption_tracks_must_be_webvtt(client):
    client.force_login(make_staff("writer", "bea"))
    tracks = {
        "tracks-TOTAL_FORMS": "1",
        "tracks-0-kind": "captions",
        "tracks-0-language": "en",
        "tracks-0-label": "English",
    }
    bad = {**tracks, "tracks-0-file": media_upload(HTML, "c.vtt", "text/vtt")}
    response = post_media(client, MP4, **bad)
    assert response.status_code == 200 and "not a WebVTT file" in response.content.decode()
    good = {**tracks, "tracks-0-file": media_upload(VTT, "c.vtt", "text/vtt")}
    assert post_media(client, MP4, **good).status_code == 302
    assert CaptionTrack.objects.get().file.name.endswith(".vtt")


def stored_media(kind="video", transcript="Hello.", description="A nurse at a whiteboard.", poster=None):
    media = MediaFile(
        kind=kind,
        content_type="video/mp4" if kind == "video" else "audio/mpeg",
        title="How trials work",
        transcript=transcript,
        description=description,
        poster=poster,
        credit="Video: Newsroom Health",
    )
    media.file.save("x.mp4", ContentFile(MP4), save=False)
    media.save()
    return media


def test_a_media_block_becomes_a_player_with_poster_tracks_and_transcript():
    poster = BodyImage(alt="Poster")
    store_normalised(poster.file, upload(jpeg((1600, 900))))
    poster.save()
    media = stored_media(poster=poster)
    track = CaptionTrack(media=media, language="en", label="English")
    track.file.save("c.vtt", ContentFile(VTT), save=False)
    track.save()
    body = sanitize_html(f"<p>Watch.</p>{media.block}<p>After.</p>")
    page = html.fragment_fromstring(render_body(body), create_parent="div")
    (video,) = page.xpath("//video")
    assert video.get("preload") == "none" and video.get("controls") is not None
    assert video.get("poster").startswith("/media/") and video.get("poster") != poster.file.url
    assert video.xpath("./source/@src") == [media.file.url] and video.xpath("./source/@type") == ["video/mp4"]
    assert video.xpath(".//track/@src") == [track.file.url] and video.xpath(".//track/@srclang") == ["en"]
    assert page.xpath("//details/summary")[0].text == "Transcript"
    assert [p.text for p in page.xpath("/div/p")] == ["Watch.", "After."]


def test_audio_gets_an_audio_player():
    media = stored_media(kind="audio")
    page = html.fragment_fromstring(render_body(sanitize_html(media.block)), create_parent="div")
    assert page.xpath("//audio[@preload='none']/source/@type") == ["audio/mpeg"]
    assert not page.xpath("//video")


def test_a_block_whose_file_is_gone_is_dropped():
    assert render_body(sanitize_html('<figure data-media="999"></figure><p>x</p>')) == "<p>x</p>"


def test_publishing_needs_alt_text_and_a_transcript_for_each_file():
    media = stored_media(transcript="", description="")
    article = make_article("With a video", body=f"<p>Watch.</p>{media.block}")
    missing = missing_for_publication(article)
    assert "alt text for the video “How trials work”" in missing
    assert "a transcript for “How trials work”" in missing
    MediaFile.objects.filter(pk=media.pk).update(transcript="Hello.", description="A nurse.")
    assert not [words for words in missing_for_publication(article) if "How trials work" in words]


def test_media_files_are_served_as_themselves_in_local_mode(client, settings):
    from images.views import SAFE_MEDIA_TYPES

    assert {"video/mp4", "video/webm", "audio/mpeg", "text/vtt"} <= SAFE_MEDIA_TYPES


def test_a_changed_transcript_reaches_the_stories_that_show_the_file(client):
    media = stored_media(transcript="First words.")
    story = make_article("With a video", body=f"<p>Watch.</p>{media.block}")
    assert "First words." in client.get(story.get_absolute_url()).content.decode()
    client.force_login(make_staff("editor", "ed"))
    url = reverse("admin:richmedia_mediafile_change", args=[media.pk])
    form = {"title": media.title, "description": media.description, "transcript": "Corrected words.",
            "credit": media.credit, "tracks-TOTAL_FORMS": "0", "tracks-INITIAL_FORMS": "0"}  # fmt: skip
    assert client.post(url, form).status_code == 302
    client.logout()
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Corrected words." in page and "First words." not in page


def test_a_deleted_file_leaves_the_stories_and_the_media_folder(client, admin_user):
    media = stored_media()
    stored = media.file.name
    story = make_article("With a video", body=f"<p>Watch.</p>{media.block}")
    assert "<video" in client.get(story.get_absolute_url()).content.decode()
    client.force_login(admin_user)  # deleting a library file is an admin's call
    url = reverse("admin:richmedia_mediafile_delete", args=[media.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not media.file.storage.exists(stored)
    client.logout()
    assert "<video" not in client.get(story.get_absolute_url()).content.decode()
