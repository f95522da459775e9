"""Newsroom's benchmark: throughput against a bare Django view, query counts, and how
related stories and search grow with the archive. Started by bench/run.sh (`make bench`),
which runs `python -m bench.harness`.

For each database (SQLite, PostgreSQL) the archive is generated up to each size in turn
(1 000, 10 000, 100 000 by default; `generate_articles` adds only what is missing), and
at each size related stories and search are timed in-process (bench.inproc). At the
largest size the queries per page are counted and the site is served with the
production gunicorn config (DEBUG off, Redis cache) on 127.0.0.1:8108 and loaded with wrk
(bench.throughput: each page uncached and cached, as a ratio to /bench/baseline/, a trivial
HttpResponse through the same middleware and server). The report: bench.report.

Settings (environment, or the flags below): BENCH_SIZES=1000,10000,100000, BENCH_DBS=postgres,sqlite,
BENCH_DURATION=10 (seconds of load per URL and mode), BENCH_THREADS=2, BENCH_CONNECTIONS=32,
BENCH_PORT=8108, BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/nr_bench,
BENCH_REDIS_URL=redis://127.0.0.1:6379/12 (empty: the file cache), BENCH_SEED=1,
BENCH_RESULTS_DIR=bench/results. `--smoke`: 200 articles, SQLite, 2 s of load, all files in var/bench-smoke/.

    python -m bench.harness --smoke     # what bench/run.sh runs, after checking for wrk and PostgreSQL
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

from bench import report
from bench.common import (
    ROOT,
    django_env,
    git,
    inproc,
    load_average,
    log,
    machine,
    manage,
    recreate_postgres,
    save_results,
)
from bench.throughput import BYPASS_COOKIE, flush_cache, gunicorn_settings, throughput

# --- Databases --------------------------------------------------------------------------


def fresh_database(db, config):
    """An empty database for one engine; returns its DATABASE_URL."""
    if db == "sqlite":
        path = config.work / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    return recreate_postgres(config.pg_url)


def analyze(db, db_url):
    """Fresh statistics after a bulk load, as autovacuum (PostgreSQL) or `ANALYZE` in deployment (SQLite) would."""
    if db == "sqlite":
        import sqlite3

        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            conn.execute("ANALYZE")
    else:
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")


def database_version(db, db_url):
    if db == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(db_url) as conn:
        return "PostgreSQL " + conn.execute("SHOW server_version").fetchone()[0]


def redis_version(url):
    if not url:
        return None
    try:
        import redis

        return "Redis " + redis.Redis.from_url(url, socket_connect_timeout=1).info("server")["redis_version"]
    except Exception as error:  # noqa: BLE001 - a description only
        return f"unavailable ({error.__class__.__name__})"


def growth(scale_by_size):
    """Time ratio between consecutive sizes (and first to last), next to the archive's own ratio."""
    sizes = sorted(scale_by_size)
    rows = []
    pairs = list(zip(sizes, sizes[1:], strict=False))
    if len(sizes) > 2:
        pairs.append((sizes[0], sizes[-1]))
    for small, large in pairs:
        row = {"from": small, "to": large, "archive_x": round(large / small, 1)}
        for what in ("related", "search"):
            before, after = scale_by_size[small][what]["median_ms"], scale_by_size[large][what]["median_ms"]
            row[f"{what}_x"] = round(after / before, 2) if before else None
        rows.append(row)
    return rows


# --- Main ------------------------------------------------------------------------------------


def write_results(result, config, started):
    """bench/results/<date>-<commit>.json and .txt (the smoke run: var/bench-smoke/results/); returns the text."""
    result["load_after"] = load_average()
    result["targets"] = report.targets(result)
    result["notes"] = [] if config.redis_url else ["Redis was not reachable: the page cache used the file cache."]
    text = report.report_text(result)
    stem = f"{started:%Y-%m-%d}-{result['commit']}{'-smoke' if config.smoke else ''}"
    save_results(config.results_dir, stem, result, text)
    return text


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    env = os.environ.get
    parser.add_argument("--smoke", action="store_true", help="200 articles, SQLite, 2 s of load: a quick check")
    parser.add_argument("--sizes", default=env("BENCH_SIZES", "1000,10000,100000"))
    parser.add_argument("--dbs", default=env("BENCH_DBS", "postgres,sqlite"))
    parser.add_argument("--duration", type=int, default=int(env("BENCH_DURATION", "10")))
    parser.add_argument("--threads", type=int, default=int(env("BENCH_THREADS", "2")))
    parser.add_argument("--connections", type=int, default=int(env("BENCH_CONNECTIONS", "32")))
    parser.add_argument("--port", type=int, default=int(env("BENCH_PORT", "8108")))
    parser.add_argument("--pg-url", default=env("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/nr_bench"))
    parser.add_argument("--redis-url", default=env("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"))
    parser.add_argument("--seed", type=int, default=int(env("BENCH_SEED", "1")))
    parser.add_argument("--results-dir", default=env("BENCH_RESULTS_DIR", ""))
    parser.add_argument("--no-throughput", action="store_true", help="skip the wrk part")
    config = parser.parse_args(argv)
    config.work = ROOT / "var" / "bench"
    if config.smoke:
        config.sizes, config.dbs, config.duration = "200", "sqlite", 2
        # Its own database, cache and logs: a smoke run never touches a full run's archive.
        config.work = ROOT / "var" / "bench-smoke"
        config.results_dir = config.results_dir or str(config.work / "results")
    config.sizes = sorted({int(size) for size in config.sizes.split(",") if size.strip()})
    config.dbs = [db.strip() for db in config.dbs.split(",") if db.strip()]
    config.results_dir = Path(config.results_dir or ROOT / "bench" / "results")
    if config.redis_url and redis_version(config.redis_url).startswith("unavailable"):
        log(f"Redis not reachable at {config.redis_url}: using the file cache instead")
        config.redis_url = ""
    return config


def main(argv=None):
    config = parse_args(argv if argv is not None else sys.argv[1:])
    config.work.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    result = {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git("rev-parse", "--short", "HEAD") or "unknown",
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "machine": machine(),
        "services": {"redis": redis_version(config.redis_url) or "file cache (no Redis)"},
        "config": {
            "sizes": config.sizes,
            "dbs": config.dbs,
            "duration": config.duration,
            "threads": config.threads,
            "connections": config.connections,
            "seed": config.seed,
            "smoke": config.smoke,
            "uncached_means": f"page cache bypassed with the cookie {BYPASS_COOKIE!r} (baseline too)",
        },
        "load_before": load_average(),
        "databases": {},
        "notes": [],
    }
    for db in config.dbs:
        log(f"== {db} ==")
        db_url = fresh_database(db, config)
        env = django_env(db_url=db_url, redis_url=config.redis_url, work=config.work, key_prefix="nrbench")
        data = {"version": database_version(db, db_url), "generate": [], "scale": {}}
        result["databases"][db] = data
        manage(env, "migrate", "--noinput", "-v0")
        if db == config.dbs[0]:
            # DEBUG is off: pages need the static files manifest, as in production.
            manage(env, "collectstatic", "--noinput", "-v0")
        have = 0
        for step, size in enumerate(config.sizes):
            log(f"generate_articles {size - have:,} (archive {have:,} -> {size:,})")
            t0 = time.monotonic()
            manage(env, "generate_articles", str(size - have), "--seed", str(config.seed + step))
            seconds = time.monotonic() - t0
            data["generate"].append(
                {"from": have, "to": size, "seconds": round(seconds, 1), "per_second": round((size - have) / seconds)}
            )
            have = size
            analyze(db, db_url)
            log(f"timing related stories and search at {size:,} articles")
            data["scale"][size] = inproc(env, "scale")
            s = data["scale"][size]
            log(
                f"  related p50 {s['related']['median_ms']} ms p95 {s['related']['p95_ms']} ms; "
                f"search p50 {s['search']['median_ms']} ms p95 {s['search']['p95_ms']} ms"
            )
        data["growth"] = growth(data["scale"])
        flush_cache(config.redis_url, config.work)
        log("counting queries per page")
        data["queries"] = inproc(env, "queries")
        if not config.no_throughput:
            log(f"throughput: gunicorn -c gunicorn.conf.py on 127.0.0.1:{config.port}, wrk")
            data["throughput"] = throughput(env, config)
            data["throughput"]["gunicorn"] = gunicorn_settings(env)
        write_results(result, config, started)  # after each database, so a long run keeps what it measured
    text = write_results(result, config, started)
    print(text)
    errors = sum(
        r["errors"] for data in result["databases"].values() for r in data.get("throughput", {}).get("runs", [])
    )
    bad_status = any(
        s != 200
        for data in result["databases"].values()
        for p in data.get("queries", {}).get("pages", [])
        for s in p["status"]
    )
    # A benchmark reports targets rather than failing on them; it fails when the site answered errors.
    return 1 if errors or bad_status else 0


if __name__ == "__main__":
    sys.exit(main())
