"""What a large archive costs readers, measured in-process; prints one JSON document on stdout.

    DATABASE_URL=postgres://…/nr_million python -m bench.million [--label "1,000,000 on PostgreSQL"] > a.json
    python -m bench.million markdown a.json b.json …   # the figures side by side

Runs with whatever settings and DATABASE_URL the environment gives (bench.common.django_env
is the production-like one). Every page is rendered cold: every cache alias is Django's
dummy cache, so nothing is served from a page or fragment cache. Figures:

* related stories: the stored list the article page reads, and the ranking that fills it
  at publish time, per article (median, p95);
* search: what the search page does (count, then the first page of hits), for words the
  generator makes common (found in a large share of the archive) and rare ones, each with
  the share of the archive it matches;
* the cold article page over many articles, and every list page (home, section, tag,
  author, search, feeds, sitemaps): median time, queries, and on PostgreSQL the database
  blocks its queries touched (EXPLAIN ANALYZE, BUFFERS): a bounded page touches about
  the same number of blocks at ten thousand articles and at a million.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, F, Max  # noqa: E402
from django.db.models.functions import Abs  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.http import urlencode  # noqa: E402

from articles import services  # noqa: E402
from articles.models import Article, Author, Section, Tag  # noqa: E402
from bench.inproc import rendered, sample_articles, summary, timed  # noqa: E402
from search.backends import get_backend  # noqa: E402
from search.models import SearchDocument  # noqa: E402
from search.paging import results_page  # noqa: E402

# Words from bench/data: the first group is in most generated stories (sentence templates,
# the head tag), the second is one subject among ~90 conditions or a drug among many.
COMMON_WORDS = ["patients", "study", "covid", "heart", "vaccine", "trial results"]
RARE_WORDS = ["glioblastoma", "migraine", "semaglutide", "psoriasis", '"heart failure"', "lupus nephritis"]
DUMMY_CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def dummy_caches():
    """Every configured cache alias replaced by the dummy cache: the page is rendered every time."""
    return override_settings(CACHES={alias: DUMMY_CACHES["default"] for alias in settings.CACHES})


def share_matching(word):
    """The share of the archive's documents that match `word` (an uncapped count, for the report only)."""
    query = get_backend()._query(get_backend().search(word).parsed) if connection.vendor == "postgresql" else None
    total = SearchDocument.objects.count() or 1
    if query is not None:
        return SearchDocument.objects.filter(vector=query).count() / total
    from search.query import to_fts5

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s", [to_fts5(get_backend().search(word).parsed)]
        )
        return cursor.fetchone()[0] / total


def measure_search(words, rounds):
    backend = get_backend()

    def search(word):
        return list(results_page(backend.search(word), 1)[1].object_list)

    calls = [(lambda word=word: search(word)) for _ in range(rounds) for word in words]
    samples, exhausted = timed(calls, warmup=len(words))
    per_word = {}
    for index, sample in enumerate(samples):
        per_word.setdefault(words[index % len(words)], []).append(sample)
    return {
        **summary(samples, exhausted),
        "per_word_median_ms": {word: round(statistics.median(values), 2) for word, values in per_word.items()},
        "share_of_archive": {word: round(share_matching(word), 4) for word in words},
    }


def measure_related(articles):
    """The stored list the article page reads, and the ranking that stores it (run at publish time)."""
    from articles import related

    pairs = [(article, list(article.tags.all())) for article in articles]
    return {
        "stored_read": summary(
            *timed([(lambda article=article: related.stored_related(article)) for article in articles])
        ),
        "ranking": summary(*timed([(lambda pair=pair: services.related_stories(*pair)) for pair in pairs])),
    }


def blocks_touched(captured):
    """Shared blocks (hit + read) the captured SELECTs touch, by EXPLAIN (ANALYZE, BUFFERS); PostgreSQL only."""
    if connection.vendor != "postgresql":
        return None
    total = 0
    with connection.cursor() as cursor:
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0][0]["Plan"]
            total += plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
    return total


def measure_page(client, paths, *, warmup=3, budget=None):
    """Median and p95 of rendering `paths` cold, the queries of one of them and the blocks they touched.

    Every request must answer 200 (bench.inproc.rendered): a run that would time error pages stops.

    `budget` (seconds) stops repeating a page that is slow (an unbounded one): its figures then
    rest on fewer samples, and say so (budget_exhausted).
    """
    samples, exhausted = timed(
        [(lambda path=path: rendered(client, path)) for path in paths], warmup=warmup, budget=budget
    )
    with CaptureQueriesContext(connection) as queries:
        rendered(client, paths[0])
    return {
        **summary(samples, exhausted),
        "queries": len(queries),
        "blocks": blocks_touched(queries.captured_queries),
    }


def list_pages():
    """(name, path) of every list page, over real rows of the archive."""
    top_tag = Tag.objects.order_by("-article_count").first()
    rare_tag = Tag.objects.filter(article_count__gt=0).order_by("article_count", "pk").first()
    # A tag with about 1 % of the archive (neither rare nor common), and the tag whose stories are oldest: both
    # cost a walk of the newest articles a great deal, and a look-up of all their stories by key, a tag's size.
    published = Article.objects.published().count()
    middling_tag = (
        Tag.objects.filter(article_count__gt=0)
        .annotate(distance=Abs(F("article_count") - published // 100))
        .order_by("distance", "pk")
        .first()
    )
    stale_tag = (
        Tag.objects.filter(article_count__gt=0)
        .annotate(newest=Max("tagged_articles__content_object__published_at"))
        .order_by("newest", "pk")
        .first()
    )
    section = Section.objects.order_by("pk").first()
    author = Author.objects.order_by("pk").first()
    top_author = Author.objects.annotate(stories=Count("bylines")).order_by("-stories", "pk").first()
    sitemap = reverse("sitemap_section", kwargs={"section": "articles"})
    pages = [
        ("home", reverse("articles:home")),
        ("home, page 50", reverse("articles:home") + "?page=50"),
        ("section", section.get_absolute_url()),
        ("tag (most used)", top_tag.get_absolute_url()),
        ("tag (rare)", rare_tag.get_absolute_url()),
        ("tag (about 1 % of the archive)", middling_tag.get_absolute_url()),
        ("tag (oldest stories)", stale_tag.get_absolute_url()),
        ("tag (most used), page 20", top_tag.get_absolute_url() + "?page=20"),
        ("author", author.get_absolute_url()),
        ("author (most stories)", top_author.get_absolute_url()),
        ("search (common word)", reverse("search:search") + "?" + urlencode({"q": "covid"})),
        ("search (rare word)", reverse("search:search") + "?" + urlencode({"q": "glioblastoma"})),
        ("search, page 20", reverse("search:search") + "?" + urlencode({"q": "patients", "page": 20})),
        ("search in a section", reverse("search:search") + "?" + urlencode({"q": "covid", "section": section.slug})),
        ("feed (site)", reverse("articles:feed")),
        ("feed (most used tag)", reverse("articles:tag_feed", kwargs={"slug": top_tag.slug})),
        ("sitemap index", reverse("sitemap_index")),
        ("sitemap, articles page 1", sitemap),
        ("sitemap, articles last page", sitemap + f"?p={last_sitemap_page()}"),
        ("sitemap, tags", reverse("sitemap_section", kwargs={"section": "tags"})),
        ("sitemap, authors", reverse("sitemap_section", kwargs={"section": "authors"})),
        ("sitemap, sections", reverse("sitemap_section", kwargs={"section": "sections"})),
        ("news sitemap", reverse("news_sitemap")),
    ]
    return pages


def last_sitemap_page():
    from articles.sitemaps import ArticleSitemap

    return ArticleSitemap().paginator.num_pages


def fill_measured(articles):
    """Stored body HTML and related stories for the articles whose pages are measured (seconds taken).

    For an archive generated with --no-related (or older than those columns): filling a million
    takes hours, and a page reads only its own article's.
    """
    from articles import related

    ids = [article.pk for article in articles]
    started = time.monotonic()
    services.store_rendered_bodies(ids)
    related.refresh_related(ids)
    return round((time.monotonic() - started) / max(len(ids), 1) * 1000, 2)


def measure(*, related_samples, search_rounds, article_pages, list_repeats, fill):
    started = time.monotonic()
    measured = sample_articles(article_pages, seed=13)
    result = {
        "fill_ms_per_article": fill_measured(measured) if fill else None,
        "vendor": connection.vendor,
        "articles": Article.objects.count(),
        "published": Article.objects.published().count(),
        "load_average_before": [round(value, 2) for value in os.getloadavg()],
        "related": measure_related(measured[:related_samples]),
        "search_common": measure_search(COMMON_WORDS, search_rounds),
        "search_rare": measure_search(RARE_WORDS, search_rounds),
    }
    with dummy_caches():
        client = Client()
        result["article_page"] = measure_page(client, [article.get_absolute_url() for article in measured])
        result["list_pages"] = {
            name: measure_page(client, [path] * list_repeats, warmup=1, budget=10) for name, path in list_pages()
        }
    result["load_average_after"] = [round(value, 2) for value in os.getloadavg()]
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def markdown(results):
    """Side-by-side tables (one column per archive) from documents this module printed."""
    head = "| | " + " | ".join(result["label"] for result in results) + " |\n|---|" + "---|" * len(results)
    rows = [
        ("articles", lambda r: f"{r['articles']:,}"),
        ("load average before / after", lambda r: f"{r['load_average_before'][0]} / {r['load_average_after'][0]}"),
        ("related, stored list read: median / p95 ms", lambda r: _ms(r["related"]["stored_read"])),
        ("related, ranking (at publish): median / p95 ms", lambda r: _ms(r["related"]["ranking"])),
        ("search, common words: median / p95 ms", lambda r: _ms(r["search_common"])),
        ("search, rare words: median / p95 ms", lambda r: _ms(r["search_rare"])),
        ("cold article page: median / p95 ms (queries)", lambda r: _page(r["article_page"])),
    ]
    lines = [head] + [f"| {name} | " + " | ".join(cell(r) for r in results) + " |" for name, cell in rows]
    pages = ["", "List pages, cold: median ms, queries, blocks touched (PostgreSQL)", "", head]
    for name in results[0]["list_pages"]:
        pages.append(f"| {name} | " + " | ".join(_page(r["list_pages"][name]) for r in results) + " |")
    words = ["", "Search words: median ms (share of the archive matched)", "", head]
    for group in ("search_common", "search_rare"):
        for word in results[0][group]["per_word_median_ms"]:
            cells = [
                f"{r[group]['per_word_median_ms'][word]} ({r[group]['share_of_archive'][word]:.1%})" for r in results
            ]
            words.append(f"| {word} | " + " | ".join(cells) + " |")
    return "\n".join(lines + pages + words) + "\n"


def _ms(figures):
    return f"{figures['median_ms']:.1f} / {figures['p95_ms']:.1f}"


def _page(figures):
    blocks = f", {figures['blocks']:,} blocks" if figures.get("blocks") is not None else ""
    return f"{figures['median_ms']:.1f} / {figures['p95_ms']:.1f} ({figures['queries']} q{blocks})"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["markdown"]:  # python -m bench.million markdown a.json b.json …
        results = [json.loads(open(path).read()) for path in argv[1:]]  # noqa: PTH123, SIM115
        sys.stdout.write(markdown(results))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="", help="What this archive is, for the report.")
    parser.add_argument("--related-samples", type=int, default=200)
    parser.add_argument("--search-rounds", type=int, default=8)
    parser.add_argument("--article-pages", type=int, default=200)
    parser.add_argument("--list-repeats", type=int, default=15)
    parser.add_argument(
        "--fill-measured", action="store_true", help="Store body HTML and related stories of the measured articles."
    )
    args = parser.parse_args(argv)
    random.seed(1)
    result = measure(
        related_samples=args.related_samples,
        search_rounds=args.search_rounds,
        article_pages=args.article_pages,
        list_repeats=args.list_repeats,
        fill=args.fill_measured,
    )
    json.dump({"label": args.label, **result}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
