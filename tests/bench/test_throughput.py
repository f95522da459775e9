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
