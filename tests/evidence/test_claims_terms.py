"""The claims check's word lists live in the admin: the desk adds, removes and trusts."""

import tomllib
from pathlib import Path

import pytest
from django.urls import reverse

from evidence.claims import warnings, word_lists
from evidence.models import ClaimsTerm, TermList
from tests.support.factories import make_article
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

DEFAULTS = Path(__file__).resolve().parents[2] / "evidence" / "data" / "claims.toml"


def test_a_new_site_starts_with_the_default_lists():
    with DEFAULTS.open("rb") as handle:
        defaults = tomllib.load(handle)
    lists = word_lists()
    assert set(defaults) == set(TermList.values)
    for name, terms in defaults.items():
        assert sorted(lists[name]) == sorted(set(terms)), name


def test_a_word_the_desk_adds_is_warned_about_at_once():
    story = make_article("A stunning result", body="<p>A stunning result for patients.</p>")
    assert not any("Hype" in warning for warning in warnings(story, []))
    ClaimsTerm.objects.create(list=TermList.HYPE, term="  Stunning ")
    assert warnings(story, [])[0] == 'Hype words: "stunning". Say what the study found instead.'


def test_a_removed_word_is_no_longer_warned_about():
    story = make_article("A breakthrough", body="<p>A breakthrough.</p>")
    assert "breakthrough" in warnings(story, [])[0]
    ClaimsTerm.objects.filter(list=TermList.HYPE, term="breakthrough").delete()
    assert not any("Hype" in warning for warning in warnings(story, []))


def test_a_domain_the_desk_trusts_covers_its_subdomains():
    story = make_article("Story", body='<p>See <a href="https://www.health.example.net/a">this</a>.</p>')
    assert "Links outside the trusted sources: www.health.example.net." in warnings(story, [])
    ClaimsTerm.objects.create(list=TermList.TRUSTED_DOMAINS, term="health.example.net")
    assert not any("trusted" in warning for warning in warnings(story, []))


def test_the_check_reads_the_lists_in_one_query(django_assert_num_queries):
    story = make_article(
        "Story", body='<p>Study: <a href="https://a.example/">a</a> <a href="https://b.example/">b</a></p>'
    )
    with django_assert_num_queries(1):
        warnings(story, [])


def test_editors_edit_the_lists_in_the_admin_and_writers_cannot(client):
    client.force_login(make_staff("editor", "ed"))
    add = reverse("admin:evidence_claimsterm_add")
    assert client.post(add, {"list": "hype", "term": "astonishing"}).status_code == 302
    assert ClaimsTerm.objects.filter(list="hype", term="astonishing").exists()
    duplicate = client.post(add, {"list": "hype", "term": "astonishing"})
    assert duplicate.status_code == 200 and "already exists" in duplicate.content.decode()
    client.force_login(make_staff("writer", "wr"))
    assert client.get(reverse("admin:evidence_claimsterm_changelist")).status_code == 403
