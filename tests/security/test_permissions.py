"""Who may do what: every role against every admin view, action, transition, preview and share link.

Roles are the newsroom's groups (articles/roles.py): anonymous, a writer (who owns the
draft), another writer, an editor and an admin. Each cell of the matrix is a real request;
an "allowed" cell must succeed and a "refused" cell must be turned away (403/404, the
login page, or the admin's "not found" redirect) without changing anything.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from articles import preview
from articles.models import Article, Status
from editorial.models import Revision
from tests.support.admin import as_post, change_url, form_fields
from tests.support.factories import make_article, make_author, make_disclaimer
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "writer", "other_writer", "editor", "admin"]
ALLOW, DENY = "allow", "deny"


@pytest.fixture
def desk(small_site):
    section, tag = small_site.section, small_site.tag
    users = {
        "writer": make_staff("writer", "wanda"),
        "other_writer": make_staff("writer", "walter"),
        "editor": make_staff("editor", "edith"),
        "admin": make_staff("admin", "ada"),
    }
    wanda = make_author("Wanda Writer", user=users["writer"])

    def article(title, status, **fields):
        story = make_article(title, section=section, authors=[wanda], tags=[tag], status=status, **fields)
        story.created_by = users["writer"]
        story.save()
        return story

    return {
        "users": users,
        "section": section,
        "tag": tag,
        "author": wanda,
        "draft": article("Wanda's draft", Status.DRAFT, days_ago=None),
        "approved": article("Wanda's approved story", Status.APPROVED, days_ago=None),
        "live": article("Wanda's live story", Status.PUBLISHED),
        "disclaimer": make_disclaimer("Another disclaimer"),
    }


def shared(token):
    return reverse("articles:preview_shared", kwargs={"token": token})


def client_for(desk, role):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(desk["users"][role])
    return client


def outcome(response):
    """ALLOW or DENY, judged the way a person at a browser would."""
    if response.status_code in (401, 403, 404, 405):
        return DENY
    if response.status_code == 302:
        location = response["Location"]
        if "/login/" in location:
            return DENY
        # The admin answers an object outside your list with a redirect to the admin index and "doesn't exist".
        if location.rstrip("/").endswith("/admin"):
            return DENY
        return ALLOW
    if response.status_code == 200:
        return ALLOW
    raise AssertionError(f"unexpected {response.status_code}")


# --- Admin views (GET) ------------------------------------------------------------------------

A, D = ALLOW, DENY
#                            anonymous writer other_writer editor admin
ADMIN_VIEWS = {
    "article list": ("admin:articles_article_changelist", None, [D, A, A, A, A]),
    "article add": ("admin:articles_article_add", None, [D, A, A, A, A]),
    "draft change": ("admin:articles_article_change", "draft", [D, A, D, A, A]),
    "draft history": ("admin:articles_article_history", "draft", [D, A, D, A, A]),
    # Deleting a story is an Admin's call; editors archive instead (articles/roles.py).
    "draft delete": ("admin:articles_article_delete", "draft", [D, D, D, D, A]),
    "live change (writer reads only)": ("admin:articles_article_change", "live", [D, A, D, A, A]),
    "draft revisions": ("admin:articles_article_revisions", "draft", [D, A, D, A, A]),
    "section list": ("admin:articles_section_changelist", None, [D, A, A, A, A]),
    "section add": ("admin:articles_section_add", None, [D, D, D, D, A]),
    "section change": ("admin:articles_section_change", "section", [D, A, A, A, A]),
    "section delete": ("admin:articles_section_delete", "section", [D, D, D, D, A]),
    "author add": ("admin:articles_author_add", None, [D, D, D, A, A]),
    "author delete": ("admin:articles_author_delete", "author", [D, D, D, D, A]),
    "tag add": ("admin:articles_tag_add", None, [D, D, D, A, A]),
    "tag delete": ("admin:articles_tag_delete", "tag", [D, D, D, A, A]),
    "disclaimer add": ("admin:articles_disclaimer_add", None, [D, D, D, D, A]),
    "disclaimer change": ("admin:articles_disclaimer_change", "disclaimer", [D, A, A, A, A]),
    "user list": ("admin:auth_user_changelist", None, [D, D, D, D, A]),
    "user add": ("admin:auth_user_add", None, [D, D, D, D, A]),
    "group list": ("admin:auth_group_changelist", None, [D, D, D, D, A]),
    "sign-in lockouts": ("admin:axes_accessattempt_changelist", None, [D, D, D, D, A]),
    "two-factor devices": ("admin:otp_totp_totpdevice_changelist", None, [D, D, D, D, A]),
}
# Kept out of the admin on purpose: corrections are added inline on the article's change form
# (tests/editorial/test_corrections.py checks who may), and the admin log is read by no one there.
NO_ADMIN_PAGE = ["admin:editorial_correction_changelist", "admin:admin_logentry_changelist"]


def _object(desk, key):
    return desk[key].pk if key else None


@pytest.mark.parametrize("view", ADMIN_VIEWS)
@pytest.mark.parametrize("role", ROLES)
def test_admin_views(desk, view, role):
    name, key, expected = ADMIN_VIEWS[view]
    url = reverse(name, args=[_object(desk, key)]) if key else reverse(name)
    response = client_for(desk, role).get(url)
    assert response.status_code < 500
    assert outcome(response) == expected[ROLES.index(role)], f"{role} GET {url}: {response.status_code}"


@pytest.mark.parametrize("name", NO_ADMIN_PAGE)
def test_models_kept_out_of_the_admin_have_no_page(name):
    """Registering one of these in the admin means adding its row to ADMIN_VIEWS above."""
    with pytest.raises(NoReverseMatch):
        reverse(name)


def test_a_writer_sees_only_their_own_articles_in_the_list(desk):
    theirs = make_article("Someone else's draft", section=desk["section"], status=Status.DRAFT, days_ago=None)
    theirs.created_by = desk["users"]["other_writer"]
    theirs.save()
    page = client_for(desk, "writer").get(reverse("admin:articles_article_changelist") + "?all=1").content.decode()
    assert "Wanda&#x27;s draft" in page or "Wanda's draft" in page
    assert "Someone else" not in page


# --- Saving a draft (POST to the change form) ---------------------------------------------------


@pytest.mark.parametrize(
    "role,expected", [("anonymous", D), ("writer", A), ("other_writer", D), ("editor", A), ("admin", A)]
)
def test_saving_the_draft(desk, role, expected):
    editor = client_for(desk, "editor")
    data = as_post(form_fields(editor.get(change_url(desk["draft"])).content, "article_form"))
    data["title"] = f"Saved by {role}"
    response = client_for(desk, role).post(change_url(desk["draft"]), data)
    title = Article.objects.get(pk=desk["draft"].pk).title
    if expected == ALLOW:
        assert response.status_code == 302, response.status_code
        assert title == f"Saved by {role}"
    else:
        assert outcome(response) == DENY or response.status_code == 403
        assert title == "Wanda's draft"


def test_a_writer_cannot_edit_their_story_once_it_is_live(desk):
    editor = client_for(desk, "editor")
    data = as_post(form_fields(editor.get(change_url(desk["live"])).content, "article_form"))
    data["title"] = "Quietly changed after publication"
    client_for(desk, "writer").post(change_url(desk["live"]), data)
    assert Article.objects.get(pk=desk["live"].pk).title == "Wanda's live story"


# --- Workflow transitions ------------------------------------------------------------------------

#                         article     action       expected status if allowed, per role
TRANSITIONS = {
    "submit own draft": ("draft", "submit", Status.IN_REVIEW, [D, A, D, A, A]),
    "publish approved": ("approved", "publish", Status.PUBLISHED, [D, D, D, A, A]),
    "unpublish live": ("live", "unpublish", Status.UNPUBLISHED, [D, D, D, A, A]),
    "archive draft": ("draft", "archive", Status.ARCHIVED, [D, D, D, A, A]),
}


@pytest.mark.parametrize("case", TRANSITIONS)
@pytest.mark.parametrize("role", ROLES)
def test_workflow_transitions(desk, case, role):
    key, action, target, expected = TRANSITIONS[case]
    article = desk[key]
    url = reverse("admin:articles_article_transition", args=[article.pk])
    before = Article.objects.get(pk=article.pk).status
    response = client_for(desk, role).post(url, {"workflow-action": action})
    after = Article.objects.get(pk=article.pk).status
    assert response.status_code < 500
    if expected[ROLES.index(role)] == ALLOW:
        assert after == target, f"{role} could not {action}: {response.status_code}"
    else:
        assert after == before, f"{role} managed to {action}"


@pytest.mark.parametrize("role", ROLES)
def test_bulk_publish_action(desk, role):
    client = client_for(desk, role)
    client.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "publish_selected",
            "_selected_action": [desk["approved"].pk],
            "index": 0,
            "workflow-bulk-confirm": "yes",
        },
    )
    published = Article.objects.get(pk=desk["approved"].pk).status == Status.PUBLISHED
    assert published == (role in ("editor", "admin"))


@pytest.mark.parametrize("role", ROLES)
def test_bulk_delete_action(desk, role):
    client = client_for(desk, role)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [desk["draft"].pk], "post": "yes"},
    )
    gone = not Article.objects.filter(pk=desk["draft"].pk).exists()
    assert gone == (role == "admin")


# --- Preview, share links, revisions -----------------------------------------------------------


@pytest.mark.parametrize(
    "role,expected", [("anonymous", D), ("writer", A), ("other_writer", D), ("editor", A), ("admin", A)]
)
def test_staff_preview_of_the_draft(desk, role, expected):
    response = client_for(desk, role).get(reverse("articles:preview", args=[desk["draft"].pk]))
    assert outcome(response) == expected
    if expected == ALLOW:
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    "role,expected", [("anonymous", D), ("writer", D), ("other_writer", D), ("editor", A), ("admin", A)]
)
def test_making_a_share_link(desk, role, expected):
    url = reverse("admin:articles_article_share_preview", args=[desk["draft"].pk])
    response = client_for(desk, role).post(url, follow=False)
    assert outcome(response) == expected


@pytest.mark.parametrize("role", ROLES)
def test_a_valid_share_link_opens_for_anyone_and_a_bad_one_for_no_one(desk, role, time_machine):
    client = client_for(desk, role)
    token = preview.make_share_token(desk["draft"])
    assert client.get(shared(token)).status_code == 200
    assert client.get(shared(f"{token[:-2]}xx")).status_code == 404
    # Someone else's valid link with the article id swapped for this one: the signature no longer matches.
    signed = preview.make_share_token(desk["live"])
    forged = signing.b64_encode(f'{{"article":{desk["draft"].pk}}}'.encode()).decode() + signed[signed.index(":") :]
    assert client.get(shared(forged)).status_code in (403, 404)
    time_machine.move_to(timezone.now() + timedelta(hours=preview.max_age().total_seconds() / 3600 + 1))
    assert client.get(shared(token)).status_code == 403


@pytest.mark.parametrize(
    "role,expected", [("anonymous", D), ("writer", D), ("other_writer", D), ("editor", A), ("admin", A)]
)
def test_restoring_a_revision(desk, role, expected):
    draft = desk["draft"]
    revisions = Revision.objects.filter(article=draft)
    first = revisions.order_by("number").first()
    assert first is not None, "saving the draft kept no revision"
    Article.objects.filter(pk=draft.pk).update(title="Edited later")
    url = reverse("admin:articles_article_revision_restore", args=[draft.pk, first.number])
    count = revisions.count()
    client_for(desk, role).post(url)
    restored = revisions.count() > count
    assert restored == (expected == ALLOW)


@pytest.mark.parametrize(
    "role,expected", [("anonymous", D), ("writer", D), ("other_writer", D), ("editor", D), ("admin", A)]
)
def test_granting_a_role(desk, role, expected):
    """Only an admin can make someone a superuser or change groups."""
    target = desk["users"]["writer"]
    url = reverse("admin:auth_user_change", args=[target.pk])
    response = client_for(desk, role).get(url)
    assert outcome(response) == expected
    client_for(desk, role).post(url, {"username": target.username, "is_superuser": "on", "is_staff": "on"})
    if expected == DENY:
        assert not User.objects.get(pk=target.pk).is_superuser
