"""Every admin page an editor uses costs the same number of queries at two archive sizes, at most 25,
and the article list never counts the whole archive nor offers more pages than its cap."""

import io
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Author, PendingStatus, PendingVersion, Section, Status, Tag
from articles.models import article as article_models
from tests.support.factories import make_article, make_section
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"
MAX_QUERIES = 25  # every page, the change form with every app's panels included
SMALL, LARGE = 40, 400


def generate(count):
    call_command("generate_articles", str(count), "--seed", "3", "--no-progress", stdout=io.StringIO())


def editor_pages():
    """{name: address} of the pages an editor opens, from the archive as it stands."""
    article = Article.objects.order_by("pk").first()
    section = Section.objects.order_by("pk").first()
    author = Author.objects.order_by("pk").first()
    tag = Tag.objects.order_by("-article_count").first()
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    year = urlencode({"published_at__gte": today - timedelta(days=365), "published_at__lt": today})
    picker = "/admin/autocomplete/?app_label=articles&term=a"
    return {
        "list": CHANGELIST,
        "list by state": f"{CHANGELIST}?state={Status.PUBLISHED}",
        "list by section": f"{CHANGELIST}?section__id__exact={section.pk}",
        "list by author": f"{CHANGELIST}?author={author.pk}",
        "list by tag": f"{CHANGELIST}?tag={tag.pk}",
        "list of reviews due": f"{CHANGELIST}?review_due=yes",
        "list by date": f"{CHANGELIST}?{year}",
        "list searched": f"{CHANGELIST}?q=heart",
        "list searched as typed": f"{CHANGELIST}?q=heart+fail",
        "list page two": f"{CHANGELIST}?p=2",
        "add form": reverse("admin:articles_article_add"),
        "change form": reverse("admin:articles_article_change", args=[article.pk]),
        "section picker": f"{picker}&model_name=article&field_name=section",
        "author picker": f"{picker}&model_name=articleauthor&field_name=author",
        "reviewer picker": f"{picker}&model_name=article&field_name=reviewed_by",
        "tag list": reverse("admin:articles_tag_changelist"),
        "tag list searched": reverse("admin:articles_tag_changelist") + "?q=card",
    }


def queries_per_page(client):
    """Queries of each page with nothing in the cache (the state counts, kept a minute, are counted too)."""
    counts = {}
    for name, address in editor_pages().items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts


def test_each_editor_page_costs_the_same_queries_at_two_archive_sizes(client):
    client.force_login(make_staff("editor", "editor"))
    generate(SMALL)
    queries_per_page(client)  # warm the process-wide caches (content types) first
    small = queries_per_page(client)
    generate(LARGE - SMALL)
    assert Article.objects.count() == LARGE
    large = queries_per_page(client)

    assert large == small
    too_many = {name: count for name, count in large.items() if count > MAX_QUERIES}
    assert not too_many


def test_the_list_counts_only_up_to_its_cap(client, settings, monkeypatch):
    settings.LIST_COUNT_CAP = 30
    monkeypatch.setattr(admin.site._registry[Article], "list_per_page", 10)
    make_section("Cardiology")
    for number in range(35):
        make_article(f"Story {number}", days_ago=number + 1)
    client.force_login(make_staff("editor", "editor"))

    client.get(CHANGELIST)  # counts the states; the next views take them from the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    assert "More than 30 articles" in response.content.decode()
    counts = [query["sql"].upper() for query in queries if "COUNT(" in query["sql"].upper()]
    assert any("LIMIT 31" in sql for sql in counts)
    assert not [sql for sql in counts if not {"LIMIT", "WHERE"} & set(sql.replace("(", " ").split())]
    assert client.get(CHANGELIST, {"p": "3"}).status_code == 200
    assert client.get(CHANGELIST, {"p": "4"}).status_code == 302  # past the cap: the admin's "bad page" redirect


def test_the_list_is_readable_title_with_standfirst_state_badge_and_folding_filters(client):
    make_section("Cardiology")
    make_article("Salt and blood pressure", dek="A long standfirst " * 20)
    make_article("Next week's story", days_ago=-7)
    client.force_login(make_staff("editor", "editor"))

    content = client.get(CHANGELIST).content.decode()
    assert '<span class="article-title">Salt and blood pressure</span>' in content
    assert '<span class="article-dek">A long standfirst' in content and "…</span>" in content
    assert '<span class="state-badge state-published">Published</span>' in content
    assert '<span class="state-badge state-scheduled">' in content
    assert '<details id="article-filters">' in content  # folded until a filter is in use
    assert 'id="workflow-counts"' in content  # the state counts are kept

    filtered = client.get(CHANGELIST, {"state": Status.PUBLISHED}).content.decode()
    assert '<details id="article-filters" open>' in filtered


def test_the_list_says_which_live_stories_have_changes_waiting(client):
    make_section("Cardiology")
    live = make_article("Salt and blood pressure")
    PendingVersion.objects.create(article=live, content={}, status=PendingStatus.IN_REVIEW)
    client.force_login(make_staff("editor", "editor"))

    content = client.get(CHANGELIST).content.decode()

    assert '<span class="state-badge state-published">Published</span>' in content
    assert '<span class="state-badge state-pending">Changes submitted for review</span>' in content


def test_pickers_offer_names_starting_with_the_term_first_and_at_most_twenty(client):
    for name in ["Zelda Cardwell", "Carla Moss", "Ben Carter", *(f"Carl {n}" for n in range(30))]:
        Author.objects.create(name=name, slug=name.lower().replace(" ", "-"))
    client.force_login(make_staff("editor", "editor"))

    answer = client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "articleauthor", "field_name": "author", "term": "car"},
    ).json()
    names = [result["text"] for result in answer["results"]]
    assert len(names) == 20
    assert names[0] == "Carl 0"
    assert "Zelda Cardwell" not in names  # twenty names start with "car"
    few = client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "articleauthor", "field_name": "author", "term": "card"},
    ).json()
    assert [result["text"] for result in few["results"]] == ["Zelda Cardwell"]


@pytest.mark.parametrize("value", ["x", "-1", "99999999999999999999", "1;DROP"])
def test_bad_filter_values_show_the_whole_list_not_an_error(client, value):
    make_section("Cardiology")
    make_article("A story")
    client.force_login(make_staff("editor", "editor"))
    for parameter in ["author", "tag"]:
        assert client.get(CHANGELIST, {parameter: value}).status_code == 200


def test_the_state_counts_are_kept_a_minute_and_recounted_after_a_workflow_action(
    client, django_capture_on_commit_callbacks
):
    make_section("Cardiology")
    make_article("Live story")
    editor = make_staff("editor", "editor")
    client.force_login(editor)

    def counts():
        response = client.get(CHANGELIST)
        return {state: count for state, _, count in response.context["workflow_counts"]}

    assert counts()[Status.DRAFT] == 0
    draft = make_article("New draft", status=Status.DRAFT, days_ago=None)
    assert counts()[Status.DRAFT] == 0  # counted less than a minute ago
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(article=draft, action="archive", by=editor)
    assert counts()[Status.ARCHIVED] == 1


@pytest.mark.parametrize("few_articles", [1, 2000])
def test_the_tag_and_author_filters_list_the_same_articles_by_either_plan(client, monkeypatch, few_articles):
    monkeypatch.setattr(article_models, "FEW_LINKS", few_articles)
    make_section("Cardiology")
    author, tag = Author.objects.create(name="Ada Byline", slug="ada-byline"), Tag.objects.create(name="Statins")
    make_article("Hers, tagged", authors=[author], tags=[tag], days_ago=1)
    make_article("Someone else's", days_ago=2)
    make_article("Hers, untagged", authors=[author], days_ago=3)
    client.force_login(make_staff("editor", "editor"))

    def titles(**params):
        return [article.title for article in client.get(CHANGELIST, params).context["cl"].result_list]

    assert titles(author=author.pk) == ["Hers, tagged", "Hers, untagged"]
    assert titles(tag=tag.pk) == ["Hers, tagged"]
