"""The article admin form says what the model would otherwise silently drop."""

import pytest

from articles.forms import ArticleAdminForm


@pytest.mark.parametrize("url", ["ftp://files.example.org/report.pdf"])
def test_a_source_link_that_is_not_http_is_a_form_error(url):
    form = ArticleAdminForm(data={"source_url": url})
    form.is_valid()
    assert "source_url" in form.errors


def test_an_https_source_link_is_accepted():
    form = ArticleAdminForm(data={"source_url": "https://example.org/study"})
    form.is_valid()
    assert "source_url" not in form.errors
