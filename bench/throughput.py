"""Throughput under wrk, every figure a ratio to the bare Django view measured in the same run.

Three servers (bench.servers), one measured at a time, same gunicorn flags: `bare` (the
bare project's one view), `site` (production settings, Redis page cache) and `cold` (every
cache a DummyCache). Each round starts each server in turn and runs its loads; `rounds`
rounds (3 by default), and a load's figure is the median of its rounds.

Paired ratios: while the site and cold servers run, a second bare server waits beside them
(BESIDE_PORT_OFFSET) and is measured again just before each page's loads, with the requests
of the load it is paired with (a stranger load's fresh cookie and parameters go to the bare
view too). A load's paired ratio is its req/s over that bare figure, the median over rounds:
a busy neighbour that slows the machine for a minute slows both sides of a pair alike. The
targets are judged on it; the plain ratio (to the bare view's median, plain requests) is
reported too.

Loads, on each page (an article page spread over many articles, home, a section, a tag):
- `as served`: anonymous readers, page cache warm (every path requested once first);
- `stranger cookie`: a made-up sessionid cookie and fresh utm_source/fbclid on every request;
- `stranger param`: a fresh unknown query parameter (?x=...) on every request;
- `cold`: anonymous readers on the cold server.
The site server also answers the in-site /bench/baseline/ (a trivial view through all of the
site's middleware, with a `messages` cookie; its X-Page-Cache says whether the page cache
served it): an extra line, not the yardstick.
The X-Page-Cache values of a sample are recorded for each load (a note when unexpected), and
the CPU seconds of the server's processes per request.
"""

import json
import os
import shutil
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from bench import servers
from bench.common import ROOT, inproc, log

BYPASS_COOKIE = "messages=bench-bypass"
BASELINE = "/bench/baseline/"
PAGES = ("article", "home", "section", "tag")
# The bare server measured beside the others listens on the benchmark port plus this.
BESIDE_PORT_OFFSET = 20
# The requests a stranger load makes (bench/wrk.lua's WRK_STRANGER); other loads make plain ones.
STRANGER_REQUESTS = {"stranger cookie": "cookie", "stranger param": "param"}
# What X-Page-Cache a load is meant to show; stranger loads are meant to be served like anyone.
EXPECTED = {"as served": "hit", "stranger cookie": "hit", "stranger param": "hit"}


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


def parse_wrk(output):
    """The figures of one wrk run from its output (the BENCH_JSON line bench/wrk.lua prints)."""
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(raw["latency_us"]["p50"] / 1000, 2),
        "p99_ms": round(raw["latency_us"]["p99"] / 1000, 2),
        "bytes_per_response": round(raw["bytes"] / raw["requests"]) if raw["requests"] else None,
        "errors": sum(raw["errors"].values()),
        "error_detail": raw["errors"],
    }


def wrk(url, *, config, duration, paths_file=None, cookie=None, stranger=None):
    env = dict(os.environ, WRK_PATHS=str(paths_file or ""), WRK_COOKIE=cookie or "", WRK_STRANGER=stranger or "")
    args = ["wrk", f"-t{config.threads}", f"-c{config.connections}", f"-d{duration}s", "--timeout", "10s"]
    args += ["--latency", "-s", str(ROOT / "bench" / "wrk.lua"), url]
    output = subprocess.run(  # noqa: S603 - wrk, no shell
        args, env=env, capture_output=True, text=True, check=True, timeout=duration + 60
    ).stdout
    return parse_wrk(output)


def sample_headers(server, paths, *, mode, sample=10):
    """Request a sample of the paths as the load will: the statuses and X-Page-Cache values seen."""
    paths = paths[:sample]
    cookie = BYPASS_COOKIE if mode == "in-site baseline" else None
    if mode == "stranger cookie":
        cookie = f"sessionid=bench{os.urandom(8).hex()}"
        paths = [f"{path}?utm_source=b{os.urandom(4).hex()}&fbclid=b{os.urandom(4).hex()}" for path in paths]
    elif mode == "stranger param":
        paths = [f"{path}?x={os.urandom(4).hex()}" for path in paths]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda path: fetch(server.url(path), cookie), paths))
    return {
        "statuses": sorted({status for status, _ in results}),
        "x_page_cache": sorted({header or "(none)" for _, header in results}),
    }


def warm(server, paths):
    """Request every path once, a few at a time, so the page cache holds them."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda path: fetch(server.url(path)), paths))


def page_paths(env, work, *, article_limit):
    """{page: (list of paths, file of paths for wrk)} over real rows of the benchmark archive."""
    lists = inproc(env, "paths")
    pages = {
        "article": lists["article"][:article_limit],
        "home": ["/"],
        "section": lists["section"][:1],
        "tag": lists["tag"][:1],
    }
    result = {}
    for page, paths in pages.items():
        path_file = work / f"paths-{page}.txt"
        path_file.write_text("\n".join(paths) + "\n")
        result[page] = (paths, path_file)
    return result


def loads_for(target):
    """(page, mode) of every load measured on one server."""
    if target == "bare":
        return [("bare", "bare")]
    if target == "cold":
        return [(page, "cold") for page in PAGES]
    loads = [("in-site baseline", "in-site baseline")]
    for page in PAGES:
        loads += [(page, "as served"), (page, "stranger cookie"), (page, "stranger param")]
    return loads


def run_target(target, env, config, paths, round_number, beside=None):
    """Start one server, run each of its loads once, stop it; the runs.

    `beside`: a running bare server, measured before each page's loads (their `bare_rps`).
    """
    runs = []
    bare_rps, measured_for = None, None
    extra = {"BENCH_BASELINE_VIEW": "1"} if target == "site" else {}
    running = servers.server(target, dict(env, **extra), port=config.port, log_dir=config.work)
    with running:
        pids = servers.server_pids(running)
        # Untimed warm-up: every worker imports, connects and fills its template cache first.
        warmup_path = "/" if target == "bare" else paths["article"][0][0]
        wrk(running.url(warmup_path), config=config, duration=1, cookie=None if target == "bare" else BYPASS_COOKIE)
        for page, mode in loads_for(target):
            stranger = STRANGER_REQUESTS.get(mode)
            if beside is not None and (page, stranger) != measured_for:
                # The bare view gets the requests its pair gets (a stranger's cookie and parameters too):
                # both servers read them, and wrk, on the same cores, spends the same on making them.
                bare_rps = wrk(beside.url("/"), config=config, duration=config.duration, stranger=stranger)["rps"]
                measured_for = (page, stranger)
            if page in ("bare", "in-site baseline"):
                page_list, path_file = [BASELINE if page != "bare" else "/"], None
            else:
                page_list, path_file = paths[page]
            if mode == "as served":
                warm(running, page_list)
            check = sample_headers(running, page_list, mode=mode)
            expected = EXPECTED.get(mode)
            if expected and check["x_page_cache"] != [expected]:
                log(f"  note: {page} {mode}: X-Page-Cache {check['x_page_cache']}, meant to be {expected}")
            cpu_before = servers.cpu_seconds(pids)
            result = wrk(
                running.url(page_list[0]),
                config=config,
                duration=config.duration,
                paths_file=path_file,
                cookie=BYPASS_COOKIE if mode == "in-site baseline" else None,
                stranger=stranger,
            )
            cpu = servers.cpu_seconds(pids) - cpu_before
            result.update(
                round=round_number,
                target=target,
                page=page,
                mode=mode,
                cpu_ms_per_request=round(cpu * 1000 / result["requests"], 3) if result["requests"] else None,
                x_page_cache=check["x_page_cache"],
                statuses=check["statuses"],
                bare_rps=bare_rps,
            )
            runs.append(result)
            paired = f"  paired {result['rps'] / bare_rps:.2f}x of {bare_rps:.0f}" if bare_rps else ""
            log(
                f"  r{round_number} {target:<4} {page:<16} {mode:<16} {result['rps']:8.1f} req/s{paired}  "
                f"p50 {result['p50_ms']} ms  p99 {result['p99_ms']} ms  CPU {result['cpu_ms_per_request']} ms/req  "
                f"X-Page-Cache {check['x_page_cache']}  errors {result['errors']}"
            )
    return runs


def summarize(runs):
    """Medians over rounds for each (page, mode), each next to the bare view's median: ratio = rps / bare rps."""
    groups = {}
    for run in runs:
        groups.setdefault((run["target"], run["page"], run["mode"]), []).append(run)
    bare = statistics.median(run["rps"] for run in groups[("bare", "bare", "bare")])
    bare_cpu = statistics.median(run["cpu_ms_per_request"] or 0 for run in groups[("bare", "bare", "bare")])
    rows = []
    for (target, page, mode), group in groups.items():
        rps = statistics.median(run["rps"] for run in group)
        paired = [run["rps"] / run["bare_rps"] for run in group if run.get("bare_rps")]
        cpu = [run["cpu_ms_per_request"] for run in group if run["cpu_ms_per_request"] is not None]
        rows.append(
            {
                "target": target,
                "page": page,
                "mode": mode,
                "rounds": len(group),
                "rps": round(rps, 1),
                "rps_each": [run["rps"] for run in group],
                "ratio": round(rps / bare, 3) if bare else None,
                # Each round's req/s over the bare view measured just before it, then the median.
                "paired_ratio": round(statistics.median(paired), 3) if paired else None,
                "p50_ms": round(statistics.median(run["p50_ms"] for run in group), 2),
                "p99_ms": round(statistics.median(run["p99_ms"] for run in group), 2),
                "bytes_per_response": group[0].get("bytes_per_response"),
                "cpu_ms_per_request": round(statistics.median(cpu), 3) if cpu else None,
                # The bare view's CPU per request over this load's: steadier than req/s on a busy machine.
                "cpu_ratio": round(bare_cpu / statistics.median(cpu), 3) if cpu and statistics.median(cpu) else None,
                "errors": sum(run["errors"] for run in group),
                "x_page_cache": sorted({value for run in group for value in run["x_page_cache"]}),
            }
        )
    return {"bare_rps": round(bare, 1), "bare_cpu_ms": round(bare_cpu, 3), "rows": rows}


def throughput(env, config):
    """Every load on every server, `config.rounds` rounds; the runs and their summary."""
    paths = page_paths(env, config.work, article_limit=config.article_paths)
    flush_cache(config.redis_url, config.work)
    runs = []
    for round_number in range(1, config.rounds + 1):
        runs += run_target("bare", env, config, paths, round_number)
        time.sleep(0.5)  # the port is free and the workers gone before the next server
        beside = servers.server("bare", env, port=config.port + BESIDE_PORT_OFFSET, log_dir=config.work)
        with beside:
            wrk(beside.url("/"), config=config, duration=1)  # untimed warm-up, as for the others
            for target in ("site", "cold"):
                runs += run_target(target, env, config, paths, round_number, beside=beside)
                time.sleep(0.5)
    return {
        "flags": servers.GUNICORN_FLAGS,
        "config_file": str(servers.EMPTY_CONFIG.relative_to(ROOT)),
        "duration": config.duration,
        "rounds": config.rounds,
        "paths": {page: len(page_paths) for page, (page_paths, _) in paths.items()},
        "runs": runs,
        **summarize(runs),
    }
