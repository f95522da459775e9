"""What readers see: the pages, their parts, and what never appears on them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import related
from articles.models import Article, Status
from tests.support.factories import make_article, make_author, make_disclaimer, make_section, make_tag
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    """A small site: two sections, tagged stories, a draft and a scheduled story."""
    make_disclaimer("Disclaimer of Newsroom Health", is_default=True)
    cardio, vaccines = make_section("Cardiology", description="Heart news."), make_section("Vaccines")
    lupus, bp = make_tag("lupus", description="Stories about lupus."), make_tag("blood pressure")
    doctor = make_author("Ada Lane", credentials="MD, PhD", slug="ada-lane")
    stories = {
        "lead": make_article("Lead story", section=cardio, authors=[doctor], tags=[lupus, bp], days_ago=0),
        "older": make_article("Older story", section=cardio, authors=[doctor], tags=[bp], days_ago=3),
        "other": make_article("Vaccine story", section=vaccines, tags=[lupus], days_ago=5),
        "draft": make_article("Secret draft", section=cardio, authors=[doctor], tags=[lupus], status=Status.DRAFT),
        "future": make_article(
            "Future story",
            section=cardio,
            authors=[doctor],
            tags=[lupus, bp],
            published_at=timezone.now() + timedelta(days=2),
        ),
    }
    # Tags were set around the workflow: store the related lists as publishing would.
    related.refresh_related(story.pk for story in stories.values())
    return stories


def public_urls():
    return [
        "/",
        "/section/cardiology/",
        "/section/vaccines/",
        "/tag/lupus/",
        "/tag/blood-pressure/",
        "/author/ada-lane/",
        "/article/lead-story/",
        "/article/older-story/",
    ]


class TestArticlePage:
    def test_shows_every_part_of_the_story(self, client, newsroom):
        response = client.get("/article/lead-story/")
        html = response.content.decode()
        assert response.status_code == 200
        for part in [
            'id="article"',
            'id="related-stories"',
            'id="latest-stories"',
            'id="source"',
            'id="disclaimer"',
            'id="tags"',
            "<h1>Lead story</h1>",
            "Ada Lane",
            "MD, PhD",
            "Journal of Examples",
            "Disclaimer of Newsroom Health",
        ]:
            assert part in html, part

    def test_related_and_latest_never_show_the_story_itself(self, client, newsroom):
        context = client.get("/article/lead-story/").context
        assert newsroom["lead"] not in context["related_stories"]
        assert newsroom["lead"].pk not in [s.pk for s in context["latest_stories"]]
        assert [s.title for s in context["related_stories"]] == ["Older story", "Vaccine story"]

    def test_latest_lists_at_most_seven(self, client, newsroom):
        for n in range(10):
            make_article(f"Extra {n}", section=newsroom["lead"].section, days_ago=10 + n)
        assert len(client.get("/article/lead-story/").context["latest_stories"]) == 7

    def test_links_to_the_previous_and_next_public_story_of_its_section(self, client, newsroom):
        middle = make_article("Middle story", section=newsroom["lead"].section, days_ago=1)
        context = client.get(middle.get_absolute_url()).context
        assert (context["older_story"].title, context["older_story"].url) == ("Older story", "/article/older-story/")
        assert (context["newer_story"].title, context["newer_story"].url) == ("Lead story", "/article/lead-story/")
        assert client.get("/article/lead-story/").context["newer_story"] is None, "never the scheduled story"

    def test_the_body_shown_is_the_stored_reader_html(self, client, newsroom):
        Article.objects.filter(pk=newsroom["lead"].pk).update(body_html="<p>Stored for readers.</p>")
        assert "<p>Stored for readers.</p>" in client.get("/article/lead-story/").content.decode()

    def test_original_reporting_source_line(self, client, newsroom):
        make_article("Our own", source_name="", original_reporting=True)
        assert "original reporting" in client.get("/article/our-own/").content.decode()

    def test_drafts_and_scheduled_articles_answer_404(self, client, newsroom):
        assert client.get("/article/secret-draft/").status_code == 404
        assert client.get("/article/future-story/").status_code == 404

    def test_unknown_slug_answers_404_in_the_site_look(self, client, newsroom):
        response = client.get("/article/no-such-story/")
        assert response.status_code == 404
        assert "We could not find that page" in response.content.decode()


class TestListPages:
    @pytest.mark.parametrize("url", public_urls())
    def test_no_draft_or_scheduled_story_on_any_public_page(self, client, newsroom, url):
        html = client.get(url).content.decode()
        assert "Secret draft" not in html
        assert "Future story" not in html

    def test_home_has_lead_latest_and_section_fronts(self, client, newsroom):
        response = client.get("/")
        assert response.context["lead_story"] == newsroom["lead"]
        assert [s.title for s in response.context["stories"]] == ["Older story", "Vaccine story"]
        assert [section.name for section, _ in response.context["section_fronts"]] == ["Cardiology", "Vaccines"]

    def test_section_page_lists_its_stories_newest_first(self, client, newsroom):
        response = client.get("/section/cardiology/")
        assert [s.title for s in response.context["stories"]] == ["Lead story", "Older story"]
        assert "Heart news." in response.content.decode()

    def test_tag_page_shows_description_and_stories(self, client, newsroom):
        response = client.get("/tag/lupus/")
        assert [s.title for s in response.context["stories"]] == ["Lead story", "Vaccine story"]
        assert "Stories about lupus." in response.content.decode()

    def test_author_page_lists_their_public_stories(self, client, newsroom):
        response = client.get("/author/ada-lane/")
        assert [s.title for s in response.context["stories"]] == ["Lead story", "Older story"]

    def test_counts_on_list_pages_ignore_hidden_stories(self, client, newsroom):
        assert client.get("/tag/lupus/").context["paginator"].count == 2

    @pytest.mark.parametrize("url", ["/section/nope/", "/tag/nope/", "/author/nope/"])
    def test_unknown_slugs_answer_404(self, client, newsroom, url):
        assert client.get(url).status_code == 404

    @pytest.mark.parametrize("page", ["0", "-1", "99999", "abc", "1.5", "%00", "9" * 40])
    @pytest.mark.parametrize("url", ["/", "/section/cardiology/", "/tag/lupus/", "/author/ada-lane/"])
    def test_bad_page_numbers_answer_404_never_500(self, client, newsroom, url, page):
        assert client.get(url, {"page": page}).status_code == 404

    def test_pagination_pages_through_everything(self, client, newsroom, settings):
        for n in range(15):
            make_article(f"Archive {n}", section=newsroom["lead"].section, days_ago=20 + n)
        first, second = client.get("/"), client.get("/", {"page": 2})
        assert first.status_code == second.status_code == 200
        assert 'rel="next"' in first.content.decode()
        assert second.context["lead_story"] is None


class TestPageShell:
    def test_semantic_landmarks_and_skip_link(self, client, newsroom):
        html = client.get("/article/lead-story/").content.decode()
        for landmark in ["<header", "<nav", '<main id="main"', "<article", "<aside", "<footer", 'class="skip-link"']:
            assert landmark in html

    def test_titles_are_escaped(self, client, newsroom):
        make_article("<script>alert(1)</script>", slug="xss-title")
        html = client.get("/article/xss-title/").content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;" in html


class TestCappedCounting:
    def test_lists_count_at_most_the_cap_and_say_there_is_more(self, client, newsroom, settings):
        settings.LIST_COUNT_CAP = 2
        response = client.get("/")
        assert response.context["paginator"].count == 2
        assert response.context["paginator"].capped

    def test_below_the_cap_the_count_is_exact(self, client, newsroom, settings):
        settings.LIST_COUNT_CAP = 100
        paginator = client.get("/tag/lupus/").context["paginator"]
        assert (paginator.count, paginator.capped) == (2, False)


def test_favicon_ico_redirects_to_the_site_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


class TestPreviewRelated:
    def test_a_draft_s_preview_ranks_its_related_stories_as_publishing_will(self, client, newsroom):
        editor = make_staff("editor", "editor")
        client.force_login(editor)
        related_stories = client.get(f"/preview/{newsroom['draft'].pk}/").context["related_stories"]
        assert [story.title for story in related_stories] == ["Lead story", "Vaccine story"]
