"""The footer of every page links the published pages; an article's disclaimer links the full Disclaimer page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pages.models import PageKind, PageStatus
from tests.pages.conftest import make_page
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


def footer(response):
    html = response.content.decode()
    return html[html.index('<footer class="site-footer">') :]


def test_the_footer_links_every_published_page_in_order(client, about, corrections_policy):
    make_page("Privacy", kind=PageKind.PRIVACY, status=PageStatus.DRAFT)
    html = footer(client.get(reverse("articles:home")))
    assert '<a href="/about/">About us</a>' in html
    assert '<a href="/policies/corrections-policy/">Corrections policy</a>' in html
    assert html.index("About us") < html.index("Corrections policy")
    assert "Privacy" not in html
    assert '<a href="/corrections/">Corrections</a>' in html


def test_the_footer_is_on_pages_of_every_kind(client, small_site, about):
    for url in [small_site.story.get_absolute_url(), small_site.section.get_absolute_url(), about.get_absolute_url()]:
        assert '<a href="/about/">About us</a>' in footer(client.get(url)), url


def test_the_footer_escapes_page_titles(client):
    make_page("<b>Bold</b> claims", slug="bold")
    html = footer(client.get(reverse("articles:home")))
    assert "&lt;b&gt;Bold&lt;/b&gt; claims" in html


def test_the_article_disclaimer_links_the_published_disclaimer_page(client, small_site):
    page = make_page("Disclaimer", kind=PageKind.DISCLAIMER)
    html = client.get(small_site.story.get_absolute_url()).content.decode()
    disclaimer = html[html.index('id="disclaimer"') : html.index("</section>", html.index('id="disclaimer"'))]
    assert f'<a href="{page.get_absolute_url()}">Read the full disclaimer</a>' in disclaimer


def test_no_disclaimer_link_while_the_disclaimer_page_is_a_draft(client, small_site):
    make_page("Disclaimer", kind=PageKind.DISCLAIMER, status=PageStatus.DRAFT)
    html = client.get(small_site.story.get_absolute_url()).content.decode()
    assert "Read the full disclaimer" not in html


def test_an_article_without_disclaimer_still_renders(client):
    story = make_article("No disclaimer here")
    make_page("Disclaimer", kind=PageKind.DISCLAIMER)
    assert client.get(story.get_absolute_url()).status_code == 200


def test_the_footer_costs_one_query_on_a_render_and_none_on_a_page_cache_hit(client, about, corrections_policy):
    with CaptureQueriesContext(connection) as rendered:
        client.get(reverse("articles:home"))
    assert sum("pages_page" in q["sql"] for q in rendered) == 1
    with CaptureQueriesContext(connection) as hit:
        response = client.get(reverse("articles:home"))
    assert response["X-Page-Cache"] == "hit"
    assert len(hit) == 0, [q["sql"] for q in hit]


def test_the_footer_and_the_disclaimer_link_share_one_query(client, small_site):
    make_page("Disclaimer", kind=PageKind.DISCLAIMER)
    with CaptureQueriesContext(connection) as queries:
        client.get(small_site.story.get_absolute_url())
    assert sum("pages_page" in q["sql"] for q in queries) == 1
