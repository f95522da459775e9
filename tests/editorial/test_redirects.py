"""Tag merges and renames, and article slug changes, keep old addresses answering with a 301."""

import pytest
from django.test import Client

from articles.models import Article, Status, Tag, TaggedArticle
from editorial.models import ArticleSlugRedirect, TagRedirect
from tests.support.admin import change_url, open_form, publish_edit, save_form
from tests.support.factories import make_article, make_author, make_disclaimer, make_section, make_tag
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/tag/"


@pytest.fixture
def editor(client):
    client.force_login(make_staff("editor", "ed"))
    return client


@pytest.fixture
def tags():
    section = make_section("Heart")
    heart, cardio, cardiac = make_tag("Heart health"), make_tag("Cardiology"), make_tag("Cardiac")
    both = make_article("Both tags", section=section, tags=[heart, cardio])
    only_cardio = make_article("Cardio only", section=section, tags=[cardio, cardiac])
    only_heart = make_article("Heart only", section=section, tags=[heart])
    Tag.refresh_counts()
    return {"heart": heart, "cardio": cardio, "cardiac": cardiac, "articles": [both, only_cardio, only_heart]}


def merge(client, selected, survivor):
    ids = [str(tag.pk) for tag in selected]
    confirm = client.post(CHANGELIST, {"action": "merge_selected_tags", "_selected_action": ids})
    assert confirm.status_code == 200
    assert "Keep which tag?" in confirm.content.decode()
    return client.post(
        CHANGELIST,
        {"action": "merge_selected_tags", "_selected_action": ids, "survivor": str(survivor.pk), "apply": "1"},
    )


def test_merging_moves_every_article_to_the_survivor_without_duplicates(editor, tags):
    heart, cardio, cardiac = tags["heart"], tags["cardio"], tags["cardiac"]
    response = merge(editor, [heart, cardio, cardiac], survivor=heart)
    assert response.status_code == 302

    assert list(Tag.objects.values_list("name", flat=True)) == ["Heart health"]
    for article in tags["articles"]:
        assert list(article.tags.names()) == ["Heart health"]
    assert TaggedArticle.objects.filter(tag=heart).count() == 3
    heart.refresh_from_db()
    assert heart.article_count == 3


def test_an_old_tag_page_answers_301_to_the_survivor(editor, tags):
    merge(editor, [tags["heart"], tags["cardio"]], survivor=tags["heart"])
    response = Client().get("/tag/cardiology/")
    assert response.status_code == 301
    assert response["Location"] == "/tag/heart-health/"
    assert Client().get("/tag/heart-health/").status_code == 200
    assert Client().get("/tag/never-existed/").status_code == 404


def test_merging_twice_keeps_the_first_old_address_working(editor, tags):
    merge(editor, [tags["cardio"], tags["cardiac"]], survivor=tags["cardiac"])
    merge(editor, [tags["heart"], Tag.objects.get(name="Cardiac")], survivor=tags["heart"])
    assert Client().get("/tag/cardiology/")["Location"] == "/tag/heart-health/"
    assert Client().get("/tag/cardiac/")["Location"] == "/tag/heart-health/"


def test_writers_are_not_offered_the_merge(client, tags):
    client.force_login(make_staff("writer", "wri"))
    assert "merge_selected_tags" not in client.get(CHANGELIST).content.decode()
    client.post(
        CHANGELIST,
        {"action": "merge_selected_tags", "_selected_action": [tags["heart"].pk, tags["cardio"].pk], "apply": "1"},
    )
    assert Tag.objects.count() == 3
    assert not TagRedirect.objects.exists()


def test_renaming_a_tag_slug_keeps_the_old_address(editor, tags):
    cardio = tags["cardio"]
    page = editor.get(f"/admin/articles/tag/{cardio.pk}/change/")
    assert page.status_code == 200
    response = editor.post(
        f"/admin/articles/tag/{cardio.pk}/change/", {"name": "Cardiovascular", "slug": "cardiovascular"}
    )
    assert response.status_code == 302
    assert TagRedirect.objects.filter(old_slug="cardiology", tag=cardio).exists()
    assert Client().get("/tag/cardiology/")["Location"] == "/tag/cardiovascular/"


def live_story(section):
    """A live story that passes the publishing checks: a slug change reaches readers as a small fix."""
    make_disclaimer(is_default=True)
    return make_article("Old headline", section=section, authors=[make_author()], tags=[make_tag("headlines")])


def test_changing_a_published_articles_slug_redirects_the_old_url(editor):
    article = live_story(make_section("S"))
    old_url = article.get_absolute_url()
    response = publish_edit(editor, article, open_form(editor, article), slug="new-headline")
    assert response.status_code == 302

    moved = Client().get(old_url)
    assert moved.status_code == 301
    assert moved["Location"] == "/article/new-headline/"
    assert Client().get("/article/new-headline/").status_code == 200


def test_old_slugs_of_an_article_that_is_no_longer_public_answer_404(editor):
    article = live_story(make_section("S"))
    publish_edit(editor, article, open_form(editor, article), slug="new-headline")
    Article.objects.filter(pk=article.pk).update(status=Status.UNPUBLISHED)
    assert Client().get("/article/old-headline/").status_code == 404


def test_a_draft_changing_slug_leaves_no_redirect(editor):
    draft = make_article("Draft headline", section=make_section("S"), status=Status.DRAFT, days_ago=None)
    save_form(editor, draft, open_form(editor, draft), slug="better-draft-headline")
    assert not ArticleSlugRedirect.objects.exists()


def test_a_new_article_may_take_an_old_slug_and_wins_over_the_redirect(editor):
    section = make_section("S")
    article = live_story(section)
    publish_edit(editor, article, open_form(editor, article), slug="new-headline")
    make_article("Old headline", section=section, slug="old-headline")
    assert Client().get("/article/old-headline/").status_code == 200


def test_tag_names_for_autocomplete_are_for_staff_only(editor, tags):
    answer = editor.get("/admin/articles/article/tag-names/?q=card")
    assert answer.status_code == 200
    assert sorted(answer.json()["tags"]) == ["Cardiac", "Cardiology"]
    assert Client().get("/admin/articles/article/tag-names/?q=card").status_code == 302


def test_the_tags_field_asks_for_suggestions(editor, tags):
    article = tags["articles"][0]
    html = editor.get(change_url(article)).content.decode()
    assert 'data-tag-names-url="/admin/articles/article/tag-names/"' in html
    assert 'src="/static/editorial/tag-autocomplete.js"' in html


def test_an_old_tag_feed_answers_301_to_the_survivors_feed(editor, tags):
    merge(editor, [tags["heart"], tags["cardio"]], survivor=tags["heart"])
    response = Client().get("/tag/cardiology/feed/")
    assert response.status_code == 301
    assert response["Location"] == "/tag/heart-health/feed/"
    assert Client().get("/tag/never-existed/feed/").status_code == 404


def test_merged_articles_are_found_by_the_survivors_name_in_search(editor, tags):
    from search.backends import get_backend

    merge(editor, [tags["heart"], tags["cardiac"]], survivor=tags["cardiac"])
    found = {hit.article.title for hit in get_backend().search("Cardiac")[:10]}
    assert {"Both tags", "Heart only", "Cardio only"} <= found
