"""The in-process measurements time pages, never error pages."""

import pytest
from django.test import Client

from bench.inproc import PageFailed, rendered

pytestmark = pytest.mark.django_db


def test_a_page_that_answers_200_is_measured():
    assert rendered(Client(), "/").status_code == 200


def test_a_missing_page_stops_the_measurement():
    with pytest.raises(PageFailed, match="answered 404"):
        rendered(Client(), "/article/no-such-story/")


def test_a_host_the_site_refuses_stops_the_measurement():
    with pytest.raises(PageFailed, match="answered 400"):
        rendered(Client(HTTP_HOST="not-a-host-of-ours.example"), "/")
