"""Realistic traffic: readers drawn from a Zipf law over the archive, a crawler walking it in
order, and one story published every `publish_every` seconds of run time, all at once
against the site as served (bench.servers, production settings, Redis page cache).

Readers are closed-loop threads (one request after another on their own connection):
most open an article (rank 1 the newest story, the chance of rank k falling as
1/k^exponent; a story just published becomes rank 1), the others the home page, a
section or a tag (tags by the same law, most used first). The crawler is one more thread
asking for every article page, newest to oldest. Publishing runs `manage.py
publish_story` in a subprocess: the editor's "Publish now" path.

Reported, per client and overall: requests, requests/s, the share answered from the page
cache (X-Page-Cache: hit; `assembled`, a page put together from cached parts, counted
apart), p50/p99 latency, statuses, and CPU milliseconds of the gunicorn processes per
request.
"""

import bisect
import json
import random
import threading
import time
from collections import Counter
from http.client import HTTPConnection, HTTPException
from itertools import accumulate
from pathlib import Path

from bench import servers
from bench.common import HOST, inproc, log, manage

# What a reader opens, by share.
READER_MIX = (("article", 0.80), ("home", 0.10), ("section", 0.05), ("tag", 0.05))


class ZipfSampler:
    """Ranks 0..count-1 drawn with probability proportional to 1 / (rank + 1) ** exponent."""

    def __init__(self, count, exponent=1.0, rng=None):
        if count < 1:
            raise ValueError("a Zipf law needs at least one rank")
        self.count = count
        self.cumulative = list(accumulate(1.0 / (rank + 1) ** exponent for rank in range(count)))
        self.rng = rng or random.Random()

    def __call__(self):
        point = self.rng.random() * self.cumulative[-1]
        return min(bisect.bisect_right(self.cumulative, point), self.count - 1)

    def share_of_top(self, ranks):
        """The probability that a draw falls within the first `ranks` ranks."""
        return self.cumulative[min(ranks, self.count) - 1] / self.cumulative[-1]


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summarize(records, seconds, cpu_seconds=None):
    """Figures for a list of (latency seconds, status, X-Page-Cache) records over `seconds` of run time."""
    latencies = [latency * 1000 for latency, status, _ in records if status]
    headers = Counter(header or "(none)" for _, _, header in records)
    count = len(records)
    return {
        "requests": count,
        "rps": round(count / seconds, 1) if seconds else None,
        "hit_ratio": round(headers["hit"] / count, 3) if count else None,
        "assembled_ratio": round(headers["assembled"] / count, 3) if count else None,
        "x_page_cache": dict(sorted(headers.items())),
        "statuses": dict(sorted(Counter(str(status) for _, status, _ in records).items())),
        "p50_ms": round(percentile(latencies, 0.50), 2) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99), 2) if latencies else None,
        "cpu_ms_per_request": round(cpu_seconds * 1000 / count, 3) if cpu_seconds is not None and count else None,
    }


class Site:
    """The paths of the archive, newest article first; publishing puts a new story at the front."""

    def __init__(self, archive):
        self.articles = Path(archive["articles_file"]).read_text().split()
        self.sections = archive["sections"]
        self.tags = archive["tags"]
        self.lock = threading.Lock()

    def published(self, path):
        with self.lock:
            self.articles.insert(0, path)


class Client(threading.Thread):
    """One connection asking for `next_path()` until the deadline; records (latency, status, X-Page-Cache)."""

    def __init__(self, port, next_path, deadline):
        super().__init__(daemon=True)
        self.port, self.next_path, self.deadline = port, next_path, deadline
        self.records = []

    def run(self):
        connection = HTTPConnection(HOST, self.port, timeout=30)
        while time.monotonic() < self.deadline:
            path = self.next_path()
            started = time.monotonic()
            try:
                connection.request("GET", path, headers={"Accept": "text/html", "User-Agent": "newsroom-bench"})
                response = connection.getresponse()
                response.read()
                status, header = response.status, response.headers.get("X-Page-Cache", "")
                if response.will_close:
                    connection.close()  # sync workers close after each response; reconnects on the next request
            except (OSError, HTTPException):
                status, header = 0, "no answer"
                connection.close()
            self.records.append((time.monotonic() - started, status, header))
        connection.close()


def reader_paths(site, seed):
    """A function giving each reader's next path."""
    rng = random.Random(seed)
    articles = ZipfSampler(len(site.articles), rng=rng)
    tags = ZipfSampler(len(site.tags), rng=rng) if site.tags else None
    kinds, weights = zip(*READER_MIX, strict=True)

    def next_path():
        kind = rng.choices(kinds, weights)[0]
        if kind == "article" or (kind == "tag" and not tags):
            with site.lock:
                return site.articles[min(articles(), len(site.articles) - 1)]
        if kind == "home":
            return "/"
        if kind == "section":
            return rng.choice(site.sections)
        return site.tags[tags()]

    return next_path


def crawler_paths(site):
    position = iter(range(10**9))

    def next_path():
        with site.lock:
            return site.articles[next(position) % len(site.articles)]

    return next_path


def publish(env):
    """One story published the editor's way; its JSON line from `manage.py publish_story`."""
    return json.loads(manage(env, "publish_story", capture=True).strip().splitlines()[-1])


def run(env, config):
    """Readers, a crawler and the publisher against the site for `config.traffic_seconds`."""
    archive = inproc(env, "archive", config.work)
    site = Site(archive)
    log(
        f"traffic: {len(site.articles):,} articles, {config.readers} readers + 1 crawler, "
        f"{config.traffic_seconds} s, a publish every {config.publish_every} s"
    )
    running = servers.server("site", env, port=config.port, log_dir=config.work)
    with running:
        pids = servers.server_pids(running)
        cpu_before = servers.cpu_seconds(pids)
        started = time.monotonic()
        deadline = started + config.traffic_seconds
        readers = [
            Client(config.port, reader_paths(site, config.seed * 1000 + index), deadline)
            for index in range(config.readers)
        ]
        crawler = Client(config.port, crawler_paths(site), deadline)
        for client in [*readers, crawler]:
            client.start()
        publishes = []
        next_publish = started + config.publish_every
        while next_publish < deadline:
            time.sleep(max(0.0, next_publish - time.monotonic()))
            t0 = time.monotonic()
            story = publish(env)
            site.published(story["path"])
            publishes.append({"at_s": round(t0 - started, 1), "took_s": round(time.monotonic() - t0, 2), **story})
            log(f"  published {story['path']} at {t0 - started:.0f} s")
            next_publish += config.publish_every
        for client in [*readers, crawler]:
            client.join()
        seconds = time.monotonic() - started
        cpu = servers.cpu_seconds(pids) - cpu_before
    reader_records = [record for reader in readers for record in reader.records]
    everything = reader_records + crawler.records
    result = {
        "archive": len(site.articles) - len(publishes),
        "readers": config.readers,
        "seconds": round(seconds, 1),
        "publish_every": config.publish_every,
        "publishes": publishes,
        # CPU is the server's, for all requests: the share per client is not measurable apart.
        "all": summarize(everything, seconds, cpu),
        "readers_only": summarize(reader_records, seconds),
        "crawler": summarize(crawler.records, seconds),
    }
    overall = result["all"]
    log(
        f"  {overall['rps']} req/s, hit ratio {overall['hit_ratio']:.0%} (readers "
        f"{result['readers_only']['hit_ratio']:.0%}, crawler {result['crawler']['hit_ratio']:.0%}), "
        f"p50 {overall['p50_ms']} ms, p99 {overall['p99_ms']} ms, CPU {overall['cpu_ms_per_request']} ms/request"
    )
    return result
