"""The body editor's image picker: search the library, page through thumbnails, upload through the safe pipeline."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from lxml import html

from articles.roles import assign_role
from images.models import BodyImage
from images.services import store_normalised
from richmedia.picker import PAGE_SIZE
from tests.support.images import HTML, jpeg, upload

pytestmark = pytest.mark.django_db
PICKER = reverse("richmedia:image_picker")


def staff(client, role):
    user = get_user_model().objects.create_user(f"{role}-user", f"{role}@example.com", "pw")  # noqa: S106
    assign_role(user, role)
    client.force_login(user)
    return user


def body_image(alt, caption="", credit="", by=None):
    image = BodyImage(alt=alt, caption=caption, credit=credit, uploaded_by=by)
    store_normalised(image.file, upload(jpeg((800, 600))))
    image.save()
    return image


def choices(response):
    assert response.status_code == 200, response.content[:500]
    return html.fromstring(response.content.decode()).xpath("//button[contains(@class, 'image-picker__choose')]")


def test_a_writer_sees_the_library_with_thumbnails_and_what_each_pick_hands_back(client):
    writer = staff(client, "writer")
    image = body_image("A nurse reads a chart", caption="Ward rounds at dawn.", credit="Photo: A. Lee", by=writer)
    (button,) = choices(client.get(PICKER, {"CKEditorFuncNum": "-1"}))
    assert button.get("data-url") == image.file.url
    assert button.get("data-alt") == "A nurse reads a chart"
    assert button.get("data-caption") == "Ward rounds at dawn. Photo: A. Lee"
    thumbnail = button.xpath(".//img")[0]
    assert thumbnail.get("src").startswith("/media/") and thumbnail.get("src") != image.file.url  # a rendition


def test_search_finds_by_alt_caption_or_credit(client):
    writer = staff(client, "writer")
    body_image("A nurse reads a chart", by=writer)
    body_image("An MRI scanner", credit="Photo: Clinic archive", by=writer)
    body_image("A pharmacy shelf", caption="Stock of statins", by=writer)
    found = lambda q: [b.get("data-alt") for b in choices(client.get(PICKER, {"CKEditorFuncNum": "1", "q": q}))]  # noqa: E731
    assert found("nurse") == ["A nurse reads a chart"]
    assert found("archive") == ["An MRI scanner"]
    assert found("STATINS") == ["A pharmacy shelf"]
    assert found("nothing like this") == []


def test_the_library_is_paged_with_a_fixed_number_of_queries(client, django_assert_num_queries):
    writer = staff(client, "writer")
    for number in range(PAGE_SIZE + 2):
        body_image(f"Picture {number}", by=writer)
    # session, user, their two-factor devices, their permissions (two), count, the page of images
    with django_assert_num_queries(7):
        first = choices(client.get(PICKER, {"CKEditorFuncNum": "1"}))
    assert len(first) == PAGE_SIZE
    assert len(choices(client.get(PICKER, {"CKEditorFuncNum": "1", "page": "2"}))) == 2


def test_an_upload_goes_through_the_pipeline_and_is_handed_back_at_once(client):
    writer = staff(client, "writer")
    response = client.post(
        f"{PICKER}?CKEditorFuncNum=-3",
        {"file": upload(jpeg((1200, 800))), "alt": "A clinic waiting room", "caption": "Morning", "credit": "Photo: B"},
    )
    image = BodyImage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{PICKER}?CKEditorFuncNum=-3&insert={image.pk}"
    assert image.uploaded_by == writer and image.file.name.startswith("body/")
    (button,) = choices(client.get(response["Location"]))
    assert button.get("data-insert-now") is not None  # picker.js hands it to the editor on load


def test_an_upload_without_alt_text_is_refused_with_a_message(client):
    staff(client, "writer")
    response = client.post(f"{PICKER}?CKEditorFuncNum=1", {"file": upload(jpeg()), "alt": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not BodyImage.objects.exists()


def test_an_html_file_posing_as_an_image_is_refused(client):
    staff(client, "writer")
    response = client.post(f"{PICKER}?CKEditorFuncNum=1", {"file": upload(HTML, name="x.jpg"), "alt": "Sneaky"})
    assert response.status_code == 400
    assert not BodyImage.objects.exists()


@pytest.mark.parametrize("number", ["", "abc", "1);alert(1", "99999999999"])
def test_the_picker_needs_a_plain_callback_number(client, number):
    staff(client, "writer")
    assert client.get(PICKER, {"CKEditorFuncNum": number}).status_code == 400


@pytest.mark.parametrize("insert", ["²", "١٢", "-1", "1.0", "abc", "9" * 19])
def test_the_picture_to_insert_must_be_a_plain_number(client, insert):
    staff(client, "writer")
    response = client.get(PICKER, {"CKEditorFuncNum": "1", "insert": insert})
    assert response.status_code == 400
    assert "insert=" in response.content.decode()


def test_staff_without_rights_are_refused_before_the_request_is_checked(client):
    client.force_login(get_user_model().objects.create_user("clerk", is_staff=True))
    assert client.get(PICKER).status_code == 403
    assert client.get(PICKER, {"CKEditorFuncNum": "1);alert(1"}).status_code == 403
    assert client.get(PICKER, {"CKEditorFuncNum": "1", "insert": "²"}).status_code == 403


def test_readers_are_sent_to_sign_in_and_staff_without_rights_refused(client):
    response = client.get(PICKER, {"CKEditorFuncNum": "1"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    clerk = get_user_model().objects.create_user("clerk", is_staff=True)
    client.force_login(clerk)
    assert client.get(PICKER, {"CKEditorFuncNum": "1"}).status_code == 403
    assert client.post(f"{PICKER}?CKEditorFuncNum=1", {"alt": "x"}).status_code == 403


def test_a_writer_never_sees_another_desks_picture(client):
    other = get_user_model().objects.create_user("other-writer", "other@example.com", "pw")  # noqa: S106
    body_image("Embargoed scan", by=other)
    writer = staff(client, "writer")
    body_image("My own picture", by=writer)
    assert [b.get("data-alt") for b in choices(client.get(PICKER, {"CKEditorFuncNum": "1"}))] == ["My own picture"]
