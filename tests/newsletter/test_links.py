"""The confirm and unsubscribe links cannot be walked by guessing ids: without a genuine signature
every id, in use, erased or never used, gets the same answer, and nobody is looked up first."""

import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from newsletter import tokens
from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db
NONCE = re.compile(r'nonce="[^"]+"')


@pytest.fixture
def ids(small_site):
    """An id in use (a confirmed reader), an erased one and one never used."""
    reader = Subscriber.objects.create(email="reader@example.org", confirmed_at=timezone.now())
    gone = Subscriber.objects.create(email="gone@example.org")
    gone_pk = gone.pk
    gone.delete()
    return {"in use": reader.pk, "erased": gone_pk, "never used": gone_pk + 1000}


def answers(client, url_name, ids, token):
    seen = {}
    for label, pk in ids.items():
        path = reverse(url_name, args=[pk, token])
        seen[label] = [
            # Its own address and the page's CSP nonce aside.
            (response.status_code, NONCE.sub("", response.content.decode().replace(path, "/the-link/")))
            for response in (client.get(path), client.post(path))
        ]
    return seen


@pytest.mark.parametrize("url_name", ["newsletter:unsubscribe", "newsletter:confirm"])
@pytest.mark.parametrize("token", ["guess", signing.dumps(1, salt="something else")])
def test_a_guessed_link_gets_the_same_400_for_every_id(client, ids, url_name, token):
    seen = answers(client, url_name, ids, token)
    statuses = {label: [status for status, _ in pairs] for label, pairs in seen.items()}
    assert statuses == {label: [400, 400] for label in ids}
    assert seen["in use"] == seen["erased"] == seen["never used"], "the page tells nothing about the id"
    assert Subscriber.objects.filter(pk=ids["in use"]).exists(), "nobody was unsubscribed"


def test_a_link_for_one_id_does_not_work_for_its_neighbours(client, ids):
    genuine = tokens.unsubscribe_path(Subscriber.objects.get(pk=ids["in use"]))
    token = genuine.rstrip("/").rsplit("/", 1)[1]
    for pk in (ids["in use"] - 1, ids["in use"] + 1, ids["erased"]):
        assert client.post(reverse("newsletter:unsubscribe", args=[pk, token])).status_code == 400
    assert Subscriber.objects.filter(pk=ids["in use"]).exists()


def test_a_genuine_unsubscribe_link_clicked_again_still_says_unsubscribed(client, ids):
    path = tokens.unsubscribe_path(Subscriber.objects.get(pk=ids["in use"]))
    first, second, later_look = client.post(path), client.post(path), client.get(path)
    assert [first.status_code, second.status_code, later_look.status_code] == [200, 200, 200]
    assert "You are unsubscribed" in second.content.decode()
    assert not Subscriber.objects.exists()


def test_an_unsubscribe_link_mailed_before_links_were_checked_by_id_alone_still_works(client, ids):
    reader = Subscriber.objects.get(pk=ids["in use"])
    earlier = signing.dumps(reader.pk, salt=f"{tokens.UNSUBSCRIBE_SALT}:{reader.pk}:{reader.email}")
    response = client.post(reverse("newsletter:unsubscribe", args=[reader.pk, earlier]))
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
