"""Newsroom's benchmark (`make bench`, bench/run.sh): the site against a bare Django view,
queries per page, realistic traffic, what one change throws out of the page cache, and how
related stories and search grow with the archive.

For each database (PostgreSQL, SQLite) the archive is generated up to each size in turn
(1 000, 10 000, 100 000 by default; `generate_articles` adds only what is missing). Parts
(`--only` picks some, comma-separated):
- scale: related stories and search timed in-process at each size (bench.inproc);
- queries: SQL queries per public page, page cache missed and hit (bench.inproc);
- throughput: wrk against the bare project, the site as served and the site cold, in turn,
  `--rounds` rounds, every figure a ratio to the bare view (bench.throughput);
- invalidation: with N article pages cached, the share rendered again after one publish and
  after one body edit (bench.invalidation);
- traffic: Zipf readers, a crawler and a publish every two minutes (bench.traffic);
- admin: each admin page an editor uses, timed in-process at each size (bench.admin_pages),
  with a table per database in the results folder;
- templates: home and an article page rendered cold by Django's template engine and by Jinja2
  on the same templates translated (bench.jinja_port), in-process (bench.template_engines).
The parts after scale run at the largest size. The report: bench.report.

Settings (environment, or the flags below): BENCH_SIZES=1000,10000,100000,
BENCH_DBS=postgres,sqlite, BENCH_DURATION=6 (seconds per wrk load and round), BENCH_ROUNDS=3,
BENCH_THREADS=2, BENCH_CONNECTIONS=32, BENCH_PORT=8108,
BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/nr_bench,
BENCH_REDIS_URL=redis://127.0.0.1:6379/12 (empty: the file cache), BENCH_SEED=1,
BENCH_RESULTS_DIR=bench/results. `--smoke`: 200 articles, SQLite, every part briefly, all
files in var/bench-smoke/. `--keep-db`: reuse the archive a previous run left (only what is
missing is generated).

    python -m bench.harness --smoke                                    # what CI runs
    python -m bench.harness --only throughput --dbs sqlite --sizes 1000 --keep-db   # the lead's quick check
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

from bench import admin_pages, invalidation, report, traffic
from bench.common import (
    ROOT,
    django_env,
    git,
    inproc,
    load_average,
    log,
    machine,
    manage,
    module_json,
    recreate_postgres,
    save_results,
)
from bench.throughput import flush_cache, throughput

PARTS = ("scale", "queries", "throughput", "invalidation", "traffic", "admin", "templates")

# --- Databases --------------------------------------------------------------------------


def fresh_database(db, config):
    """An empty database for one engine (or, with --keep-db, the one left before); returns its DATABASE_URL."""
    if db == "sqlite":
        path = config.work / "bench.sqlite3"
        if not config.keep_db:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    if config.keep_db and postgres_exists(config.pg_url):
        return config.pg_url
    return recreate_postgres(config.pg_url)


def postgres_exists(url):
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


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
        for what in ("article_page", "related", "search"):
            if what not in scale_by_size[small]:
                continue
            before, after = scale_by_size[small][what]["median_ms"], scale_by_size[large][what]["median_ms"]
            row[f"{what}_x"] = round(after / before, 2) if before else None
        rows.append(row)
    return rows


# --- Main ------------------------------------------------------------------------------------


def write_results(result, config, started):
    """bench/results/<date>-<commit>.json and .txt (the smoke run: var/bench-smoke/results/); returns the text."""
    result["load_after"] = load_average()
    result["targets"] = report.targets(result)
    text = report.report_text(result)
    stem = f"{started:%Y-%m-%d}-{result['commit']}{'-smoke' if config.smoke else ''}"
    save_results(config.results_dir, stem, result, text)
    return text


def parse_parts(text):
    parts = [part.strip() for part in text.split(",") if part.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    return parts


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    env = os.environ.get
    parser.add_argument("--smoke", action="store_true", help="200 articles, SQLite, every part briefly")
    parser.add_argument("--only", type=parse_parts, default=list(PARTS), help=f"parts to run: {','.join(PARTS)}")
    parser.add_argument("--keep-db", action="store_true", help="reuse the archive a previous run left")
    parser.add_argument("--sizes", default=env("BENCH_SIZES", "1000,10000,100000"))
    parser.add_argument("--dbs", default=env("BENCH_DBS", "postgres,sqlite"))
    parser.add_argument("--duration", type=int, default=int(env("BENCH_DURATION", "6")), help="seconds per wrk load")
    parser.add_argument("--rounds", type=int, default=int(env("BENCH_ROUNDS", "3")))
    parser.add_argument("--threads", type=int, default=int(env("BENCH_THREADS", "2")))
    parser.add_argument("--connections", type=int, default=int(env("BENCH_CONNECTIONS", "32")))
    parser.add_argument("--article-paths", type=int, default=200, help="articles the article page load spreads over")
    parser.add_argument("--traffic-seconds", type=int, default=300)
    parser.add_argument("--publish-every", type=int, default=120, help="seconds of traffic between two publishes")
    parser.add_argument("--readers", type=int, default=16, help="concurrent readers in the traffic part")
    parser.add_argument("--invalidation-pages", type=int, default=500)
    parser.add_argument("--template-renders", type=int, default=200, help="renders per engine and page (templates)")
    parser.add_argument(
        "--settle", type=float, default=2.0, help="seconds after a change before pages are asked for again"
    )
    parser.add_argument("--port", type=int, default=int(env("BENCH_PORT", "8108")))
    parser.add_argument("--pg-url", default=env("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/nr_bench"))
    parser.add_argument("--redis-url", default=env("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"))
    parser.add_argument("--seed", type=int, default=int(env("BENCH_SEED", "1")))
    parser.add_argument("--results-dir", default=env("BENCH_RESULTS_DIR", ""))
    parser.add_argument("--work-dir", default=env("BENCH_WORK_DIR", ""), help="SQLite file, static, media, cache")
    config = parser.parse_args(argv)
    config.work = Path(config.work_dir) if config.work_dir else ROOT / "var" / "bench"
    if config.smoke:
        config.sizes, config.dbs, config.duration, config.rounds = "200", "sqlite", 1, 1
        config.article_paths, config.invalidation_pages = 20, 20
        config.traffic_seconds, config.publish_every, config.readers = 8, 4, 4
        config.template_renders = 10
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


def published_count(env):
    out = manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from articles.models import Article; print(Article.objects.published().count())",
        capture=True,
    )
    return int(out.strip().splitlines()[-1])


def measure_database(db, config, result):
    """Every selected part on one database; fills result["databases"][db] as it goes."""
    db_url = fresh_database(db, config)
    env = django_env(db_url=db_url, redis_url=config.redis_url, work=config.work, key_prefix="nrbench")
    data = {"version": database_version(db, db_url), "generate": [], "scale": {}}
    result["databases"][db] = data
    manage(env, "migrate", "--noinput", "-v0")
    # DEBUG is off: pages need the static files manifest, as in production.
    manage(env, "collectstatic", "--noinput", "-v0")
    have = published_count(env) if config.keep_db else 0
    for step, size in enumerate(config.sizes):
        if size > have:
            log(f"generate_articles {size - have:,} (archive {have:,} -> {size:,})")
            t0 = time.monotonic()
            manage(env, "generate_articles", str(size - have), "--seed", str(config.seed + step))
            seconds = time.monotonic() - t0
            data["generate"].append(
                {"from": have, "to": size, "seconds": round(seconds, 1), "per_second": round((size - have) / seconds)}
            )
            have = size
            analyze(db, db_url)
        if "scale" in config.only:
            log(f"timing related stories and search at {size:,} articles")
            data["scale"][size] = inproc(env, "scale")
            s = data["scale"][size]
            log(
                f"  cold article page p50 {s['article_page']['median_ms']} ms; "
                f"related p50 {s['related']['median_ms']} ms p95 {s['related']['p95_ms']} ms; "
                f"search p50 {s['search']['median_ms']} ms p95 {s['search']['p95_ms']} ms"
            )
        if "admin" in config.only:
            log(f"timing the editors' admin pages at {size:,} articles")
            data.setdefault("admin", {})[size] = admin_pages.measure(env)
            admin_pages.write_table(config.results_dir, db, data["admin"])
    data["archive"] = have
    if {"invalidation", "traffic"} & set(config.only):
        manage(env, "publish_story", "--prepare", capture=True)  # before any page is cached
    if data["scale"]:
        data["growth"] = growth(data["scale"])
    steps = [
        ("queries", "counting queries per page", lambda: inproc(env, "queries")),
        (
            "templates",
            "Django templates against Jinja2 on the same pages",
            lambda: {"pages": module_json(env, "bench.template_engines", "--renders", config.template_renders)},
        ),
        ("throughput", "throughput: bare view, site as served, site cold; wrk", lambda: throughput(env, config)),
        ("invalidation", "invalidation after one publish and one edit", lambda: invalidation.run(env, config)),
        ("traffic", "realistic traffic", lambda: traffic.run(env, config)),
    ]
    for part, words, measure in steps:
        if part not in config.only:
            continue
        flush_cache(config.redis_url, config.work)
        log(f"{words} ({have:,} articles)")
        load_before = load_average()
        data[part] = measure()
        data[part]["load"] = {"before": load_before, "after": load_average()}


def failures(result):
    """Errors the site answered: a benchmark reports targets rather than failing on them, but not errors."""
    problems = []
    for db, data in result["databases"].items():
        tp = data.get("throughput", {})
        if any(run["errors"] for run in tp.get("runs", [])):
            problems.append(f"{db}: wrk saw errors")
        # A redirect to the canonical address is a fair answer to an unknown parameter.
        if any(not 200 <= status < 400 for run in tp.get("runs", []) for status in run["statuses"]):
            problems.append(f"{db}: a page under load answered an error")
        if any(status != 200 for page in data.get("queries", {}).get("pages", []) for status in page["status"]):
            problems.append(f"{db}: a page did not answer 200 when counting queries")
        if any(not page["same_page"] for page in data.get("templates", {}).get("pages", [])):
            problems.append(
                f"{db}: the Jinja2 translation (bench.jinja_port) no longer writes the Django templates' page"
            )
        traffic_statuses = data.get("traffic", {}).get("all", {}).get("statuses", {})
        if set(traffic_statuses) - {"200"}:
            problems.append(f"{db}: traffic answers {traffic_statuses}")
    return problems


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
            "parts": config.only,
            "sizes": config.sizes,
            "dbs": config.dbs,
            "duration": config.duration,
            "rounds": config.rounds,
            "threads": config.threads,
            "connections": config.connections,
            "seed": config.seed,
            "smoke": config.smoke,
            "traffic_seconds": config.traffic_seconds,
            "publish_every": config.publish_every,
            "readers": config.readers,
            "invalidation_pages": config.invalidation_pages,
            "template_renders": config.template_renders,
        },
        "load_before": load_average(),
        "databases": {},
        "notes": [] if config.redis_url else ["Redis was not reachable: the page cache used the file cache."],
    }
    for db in config.dbs:
        log(f"== {db} ==")
        measure_database(db, config, result)
        write_results(result, config, started)  # after each database, so a long run keeps what it measured
    problems = failures(result)
    result["notes"] += problems
    text = write_results(result, config, started)
    print(text)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
