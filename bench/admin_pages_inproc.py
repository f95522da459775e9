"""The desk at scale, in-process: each admin page an editor uses, timed; prints one JSON document.

    python -m bench.admin_pages_inproc     # under the harness's environment (DATABASE_URL, settings)

A signed-in editor (the `editor` role) asks Django's test client for each page: ROUNDS
timed requests after one untimed, median and slowest in milliseconds, and the SQL
queries of the last request. The desk app's dashboard and calendar and editorial's
revision history are timed when this tree has them. bench.admin_pages runs it for the harness.
"""

import json
import os
import statistics
import sys
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.http import urlencode  # noqa: E402

from articles.admin import ArticleAdmin  # noqa: E402
from articles.models import Article, Author, Section, Status, Tag  # noqa: E402
from articles.roles import assign_role  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ADMIN_ROUNDS", "5"))
EDITOR = "bench-editor"


def editor_client():
    user, _ = get_user_model().objects.get_or_create(username=EDITOR, defaults={"is_staff": True})
    assign_role(user, "editor")
    client = Client(raise_request_exception=False)  # a page that fails is reported with its status
    client.force_login(get_user_model().objects.get(pk=user.pk))
    return client


def optional(name, *args):
    """The address of a view another app may not have in this tree, or None."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def pages():
    """[(name, address)] over real rows of the archive."""
    changelist = reverse("admin:articles_article_changelist")
    newest = Article.objects.order_by("-published_at", "-id").only("pk", "slug").first()
    section = Section.objects.order_by("pk").first()
    author = Author.objects.order_by("pk").first()
    top_tag = Tag.objects.order_by("-article_count").first()
    # The rarest tag that still fills a page of the list: a tag on 8 stories lists 8 rows at 10,000 and
    # a full page at a million, and the page's cost is its rows, not the archive.
    full_page = ArticleAdmin.list_per_page
    rare_tag = (
        Tag.objects.filter(article_count__gte=full_page).order_by("article_count").first()
        or Tag.objects.filter(article_count__gt=0).order_by("article_count").first()
    )
    midnight = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    month = urlencode({"published_at__gte": midnight - timedelta(days=30), "published_at__lt": midnight})
    picker = reverse("admin:autocomplete") + "?app_label=articles&term=car&"
    found = [
        ("dashboard (admin index)", reverse("admin:index")),
        ("calendar", optional("admin:articles_article_calendar")),
        ("article list", changelist),
        ("list: state draft", f"{changelist}?state={Status.DRAFT}"),
        ("list: section", f"{changelist}?section__id__exact={section.pk}"),
        ("list: author", f"{changelist}?author={author.pk}"),
        ("list: most used tag", f"{changelist}?tag={top_tag.pk}"),
        ("list: rare tag", f"{changelist}?tag={rare_tag.pk}"),
        ("list: review due", f"{changelist}?review_due=yes"),
        ("list: last 30 days", f"{changelist}?{month}"),
        ("list: page 10", f"{changelist}?p=10"),
        ("search: heart", f"{changelist}?q=heart"),
        ("search: heart fail (typing)", f"{changelist}?q=heart+fail"),
        ("search: rare word", f"{changelist}?q=glioblastoma"),
        ("search: exact slug", f"{changelist}?{urlencode({'q': newest.slug})}"),
        ("add form", reverse("admin:articles_article_add")),
        ("change form", reverse("admin:articles_article_change", args=[newest.pk])),
        ("revision history", optional("admin:articles_article_revisions", newest.pk)),
        ("picker: section", picker + "model_name=article&field_name=section"),
        ("picker: author", picker + "model_name=articleauthor&field_name=author"),
        ("picker: reviewer", picker + "model_name=article&field_name=reviewed_by"),
        ("tag list", reverse("admin:articles_tag_changelist")),
        ("tag list: search", reverse("admin:articles_tag_changelist") + "?q=card"),
    ]
    return [(name, address) for name, address in found if address]


def measure(client, address):
    client.get(address)  # untimed: the process's caches (content types, templates)
    samples, cpu = [], []
    for _ in range(ROUNDS):
        before, cpu_before = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        samples.append((time.perf_counter() - before) * 1000)
        cpu.append((time.process_time() - cpu_before) * 1000)
    return {
        "status": response.status_code,
        "median_ms": round(statistics.median(samples), 1),
        "max_ms": round(max(samples), 1),
        # This process's CPU (on SQLite the database's work too): what a busy shared machine does not inflate.
        "cpu_ms": round(statistics.median(cpu), 1),
        "queries": len(queries),
    }


def measure_all():
    client = editor_client()
    return {
        "articles": Article.objects.count(),
        "vendor": connection.vendor,
        "pages": {name: {"address": address, **measure(client, address)} for name, address in pages()},
    }


if __name__ == "__main__":
    print(json.dumps(measure_all()))
    sys.exit(0)
