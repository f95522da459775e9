"""The site's NewsMediaOrganization names its published policies; articles name it as publisher."""

import json

import lxml.html
import pytest
from django.urls import reverse

from pages.models import PageKind, PageStatus
from tests.pages.conftest import make_page

pytestmark = pytest.mark.django_db


def json_ld_nodes(response):
    document = lxml.html.document_fromstring(response.content)
    return [json.loads(script.text) for script in document.xpath('//script[@type="application/ld+json"]')]


def organization(response):
    (node,) = [node for node in json_ld_nodes(response) if node.get("@type") == "NewsMediaOrganization"]
    return node


@pytest.fixture
def policies(settings, about, corrections_policy):
    settings.SITE_URL = "https://news.example"
    make_page("Editorial policy", kind=PageKind.EDITORIAL_POLICY)
    make_page("Contact", kind=PageKind.CONTACT, status=PageStatus.DRAFT)


def test_every_page_names_the_published_policies(client, policies, small_site):
    for url in [reverse("articles:home"), small_site.story.get_absolute_url(), "/about/"]:
        node = organization(client.get(url))
        assert node["@id"] == "https://news.example/#organization"
        assert node["publishingPrinciples"] == "https://news.example/policies/editorial-policy/"
        assert node["ethicsPolicy"] == "https://news.example/policies/editorial-policy/"
        assert node["correctionsPolicy"] == "https://news.example/policies/corrections-policy/"
        assert node["masthead"] == node["ownershipFundingInfo"] == "https://news.example/about/"
        # A draft is named nowhere; neither is a policy that has no page.
        assert "actionableFeedbackPolicy" not in node
        assert "verificationFactCheckingPolicy" not in node


def test_articles_name_the_organization_as_publisher(client, policies, small_site):
    nodes = json_ld_nodes(client.get(small_site.story.get_absolute_url()))
    (article,) = [node for node in nodes if node.get("@type") == "NewsArticle"]
    assert article["publisher"]["@id"] == "https://news.example/#organization"


def test_a_page_taken_down_leaves_the_structured_data_at_once(client, policies, corrections_policy):
    assert "correctionsPolicy" in organization(client.get("/"))
    client.get("/")
    corrections_policy.status = PageStatus.DRAFT
    corrections_policy.save()
    assert "correctionsPolicy" not in organization(client.get("/"))
