"""The article admin as a browser uses it: its addresses, its forms as submitted untouched, its messages."""

import lxml.html
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import PendingVersion


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def transition_url(article):
    return reverse("admin:articles_article_transition", args=[article.pk])


def form_fields(content, form_id=None):
    """The (name, value) pairs a browser would submit from a page's form, untouched.

    Checkboxes and radios count only when checked; buttons, file inputs and disabled fields
    are left out; a single select with nothing selected sends its first option.
    """
    document = lxml.html.document_fromstring(content)
    form = next((f for f in document.forms if f.get("id") == form_id), None) if form_id else document.forms[0]
    assert form is not None, f"no form {form_id!r} on the page"
    data = []
    for element in form.inputs:
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "select":
            options = [option.get("value", option.text or "") for option in element.iter("option")]
            chosen = [
                option.get("value", option.text or "")
                for option in element.iter("option")
                if option.get("selected") is not None
            ]
            if not chosen and options and element.get("multiple") is None:
                chosen = options[:1]
            data += [(name, value) for value in chosen]
        elif element.tag == "textarea":
            text = element.text or ""
            data.append((name, text[1:] if text.startswith("\n") else text))  # browsers drop that newline
        else:
            kind = (element.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                continue
            if kind in {"checkbox", "radio"} and element.get("checked") is None:
                continue
            data.append((name, element.get("value", "on" if kind in {"checkbox", "radio"} else "")))
    return data


def as_post(data, **changes):
    """(name, value) pairs as a dict for the test client (repeated names become lists), with `changes` applied."""
    result = {}
    for name, value in data:
        result.setdefault(name, []).append(value)
    result = {name: values if len(values) > 1 else values[0] for name, values in result.items()}
    result.update(changes)
    return result


def form_data(response, form_id="article_form"):
    """Every field of the form in `response`, as the browser would submit it untouched."""
    return as_post(form_fields(response.content, form_id))


def open_form(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 200, response.status_code
    return form_data(response)


def save_form(client, article, data, **changes):
    """Post the change form with `changes` applied; the button is "Save and continue editing"."""
    return client.post(change_url(article), {**data, **changes, "_continue": "1"})


def pending_step_url(article):
    return reverse("admin:articles_article_pending_step", args=[article.pk])


def publish_edit(client, article, data, *, note="A small fix", **changes):
    """A live story's edit as an editor publishes it at once: saved as pending changes, then published directly
    as a small fix (the confirmation answered yes). Returns the last response (a redirect when all went well)."""
    step = {"pending-step": "small_fix", "pending-comment": note}
    response = client.post(change_url(article), {**data, **changes, **step})
    if response.status_code != 200 or b'id="pending-confirm"' not in response.content:
        return response
    response = client.post(pending_step_url(article), {**step, "pending-confirm": "yes"})
    assert not PendingVersion.objects.filter(article=article).exists(), messages_of(response)
    return response


def post_transition(client, article, action, *, comment="", publish_at=""):
    return client.post(
        transition_url(article),
        {"workflow-action": action, "workflow-comment": comment, "workflow-publish_at": publish_at},
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]
