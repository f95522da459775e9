"""Throughput under wrk (bench.throughput): wrk's figures, each server's loads, medians and ratios to the bare view."""

import json

from bench.throughput import PAGES, loads_for, parse_wrk, summarize

WRK_OUTPUT = (
    "Running 6s test @ http://127.0.0.1:8108/\n  2 threads and 32 connections\n"
    "BENCH_JSON "
    + json.dumps(
        {
            "requests": 12000,
            "duration_us": 6_000_000,
            "bytes": 24_000_000,
            "errors": {"connect": 0, "read": 1, "write": 0, "status": 2, "timeout": 0},
            "latency_us": {"p50": 15250, "p90": 20000, "p99": 31000, "max": 40000, "mean": 16000.0},
        }
    )
    + "\n"
)


def test_wrk_figures_come_from_the_line_the_lua_script_prints():
    figures = parse_wrk(WRK_OUTPUT)

    assert figures["requests"] == 12000
    assert figures["rps"] == 2000.0
    assert (figures["p50_ms"], figures["p99_ms"]) == (15.25, 31.0)
    assert figures["errors"] == 3
    assert figures["bytes_per_response"] == 2000


def test_the_bare_server_serves_one_load_the_cold_server_one_per_page_the_site_every_mode():
    assert loads_for("bare") == [("bare", "bare")]
    assert loads_for("cold") == [(page, "cold") for page in PAGES]
    site = loads_for("site")
    assert ("in-site baseline", "in-site baseline") in site
    for page in PAGES:
        assert {(page, mode) for mode in ("as served", "stranger cookie", "stranger param")} <= set(site)


def run(target, page, mode, rps, cpu, round_number=1):
    return {
        "round": round_number,
        "target": target,
        "page": page,
        "mode": mode,
        "rps": rps,
        "p50_ms": 10.0,
        "p99_ms": 20.0,
        "errors": 0,
        "cpu_ms_per_request": cpu,
        "x_page_cache": ["hit"],
    }


def test_each_load_is_the_median_of_its_rounds_as_a_ratio_to_the_bare_views_median():
    runs = [run("bare", "bare", "bare", rps, 0.5, n) for n, rps in enumerate([2000, 2400, 1000], 1)] + [
        run("site", "home", "as served", rps, 1.0, n) for n, rps in enumerate([1800, 500, 1000], 1)
    ]

    summary = summarize(runs)
    home = next(row for row in summary["rows"] if row["page"] == "home")

    assert summary["bare_rps"] == 2000
    assert home["rps"] == 1000
    assert home["ratio"] == 0.5
    assert home["rps_each"] == [1800, 500, 1000]
    assert home["cpu_ratio"] == 0.5


def test_a_paired_ratio_is_each_rounds_req_s_over_the_bare_view_measured_just_before_it():
    beside = [2000, 1000, 1600]
    runs = [run("bare", "bare", "bare", 2000, 0.5, n) for n in (1, 2, 3)] + [
        dict(run("site", "home", "as served", rps, 1.0, n), bare_rps=bare)
        for n, (rps, bare) in enumerate(zip([1800, 950, 1200], beside, strict=True), 1)
    ]

    home = next(row for row in summarize(runs)["rows"] if row["page"] == "home")

    # 0.90, 0.95 and 0.75: a slow minute slowed both sides of the second pair alike.
    assert home["paired_ratio"] == 0.9
    assert home["ratio"] == 0.6  # 1200 against the bare view's median of 2000


def test_a_load_without_a_bare_view_beside_it_has_no_paired_ratio():
    runs = [run("bare", "bare", "bare", 2000, 0.5), run("site", "home", "as served", 1000, 1.0)]
    home = next(row for row in summarize(runs)["rows"] if row["page"] == "home")
    assert home["paired_ratio"] is None


class FakeServer:
    def __init__(self, name):
        self.name = name

    def url(self, path):
        return f"{self.name}{path}"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def run_with_fake_wrk(monkeypatch, tmp_path, target):
    """run_target(target) with a bare server beside it, wrk faked: (runs, [(url, stranger) of each wrk load])."""
    from bench import throughput

    measured = []

    def fake_wrk(url, **kwargs):
        measured.append((url, kwargs.get("stranger")))
        figures = parse_wrk(WRK_OUTPUT)
        figures["rps"] = 1000.0 if url.startswith("beside") else 900.0
        return figures

    site = FakeServer("site")
    monkeypatch.setattr(throughput.servers, "server", lambda *args, **kwargs: site)
    monkeypatch.setattr(throughput.servers, "server_pids", lambda running: [])
    monkeypatch.setattr(throughput, "wrk", fake_wrk)
    monkeypatch.setattr(throughput, "warm", lambda *args: None)
    monkeypatch.setattr(throughput, "sample_headers", lambda *args, **kwargs: {"x_page_cache": [], "statuses": []})

    class Config:
        port, work, duration = 8108, tmp_path, 1

    paths = {page: ([f"/{page}/"], None) for page in PAGES}
    runs = throughput.run_target(target, {}, Config, paths, 1, beside=FakeServer("beside"))
    return runs, measured[1:]  # after the untimed warm-up


def test_the_bare_view_beside_is_measured_before_each_pages_loads(monkeypatch, tmp_path):
    runs, measured = run_with_fake_wrk(monkeypatch, tmp_path, "cold")
    assert measured == [pair for page in PAGES for pair in (("beside/", None), (f"site/{page}/", None))]
    assert all(run["bare_rps"] == 1000.0 for run in runs)


def test_the_bare_view_beside_a_stranger_load_gets_the_strangers_requests(monkeypatch, tmp_path):
    """Both sides of a pair read the same requests, and wrk spends the same on making them."""
    runs, measured = run_with_fake_wrk(monkeypatch, tmp_path, "site")

    def page_loads(page):
        return [
            ("beside/", None),
            (f"site/{page}/", None),
            ("beside/", "cookie"),
            (f"site/{page}/", "cookie"),
            ("beside/", "param"),
            (f"site/{page}/", "param"),
        ]

    baseline = [("beside/", None), ("site/bench/baseline/", None)]
    assert measured == baseline + [pair for page in PAGES for pair in page_loads(page)]
    assert all(run["bare_rps"] == 1000.0 for run in runs)
