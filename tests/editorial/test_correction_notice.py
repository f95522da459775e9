"""A corrected story says so at the top, carries its notes in the JSON-LD, and may be retracted."""

import json
import re

import pytest

from editorial.models import Correction, CorrectionKind

pytestmark = pytest.mark.django_db


def _json_ld_article(html):
    for block in re.findall(r"<script type=\"application/ld\+json\"[^>]*>(.*?)</script>", html, re.S):
        data = json.loads(block)
        if data.get("@type") == "NewsArticle":
            return data
    raise AssertionError("no NewsArticle JSON-LD on the page")


def test_a_story_without_notes_shows_no_notice(client, small_site):
    html = client.get(small_site.story.get_absolute_url()).content.decode()
    assert 'id="correction-notice"' not in html
    assert "correction" not in _json_ld_article(html)


def test_the_notice_at_the_top_names_the_newest_note_and_links_the_notes(client, small_site):
    Correction.objects.create(article=small_site.story, kind=CorrectionKind.UPDATE, note="Added the trial's size.")
    Correction.objects.create(article=small_site.story, kind=CorrectionKind.CORRECTION, note="The dose is 5 mg.")
    html = client.get(small_site.story.get_absolute_url()).content.decode()
    notice = re.search(r'<p id="correction-notice"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert "This story was corrected on" in notice
    assert 'href="#corrections"' in notice
    assert "Read the notes" in notice
    assert html.index('id="correction-notice"') < html.index('class="article__body"')


def test_a_retraction_is_a_kind_of_note_and_says_so_plainly(client, small_site):
    assert CorrectionKind.RETRACTION.label == "Retraction"
    Correction.objects.create(
        article=small_site.story, kind=CorrectionKind.RETRACTION, note="The study was retracted by its journal."
    )
    html = client.get(small_site.story.get_absolute_url()).content.decode()
    assert "correction-notice--retraction" in html
    assert "This story was retracted on" in html


def test_the_json_ld_carries_each_note_as_a_correction_comment(client, small_site):
    Correction.objects.create(article=small_site.story, kind=CorrectionKind.CLARIFICATION, note="<b>Plain</b> words.")
    data = _json_ld_article(client.get(small_site.story.get_absolute_url()).content.decode())
    (comment,) = data["correction"]
    assert comment["@type"] == "CorrectionComment"
    assert comment["text"] == "Clarification: <b>Plain</b> words."  # JSON string; the block escapes "<" itself
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", comment["datePublished"])
