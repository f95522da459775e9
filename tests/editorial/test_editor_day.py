"""The change form as the desk works in it: who else is here (and who has left), and the body's spellcheck."""

import json
from datetime import timedelta

import lxml.html
import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Status
from tests.support.admin import change_url
from tests.support.factories import make_article, make_author, make_section, make_tag
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return make_article("Statins and sleep", section=make_section("Heart"), authors=[make_author("Ana Ruiz")],
                        tags=[make_tag("statins")], status=Status.DRAFT, days_ago=None)  # fmt: skip


def signed_in(username, first_name):
    client = Client()
    client.force_login(make_staff("editor", username, first_name=first_name))
    return client


def test_someone_who_left_without_saying_goodbye_drops_out_within_a_minute(story, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    ann, bea = signed_in("ann", "Ann"), signed_in("bea", "Bea")
    ping = f"/admin/articles/article/{story.pk}/presence/"
    ann.post(ping)
    bea.post(ping)  # Bea's last ping; then her laptop lid closes (no "gone" beacon)
    time_machine.shift(timedelta(seconds=20))
    assert [other["name"] for other in ann.post(ping).json()["others"]] == ["Bea"]  # one missed ping is forgiven
    time_machine.shift(timedelta(seconds=40))  # a minute since Bea was last seen
    assert ann.post(ping).json()["others"] == []


def test_the_presence_script_pings_often_enough_for_that(settings):
    with open("editorial/static/editorial/presence.js", encoding="utf-8") as script:
        assert "setInterval(ping, 20000)" in script.read()
    assert 20 < settings.EDITORIAL_PRESENCE_SECONDS <= 40


def test_the_body_editor_leaves_the_browsers_spellcheck_on(story):
    page = signed_in("ann", "Ann").get(change_url(story)).content.decode()
    (widget,) = lxml.html.document_fromstring(page).xpath('//*[@name="body"]')
    config = json.loads(widget.get("data-django-prose-editor-configurable"))
    assert "Bold" in config["extensions"]
    assert "NoSpellCheck" not in config["extensions"]
