"""Helpers for the workflow tests: staff of each role, complete articles, and the admin's workflow doors."""

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages

from articles.models import Status
from articles.roles import assign_role
from tests.support.factories import make_article, make_author, make_disclaimer, make_section, make_tag

ALL_ACTIONS = ["submit", "return", "approve", "publish", "schedule", "unpublish", "reopen", "archive"]
# The state each action starts from in the role matrix.
SOURCE_STATE = {
    "submit": Status.DRAFT,
    "return": Status.IN_REVIEW,
    "approve": Status.IN_REVIEW,
    "publish": Status.APPROVED,
    "schedule": Status.APPROVED,
    "unpublish": Status.PUBLISHED,
    "reopen": Status.UNPUBLISHED,
    "archive": Status.DRAFT,
}
EXPECTED_STATE = {
    "submit": Status.IN_REVIEW,
    "return": Status.DRAFT,
    "approve": Status.APPROVED,
    "publish": Status.PUBLISHED,
    "schedule": Status.PUBLISHED,
    "unpublish": Status.UNPUBLISHED,
    "reopen": Status.DRAFT,
    "archive": Status.ARCHIVED,
}


def make_staff(role, username, *, author=None):
    """A staff user with one role, as create_staff makes them; `author` becomes their byline."""
    user = get_user_model().objects.create_user(username, password="pw", first_name=username.title())  # noqa: S106
    assign_role(user, role)
    if author is not None:
        author.user = user
        author.save()
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


def ready_article(title="Ready story", *, status=Status.DRAFT, created_by=None, authors=None, tags=None, **fields):
    """An article that passes every publishing check (section with a disclaimer, byline, tag, source)."""
    from articles.models import Section

    section = fields.pop("section", None) or Section.objects.first()
    if section is None:
        section = make_section("Cardiology", default_disclaimer=make_disclaimer("Section disclaimer"))
    if authors is None:
        authors = [make_author()]
    if tags is None:
        tags = [make_tag(f"tag for {title}")]
    fields.setdefault("published_at", None)
    return make_article(
        title, section=section, authors=authors, tags=tags, status=status, created_by=created_by, **fields
    )


def admin_change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def transition_url(article):
    return f"/admin/articles/article/{article.pk}/workflow/"


def post_transition(client, article, action, *, comment="", publish_at=""):
    return client.post(
        transition_url(article),
        {"workflow-action": action, "workflow-comment": comment, "workflow-publish_at": publish_at},
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_data(response, form_id="article_form"):
    """The change form's fields as a browser would submit them untouched (buttons left out)."""
    import lxml.html

    form = lxml.html.fromstring(response.content.decode()).get_element_by_id(form_id)
    data = {}
    for field in form.iter("input", "select", "textarea"):
        name, kind = field.get("name"), (field.get("type") or "text").lower()
        if not name or (field.tag == "input" and kind in {"submit", "button", "file", "image", "reset"}):
            continue
        if field.tag == "input" and kind in {"checkbox", "radio"} and field.get("checked") is None:
            continue
        if field.tag == "select":
            options = list(field.iter("option"))
            chosen = [option.get("value", option.text or "") for option in options if option.get("selected")]
            if not chosen and options and field.get("multiple") is None:
                chosen = [options[0].get("value", options[0].text or "")]
            data.setdefault(name, []).extend(chosen)
        elif field.tag == "textarea":
            data.setdefault(name, []).append(field.text or "")
        else:
            data.setdefault(name, []).append(field.get("value", "on" if kind == "checkbox" else ""))
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}
