"""Throughput under wrk: the site served by gunicorn (production config) on the benchmark
port, each page uncached and cached, with the bare baseline view measured around them.

Modes: `baseline` (/bench/baseline/, page cache bypassed), `uncached` (the request carries a
`messages` cookie, so the page cache middleware renders the full page: X-Page-Cache: bypass)
and `cached` (anonymous requests after every path was requested once: X-Page-Cache: hit).
The headers are checked before each load and a note is logged when they are not as expected.
"""

import json
import os
import runpy
import shutil
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from bench.common import ROOT, Server, inproc, log

BYPASS_COOKIE = "messages=bench-bypass"
BASELINE = "/bench/baseline/"


def gunicorn_settings(env):
    """Workers, worker class and threads that gunicorn.conf.py gives under `env` (as the server will run)."""
    saved = dict(os.environ)
    try:
        os.environ.update(env)
        conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {"workers": conf.get("workers"), "worker_class": conf.get("worker_class"), "threads": conf.get("threads")}


def flush_cache(redis_url, work):
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    else:
        shutil.rmtree(work / "cache", ignore_errors=True)


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


def path_lists(env, work, *, limit=None):
    """Files of request paths for wrk: many articles, the most used tags, a set of searches (at most `limit` each)."""
    lists = {name: paths[:limit] for name, paths in inproc(env, "paths").items()}
    files = {}
    for name, paths in lists.items():
        files[name] = work / f"paths-{name}.txt"
        files[name].write_text("\n".join(paths) + "\n")
    files["home"] = None
    return files, lists


def throughput(env, config):
    """wrk over each page in each mode, a baseline around them; each page's ratio to its neighbouring baselines."""
    files, lists = path_lists(env, config.work, limit=50 if config.smoke else None)
    pages = [("home", "/", None), ("article", None, "article"), ("tag", None, "tag"), ("search", None, "search")]
    results = {"runs": [], "checks": {}}
    server = Server(
        dict(env, BENCH_BASELINE_VIEW="1"), port=config.port, log_path=config.work / "gunicorn.log", ready_path=BASELINE
    )
    with server:
        flush_cache(config.redis_url, config.work)

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
        wrk(server, BASELINE, cookie=BYPASS_COOKIE, config=config, duration=warmup)
        wrk(server, "/", cookie=BYPASS_COOKIE, config=config, duration=warmup)
        # The baseline is measured before each page and once at the end (the smoke run: only
        # first and last); a page's ratio is to the mean of the baselines just before and just
        # after it, so a slow drift of the machine's load affects both sides of the ratio alike.
        for index, (name, path, list_name) in enumerate(pages):
            if index == 0 or not config.smoke:
                measure("baseline", "baseline", BASELINE, None)
            measure(name, "uncached", path, list_name)
            measure(name, "cached", path, list_name)
        measure("baseline", "baseline", BASELINE, None)
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
