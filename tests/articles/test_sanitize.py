"""Hostile article HTML is cleaned on every save, whatever path it comes in by; the editor works under the CSP."""

import re

import lxml.html
import pytest

from articles.models import Status
from articles.sanitize import ALLOWED_TAGS, lost_in_sanitizing, sanitize_html
from tests.support.admin import as_post, change_url, form_fields, open_form, save_form
from tests.support.factories import make_article, make_section
from tests.support.staff import make_staff

REL = 'rel="noopener noreferrer"'
HOSTILE = {
    "script element": ("<p>Hi</p><script>alert(1)</script>", "<p>Hi</p>"),
    "script inside a paragraph": ("<p>a<script>document.cookie</script>b</p>", "<p>ab</p>"),
    "event handler": ('<img src="https://example.org/x.png" onerror="alert(1)" alt="x">', None),
    "javascript link": ('<a href="javascript:alert(1)">click</a>', f"<a {REL}>click</a>"),
    "javascript link in disguise": ('<a href="JaVaScRiPt&colon;alert(1)">click</a>', f"<a {REL}>click</a>"),
    "style attribute": ('<p style="position:fixed;top:0">x</p>', "<p>x</p>"),
    "style element": ("<style>body{display:none}</style><p>x</p>", "<p>x</p>"),
    "iframe": ('<iframe src="https://evil.example/"></iframe><p>x</p>', "<p>x</p>"),
    "object and embed": ('<object data="x.swf"></object><embed src="x.swf"><p>x</p>', "<p>x</p>"),
    "svg with script": ('<svg onload="alert(1)"><script>alert(1)</script></svg><p>x</p>', "<p>x</p>"),
    "data url image": ('<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="x">', '<img alt="x">'),
    "data url link": ('<a href="data:text/html,<script>alert(1)</script>">x</a>', f"<a {REL}>x</a>"),
    "form and input": ('<form action="https://evil.example/"><input name="q"></form><p>x</p>', "<p>x</p>"),
    "html comment": ("<p>x</p><!-- <script>alert(1)</script> -->", "<p>x</p>"),
    "h1 is not allowed": ("<h1>Big</h1>", "Big"),
    "class and id": ('<p class="x" id="y">x</p>', "<p>x</p>"),
    "meta refresh": ('<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>x</p>', "<p>x</p>"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_html_is_neutralised(name):
    dirty, expected = HOSTILE[name]
    clean = sanitize_html(dirty)
    if expected is not None:
        assert clean == expected
    lowered = clean.lower()
    for danger in ("<script", "onerror", "onload", "javascript:", "style", "<iframe", "<svg", "data:", "<form"):
        assert danger not in lowered, f"{danger} survived in {clean!r}"


def test_what_the_editor_makes_survives():
    html = (
        "<h2>Heading</h2><h3>Sub</h3><h4>Minor</h4><p><strong>b</strong> <em>i</em></p>"
        '<ul><li>one</li></ul><ol start="3"><li>three</li></ol><blockquote><p>quote</p></blockquote>'
        '<table><thead><tr><th>h</th></tr></thead><tbody><tr><td colspan="2">c</td></tr></tbody></table>'
        '<figure><img src="https://example.org/a.jpg" alt="A chart"><figcaption>Chart</figcaption></figure>'
    )
    assert sanitize_html(html) == html


@pytest.mark.parametrize("href", ["https://example.org/study", "http://example.org/", "mailto:desk@example.org"])
def test_allowed_links_keep_their_address_and_outside_links_get_rel(href):
    clean = sanitize_html(f'<a href="{href}" rel="opener" target="_blank">source</a>')
    assert f'href="{href}"' in clean
    assert 'rel="noopener noreferrer"' in clean
    assert "target" not in clean and 'rel="opener"' not in clean


@pytest.mark.django_db
def test_a_hostile_body_posted_through_the_admin_is_stored_clean(client):
    client.force_login(make_staff("editor", "ed"))
    article = make_article("Plain", section=make_section("S"), status=Status.DRAFT, days_ago=None)
    data = open_form(client, article)
    hostile = (
        '<p onclick="x()">Hello <a href="javascript:alert(1)">you</a></p><script>alert(2)</script><iframe></iframe>'
    )
    assert save_form(client, article, data, body=hostile).status_code == 302
    article.refresh_from_db()
    assert article.body == f"<p>Hello <a {REL}>you</a></p>"


@pytest.mark.django_db
def test_the_body_is_edited_with_the_packaged_rich_text_editor_under_the_csp(client):
    client.force_login(make_staff("editor", "ed"))
    article = make_article("Plain", section=make_section("S"), status=Status.DRAFT, days_ago=None)
    response = client.get(change_url(article))
    html = response.content.decode()
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp

    assert "data-django-prose-editor-configurable" in html
    # Every asset comes from our own static files, none from another host.
    assert "/static/django_prose_editor/editor.js" in html
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', html)
    # Scripts without a src (the import map) carry the response's nonce; nothing else is inline.
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or f'nonce="{nonce}"' in tag, tag
    assert " onclick=" not in html and " onload=" not in html


# What the sanitizer keeps that the editor writes another way: it reads <b>/<i> as bold/italic
# (writing <strong>/<em>) and a <tfoot>'s rows as table rows, so no text or formatting is lost.
EDITOR_EQUIVALENTS = {"b": "strong", "i": "em", "tfoot": "tr"}
# Nothing the sanitizer keeps is beyond the editor (a table's <caption> becomes a paragraph above it).
WITHOUT_EDITOR_EXTENSION = set()


def editor_tags():
    from django_prose_editor.config import allowlist_from_extensions, expand_extensions

    from editorial.admin.editor import BODY_EDITOR_EXTENSIONS

    return set(allowlist_from_extensions(expand_extensions(BODY_EDITOR_EXTENSIONS))["tags"])


def test_the_editor_supports_every_element_the_sanitizer_keeps():
    tags = editor_tags()
    assert {"sup", "sub", "u", "s", "code", "pre", "hr"} <= tags
    missing = {tag for tag in ALLOWED_TAGS if tag not in tags and EDITOR_EQUIVALENTS.get(tag) not in tags}
    assert missing == WITHOUT_EDITOR_EXTENSION


def test_the_editor_offers_nothing_the_sanitizer_drops():
    assert editor_tags() <= ALLOWED_TAGS


LOSSES = {
    "superscript the site kept": ("<p>10<sup>6</sup> cells/mL</p>", []),
    "unknown element with text": ("<p>10<span>6</span> cells</p>", ["<span> around “6”"]),
    "heading level the site does not keep": ("<h1>Big</h1>", ["<h1> around “Big”"]),
    "font": ('<p>Dose <font color="red">5 mg</font></p>', ["<font> around “5 mg”"]),
    "image from a data address": ('<img src="data:image/png;base64,AAAA" alt="x">', None),
    "scripts, styles and handlers go silently": (
        '<p onclick="x()">Hi <a href="javascript:alert(1)">you</a></p><script>alert(1)</script>'
        "<style>p{}</style><iframe></iframe>",
        [],
    ),
    "empty wrappers go silently": ("<colgroup><col></colgroup><p>x</p>", []),
}


@pytest.mark.parametrize("name", list(LOSSES))
def test_lost_in_sanitizing_names_what_readers_would_miss(name):
    html, expected = LOSSES[name]
    losses = lost_in_sanitizing(html)
    if expected is None:
        assert len(losses) == 1 and losses[0].startswith("an image whose address is not allowed")
    else:
        assert losses == expected


def test_a_long_lost_text_is_shortened_in_the_message():
    (loss,) = lost_in_sanitizing(f"<span>{'word ' * 30}</span>")
    assert len(loss) < 60 and loss.endswith("…”")


def errors_of(page):
    return " ".join(page.xpath("//ul[contains(@class, 'errorlist')]//text()"))


@pytest.mark.django_db
class TestLossyBodiesAreRefused:
    @pytest.fixture
    def article(self, client):
        client.force_login(make_staff("editor", "ed"))
        return make_article("Plain", section=make_section("S"), status=Status.DRAFT, days_ago=None)

    def test_superscripts_are_saved(self, client, article):
        data = open_form(client, article)
        assert save_form(client, article, data, body="<p>10<sup>6</sup> cells/mL</p>").status_code == 302
        article.refresh_from_db()
        assert article.body == "<p>10<sup>6</sup> cells/mL</p>"

    def test_a_body_that_would_lose_text_formatting_is_refused_and_kept_in_the_form(self, client, article):
        data = open_form(client, article)
        typed = '<p>Dose: 10<span class="x">6</span> cells and <font>5 mg</font></p>'
        response = save_form(client, article, data, body=typed)
        assert response.status_code == 200
        page = lxml.html.document_fromstring(response.content.decode())
        assert "<span> around “6”" in errors_of(page) and "<font> around “5 mg”" in errors_of(page)
        assert page.xpath("//textarea[@name='body']")[0].text.strip() == typed
        article.refresh_from_db()
        assert article.body == "<p>Doctors reported a finding.</p>"

    def test_the_pages_form_refuses_it_too(self, client, article):
        from django.urls import reverse

        from pages.models import Page

        page = Page.objects.create(title="About us", slug="about-us", body="<p>Ours.</p>")
        url = reverse("admin:pages_page_change", args=[page.pk])
        data = as_post(form_fields(client.get(url).content, "page_form"), body="<p><marquee>Hello</marquee></p>")
        response = client.post(url, data)
        assert response.status_code == 200
        assert "<marquee> around “Hello”" in errors_of(lxml.html.document_fromstring(response.content.decode()))
        page.refresh_from_db()
        assert page.body == "<p>Ours.</p>"


def test_a_table_caption_becomes_a_paragraph_above_the_table_the_editor_can_hold():
    html = sanitize_html('<table class="x"><caption>Doses by <em>age</em></caption><tr><td>1</td></tr></table>')
    assert html.startswith("<p>Doses by <em>age</em></p><table>")
    assert "<caption" not in html
    assert lost_in_sanitizing("<table><caption>Doses</caption><tr><td>1</td></tr></table>") == []
