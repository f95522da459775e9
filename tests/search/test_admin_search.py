"""The article list's search box: the site's full-text index, ranked, with exact slugs and ids, tags and
authors, the last word matching while it is typed, drafts included, and the editor's rights kept."""

import pytest

from articles.models import Status
from search import desk
from tests.support.factories import make_article, make_author, make_section, make_tag
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


@pytest.fixture
def editor(client):
    client.force_login(make_staff("editor", "editor"))
    return client


@pytest.fixture
def archive():
    make_section("Cardiology")
    nurse = make_author("Florence Nightingale")
    statins = make_tag("Statins")
    return {
        "title": make_article("Okapi hearts beat slowly", days_ago=5),
        "body": make_article("Zoo report", body="<p>The okapi keepers measured hearts.</p>", days_ago=1),
        "draft": make_article("Unfinished draft", body="<p>An okapi draft.</p>", status=Status.DRAFT, days_ago=None),
        "tagged": make_article("Cholesterol pills", tags=[statins], days_ago=2),
        "bylined": make_article("Ward rounds", authors=[nurse], days_ago=3),
        "other": make_article("Unrelated story", slug="okapi", days_ago=4),
    }


def listed(client, term, **params):
    response = client.get(CHANGELIST, {"q": term, **params})
    assert response.status_code == 200
    return [article.title for article in response.context["cl"].result_list]


def test_title_matches_rank_above_body_matches_and_drafts_are_found(editor, archive):
    found = listed(editor, "okapi hearts")
    assert found[0] == "Okapi hearts beat slowly"
    assert "Zoo report" in found
    assert "Unfinished draft" not in found  # "hearts" is not in it

    assert "Unfinished draft" in listed(editor, "okapi draft")


def test_an_exact_slug_comes_first(editor, archive):
    assert listed(editor, "okapi")[0] == "Unrelated story"


def test_an_exact_id_comes_first(editor, archive):
    assert listed(editor, str(archive["bylined"].pk))[0] == "Ward rounds"


def test_the_last_word_matches_while_it_is_typed(editor, archive):
    assert listed(editor, "okapi hea")[0] == "Okapi hearts beat slowly"
    assert "Cholesterol pills" in listed(editor, "chol")


def test_tag_names_and_author_names_are_searched(editor, archive):
    assert listed(editor, "statins") == ["Cholesterol pills"]
    assert listed(editor, "Nightingale") == ["Ward rounds"]


def test_sorting_by_a_column_replaces_the_relevance_order(editor, archive):
    columns = editor.get(CHANGELIST, {"q": "okapi"}).context["cl"].list_display
    titles = listed(editor, "okapi", o=str(columns.index("headline")))
    assert titles == sorted(titles)


def test_filters_narrow_a_search(editor, archive):
    assert listed(editor, "okapi", state=Status.DRAFT) == ["Unfinished draft"]


def test_a_writer_searches_only_their_own_articles(client, archive):
    writer = make_staff("writer", "wren")
    make_article("Okapi by the writer", created_by=writer, status=Status.DRAFT, days_ago=None)
    client.force_login(writer)
    assert listed(client, "okapi") == ["Okapi by the writer"]


@pytest.mark.parametrize("term", ['"unbalanced', "* OR (", "NEAR(a b)", "-okapi", "'; DROP TABLE", "x" * 500, "%00"])
def test_any_term_is_a_list_never_an_error(editor, archive, term):
    listed(editor, term)


def test_the_engine_reads_at_most_the_desk_limit(archive, monkeypatch):
    monkeypatch.setattr(desk, "DESK_SEARCH_LIMIT", 2)
    assert len(desk.text_ids("okapi")) == 2
