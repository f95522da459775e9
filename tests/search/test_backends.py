"""Site search on whichever database runs the suite (SQLite FTS5 or PostgreSQL full text)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Status
from search import services
from search.backends import get_backend
from search.models import SearchDocument
from tests.support.factories import make_article, make_section, make_tag

pytestmark = pytest.mark.django_db


def titles(results, limit=50):
    return [hit.article.title for hit in results[0:limit]]


@pytest.fixture
def library():
    """Stories where one word sits in a title, a dek, a tag or only deep in a body."""
    cardio, vaccines = make_section("Cardiology"), make_section("Vaccines")
    statins = make_tag("statins")
    return {
        "body": make_article(
            "Walking after dinner",
            section=cardio,
            dek="A habit worth keeping.",
            body=(
                "<p>Doctors noted that <strong>aspirin</strong> users walked more.</p>"
                "<p>More aspirin, more walks: aspirin.</p>"
            ),
            days_ago=1,
        ),
        "title": make_article(
            "Aspirin and the heart",
            section=cardio,
            dek="What the trial found.",
            body="<p>A large trial followed patients for ten years.</p>",
            days_ago=3,
        ),
        "dek": make_article(
            "A daily pill",
            section=vaccines,
            dek="Low-dose aspirin in older adults.",
            body="<p>Nothing.</p>",
            days_ago=2,
        ),
        "tag": make_article(
            "Cholesterol news", section=cardio, tags=[statins], body="<p>Lipids fell sharply.</p>", days_ago=4
        ),
    }


class TestRanking:
    def test_title_matches_rank_above_dek_matches_above_body_matches(self, library):
        assert titles(get_backend().search("aspirin")) == [
            "Aspirin and the heart",
            "A daily pill",
            "Walking after dinner",
        ]

    def test_ranks_are_higher_for_better_matches(self, library):
        ranks = [hit.rank for hit in get_backend().search("aspirin")[0:10]]
        assert ranks == sorted(ranks, reverse=True)
        assert ranks[0] > ranks[-1]

    def test_tag_names_are_searchable(self, library):
        assert titles(get_backend().search("statins")) == ["Cholesterol news"]

    def test_words_are_stemmed(self, library):
        assert "Walking after dinner" in titles(get_backend().search("walk"))

    def test_all_words_must_match(self, library):
        assert titles(get_backend().search("aspirin trial")) == ["Aspirin and the heart"]

    def test_quoted_phrases_and_exclusions(self, library):
        assert titles(get_backend().search('"large trial"')) == ["Aspirin and the heart"]
        assert titles(get_backend().search('"trial large"')) == []
        assert "Aspirin and the heart" not in titles(get_backend().search("aspirin -heart"))

    def test_or_between_words(self, library):
        assert set(titles(get_backend().search("lipids or trial"))) == {"Cholesterol news", "Aspirin and the heart"}

    def test_count_matches_the_hits(self, library):
        results = get_backend().search("aspirin")
        assert results.count() == 3 == len(results[0:10])

    def test_filters_by_section_and_tag(self, library):
        assert titles(get_backend().search("aspirin", section="vaccines")) == ["A daily pill"]
        assert titles(get_backend().search("lipids", tag="statins")) == ["Cholesterol news"]
        assert titles(get_backend().search("aspirin", tag="statins")) == []

    def test_pages_do_not_overlap(self, library):
        results = get_backend().search("aspirin")
        assert titles(results) == [hit.article.title for hit in [*results[0:2], *results[2:4]]]


class TestHighlighting:
    def test_the_matched_words_are_marked_in_the_snippet_and_title(self, library):
        hit = get_backend().search("aspirin")[0]
        assert str(hit.title_html) == "<mark>Aspirin</mark> and the heart"
        body_hit = get_backend().search("walked")[0]
        assert "<mark>walked</mark>" in body_hit.snippet_html

    def test_snippets_are_the_body_text_never_its_markup(self, library):
        hit = get_backend().search("walked")[0]
        assert "<strong>" not in hit.snippet_html and "<p>" not in hit.snippet_html
        # Paragraphs stay apart as words ("more. More"), tags are gone.
        assert "users <mark>walked</mark> more. More aspirin" in hit.snippet_html

    def test_markup_written_as_text_comes_out_escaped(self):
        make_article("Escaping", body="<p>The &lt;script&gt;alert(1)&lt;/script&gt; trick and the word zebra.</p>")
        snippet = get_backend().search("zebra")[0].snippet_html
        # SQLite keeps the text "<script>" (escaped); PostgreSQL's ts_headline drops tag-like words.
        assert "<script" not in snippet and "alert(1)" in snippet
        assert "<mark>zebra</mark>" in snippet

    def test_highlighting_escapes_before_marking(self):
        from search.text import MARK_END, MARK_START, highlight_html

        fragment = f"<b>&</b> {MARK_START}word{MARK_END}"
        assert highlight_html(fragment) == "&lt;b&gt;&amp;&lt;/b&gt; <mark>word</mark>"
        # A fragment cut between its markers loses them rather than leaving <mark> open.
        assert highlight_html(f"{MARK_START}cut") == "cut"

    def test_a_hostile_title_is_escaped_in_the_highlighted_title(self):
        make_article("</script><script>alert(1)</script> zebra", slug="hostile")
        title_html = get_backend().search("zebra")[0].title_html
        assert "<script>" not in title_html and "&lt;/script&gt;" in title_html


class TestOnlyPublishedStories:
    def test_drafts_scheduled_and_unpublished_stories_are_never_found(self):
        make_article("Public okapi")
        make_article("Draft okapi", status=Status.DRAFT)
        make_article("Unpublished okapi", status=Status.UNPUBLISHED)
        make_article("Scheduled okapi", published_at=timezone.now() + timedelta(hours=2))
        assert titles(get_backend().search("okapi")) == ["Public okapi"]
        assert get_backend().search("okapi").count() == 1

    def test_a_scheduled_story_becomes_findable_when_it_goes_live(self, time_machine):
        time_machine.move_to(timezone.now())
        make_article("Scheduled okapi", published_at=timezone.now() + timedelta(hours=2))
        assert titles(get_backend().search("okapi")) == []
        time_machine.shift(timedelta(hours=3))
        assert titles(get_backend().search("okapi")) == ["Scheduled okapi"]


class TestIndexStaysCurrent:
    def test_an_edit_is_searchable_at_once(self):
        story = make_article("Marmot words", dek="A story.")
        story.title = "Narwhal words"
        story.save()
        assert titles(get_backend().search("narwhal")) == ["Narwhal words"]
        assert titles(get_backend().search("marmot")) == []

    def test_adding_and_removing_tags_reindexes(self):
        story = make_article("Plain story")
        story.tags.add(make_tag("pangolin"))
        assert titles(get_backend().search("pangolin")) == ["Plain story"]
        story.tags.clear()
        assert titles(get_backend().search("pangolin")) == []

    def test_renaming_a_tag_reindexes_its_articles(self):
        tag = make_tag("axolotl")
        make_article("Tagged story", tags=[tag])
        tag.name = "salamander"
        tag.save()
        assert titles(get_backend().search("salamander")) == ["Tagged story"]
        assert titles(get_backend().search("axolotl")) == []

    def test_a_deleted_article_leaves_the_index(self):
        story = make_article("Gone quokka")
        story.delete()
        assert titles(get_backend().search("quokka")) == []
        assert not SearchDocument.objects.exists()

    def test_bulk_rebuild_indexes_articles_written_without_signals(self):
        from articles.models import Article

        section = make_section("Bulk")
        Article.objects.bulk_create(
            [
                Article(title=f"Bulk wombat {n}", slug=f"bulk-{n}", section=section, status=Status.PUBLISHED,
                        published_at=timezone.now() - timedelta(days=1), body="<p>text</p>")
                for n in range(3)
            ]
        )  # fmt: skip
        assert get_backend().search("wombat").count() == 0
        assert services.index_articles() == 3
        assert get_backend().search("wombat").count() == 3

    def test_rebuild_command_indexes_everything_again(self, capsys):
        make_article("Rebuilt ibis")
        SearchDocument.objects.all().delete()
        call_command("rebuild_search_index")
        assert "Indexed 1 article." in capsys.readouterr().out
        assert titles(get_backend().search("ibis")) == ["Rebuilt ibis"]
