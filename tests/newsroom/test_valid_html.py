"""Every public page kind is valid HTML: the W3C Nu HTML checker (vnu.jar) reports no error on it.

The pages are rendered from the demo site (newsroom.demo) by the test client, written to a
folder, and checked in one run of the checker. The checker comes from npm (`vnu-jar`, installed
by `make vnu` into var/npm/) and runs on Debian's Java (`default-jre-headless`). Without them
the test skips with the reason, unless NEWSROOM_REQUIRE_HTML_CHECKER is set (CI installs both):
then it fails.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, Tag
from editorial.models import Correction
from newsroom.demo.most_read import seed_views
from newsroom.demo.seeder import Seeder
from pages.models import Page

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / "var/npm/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))

pytestmark = pytest.mark.slow


def checker():
    """The command that runs the Nu HTML checker, or a loud skip (a failure in CI)."""
    java = shutil.which("java")
    missing = []
    if not java:
        missing.append("java (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        missing.append(f"{VNU_JAR} (make vnu)")
    if not missing:
        return [java, "-Xss4m", "-jar", str(VNU_JAR)]
    reason = "the Nu HTML checker cannot run: missing " + ", ".join(missing)
    if os.environ.get("NEWSROOM_REQUIRE_HTML_CHECKER"):
        pytest.fail(reason + "; NEWSROOM_REQUIRE_HTML_CHECKER is set")
    pytest.skip(reason)


def check_html(pages, folder):
    """{name: [error messages]} for the {name: html} given, from one run of the checker."""
    command = checker()
    names = {}
    for number, (name, html) in enumerate(pages.items()):
        path = (folder / f"page-{number}.html").resolve()
        path.write_text(html, encoding="utf-8")
        names[path] = name
    result = subprocess.run(  # noqa: S603 - a fixed command on files we wrote
        [*command, "--errors-only", "--format", "json", "--exit-zero-always", *map(str, names)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    errors = {name: [] for name in pages}
    for message in json.loads(result.stderr)["messages"]:
        url = message.get("url", "")
        name = next((names[path] for path in names if url.endswith(path.name)), url)
        where = f"line {message['lastLine']}: " if "lastLine" in message else ""
        excerpt = message.get("extract", "").strip()
        errors.setdefault(name, []).append(f"{where}{message['message']}" + (f"  [{excerpt}]" if excerpt else ""))
    return errors


def skipped_headings(html):
    """The headings that come more than one level below the heading before them ("h1 > h3")."""
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    return [f"h{before} > h{after}" for before, after in zip(levels, levels[1:], strict=False) if after > before + 1]


def public_pages(client):
    """{label: html} for every public page kind of the demo site."""
    story = Article.objects.published().select_related("section").first()
    tag = Tag.objects.filter(article__in=Article.objects.published()).first()
    author = Author.objects.filter(articles__in=Article.objects.published()).first()
    urls = {
        "home": reverse("articles:home"),
        "section": story.section.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": author.get_absolute_url(),
        "search results": reverse("search:search") + "?q=heart",
        "search, no results": reverse("search:search") + "?q=zzzqqqxxx",
        "search form": reverse("search:search"),
        "corrections": reverse("editorial:corrections"),
        "404": "/no-such-page/",
    }
    for number, article in enumerate(Article.objects.published().order_by("-published_at")):
        urls[f"article {number}: {article.slug}"] = article.get_absolute_url()
    urls["report an error"] = reverse("errorreports:report", kwargs={"slug": story.slug})
    corrected = Article.objects.published().filter(corrections__isnull=False).first()
    urls["public change history"] = reverse("editorial:article_changes", kwargs={"slug": corrected.slug})
    for page in Page.objects.all():
        urls[f"page: {page.slug}"] = page.get_absolute_url()
    pages = {}
    for label, url in urls.items():
        response = client.get(url)
        expected = 404 if label == "404" else 200
        assert response.status_code == expected, f"{label} ({url}) answered {response.status_code}"
        pages[f"{label} ({url})"] = response.content.decode()
    return pages


def test_the_checker_reports_invalid_html(tmp_path):
    """The check below cannot pass by reading nothing: a known error is reported."""
    page = '<!doctype html><html lang="en"><title>x</title><p><time datetime="{}">x</time>'
    invalid = page.format("2026-12-03T15:58:14.459282+00:00")
    valid = page.format("2026-12-03T15:58:14+00:00")

    errors = check_html({"invalid": invalid, "valid": valid}, tmp_path)

    assert any("datetime" in message for message in errors["invalid"]), errors
    assert errors["valid"] == []


def test_a_skipped_heading_level_is_found():
    assert skipped_headings("<h1>Section</h1><h3>Story</h3>") == ["h1 > h3"]
    assert skipped_headings('<h1>Section</h1><h2 class="x">Stories</h2><h3>Story</h3><h2>More</h2>') == []


def test_every_public_page_kind_is_valid_html(client, db, tmp_path):
    Seeder(timezone.now()).run()
    seed_views(timezone.now())
    story = Article.objects.published().first()
    Correction.objects.create(article=story, kind="correction", note="An earlier version misstated the dose.")
    pages = public_pages(client)
    assert 'id="most-read"' in pages["home (/)"]

    errors = check_html(pages, tmp_path)

    report = "\n".join(f"{name}:\n  " + "\n  ".join(messages) for name, messages in errors.items() if messages)
    assert not report, f"The Nu HTML checker found errors:\n{report}"
    skips = {name: skipped_headings(html) for name, html in pages.items() if skipped_headings(html)}
    assert not skips, f"Heading levels skipped: {skips}"
