"""bench.template_engines: Django's template engine against the readers' templates translated to Jinja2.

The comparison is fair only on equal work, so the translation (bench.jinja_port) must write the
page the Django templates write. The demo shows every feature a page can carry (hero images, bylines,
a medical review, corrections, a disclaimer, evidence and references), so each demo page is
rendered by both engines and compared.
"""

import pytest
from django.test.utils import override_settings
from django.urls import reverse

from articles.models import Article
from bench import template_engines
from tests.newsroom.test_seed_demo import local, seed  # noqa: F401 - the fixture is used by name
from tests.support.factories import make_article, make_author, make_tag

pytestmark = pytest.mark.django_db


def test_home_and_every_demo_story_come_out_the_same_from_both_engines(local):  # noqa: F811
    seed()
    stories = list(Article.objects.published())
    paths = [reverse("articles:home"), *(story.get_absolute_url() for story in stories)]
    pages = []
    with override_settings(CACHES=template_engines.dummy_caches()):
        for path in paths:
            renderers = template_engines.page_renderers(path)
            assert template_engines.difference(renderers) is None, path
            pages.append(renderers["jinja2"]())
    # The pages compared carry every part that costs a render something.
    for marker in (
        'id="latest-stories"',
        'class="footer-pages"',
        'id="most-read"',
        'id="corrections"',
        'id="medical-review"',
        'id="disclaimer"',
        "<picture",
        'id="tags"',
        'rel="author"',
        'class="story-card"',
        'id="section-stories"',
    ):
        assert any(marker in page for page in pages), marker


def test_the_comparison_sees_words_and_markup_but_not_layout_whitespace():
    normalised = template_engines.normalised
    assert normalised("<p>\n  By <a href='/a/'>Ann</a>\n</p>\n") == normalised("<p>By<a href='/a/'>Ann</a></p>")
    assert normalised("it&#39;s &#34;ok&#34;") == normalised("it&#x27;s &quot;ok&quot;")
    assert normalised("<p>a b</p>") != normalised("<p>ab</p>")
    parted = template_engines.difference(
        {"django": lambda: "<p>Source: not stated.</p>", "jinja2": lambda: "<p>Source: stated.</p>"}
    )
    assert parted["at"] == len("<p>Source: ")
    assert "not stated" in parted["django"] and "not" not in parted["jinja2"]


def test_compare_times_both_engines_on_equal_queries():
    story = make_article("Statins and sleep", tags=[make_tag("Sleep")], authors=[make_author("Ann Lee")])
    make_article("Older story", section=story.section, days_ago=3)
    result = template_engines.compare(story.get_absolute_url(), renders=3)
    assert result["same_page"] is True
    assert result["django"]["n"] == result["jinja2"]["n"] == 3
    assert result["django"]["queries"] == result["jinja2"]["queries"] > 0
    assert result["cold_request_cpu_ms"] > 0
    assert result["saved_ms"] == pytest.approx(result["django"]["median_ms"] - result["jinja2"]["median_ms"], abs=0.01)
