"""Old WordPress addresses answer 301 to the new pages — only for public articles, never over a page of ours."""

from datetime import UTC, datetime

import pytest

from articles.models import Article, Status, Tag
from tests.support.factories import make_disclaimer
from tests.support.wordpress import HTTPS_11_EXPORT, SITE_EXPORT, run_import
from wordpress.models import ImportedPost, LegacyRedirect

pytestmark = pytest.mark.django_db

STATINS = "/article/statins-and-the-heart/"


@pytest.fixture
def site(media_dir):
    make_disclaimer(is_default=True)
    run_import(SITE_EXPORT, "--media-dir", str(media_dir))


def assert_moved(response, target):
    assert response.status_code == 301, (response.status_code, response.get("Location"))
    assert response["Location"] == target


class TestPostPermalinks:
    @pytest.mark.parametrize(
        "old",
        [
            "/?p=101",
            "/2024/03/05/statins-and-the-heart/",
            "/2024/03/statins-and-the-heart/",
            "/statins-and-the-heart/",
            "/2024/03/05/statins-and-the-heart",  # a link that lost its trailing slash
        ],
    )
    def test_every_permalink_form_moves_to_the_article(self, client, site, old):
        assert_moved(client.get(old), STATINS)

    def test_the_new_address_is_the_live_article(self, client, site):
        response = client.get("/?p=101", follow=True)
        assert response.redirect_chain == [(STATINS, 301)]
        assert response.status_code == 200
        assert "Statins &amp; the heart" in response.content.decode()

    def test_guid_permalink_of_an_older_export(self, client):
        run_import(HTTPS_11_EXPORT)
        assert_moved(client.get("/sleep-and-memory/"), "/article/sleep-and-memory/")

    def test_a_head_request_is_moved_too(self, client, site):
        assert_moved(client.head("/statins-and-the-heart/"), STATINS)


class TestOnlyPublicArticles:
    def test_draft_and_review_posts_answer_404(self, client, site):
        assert client.get("/?p=103").status_code == 200  # our home page: nothing to redirect to
        assert client.get("/2024/04/03/waiting-for-review/").status_code == 404

    def test_scheduled_post_redirects_once_it_is_live(self, client, site, time_machine):
        assert client.get("/next-years-flu-shot/").status_code == 404
        time_machine.move_to(datetime(2099, 1, 1, 9, 1, tzinfo=UTC))
        assert_moved(client.get("/next-years-flu-shot/"), "/article/next-years-flu-shot/")

    def test_unpublished_article_loses_its_redirect(self, client, site):
        Article.objects.filter(wordpress_post__wp_post_id=101).update(status=Status.UNPUBLISHED)
        assert client.get("/statins-and-the-heart/").status_code == 404

    def test_private_and_unknown_posts_are_plain_404s(self, client, site):
        assert client.get("/staff-only/").status_code == 404
        assert client.get("/2024/03/05/no-such-post/").status_code == 404
        response = client.get("/?p=999")
        assert response.status_code == 200 and "Location" not in response


class TestArchives:
    def test_category_archives_move_to_sections(self, client, site):
        assert_moved(client.get("/category/cardiology/"), "/section/cardiology/")
        assert_moved(client.get("/category/cardiology/heart-failure/"), "/section/heart-failure/")
        assert_moved(client.get("/category/vaccines/"), "/section/vaccines/")

    def test_later_pages_of_an_archive_go_to_the_first_page(self, client, site):
        assert_moved(client.get("/category/vaccines/page/3/"), "/section/vaccines/")
        assert client.get("/2024/03/05/statins-and-the-heart/page/2/").status_code == 404

    def test_our_own_tag_page_answers_without_a_redirect(self, client, site):
        response = client.get("/tag/statins/")
        assert response.status_code == 200
        assert "Location" not in response

    def test_a_renamed_tag_keeps_its_old_wordpress_address(self, client, site):
        Tag.objects.filter(slug="statins").update(slug="statin-drugs")
        assert_moved(client.get("/tag/statins/"), "/tag/statin-drugs/")

    def test_an_unknown_tag_is_still_a_404(self, client, site):
        assert client.get("/tag/never-heard-of-it/").status_code == 404


class TestNeverShadowsOurPages:
    def test_a_page_of_ours_wins_over_a_legacy_address(self, client, site):
        LegacyRedirect.objects.create(
            old_path="/section/cardiology/", article_id=ImportedPost.objects.first().article_id
        )
        assert client.get("/section/cardiology/").status_code == 200

    def test_posts_are_not_redirected(self, client, site):
        assert client.post("/statins-and-the-heart/").status_code in (403, 404, 405)
