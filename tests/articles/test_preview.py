"""Staff preview and expiring share links: the real article page, never cached, never indexed, never leaked."""

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from articles import preview
from articles.models import Status
from tests.support.admin import messages_of
from tests.support.factories import make_author, ready_article
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    writer_author = make_author("Wren Writer")
    return {
        "writer": make_staff("writer", "writer", author=writer_author),
        "other_writer": make_staff("writer", "otto"),
        "editor": make_staff("editor", "editor"),
        "writer_author": writer_author,
    }


@pytest.fixture
def draft(staff):
    return ready_article(
        "Embargoed trial results", created_by=staff["writer"], authors=[staff["writer_author"]], body="<p>Secret.</p>"
    )


def assert_private(response):
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert response["X-Robots-Tag"] == "noindex, nofollow"


class TestStaffPreview:
    def test_writer_previews_own_draft_as_readers_will_see_it(self, client, staff, draft):
        client.force_login(staff["writer"])
        response = client.get(f"/preview/{draft.pk}/")
        html = response.content.decode()
        assert response.status_code == 200
        assert_private(response)
        # The public page's own template and context: the same parts readers get.
        assert "articles/article_detail.html" in [t.name for t in response.templates]
        for part in [
            "<h1>Embargoed trial results</h1>",
            "Secret.",
            'id="related-stories"',
            'id="disclaimer"',
            "Wren Writer",
            'name="robots" content="noindex, nofollow"',
            "Preview</strong> · Draft",
        ]:
            assert part in html, part

    def test_a_published_article_previews_exactly_like_its_public_page(self, client, staff):
        import lxml.html

        article = ready_article("Live story", status=Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=2))
        ready_article("Older story", status=Status.PUBLISHED, published_at=timezone.now() - timedelta(days=2))

        def main_part(response):
            doc = lxml.html.fromstring(response.content.decode())
            return lxml.html.tostring(doc.get_element_by_id("main"))

        public = client.get(article.get_absolute_url())
        client.force_login(staff["editor"])
        staff_view = client.get(f"/preview/{article.pk}/")
        assert main_part(staff_view) == main_part(public)
        assert set(public.context.keys()) - set(staff_view.context.keys()) == set()

    def test_the_public_door_stays_shut(self, client, draft):
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_editor_previews_any_article(self, client, staff):
        article = ready_article("Someone's draft", created_by=staff["other_writer"])
        client.force_login(staff["editor"])
        assert client.get(f"/preview/{article.pk}/").status_code == 200

    def test_other_writer_is_refused(self, client, staff, draft):
        client.force_login(staff["other_writer"])
        response = client.get(f"/preview/{draft.pk}/")
        assert response.status_code == 403
        assert b"Embargoed" not in response.content

    def test_anonymous_goes_to_the_login(self, client, draft):
        response = client.get(f"/preview/{draft.pk}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")

    def test_signed_in_non_staff_is_refused(self, client, django_user_model, draft):
        client.force_login(django_user_model.objects.create_user("reader", password="pw"))  # noqa: S106
        assert client.get(f"/preview/{draft.pk}/").status_code == 403

    def test_missing_article_is_404(self, client, staff):
        client.force_login(staff["editor"])
        assert client.get("/preview/999999/").status_code == 404

    def test_scheduled_preview_says_so(self, client, staff):
        article = ready_article("Tomorrow", status=Status.PUBLISHED, published_at=timezone.now() + timedelta(days=1))
        client.force_login(staff["editor"])
        assert "Scheduled for" in client.get(f"/preview/{article.pk}/").content.decode()


class TestShareLinks:
    def make_link(self, client, staff, article):
        client.force_login(staff["editor"])
        response = client.post(f"/admin/articles/article/{article.pk}/share-preview/")
        assert response.status_code == 302
        (note,) = [m for m in messages_of(response) if "Preview link" in m]
        client.logout()
        return note.rsplit(": ", 1)[1].removeprefix("http://127.0.0.1:8000")

    def test_editor_makes_a_link_an_outsider_can_open(self, client, staff, draft):
        path = self.make_link(client, staff, draft)
        assert path.startswith("/preview/shared/")
        response = client.get(path)
        assert response.status_code == 200
        assert_private(response)
        assert response["Referrer-Policy"] == "no-referrer"
        assert "<h1>Embargoed trial results</h1>" in response.content.decode()

    def test_link_expires_after_72_hours(self, client, staff, draft, time_machine):
        time_machine.move_to(timezone.now(), tick=False)
        path = self.make_link(client, staff, draft)
        time_machine.shift(timedelta(hours=71, minutes=59))
        assert client.get(path).status_code == 200
        time_machine.shift(timedelta(minutes=2))
        response = client.get(path)
        assert response.status_code == 403
        assert "This preview link has expired" in response.content.decode()
        assert b"Embargoed" not in response.content
        assert_private(response)

    def test_max_age_is_a_setting(self, client, staff, draft, settings, time_machine):
        settings.PREVIEW_LINK_MAX_AGE_HOURS = 1
        time_machine.move_to(timezone.now(), tick=False)
        path = self.make_link(client, staff, draft)
        time_machine.shift(timedelta(minutes=61))
        assert client.get(path).status_code == 403

    @pytest.mark.parametrize(
        "mangle",
        [
            lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # altered signature
            lambda token: signing.dumps({"article": 1}, salt="another.salt"),  # signed for something else
            lambda token: "not-a-token",
            lambda token: token.replace(":", "."),  # reshaped
        ],
    )
    def test_tampered_link_is_404_and_leaks_nothing(self, client, staff, draft, mangle):
        token = self.make_link(client, staff, draft).split("/")[-2]
        response = client.get(f"/preview/shared/{mangle(token)}/")
        assert response.status_code == 404
        assert b"Embargoed" not in response.content

    def test_link_to_another_article_id_cannot_be_forged(self, client, staff, draft):
        other = ready_article("Other secret")
        token = preview.make_share_token(draft)
        payload, rest = token.split(":", 1)
        forged = signing.dumps({"article": other.pk}, salt=preview.SALT).split(":", 1)[0] + ":" + rest
        assert client.get(f"/preview/shared/{forged}/").status_code == 404

    def test_deleted_article_is_404(self, client, staff, draft):
        path = self.make_link(client, staff, draft)
        draft.delete()
        assert client.get(path).status_code == 404

    def test_writer_cannot_make_share_links(self, client, staff, draft):
        client.force_login(staff["writer"])
        assert client.post(f"/admin/articles/article/{draft.pk}/share-preview/").status_code == 403

    def test_share_endpoint_only_accepts_post(self, client, staff, draft):
        client.force_login(staff["editor"])
        assert client.get(f"/admin/articles/article/{draft.pk}/share-preview/").status_code == 405
