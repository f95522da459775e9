"""The benchmark's report (bench.report): the verdict on issue 14's targets and the text, from a run's result."""

import json

from bench import report
from bench.common import ROOT

BEFORE_RUN = ROOT / "bench" / "results" / "2026-12-04-7fd8865"


def throughput(ratios):
    rows = [
        {
            "target": "site" if mode != "cold" else "cold",
            "page": page,
            "mode": mode,
            "rounds": 3,
            "rps": 1000 * ratio,
            "rps_each": [1000 * ratio] * 3,
            "ratio": ratio,
            "p50_ms": 1.0,
            "p99_ms": 2.0,
            "cpu_ms_per_request": 1.0,
            "cpu_ratio": 0.5,
            "errors": 0,
            "x_page_cache": ["hit"],
        }
        for (page, mode), ratio in ratios.items()
    ]
    return {
        "flags": ["-w", "2"],
        "config_file": "bench/gunicorn-empty.conf.py",
        "duration": 6,
        "rounds": 3,
        "bare_rps": 1000.0,
        "bare_cpu_ms": 0.5,
        "rows": rows,
        "load": {"before": [1, 1, 1], "after": [2, 2, 2]},
    }


def result(**data):
    return {
        "date": "2026-12-04 01:00 UTC",
        "commit": "abc1234",
        "dirty": False,
        "machine": {"cpu": "AMD EPYC", "cores": 2, "ram_gb": 23.5, "os": "Linux", "python": "3.13.0"},
        "services": {"redis": "Redis 7.0.15"},
        "config": {"parts": ["throughput"], "sizes": [1000], "threads": 2, "connections": 32},
        "load_before": [1.0, 1.0, 1.0],
        "load_after": [2.0, 2.0, 2.0],
        "databases": {"sqlite": {"version": "SQLite 3.40.1", "archive": 1000, **data}},
        "notes": [],
    }


def verdicts(document):
    return {target: (measured, ok) for target, measured, ok in report.targets(document)}


def test_each_mode_is_held_to_its_ratio_of_the_bare_view():
    rows = verdicts(result(throughput=throughput({("article", "as served"): 0.95, ("article", "cold"): 0.2})))

    assert rows["sqlite: article as served >= 0.90x bare"] == ("0.95x", True)
    assert rows["sqlite: article cold >= 0.25x bare"] == ("0.20x", False)
    assert rows["sqlite: zero errors under load"] == ("0", True)


def test_after_a_publish_pages_put_together_from_cached_parts_do_not_count_as_renders():
    shares = {"pages": 500, "hit": 0.2, "assembled": 0.78, "rendered": 0.02, "rendered_as": {"miss": 10}}
    edit = {"pages": 500, "hit": 0.998, "assembled": 0.0, "rendered": 0.002, "rendered_as": {"miss": 1}}
    rows = verdicts(result(invalidation={"pages": 500, "after_publish": shares, "after_edit": edit}))

    assert rows["sqlite: after one publish <= 10% of 500 cached article pages render in full"] == ("2.0%", True)
    assert rows["sqlite: after one body edit only that story's page renders (1 of 500)"] == ("0.2%", True)


def test_a_change_the_reader_cannot_see_after_the_settling_time_is_a_miss():
    shares = {"pages": 500, "hit": 1.0, "assembled": 0.0, "rendered": 0.0, "rendered_as": {}}
    inv = {"pages": 500, "after_publish": shares, "after_edit": shares, "settle_seconds": 2.0}
    rows = verdicts(result(invalidation={**inv, "new_story_on_home": True, "edit_visible": False}))

    assert rows["sqlite: a publish and an edit are visible 2.0 s later"] == (
        "new story on home True, edit shown False",
        False,
    )
    assert rows["sqlite: after one body edit only that story's page renders (1 of 500)"][1] is True


def test_cold_pages_are_held_to_five_queries():
    pages = [
        {"page": "article", "uncached_queries": 8, "cached_queries": 0, "status": [200, 200], "x_page_cache": []},
        {"page": "home", "uncached_queries": 5, "cached_queries": 0, "status": [200, 200], "x_page_cache": []},
    ]
    rows = verdicts(result(queries={"pages": pages}))

    assert rows["sqlite: article page <= 5 queries cold"] == ("8", False)
    assert rows["sqlite: home page <= 5 queries cold"] == ("5", True)


def test_the_text_names_the_machine_the_load_and_each_ratio_next_to_the_bare_view():
    document = result(throughput=throughput({("home", "as served"): 0.5}))
    document["targets"] = report.targets(document)

    text = report.report_text(document)

    assert "AMD EPYC, 2 cores" in text
    assert "Load average at start [1.0, 1.0, 1.0], at end [2.0, 2.0, 2.0]" in text
    assert "Bare Django view: 1000.0 req/s" in text
    assert "site   home              as served            500.0   0.50x" in text
    assert "[MISS] sqlite: home as served >= 0.90x bare: 0.50x" in text


def timings(page_ms, related_ms=1.0, search_ms=10.0):
    return {
        "article_page": {"median_ms": page_ms, "p95_ms": page_ms},
        "related": {"median_ms": related_ms, "p95_ms": related_ms},
        "search": {"median_ms": search_ms, "p95_ms": search_ms * 4},
    }


def test_the_cold_article_page_may_grow_by_a_fifth_from_the_smallest_archive_to_the_largest():
    within = verdicts(result(scale={1000: timings(20.0), 100000: timings(23.0)}))
    beyond = verdicts(result(scale={1000: timings(20.0), 100000: timings(36.0)}))

    target = "sqlite: cold article page at 100,000 within x1.2 of its time at 1,000"
    assert within[target] == ("20.0 -> 23.0 ms (x1.15)", True)
    assert beyond[target][1] is False


def test_related_stories_and_search_are_judged_at_the_largest_archive():
    rows = verdicts(result(scale={1000: timings(20.0, 0.5, 5.0), 100000: timings(20.0, 3.0, 15.0)}))

    assert rows["sqlite: related stories median <= 2 ms at 100,000"] == ("3.00 ms", False)
    assert rows["sqlite: search median <= 20 ms, p95 <= 100 ms at 100,000"] == ("15.0 / 60.0 ms", True)


def test_the_stored_before_run_reads_as_the_report_saved_with_it():
    document = json.loads(BEFORE_RUN.with_suffix(".json").read_text())

    assert report.report_text(document) == BEFORE_RUN.with_suffix(".txt").read_text()
    assert [list(row) for row in report.targets(document)] == document["targets"]


def engines(path, django_ms, jinja_ms, cold_ms, same_page=True):
    if not same_page:
        return {"path": path, "same_page": False, "difference": {"at": 7, "django": "<p>a", "jinja2": "<p>b"}}
    return {
        "path": path,
        "same_page": True,
        "page_bytes": 17000,
        "cold_request_cpu_ms": cold_ms,
        "django": {"median_ms": django_ms, "p95_ms": django_ms, "n": 200, "queries": 3},
        "jinja2": {"median_ms": jinja_ms, "p95_ms": jinja_ms, "n": 200, "queries": 3},
        "saved_ms": round(django_ms - jinja_ms, 3),
        "saved_share_of_cold_request": round((django_ms - jinja_ms) / cold_ms, 3),
    }


def test_the_template_engines_are_set_side_by_side_with_the_share_of_a_cold_request_saved():
    pages = [engines("/", 8.5, 5.5, 14.4), engines("/article/statins-and-sleep/", 6.2, 4.5, 9.5)]
    lines = report.template_lines({"pages": pages, "load": {"before": [1, 1, 1], "after": [1, 1, 1]}})

    assert lines[2] == "home               8.50       5.50    3.00               21% of 14.4"
    assert lines[3] == "article            6.20       4.50    1.70               18% of 9.5"


def test_a_translation_that_writes_another_page_is_reported_not_timed():
    lines = report.template_lines({"pages": [engines("/", 0, 0, 0, same_page=False)]})

    assert "the translation wrote another page" in lines[2]


def test_a_load_with_a_paired_ratio_is_judged_on_it():
    tp = throughput({("article", "as served"): 0.80})
    tp["rows"][0]["paired_ratio"] = 0.93
    document = result(throughput=tp)

    assert verdicts(document)["sqlite: article as served >= 0.90x paired"] == ("0.93x", True)
    document["targets"] = report.targets(document)
    assert "site   article           as served            800.0   0.80x   0.93x" in report.report_text(document)
