"""Newsroom's benchmark: throughput against a bare Django view, query counts, and how
related stories and search grow with the archive. Started by bench/run.sh (`make bench`).

For each database (SQLite, PostgreSQL) the archive is generated up to each size in turn
(1 000, 10 000, 100 000 by default; `generate_articles` adds only what is missing), and
at each size related stories and search are timed in-process (bench/inproc.py). At the
largest size the queries per page are counted and the site is served with the
production gunicorn config (DEBUG off, Redis cache) on 127.0.0.1:8108 and loaded with wrk.

Throughput modes:
  baseline  /bench/baseline/ (settings.BENCH_BASELINE_VIEW), a trivial HttpResponse through
            the same middleware and server, measured at the start and at the end of the run;
            every page's throughput is given as a ratio to the mean of the two.
  uncached  the request carries a `messages` cookie: the page cache middleware serves a client
            with a session or messages cookie without the cache (X-Page-Cache: bypass), so the
            full page is rendered each time: all middleware, view, queries, template. The
            baseline is measured the same way.
  cached    anonymous requests after every path was requested once (X-Page-Cache: hit).
The harness checks those headers before each load and says so when they are not as expected.

Settings (environment, or the flags below): BENCH_SIZES=1000,10000,100000, BENCH_DBS=postgres,sqlite,
BENCH_DURATION=10 (seconds of load per URL and mode), BENCH_THREADS=2, BENCH_CONNECTIONS=32,
BENCH_PORT=8108, BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/nr_bench,
BENCH_REDIS_URL=redis://127.0.0.1:6379/12 (empty: the file cache), BENCH_SEED=1,
BENCH_RESULTS_DIR=bench/results. `--smoke`: 200 articles, SQLite, 2 s of load, all files in var/bench-smoke/.
"""

import argparse
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gunicorn_process import start_gunicorn  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
BYPASS_COOKIE = "messages=bench-bypass"
TARGET_SIZE = 100_000  # the size the targets are stated at


# --- Small helpers ---------------------------------------------------------------------


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def python():
    return os.environ.get("BENCH_PYTHON") or sys.executable


def run(args, *, env, capture=False, timeout=None):
    # Our own commands, never a shell.
    result = subprocess.run(  # noqa: S603
        args, cwd=ROOT, env=env, text=True, capture_output=capture, timeout=timeout, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or "")[-3000:] if capture else ""
        raise RuntimeError(f"{' '.join(map(str, args))} failed with exit {result.returncode}\n{detail}")
    return result.stdout if capture else None


def git(*args):
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603,S607
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def load_average():
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


# --- Environment for Django processes ------------------------------------------------


def django_env(db_url, *, redis_url, static_root, extra=None):
    """Production-like settings: DEBUG off, a fresh random key, the real cache, no TLS on loopback."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"NEWSROOM_LOCAL", "DJANGO_DEBUG", "BEHIND_PROXY", "SERVE_MEDIA", "CACHE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",  # no TLS on loopback; everything else stays as in production
        DATABASE_URL=db_url,
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        CACHE_KEY_PREFIX="nrbench",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env["CACHE_DIR"] = str(WORK / "cache")
    env.update(extra or {})
    return env


def manage(env, *args, capture=False):
    return run([python(), "manage.py", *args], env=env, capture=capture)


# --- Databases --------------------------------------------------------------------------


def fresh_database(db, config):
    """An empty database for one engine; returns its DATABASE_URL."""
    if db == "sqlite":
        path = WORK / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    url = config.pg_url
    name = url.rsplit("/", 1)[1].split("?")[0]
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise RuntimeError(f"Unexpected benchmark database name {name!r}")
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return url


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


# --- Machine ------------------------------------------------------------------------------


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram_gb = round(kb / 1024 / 1024, 1)
    except (OSError, AttributeError):
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    versions = {}
    try:
        import django

        versions["django"] = django.get_version()
    except ImportError:
        pass
    try:
        out = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S603,S607
        versions["wrk"] = (out.stdout or out.stderr).splitlines()[0].strip()
    except (OSError, IndexError):
        pass
    try:
        import gunicorn

        versions["gunicorn"] = gunicorn.__version__
    except ImportError:
        pass
    return {
        "cpu": cpu,
        "cores": cores,
        "ram_gb": ram_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        **versions,
    }


def gunicorn_settings(env):
    """Workers, worker class and threads that gunicorn.conf.py gives under `env` (as the server will run)."""
    import runpy

    saved = dict(os.environ)
    try:
        os.environ.update(env)
        conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {"workers": conf.get("workers"), "worker_class": conf.get("worker_class"), "threads": conf.get("threads")}


def redis_version(url):
    if not url:
        return None
    try:
        import redis

        return "Redis " + redis.Redis.from_url(url, socket_connect_timeout=1).info("server")["redis_version"]
    except Exception as error:  # noqa: BLE001 - a description only
        return f"unavailable ({error.__class__.__name__})"


def flush_cache(redis_url):
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    else:
        shutil.rmtree(WORK / "cache", ignore_errors=True)


# --- Server and load --------------------------------------------------------------------


class Server:
    """gunicorn with the production config (gunicorn.conf.py) on the benchmark port."""

    def __init__(self, env, port):
        self.env = dict(env, BENCH_BASELINE_VIEW="1", GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_LOG_LEVEL="warning")
        self.port = port
        self.process = None
        self.log_path = WORK / "gunicorn.log"

    def __enter__(self):
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in __exit__
        self.process = start_gunicorn(
            python=python(),
            env=self.env,
            log=self.log,
            ready=lambda: fetch(self.url("/bench/baseline/"))[0] == 200,
        )
        return self

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


def fetch(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback URL we built
            response.read()
            return response.status, response.headers.get("X-Page-Cache", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Page-Cache", "")
    except (urllib.error.URLError, OSError):  # refused, reset or timed out: not an HTTP answer
        return 0, "no answer"


def wrk(server, path, *, paths_file=None, cookie=None, config, duration=None):
    duration = duration or config.duration
    env = dict(os.environ, WRK_PATHS=str(paths_file or ""), WRK_COOKIE=cookie or "")
    args = [
        "wrk",
        f"-t{config.threads}",
        f"-c{config.connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(ROOT / "bench" / "wrk.lua"),
        server.url(path),
    ]
    output = subprocess.run(  # noqa: S603 - wrk, no shell
        args, env=env, capture_output=True, text=True, check=True, timeout=duration + 60
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = raw["duration_us"] / 1e6
    errors = sum(raw["errors"].values())
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(raw["latency_us"]["p50"] / 1000, 2),
        "p99_ms": round(raw["latency_us"]["p99"] / 1000, 2),
        "errors": errors,
        "error_detail": raw["errors"],
    }


def check_paths(server, paths, *, cookie, expect, sample=None):
    """Request each path (or the first `sample`) once: did all answer 200, which X-Page-Cache values came back?"""
    paths = paths[:sample] if sample else paths
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda path: fetch(server.url(path), cookie), paths))
    statuses = sorted({status for status, _ in results})
    seen = sorted({header or "(none)" for _, header in results})
    return {
        "statuses": statuses,
        "all_200": statuses == [200],
        "x_page_cache": seen,
        "expected": expect,
        "as_expected": seen == [expect],
    }


# --- The pieces of a run -----------------------------------------------------------------


def path_lists(env, work, *, limit=None):
    """Files of request paths for wrk: many articles, the most used tags, a set of searches (at most `limit` each)."""
    lists = {name: paths[:limit] for name, paths in inproc(env, "paths").items()}
    files = {}
    for name, paths in lists.items():
        files[name] = work / f"paths-{name}.txt"
        files[name].write_text("\n".join(paths) + "\n")
    files["home"] = None
    return files, lists


def throughput(db, env, config):
    files, lists = path_lists(env, WORK, limit=50 if config.smoke else None)
    pages = [("home", "/", None), ("article", None, "article"), ("tag", None, "tag"), ("search", None, "search")]
    results = {"runs": [], "checks": {}}
    with Server(env, config.port) as server:
        flush_cache(config.redis_url)

        def measure(name, mode, path, list_name):
            paths = lists[list_name] if list_name else [path]
            cookie = BYPASS_COOKIE if mode in ("uncached", "baseline") else None
            if mode == "cached":
                check_paths(server, paths, cookie=None, expect="miss")  # fill the page cache
            expect = {"cached": "hit"}.get(mode, "bypass")
            check = check_paths(server, paths, cookie=cookie, expect=expect, sample=10)
            results["checks"][f"{name} {mode}"] = check
            if not check["as_expected"]:
                log(f"  note: {name} {mode}: X-Page-Cache {check['x_page_cache']}, expected {check['expected']}")
            log(f"  wrk {name} {mode} ({config.duration}s, {len(paths)} path(s))")
            run_result = wrk(
                server, paths[0], paths_file=files[list_name] if list_name else None, cookie=cookie, config=config
            )
            run_result.update(page=name, mode=mode)
            results["runs"].append(run_result)
            log(
                f"    {run_result['rps']:9.1f} req/s  p50 {run_result['p50_ms']} ms  p99 {run_result['p99_ms']} ms  "
                f"errors {run_result['errors']}"
            )
            time.sleep(0.2 if config.smoke else 1)

        # Untimed warm-up: every worker imports, connects and fills its template cache first.
        warmup = 1 if config.smoke else 3
        wrk(server, "/bench/baseline/", cookie=BYPASS_COOKIE, config=config, duration=warmup)
        wrk(server, "/", cookie=BYPASS_COOKIE, config=config, duration=warmup)
        # The baseline is measured before each page and once at the end (the smoke run: only
        # first and last); a page's ratio is to the mean of the baselines just before and just
        # after it, so a slow drift of the machine's load affects both sides of the ratio alike.
        for index, (name, path, list_name) in enumerate(pages):
            if index == 0 or not config.smoke:
                measure("baseline", "baseline", "/bench/baseline/", None)
            measure(name, "uncached", path, list_name)
            measure(name, "cached", path, list_name)
        measure("baseline", "baseline", "/bench/baseline/", None)
    runs = results["runs"]
    baselines = [r["rps"] for r in runs if r["page"] == "baseline"]
    results["baseline_rps"] = round(statistics.median(baselines), 1)
    results["baseline_spread"] = round((max(baselines) - min(baselines)) / statistics.median(baselines), 3)
    before = None
    for index, run_result in enumerate(runs):
        if run_result["page"] == "baseline":
            before = run_result["rps"]
            run_result["ratio"] = round(run_result["rps"] / results["baseline_rps"], 3)
            continue
        after = next(r["rps"] for r in runs[index:] if r["page"] == "baseline")
        reference = (before + after) / 2
        run_result["baseline_rps"] = round(reference, 1)
        run_result["ratio"] = round(run_result["rps"] / reference, 3) if reference else None
    return results


def inproc(env, mode):
    out = run([python(), "bench/inproc.py", mode], env=env, capture=True)
    return json.loads(out.strip().splitlines()[-1])


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


# --- Targets and report -------------------------------------------------------------------


def targets(result):
    """The issue's targets against this run: (target, measured, verdict) rows."""
    rows = []
    for db, data in result["databases"].items():
        tp = data.get("throughput")
        if tp:
            ratios = {(r["page"], r["mode"]): r["ratio"] for r in tp["runs"]}
            for mode, floor in (("uncached", 0.20), ("cached", 0.70)):
                ratio = ratios.get(("article", mode))
                if ratio is not None:
                    rows.append((f"{db}: article {mode} >= {floor:.0%} of baseline", f"{ratio:.0%}", ratio >= floor))
            errors = sum(r["errors"] for r in tp["runs"])
            rows.append((f"{db}: zero errors under load", str(errors), errors == 0))
        queries = data.get("queries")
        if queries:
            article = next(p for p in queries["pages"] if p["page"] == "article")
            rows.append(
                (
                    f"{db}: article page <= 8 queries uncached",
                    str(article["uncached_queries"]),
                    article["uncached_queries"] <= 8,
                )
            )
            rows.append(
                (f"{db}: article page 0 queries cached", str(article["cached_queries"]), article["cached_queries"] == 0)
            )
            bad = [p["page"] for p in queries["pages"] if any(s != 200 for s in p["status"])]
            rows.append((f"{db}: every public page answers 200", ", ".join(bad) or "all 200", not bad))
        scale = data.get("scale", {})
        if TARGET_SIZE in scale:
            median = scale[TARGET_SIZE]["related"]["median_ms"]
            rows.append((f"{db}: related stories median <= 5 ms at 100 000", f"{median:.2f} ms", median <= 5))
            if db == "postgres":
                median = scale[TARGET_SIZE]["search"]["median_ms"]
                rows.append((f"{db}: search median <= 50 ms at 100 000", f"{median:.1f} ms", median <= 50))
        sizes = sorted(scale)
        if len(sizes) > 1 and sizes[-1] / sizes[0] >= 10:
            first, last = scale[sizes[0]]["related"]["median_ms"], scale[sizes[-1]]["related"]["median_ms"]
            factor, archive = last / first, sizes[-1] / sizes[0]
            limit = archive**0.5  # x100 articles must not mean x10 time
            rows.append(
                (
                    f"{db}: related stories grow far slower than the archive (x{archive:.0f} articles: < x{limit:.0f})",
                    f"x{factor:.2f}",
                    factor < limit,
                )
            )
    return rows


def baseline_runs(throughput_result):
    return sum(1 for r in throughput_result["runs"] if r["page"] == "baseline")


def report_text(result):
    lines = []
    m = result["machine"]
    lines.append(
        f"Newsroom benchmark {result['date']}  commit {result['commit']}{' (dirty tree)' if result['dirty'] else ''}"
    )
    lines.append(f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}")
    lines.append(
        f"Python {m['python']}, Django {m.get('django')}, gunicorn {m.get('gunicorn')}, {m.get('wrk')}, "
        + ", ".join(f"{v}" for v in result["services"].values() if v)
    )
    lines.append(
        f"Load average at start {result['load_before']}, at end {result['load_after']} "
        "(other work on the machine skews the numbers)"
    )
    c = result["config"]
    lines.append(
        f"wrk: {c['threads']} threads, {c['connections']} connections, {c['duration']} s per URL and mode; "
        f"sizes {c['sizes']}; uncached = {c['uncached_means']}"
    )
    for db, data in result["databases"].items():
        lines.append("")
        lines.append(f"== {db} ({data['version']}) ==")
        for gen in data.get("generate", []):
            lines.append(
                f"generate_articles {gen['from']:,} -> {gen['to']:,}: {gen['seconds']:.1f} s "
                f"({gen['per_second']:,.0f} articles/s)"
            )
        tp = data.get("throughput")
        if tp:
            lines.append("")
            g = tp.get("gunicorn", {})
            lines.append(
                f"Throughput: gunicorn {g.get('workers')} workers x {g.get('threads')} threads "
                f"({g.get('worker_class')}); "
                f"baseline median {tp['baseline_rps']} req/s over {baseline_runs(tp)} runs "
                f"(spread {tp['baseline_spread']:.0%}); a page's ratio is to the baselines just before and after it"
            )
            lines.append(f"{'page':<10}{'mode':<10}{'req/s':>10}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
            for r in tp["runs"]:
                lines.append(
                    f"{r['page']:<10}{r['mode']:<10}{r['rps']:>10.1f}{r['ratio']:>8.0%}"
                    f"{r['p50_ms']:>9.1f}{r['p99_ms']:>9.1f}{r['errors']:>8}"
                )
            odd = [f"{key}: {check['x_page_cache']}" for key, check in tp["checks"].items() if not check["as_expected"]]
            if odd:
                lines.append("X-Page-Cache not as expected: " + "; ".join(odd))
        queries = data.get("queries")
        if queries:
            lines.append("")
            lines.append(f"{'queries per page':<20}{'uncached':>10}{'cached':>8}  X-Page-Cache")
            for p in queries["pages"]:
                lines.append(
                    f"{p['page']:<20}{p['uncached_queries']:>10}{p['cached_queries']:>8}  {'/'.join(p['x_page_cache'])}"
                )
        scale = data.get("scale")
        if scale:
            lines.append("")
            lines.append(f"{'articles':>10}{'related p50':>13}{'p95':>8}{'search p50':>12}{'p95':>8}  (ms)")
            for size in sorted(scale):
                s = scale[size]
                lines.append(
                    f"{size:>10,}{s['related']['median_ms']:>13.2f}{s['related']['p95_ms']:>8.2f}"
                    f"{s['search']['median_ms']:>12.1f}{s['search']['p95_ms']:>8.1f}"
                    + (
                        f"  (search: time budget ran out after {s['search']['n']} calls)"
                        if s["search"].get("budget_exhausted")
                        else ""
                    )
                )
            for row in data.get("growth", []):
                lines.append(
                    f"  {row['from']:,} -> {row['to']:,} (x{row['archive_x']:g} articles): "
                    f"related x{row['related_x']}, search x{row['search_x']}"
                )
    lines.append("")
    lines.append("Targets (issue 7)")
    for target, measured, ok in result["targets"]:
        lines.append(f"  [{'met ' if ok else 'MISS'}] {target}: {measured}")
    if result.get("notes"):
        lines.append("")
        lines.extend(f"Note: {note}" for note in result["notes"])
    return "\n".join(lines) + "\n"


# --- Main ------------------------------------------------------------------------------------


def write_results(result, config, started):
    """bench/results/<date>-<commit>.json and .txt (the smoke run: var/bench-smoke/results/); returns the text."""
    result["load_after"] = load_average()
    result["targets"] = targets(result)
    result["notes"] = [] if config.redis_url else ["Redis was not reachable: the page cache used the file cache."]
    text = report_text(result)
    config.results_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{started:%Y-%m-%d}-{result['commit']}{'-smoke' if config.smoke else ''}"
    (config.results_dir / f"{stem}.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    (config.results_dir / f"{stem}.txt").write_text(text)
    log(f"results: {config.results_dir / stem}.json and .txt")
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
    if config.smoke:
        config.sizes, config.dbs, config.duration = "200", "sqlite", 2
        # Its own database, cache and logs: a smoke run never touches a full run's archive.
        global WORK  # noqa: PLW0603
        WORK = ROOT / "var" / "bench-smoke"
        config.results_dir = config.results_dir or str(WORK / "results")
    config.sizes = sorted({int(size) for size in config.sizes.split(",") if size.strip()})
    config.dbs = [db.strip() for db in config.dbs.split(",") if db.strip()]
    config.results_dir = Path(config.results_dir or ROOT / "bench" / "results")
    if config.redis_url and redis_version(config.redis_url).startswith("unavailable"):
        log(f"Redis not reachable at {config.redis_url}: using the file cache instead")
        config.redis_url = ""
    return config


def main(argv=None):
    config = parse_args(argv if argv is not None else sys.argv[1:])
    WORK.mkdir(parents=True, exist_ok=True)
    static_root = WORK / "staticfiles"
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
        env = django_env(db_url, redis_url=config.redis_url, static_root=static_root)
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
        flush_cache(config.redis_url)
        log("counting queries per page")
        data["queries"] = inproc(env, "queries")
        if not config.no_throughput:
            log(f"throughput: gunicorn -c gunicorn.conf.py on 127.0.0.1:{config.port}, wrk")
            data["throughput"] = throughput(db, env, config)
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
