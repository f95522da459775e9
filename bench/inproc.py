"""In-process measurements for bench.harness; prints one JSON document on stdout.

    python -m bench.inproc scale     # the cold article page, related stories and search: median and p95
    python -m bench.inproc queries   # SQL queries per public page, page cache missed and hit
    python -m bench.inproc paths     # the request paths wrk spreads its load over
    python -m bench.inproc archive <directory>   # every article path, newest first, for the traffic part
    python -m bench.inproc profile /article/<slug>/ [--hit]  # where one page's time goes, rendered or a cache hit

Runs with whatever settings and DATABASE_URL the harness put in the environment
(production settings, the benchmark database, the benchmark's Redis database).
"""

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
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.http import urlencode  # noqa: E402

from articles import services  # noqa: E402
from articles.models import Article, Author, Section, Tag  # noqa: E402

# Searches readers type: common and rare words, several words, a phrase, a miss.
SEARCH_QUERIES = [
    "covid",
    "vaccine",
    "heart failure",
    "cancer screening",
    "semaglutide",
    "semaglutide obesity",
    "blood pressure trial",
    '"atrial fibrillation"',
    "glioblastoma",
    "haemophilia gene therapy",
    "side effects nausea",
    "children asthma",
    "alzheimer lecanemab",
    "long covid fatigue",
    "migraine",
    "pregnant women preeclampsia",
    "antibiotic resistance",
    "psilocybin depression",
    "kidney function",
    "xylophonist",
]


def timed(calls, *, warmup=10, budget=None):
    """(milliseconds each of `calls` took after `warmup` untimed calls, whether the budget ran out).

    `budget` (seconds, warm-up included) bounds a pathologically slow case: the run stops
    there and reports what it measured (the warm-up's samples if nothing else), flagged.
    """
    samples, warm, started = [], [], time.monotonic()
    for index, call in enumerate(calls[:warmup] + calls):
        before = time.perf_counter()
        call()
        (samples if index >= warmup else warm).append((time.perf_counter() - before) * 1000)
        if budget and time.monotonic() - started > budget:
            return (samples or warm), True
    return samples, False


def summary(samples, budget_exhausted=False):
    """Median and p95 of samples in milliseconds."""
    samples = sorted(samples)
    return {
        "budget_exhausted": budget_exhausted,
        "n": len(samples),
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 3),
        "max_ms": round(samples[-1], 3),
    }


def sample_articles(count, seed=7):
    ids = list(Article.objects.published().order_by().values_list("pk", flat=True))
    chosen = random.Random(seed).sample(ids, min(count, len(ids)))
    return list(Article.objects.published().filter(pk__in=chosen).prefetch_related("tags"))


def dummy_caches():
    """Every cache alias a DummyCache, as bench.cold_settings has them."""
    return {alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in settings.CACHES}


class PageFailed(RuntimeError):
    """A measured page did not answer 200: its time would be an error page's, not the page's."""


def rendered(client, path):
    """GET `path` with the test client; PageFailed unless it answers 200 (a wrong host, a missing row)."""
    response = client.get(path)
    if response.status_code != 200:
        raise PageFailed(f"{path} answered {response.status_code}, not 200: nothing of it would be measured")
    return response


def time_cold_pages(paths):
    """Each page rendered in full, every cache a DummyCache: (samples, budget exhausted)."""
    client = Client()
    with override_settings(CACHES=dummy_caches()):
        return timed([(lambda path=path: rendered(client, path)) for path in paths])


def measure_scale():
    from search.backends import get_backend
    from search.paging import results_page

    articles = sample_articles(int(os.environ.get("BENCH_RELATED_SAMPLES", "400")))
    # The article page passes the tags it already prefetched; so does this.
    with_tags = [(article, list(article.tags.all())) for article in articles]
    related_calls = [(lambda pair=pair: services.related_stories(*pair)) for pair in with_tags]
    backend = get_backend()

    def search(query):
        # What the search page does: count the matches as far as its window, fetch page 1 of hits.
        return list(results_page(backend.search(query), 1)[1].object_list)

    rounds = int(os.environ.get("BENCH_SEARCH_ROUNDS", "3"))
    queries = [query for _ in range(rounds) for query in SEARCH_QUERIES]
    budget = float(os.environ.get("BENCH_SEARCH_BUDGET", "120"))
    search_samples, exhausted = timed(
        [(lambda query=query: search(query)) for query in queries], warmup=len(SEARCH_QUERIES), budget=budget
    )
    per_query = {}
    for query, sample in zip(queries, search_samples, strict=False):
        per_query.setdefault(query, []).append(sample)
    return {
        "articles": Article.objects.published().count(),
        "article_page": summary(*time_cold_pages([article.get_absolute_url() for article in articles[:100]])),
        "related": summary(*timed(related_calls)),
        "search": summary(search_samples, exhausted),
        "search_per_query": {query: round(statistics.median(samples), 2) for query, samples in per_query.items()},
    }


def public_pages():
    """(name, path) of each public page, over real rows of the benchmark archive."""
    top_tag = Tag.objects.order_by("-article_count").first()
    rare_tag = Tag.objects.filter(article_count__gt=0).order_by("article_count").first()
    article = sample_articles(1, seed=11)[0]
    pages = [
        ("home", reverse("articles:home")),
        ("article", article.get_absolute_url()),
        ("section", Section.objects.order_by("pk").first().get_absolute_url()),
        ("tag (most used)", top_tag.get_absolute_url()),
        ("tag (rare)", rare_tag.get_absolute_url()),
        ("author", Author.objects.order_by("pk").first().get_absolute_url()),
        ("search", reverse("search:search") + "?q=heart+failure"),
    ]
    return pages


def measure_queries():
    """Each page missed and then hit, after one visit of every page: once-only work (the most-read
    ranking built on first use, the next publication time) is not a page's queries."""
    from articles import changes

    client = Client()
    cache = caches[settings.PAGE_CACHE_ALIAS]
    cache.clear()
    for _, path in public_pages():
        client.get(path)
    changes.site_changed()  # every stored page is now stale: the next request for each renders
    pages = []
    for name, path in public_pages():
        counts, statuses, cache_headers = [], [], []
        sql = []
        for _ in range(2):  # the first request misses the page cache and fills it, the second hits it
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            counts.append(len(queries))
            statuses.append(response.status_code)
            cache_headers.append(response.headers.get("X-Page-Cache", ""))
            sql.append([query["sql"][:300] for query in queries.captured_queries])
        pages.append(
            {
                "page": name,
                "path": path,
                "status": statuses,
                "uncached_queries": counts[0],
                "cached_queries": counts[1],
                "x_page_cache": cache_headers,
                "uncached_sql": sql[0],
            }
        )
    return {"pages": pages}


def request_paths():
    """Paths wrk spreads its load over: many articles, the sections, the most used tags, the searches above."""
    slugs = list(Article.objects.published().order_by().values_list("slug", flat=True))
    random.Random(3).shuffle(slugs)
    search = reverse("search:search")
    return {
        "article": [reverse("articles:article", kwargs={"slug": slug}) for slug in slugs[:1000]],
        "section": [section.get_absolute_url() for section in Section.objects.order_by("pk")],
        "tag": [tag.get_absolute_url() for tag in Tag.objects.order_by("-article_count")[:20]],
        "search": [f"{search}?{urlencode({'q': query})}" for query in SEARCH_QUERIES],
    }


def archive_paths(directory):
    """The whole archive for the traffic part: article paths newest first in <directory>/archive-articles.txt
    (a file: 100 000 paths are too many for one JSON line), sections and tags (most used first) returned.
    """
    slugs = Article.objects.published().order_by("-published_at", "-pk").values_list("slug", flat=True)
    path_file = os.path.join(directory, "archive-articles.txt")
    count = 0
    with open(path_file, "w") as out:
        for slug in slugs.iterator(chunk_size=5000):
            out.write(reverse("articles:article", kwargs={"slug": slug}) + "\n")
            count += 1
    return {
        "articles_file": path_file,
        "articles": count,
        "sections": [section.get_absolute_url() for section in Section.objects.order_by("pk")],
        "tags": [tag.get_absolute_url() for tag in Tag.objects.filter(article_count__gt=0).order_by("-article_count")],
    }


def profile(path, requests=50, hit=False):
    """A pyinstrument profile of `requests` requests for one page, as text: rendered in full (every
    cache a DummyCache, as bench.cold_settings), or (hit=True) answered from the page cache."""
    from pyinstrument import Profiler

    client = Client()
    caches_now = settings.CACHES if hit else dummy_caches()
    with override_settings(CACHES=caches_now):
        for _ in range(5):
            client.get(path)
        profiler = Profiler(interval=0.0005)
        started = time.process_time()
        with profiler:
            for _ in range(requests):
                client.get(path)
    cpu_ms = (time.process_time() - started) / requests * 1000
    return f"{path}: {cpu_ms:.1f} ms CPU per request (profiled)\n" + profiler.output_text(color=False, unicode=False)


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "scale"
    if mode == "profile":  # python -m bench.inproc profile /article/<slug>/ [--hit]  (needs pyinstrument)
        print(profile(sys.argv[2], hit="--hit" in sys.argv))
        sys.exit(0)
    if mode == "archive":  # python -m bench.inproc archive <directory>
        result = archive_paths(sys.argv[2])
    else:
        result = {"scale": measure_scale, "queries": measure_queries, "paths": request_paths}[mode]()
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
