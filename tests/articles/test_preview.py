"""Staff preview and expiring share links: the real article page, never cached, never indexed, never leaked."""

from datetime import timedelta

import lxml.html
import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles import preview, workflow
from articles.models import PreviewLink, Status
from tests.support.admin import change_url, messages_of
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
        # Parts kept in the cache (the most-read list) render again, so both see every template's context.
        cache.clear()
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

    def test_link_to_another_article_or_link_cannot_be_forged(self, client, staff, draft):
        other = ready_article("Other secret")
        token = preview.make_share_token(draft)
        other_link = preview.make_share_token(other)
        data = signing.loads(token, salt=preview.SALT)
        # Another link's id with this link's key: signed correctly, but the key is not that link's.
        forged = signing.dumps({"link": signing.loads(other_link, salt=preview.SALT)["link"], "key": data["key"]},
                               salt=preview.SALT)  # fmt: skip
        assert client.get(f"/preview/shared/{forged}/").status_code == 404
        # The old, row-less shape of token opens nothing.
        old_shape = signing.dumps({"article": other.pk}, salt=preview.SALT)
        assert client.get(f"/preview/shared/{old_shape}/").status_code == 404

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


class TestLinkRows:
    """Each link is a row: listed on the article's admin page, revocable, and gone with the article's visibility."""

    def test_the_row_records_who_and_when_but_never_the_token(self, staff, draft, time_machine):
        time_machine.move_to(timezone.now(), tick=False)
        token = preview.make_share_token(draft, by=staff["editor"])
        link = PreviewLink.objects.get()
        assert (link.article, link.created_by, link.created_at) == (draft, staff["editor"], timezone.now())
        assert link.expires_at == timezone.now() + timedelta(hours=72)
        key = signing.loads(token, salt=preview.SALT)["key"]
        stored = " ".join(str(value) for value in PreviewLink.objects.values().get().values())
        assert token not in stored and key not in stored

    def test_the_change_page_lists_live_links_with_maker_and_expiry(self, client, staff, draft, time_machine):
        time_machine.move_to(timezone.now(), tick=False)
        live = PreviewLink.objects.get(pk=signing.loads(preview.make_share_token(draft, by=staff["editor"]),
                                                        salt=preview.SALT)["link"])  # fmt: skip
        revoked_token = preview.make_share_token(draft, by=staff["editor"])
        preview.revoke_link(draft, signing.loads(revoked_token, salt=preview.SALT)["link"], by=staff["editor"])
        time_machine.shift(timedelta(hours=1))
        client.force_login(staff["editor"])
        page = lxml.html.fromstring(client.get(change_url(draft)).content)
        rows = page.xpath('//*[@id="preview-links"]//tbody/tr')
        assert [row.get("id") for row in rows] == [f"preview-link-{live.pk}"]
        text = rows[0].text_content()
        assert "Editor" in text
        assert workflow.format_time(live.created_at)[:11] in text
        expires = rows[0].xpath(".//time")[1].get("datetime")
        assert expires == timezone.localtime(live.expires_at).isoformat(timespec="seconds")
        assert rows[0].xpath('.//button[@name="preview-link"]')[0].get("value") == str(live.pk)

    def test_a_writer_sees_no_link_list(self, client, staff, draft):
        preview.make_share_token(draft, by=staff["editor"])
        client.force_login(staff["writer"])
        page = client.get(change_url(draft))
        assert page.status_code == 200
        assert b'id="preview-links"' not in page.content

    def test_an_editor_revokes_one_link_and_the_others_still_open(self, client, staff, draft):
        first, second = preview.make_share_token(draft), preview.make_share_token(draft)
        link_id = signing.loads(first, salt=preview.SALT)["link"]
        client.force_login(staff["editor"])
        response = client.post(revoke_url(draft), {"preview-link": link_id})
        assert response.status_code == 302
        assert any("revoked" in message for message in messages_of(response))
        client.logout()
        gone = client.get(f"/preview/shared/{first}/")
        assert gone.status_code == 403
        assert "withdrawn" in gone.content.decode()
        assert b"Embargoed" not in gone.content
        assert client.get(f"/preview/shared/{second}/").status_code == 200
        link = PreviewLink.objects.get(pk=link_id)
        assert link.revoked_by == staff["editor"] and link.revoked_at is not None

    def test_revoking_twice_or_another_articles_link_changes_nothing(self, client, staff, draft):
        other = ready_article("Other story")
        token = preview.make_share_token(other)
        link_id = signing.loads(token, salt=preview.SALT)["link"]
        client.force_login(staff["editor"])
        response = client.post(revoke_url(draft), {"preview-link": link_id})
        assert any("already expired or been revoked" in message for message in messages_of(response))
        client.logout()
        assert client.get(f"/preview/shared/{token}/").status_code == 200

    @pytest.mark.parametrize("value", ["", "abc", "-1", "²", "9" * 40])
    def test_a_bad_link_id_is_400(self, client, staff, draft, value):
        client.force_login(staff["editor"])
        assert client.post(revoke_url(draft), {"preview-link": value}).status_code == 400

    def test_a_writer_cannot_revoke(self, client, staff, draft):
        token = preview.make_share_token(draft)
        client.force_login(staff["writer"])
        link_id = signing.loads(token, salt=preview.SALT)["link"]
        assert client.post(revoke_url(draft), {"preview-link": link_id}).status_code == 403
        client.logout()
        assert client.get(f"/preview/shared/{token}/").status_code == 200

    def test_revoke_only_accepts_post(self, client, staff, draft):
        client.force_login(staff["editor"])
        assert client.get(revoke_url(draft)).status_code == 405

    @pytest.mark.parametrize("action", ["unpublish", "archive"])
    def test_taking_a_story_down_revokes_all_its_links(self, client, staff, action):
        article = ready_article("Live story", status=Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1))
        tokens = [preview.make_share_token(article), preview.make_share_token(article)]
        workflow.perform(article=article, action=action, by=staff["editor"])
        for token in tokens:
            response = client.get(f"/preview/shared/{token}/")
            assert response.status_code == 403
            assert b"Live story" not in response.content
        assert set(PreviewLink.objects.values_list("revoked_reason", flat=True)) == {
            f"The article was {workflow.ACTIONS[action].done}."
        }

    def test_archiving_a_draft_revokes_its_links(self, client, staff, draft):
        token = preview.make_share_token(draft)
        workflow.perform(article=draft, action="archive", by=staff["editor"])
        assert client.get(f"/preview/shared/{token}/").status_code == 403

    def test_publishing_keeps_the_links(self, client, staff):
        article = ready_article("Approved story", status=Status.APPROVED)
        token = preview.make_share_token(article)
        workflow.perform(article=article, action="publish", by=staff["editor"])
        assert client.get(f"/preview/shared/{token}/").status_code == 200

    def test_deleting_the_article_deletes_its_links(self, client, staff, draft):
        token = preview.make_share_token(draft)
        draft.delete()
        assert not PreviewLink.objects.exists()
        assert client.get(f"/preview/shared/{token}/").status_code == 404

    def test_a_refused_link_costs_one_query_and_a_forged_one_none(self, client, draft, django_assert_max_num_queries):
        token = preview.make_share_token(draft)
        preview.revoke_all(draft, reason="test")
        # The "unavailable" page's own chrome (navigation, footer) is the same for both.
        with django_assert_max_num_queries(10) as forged:
            assert client.get(f"/preview/shared/{token[:-2]}xx/").status_code == 404
        with django_assert_max_num_queries(len(forged.captured_queries) + 1) as refused:
            assert client.get(f"/preview/shared/{token}/").status_code == 403
        assert "articles_previewlink" in refused.captured_queries[0]["sql"]
        assert not any("articles_previewlink" in query["sql"] for query in forged.captured_queries)


def revoke_url(article):
    return reverse("admin:articles_article_revoke_preview", args=[article.pk])
