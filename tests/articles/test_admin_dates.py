"""One date format across the admin, in the site's time zone and naming it."""

from datetime import UTC, datetime

import pytest
from django.utils import formats, timezone

from tests.support.factories import make_article
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)


def test_a_moment_reads_the_same_wherever_django_formats_it(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    with timezone.override("Europe/Berlin"):
        local = timezone.localtime(MOMENT)
        assert formats.localize(local) == "4 Dec 2026, 10:30 CET"
        assert formats.date_format(local, "SHORT_DATETIME_FORMAT") == "4 Dec 2026, 10:30 CET"
        assert formats.date_format(local.date()) == "4 Dec 2026"


def test_the_article_list_writes_its_dates_that_way(client):
    make_article("Dated story", published_at=MOMENT, days_ago=None)
    client.force_login(make_staff("editor", "edith"))
    page = client.get("/admin/articles/article/").content.decode()
    assert "4 Dec 2026, 09:30 UTC" in page
