"""Helpers for the editorial tests: staff of each role, and the admin change form as a browser would send it."""

import lxml.html
from django.contrib.auth import get_user_model

from articles.roles import assign_role
from editorial.roles import grant_editor_permissions


def make_staff(role, username, *, first_name=""):
    """A staff user with one newsroom role (writer, editor, admin), as create_staff makes them."""
    user = get_user_model().objects.create_user(username, first_name=first_name)  # tests sign in with force_login
    assign_role(user, role)
    grant_editor_permissions()
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def form_data(response, form_id="article_form"):
    """Every field of the form in `response`, as the browser would submit it untouched."""
    doc = lxml.html.fromstring(response.content.decode())
    form = doc.get_element_by_id(form_id)
    data = {}
    for field in form.iter("input", "select", "textarea"):
        name = field.get("name")
        if not name:
            continue
        if field.tag == "input":
            kind = (field.get("type") or "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                continue
            if kind in {"checkbox", "radio"} and field.get("checked") is None:
                continue
            data.setdefault(name, []).append(field.get("value", "on" if kind == "checkbox" else ""))
        elif field.tag == "textarea":
            text = field.text or ""
            data.setdefault(name, []).append(text[1:] if text.startswith("\n") else text)  # as browsers read it
        else:
            options = list(field.iter("option"))
            chosen = [opt.get("value", opt.text or "") for opt in options if opt.get("selected") is not None]
            options = [opt.get("value", opt.text or "") for opt in options]
            if not chosen and options and field.get("multiple") is None:
                chosen = options[:1]  # a browser sends the first option of a single select
            data.setdefault(name, []).extend(chosen)
    return {name: values if len(values) != 1 else values[0] for name, values in data.items()}


def open_form(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 200, response.status_code
    return form_data(response)


def save_form(client, article, data, **changes):
    """Post the change form with `changes` applied; the button is "Save and continue editing"."""
    return client.post(change_url(article), {**data, **changes, "_continue": "1"})
