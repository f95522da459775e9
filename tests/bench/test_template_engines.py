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
from bench import jinja_port, template_engines
from tests.newsroom.test_seed_demo import local, seed  # noqa: F401 - the fixture is used by name
from tests.support.factories import make_article, make_author, make_tag

pytestmark = pytest.mark.django_db


def test_home_and_every_demo_story_come_out_the_same_from_both_engines(local):  # noqa: F811
    seed()
    stories = list(Article.objects.published())
    pages = {}
    with override_settings(CACHES=template_engines.dummy_caches()):
        for path in [reverse("articles:home"), *(story.get_absolute_url() for story in stories)]:
            renderers = template_engines.page_renderers(path)
            assert template_engines.difference(renderers) is None, path
            pages[path] = renderers["jinja2"]()
    home = pages.pop(reverse("articles:home"))
    for marker in ('class="story-card"', 'id="most-read"', 'class="footer-pages"', 'class="section-fronts"'):
        assert marker in home, marker
    # The story pages compared carry every part that costs a render something, the tags' lists included.
    for marker in (
        'id="related-stories"',
        'id="latest-stories"',
        'id="most-read"',
        'id="corrections"',
        'id="medical-review"',
        'id="disclaimer"',
        "<picture",
        'id="tags"',
        'rel="author"',
        'id="section-stories"',
    ):
        assert any(marker in page for page in pages.values()), marker


def test_the_engines_must_write_the_same_bytes_but_for_the_spelling_of_escaped_quotes():
    normalised = template_engines.normalised
    assert normalised("it&#39;s &#34;ok&#34;") == "it&#x27;s &quot;ok&quot;"
    assert normalised("<p>By <a>Ann</a></p>") != normalised("<p>By<a>Ann</a></p>")
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
    assert 0 < result["django"]["median_ms"] and 0 < result["jinja2"]["median_ms"] < result["cold_request_cpu_ms"]


def test_a_template_the_translation_cannot_take_is_reported_not_timed(monkeypatch):
    story = make_article("Statins and sleep")
    monkeypatch.setattr(jinja_port, "FILTERS", jinja_port.FILTERS - {"date"})

    result = template_engines.compare(story.get_absolute_url(), renders=3)

    assert result["same_page"] is False
    assert "the filter 'date' has no Jinja2 translation" in result["difference"]["error"]
