"""Hostile form posts: no CSRF token, oversized or mistyped fields, replays and other people's articles.

Each is refused with a 4xx or a form error (never a 500) and changes nothing. And no
address of the site changes anything on a GET.
"""

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from articles import preview
from articles.models import Article, Status
from tests.support.admin import as_post, change_url, form_fields
from tests.support.factories import make_article, make_author
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


def snapshot(article):
    """What an attack must not alter: every stored field of the article, its tags and bylines."""
    article = Article.objects.get(pk=article.pk)
    fields = {field.attname: getattr(article, field.attname) for field in Article._meta.concrete_fields}
    fields["tags"] = sorted(article.tags.values_list("name", flat=True))
    fields["bylines"] = list(article.bylines.values_list("author_id", flat=True))
    return fields


@pytest.fixture
def desk(small_site):
    section, tag = small_site.section, small_site.tag
    writer = make_staff("writer", "wanda")
    other_writer = make_staff("writer", "walter")
    editor = make_staff("editor", "edith")
    wanda_author = make_author("Wanda Writer", user=writer)
    walter_author = make_author("Walter Writer", user=other_writer)
    mine = make_article(
        "Wanda's draft", section=section, authors=[wanda_author], tags=[tag], status=Status.DRAFT, days_ago=None
    )
    mine.created_by = writer
    mine.save()
    theirs = make_article(
        "Walter's draft", section=section, authors=[walter_author], tags=[tag], status=Status.DRAFT, days_ago=None
    )
    theirs.created_by = other_writer
    theirs.save()
    live = make_article("A live story", section=section, authors=[walter_author], tags=[tag])
    return {
        "writer": writer,
        "other_writer": other_writer,
        "editor": editor,
        "mine": mine,
        "theirs": theirs,
        "live": live,
        "section": section,
    }


def signed_in(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def opened_form(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 200
    return form_fields(response.content, "article_form")


# --- CSRF ------------------------------------------------------------------------------------


class TestCsrf:
    def test_an_article_save_without_the_token_is_refused(self, desk):
        client = signed_in(desk["editor"], enforce_csrf_checks=True)
        data = as_post(opened_form(client, desk["mine"]), title="Defaced")
        data.pop("csrfmiddlewaretoken")
        before = snapshot(desk["mine"])
        response = client.post(change_url(desk["mine"]), data)
        assert response.status_code == 403
        assert snapshot(desk["mine"]) == before

    def test_a_token_from_another_session_is_refused(self, desk):
        attacker = signed_in(desk["other_writer"], enforce_csrf_checks=True)
        attacker_token = form_fields(attacker.get(reverse("admin:articles_article_add")).content, "article_form")
        victim = signed_in(desk["editor"], enforce_csrf_checks=True)
        data = as_post(opened_form(victim, desk["mine"]), title="Defaced")
        data["csrfmiddlewaretoken"] = dict(attacker_token)["csrfmiddlewaretoken"]
        before = snapshot(desk["mine"])
        response = victim.post(change_url(desk["mine"]), data)
        assert response.status_code == 403
        assert snapshot(desk["mine"]) == before

    @pytest.mark.parametrize(
        "endpoint",
        ["articles_article_transition", "articles_article_share_preview", "articles_article_delete"],
    )
    def test_workflow_and_delete_posts_without_the_token_are_refused(self, desk, endpoint):
        url = reverse(f"admin:{endpoint}", args=[desk["live"].pk])
        client = signed_in(desk["editor"], enforce_csrf_checks=True)
        before = snapshot(desk["live"])
        response = client.post(url, {"workflow-action": "unpublish", "post": "yes"})
        assert response.status_code == 403
        assert snapshot(desk["live"]) == before
        assert Article.objects.filter(pk=desk["live"].pk).exists()

    def test_the_login_form_needs_the_token(self, desk):
        response = Client(enforce_csrf_checks=True).post(
            reverse("admin:login"), {"username": "edith", "password": "correct horse battery staple"}
        )
        assert response.status_code == 403

    def test_a_bulk_action_without_the_token_is_refused(self, desk):
        client = signed_in(desk["editor"], enforce_csrf_checks=True)
        response = client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "delete_selected", "_selected_action": [desk["live"].pk], "post": "yes"},
        )
        assert response.status_code == 403
        assert Article.objects.filter(pk=desk["live"].pk).exists()


# --- Oversized and mistyped input ------------------------------------------------------------


class TestHostileFields:
    def test_an_oversized_title_is_a_form_error(self, desk):
        client = signed_in(desk["editor"])
        before = snapshot(desk["mine"])
        response = client.post(change_url(desk["mine"]), as_post(opened_form(client, desk["mine"]), title="x" * 10_000))
        assert response.status_code in (200, 400)
        assert b"at most 250 characters" in response.content
        assert snapshot(desk["mine"]) == before

    def test_an_oversized_body_is_refused_before_it_is_read(self, desk, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
        client = signed_in(desk["editor"])
        before = snapshot(desk["mine"])
        data = as_post(opened_form(client, desk["mine"]), body="<p>" + "a" * 200_000 + "</p>")
        response = Client(raise_request_exception=False)
        response.force_login(desk["editor"])
        answer = response.post(change_url(desk["mine"]), data)
        assert answer.status_code == 400
        assert snapshot(desk["mine"]) == before

    def test_too_many_fields_are_refused(self, desk):
        client = Client(raise_request_exception=False)
        client.force_login(desk["editor"])
        data = as_post(opened_form(client, desk["mine"]))
        data.update({f"junk{number}": "x" for number in range(1500)})
        before = snapshot(desk["mine"])
        assert client.post(change_url(desk["mine"]), data).status_code == 400
        assert snapshot(desk["mine"]) == before

    @pytest.mark.parametrize(
        "changes",
        [
            {"section": "not-a-number"},
            {"section": "999999"},
            {"last_reviewed": "yesterday-ish"},
            {"source_url": "javascript:alert(1)"},
            {"source_url": "http://" + "a" * 600 + ".example"},
            {"bylines-0-author": "abc", "bylines-0-position": "-5"},
            {"bylines-TOTAL_FORMS": "not a number"},
            {"bylines-TOTAL_FORMS": "100000"},
            {"tags": '"unclosed, ' + "t" * 300},
            {"title": ""},
            {"slug": "has spaces and / slashes"},
            {"editorial_version": "not a time"},
            {"title": "NUL\x00inside"},
        ],
        ids=lambda changes: ",".join(changes)[:40],
    )
    def test_mistyped_fields_are_form_errors_and_change_nothing(self, desk, changes):
        client = Client(raise_request_exception=False)
        client.force_login(desk["editor"])
        opened = opened_form(client, desk["mine"])
        # Fields the form does not offer are ignored instead: test_ignored_fields_are_not_stored.
        assert set(changes) <= {name for name, _ in opened}, "not a field of the article form"
        data = as_post(opened, **changes)
        data["title"] = changes.get("title", "A changed title that must not be saved")
        before = snapshot(desk["mine"])
        response = client.post(change_url(desk["mine"]), data)
        assert snapshot(desk["mine"]) == before
        assert response.status_code in (200, 400, 409), response.status_code

    def test_ignored_fields_are_not_stored(self, desk):
        """Fields the form does not offer (status, times set by the workflow, the creator) cannot be posted in."""
        client = signed_in(desk["writer"])
        before = snapshot(desk["mine"])
        data = as_post(
            opened_form(client, desk["mine"]),
            status="published",
            published_at="2001-01-01 00:00",
            published_at_0="2001-01-01",
            published_at_1="00:00",
            created_by=str(desk["other_writer"].pk),
        )
        response = client.post(change_url(desk["mine"]), data)
        assert response.status_code in (200, 302)
        after = snapshot(desk["mine"])
        for field in ("status", "published_at", "created_by_id"):
            assert after[field] == before[field]

    @pytest.mark.parametrize(
        "data",
        [
            {"workflow-action": "explode"},
            {"workflow-action": "schedule", "workflow-publish_at_0": "garbage", "workflow-publish_at_1": "x"},
            {"workflow-action": "schedule"},
            {},
        ],
        ids=["unknown action", "bad time", "schedule without a time", "nothing"],
    )
    def test_mistyped_workflow_posts_change_nothing(self, desk, data):
        url = reverse("admin:articles_article_transition", args=[desk["live"].pk])
        client = Client(raise_request_exception=False)
        client.force_login(desk["editor"])
        before = snapshot(desk["live"])
        response = client.post(url, data)
        assert response.status_code in (302, 400, 403)
        assert snapshot(desk["live"]) == before


# --- Other people's articles, replays ----------------------------------------------------------


class TestCrossUser:
    def test_a_writer_cannot_save_another_writers_article(self, desk):
        attacker = signed_in(desk["writer"])
        # The attacker copies the form of their own article and points it at someone else's.
        data = as_post(opened_form(attacker, desk["mine"]), title="Hijacked")
        before = snapshot(desk["theirs"])
        response = attacker.post(change_url(desk["theirs"]), data)
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert "/change/" not in response["Location"] or str(desk["theirs"].pk) not in response["Location"]
        assert snapshot(desk["theirs"]) == before

    def test_a_writer_cannot_open_another_writers_article(self, desk):
        response = signed_in(desk["writer"]).get(change_url(desk["theirs"]))
        assert response.status_code in (302, 403, 404)

    @pytest.mark.parametrize("action", ["submit", "archive", "publish", "unpublish"])
    def test_a_writer_cannot_move_another_writers_article(self, desk, action):
        url = reverse("admin:articles_article_transition", args=[desk["theirs"].pk])
        before = snapshot(desk["theirs"])
        response = signed_in(desk["writer"]).post(url, {"workflow-action": action})
        assert response.status_code in (403, 404)
        assert snapshot(desk["theirs"]) == before

    def test_a_writer_cannot_delete_another_writers_article(self, desk):
        client = signed_in(desk["writer"])
        response = client.post(reverse("admin:articles_article_delete", args=[desk["theirs"].pk]), {"post": "yes"})
        assert response.status_code in (302, 403, 404)
        assert Article.objects.filter(pk=desk["theirs"].pk).exists()

    def test_a_bulk_action_cannot_reach_articles_outside_the_writers_list(self, desk):
        client = signed_in(desk["writer"])
        before = snapshot(desk["theirs"])
        for action in ["delete_selected", "submit", "publish", "archive"]:
            client.post(
                reverse("admin:articles_article_changelist"),
                {"action": action, "_selected_action": [desk["theirs"].pk], "post": "yes"},
            )
        assert Article.objects.filter(pk=desk["theirs"].pk).exists()
        assert snapshot(desk["theirs"]) == before

    def test_a_replayed_stale_form_does_not_overwrite_a_later_save(self, desk):
        editor = signed_in(desk["editor"])
        stale = opened_form(editor, desk["mine"])
        first = editor.post(change_url(desk["mine"]), as_post(stale, title="First accepted save"))
        assert first.status_code == 302
        replay = editor.post(change_url(desk["mine"]), as_post(stale, title="Replayed old form"))
        assert replay.status_code in (200, 409)
        assert Article.objects.get(pk=desk["mine"].pk).title == "First accepted save"


# --- No state change over GET -------------------------------------------------------------------


def _walk(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def concrete_paths(world):
    """Every URL pattern of the site with its parameters filled in with real values where we can."""
    import re

    values = {
        "slug": world["live"].slug,
        "token": preview.make_share_token(world["live"]),
        "section": "articles",
        "pk": str(world["live"].pk),
        "number": "1",
        "path": "",
    }
    paths = set()
    for route, _pattern in _walk(get_resolver()):
        route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\/", "/")
        if "(?P<app_label>" in route:
            continue  # the admin's app index: covered by the per-model URLs
        candidates = []
        for object_id in {world["live"].pk, world["mine"].pk, world["section"].pk, 1}:
            filled = re.sub(r"<(?:\w+:)?object_id>|\(\?P<object_id>[^)]*\)", str(object_id), route)
            filled = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), "1"), filled)
            filled = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values.get(m.group(1), "1"), filled)
            candidates.append("/" + filled)
        if any(char in "".join(candidates) for char in "()[]*+?\\"):
            continue  # an unusual regex we cannot fill in reliably
        paths.update(candidates)
    return sorted(paths)


def database_fingerprint():
    """Row counts and contents of every table except sessions and sign-in records (login is not a GET)."""
    skip = {"sessions", "axes"}
    fingerprint = {}
    for model in apps.get_models():
        if model._meta.app_label in skip or not model._meta.managed:
            continue
        rows = model._base_manager.order_by("pk").values_list()
        fingerprint[model._meta.label] = [tuple(str(value) for value in row) for row in rows]
    return fingerprint


@pytest.mark.parametrize("who", ["anonymous", "writer", "editor", "admin"])
def test_no_address_changes_anything_on_get(who, desk, settings):
    settings.DEBUG = False
    admin_user = make_staff("admin", "root", is_superuser=True)
    client = Client(raise_request_exception=False)
    if who != "anonymous":
        client.force_login({"writer": desk["writer"], "editor": desk["editor"], "admin": admin_user}[who])
    LogEntry.objects.all().delete()
    paths = concrete_paths(desk)
    assert len(paths) > 40, paths  # the walk reaches the admin's URLs, not only the public ones
    before = database_fingerprint()
    answered = {}
    for path in paths:
        response = client.get(path)
        answered[path] = response.status_code
        assert response.status_code < 500, f"GET {path} answered {response.status_code}"
    after = database_fingerprint()
    changed = {label: (len(before[label]), len(after[label])) for label in before if before[label] != after[label]}
    assert changed == {}, f"GET changed {changed}"
    # Action endpoints exist and refuse GET rather than acting on it.
    for name in ["transition", "share_preview", "delete"]:
        url = reverse(f"admin:articles_article_{name}", args=[desk["live"].pk])
        if who != "anonymous":
            assert answered.get(url, client.get(url).status_code) in (200, 302, 403, 404, 405)
