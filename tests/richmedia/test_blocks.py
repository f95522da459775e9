"""Embed blocks in a body: stored as structured data, served as a facade that loads nothing from the provider."""

import pytest
from lxml import html as lxml_html

from articles.sanitize import render_body, sanitize_html
from tests.support.factories import make_article

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def block(provider="youtube", embed_id="dQw4w9WgXcQ", url=YOUTUBE, title="", caption=""):
    title_attribute = f' data-embed-title="{title}"' if title else ""
    inner = f"<figcaption>{caption}</figcaption>" if caption else ""
    return (
        f'<figure data-embed="{provider}" data-embed-id="{embed_id}" data-embed-url="{url}"{title_attribute}>'
        f"{inner}</figure>"
    )


def by_class(page, name):
    return page.xpath(f"//*[contains(concat(' ', @class, ' '), ' {name} ')]")


def reader_html(body):
    return render_body(sanitize_html(body))


def test_the_sanitizer_keeps_the_block_as_structured_data():
    stored = sanitize_html(block(title="Explainer", caption="How <em>trials</em> work") + "<script>x</script>")
    assert stored == (
        f'<figure data-embed="youtube" data-embed-id="dQw4w9WgXcQ" data-embed-url="{YOUTUBE}" '
        'data-embed-title="Explainer"><figcaption>How <em>trials</em> work</figcaption></figure>'
    )


def test_a_youtube_block_becomes_a_facade_that_loads_nothing_from_youtube():
    page = lxml_html.fragment_fromstring(
        reader_html(block(title="Explainer", caption="How trials work")), create_parent="div"
    )
    facade = by_class(page, "embed__facade")[0]
    assert facade.get("href") == YOUTUBE  # without JavaScript: a plain link
    assert facade.get("data-embed-player") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"
    assert by_class(page, "embed__title")[0].text == "Explainer"
    assert "YouTube" in by_class(page, "embed__provider")[0].text
    assert page.xpath("//figure/figcaption")[0].text == "How trials work"
    # Nothing that a browser fetches by itself: no iframe, no image, no script, no src at all.
    assert not page.xpath("//iframe | //img | //script | //*[@src] | //*[@srcset] | //*[@style]")


def test_a_title_with_markup_is_text():
    out = reader_html(block(title="&lt;img src=x onerror=alert(1)&gt;"))
    assert "<img" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out


@pytest.mark.parametrize(
    ("body", "expected_link"),
    [
        # The link no longer gives the stored provider or id: a plain link, never a player.
        (block(provider="vimeo"), YOUTUBE),
        (block(embed_id="aaaaaaaaaaa"), YOUTUBE),
        (block(url="https://evil.example/watch?v=dQw4w9WgXcQ"), "https://evil.example/watch?v=dQw4w9WgXcQ"),
        # Not even a link we would print.
        (block(url="javascript:alert(1)"), None),
    ],
)
def test_a_tampered_block_is_at_most_a_plain_link(body, expected_link):
    out = reader_html(body + "<p>after</p>")
    page = lxml_html.fragment_fromstring(out, create_parent="div")
    assert not by_class(page, "embed__facade")
    assert "data-embed-player" not in out
    assert [a.get("href") for a in page.xpath("//a")] == ([expected_link] if expected_link else [])
    assert out.endswith("<p>after</p>")


def test_a_block_without_a_title_and_no_provider_answer_keeps_its_link_as_title():
    page = lxml_html.fragment_fromstring(reader_html(block()), create_parent="div")
    assert by_class(page, "embed__title")[0].text == YOUTUBE


def test_an_unknown_link_stays_a_link():
    body = '<p><a href="https://example.org/report">https://example.org/report</a></p>'
    assert reader_html(body) == sanitize_html(body)


@pytest.mark.django_db
def test_saving_an_article_stores_the_facade_for_readers():
    article = make_article("Trial explainer", body="<p>Watch:</p>" + block(title="Explainer"))
    assert 'data-embed="youtube"' in article.body  # the editor's structured block
    assert 'class="embed__facade"' in article.body_html
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in article.body_html
