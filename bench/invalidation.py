"""Precise invalidation: how much of the page cache one change throws away.

With N article pages cached (each requested until the page cache answers `hit`), one story
is published (`manage.py publish_story`, the editor's path) and the N pages are requested
again: the share that had to render (X-Page-Cache other than `hit`) is what the publish
cost. `assembled` (served from cached parts, only a shared fragment rendered again) is
counted apart. Then the same after editing the body of one of the N published stories.
Ideal: a publish renders none of the N article bodies again; an edit renders one.

The pages are asked for again `settle` seconds after the change: past the page cache's stated
bound on how long a worker may trust the tokens it read (PAGE_CACHE_TOKEN_SECONDS, at most 1 s).
Then the change must be visible: the new story linked from the home page, the edit's words
on the edited story's page.
"""

import json
import random
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import servers
from bench.common import inproc, log, manage
from bench.throughput import fetch


def shares(headers):
    """Shares of `hit`, `assembled` and the rest (rendered) among X-Page-Cache values."""
    counts = Counter(header or "(none)" for header in headers)
    total = len(headers)
    hit, assembled = counts.pop("hit", 0), counts.pop("assembled", 0)
    return {
        "pages": total,
        "hit": round(hit / total, 4) if total else None,
        "assembled": round(assembled / total, 4) if total else None,
        "rendered": round((total - hit - assembled) / total, 4) if total else None,
        "rendered_as": dict(sorted(counts.items())),
    }


def request_all(running, paths):
    with ThreadPoolExecutor(max_workers=4) as pool:
        return [header for _, header in pool.map(lambda path: fetch(running.url(path)), paths)]


def warm(running, paths, attempts=3):
    """Request the pages until all answer `hit` (or `attempts` passes); the share of hits at the end."""
    headers = []
    for _ in range(attempts):
        headers = request_all(running, paths)
        if all(header == "hit" for header in headers):
            break
    return shares(headers)["hit"]


def change(env, *args):
    """`manage.py publish_story [args]`: its JSON line."""
    return json.loads(manage(env, "publish_story", *args, capture=True).strip().splitlines()[-1])


def page_text(running, path):
    """The page's HTML, or "" when it did not answer 200 (the change then counts as not visible)."""
    try:
        with urllib.request.urlopen(running.url(path), timeout=30) as response:  # noqa: S310 - loopback URL
            return response.read().decode("utf-8", "replace")
    except OSError:  # an HTTP error status, a refused or reset connection, a timeout
        return ""


def run(env, config):
    archive = inproc(env, "archive", config.work)
    articles = Path(archive["articles_file"]).read_text().split()
    paths = random.Random(config.seed).sample(articles, min(config.invalidation_pages, len(articles)))
    log(f"invalidation: {len(paths)} cached article pages, one publish, then one body edit")
    result = {"pages": len(paths), "settle_seconds": config.settle}
    running = servers.server("site", env, port=config.port, log_dir=config.work)
    with running:
        result["warm_before_publish"] = warm(running, paths)
        result["published"] = change(env)
        time.sleep(config.settle)
        result["after_publish"] = shares(request_all(running, paths))
        result["new_story_on_home"] = result["published"]["path"] in page_text(running, "/")
        result["warm_before_edit"] = warm(running, paths)
        edited = paths[0].rstrip("/").rsplit("/", 1)[-1]
        result["edited"] = change(env, "--edit", edited)
        time.sleep(config.settle)
        result["after_edit"] = shares(request_all(running, paths))
        result["edit_visible"] = result["edited"]["marker"] in page_text(running, paths[0])
    log(
        f"  after a publish {result['after_publish']['rendered']:.1%} rendered "
        f"({result['after_publish']['assembled']:.1%} assembled); after a body edit "
        f"{result['after_edit']['rendered']:.1%} rendered; new story on home {result['new_story_on_home']}, "
        f"edit visible {result['edit_visible']}"
    )
    return result
