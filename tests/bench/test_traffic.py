"""Realistic traffic (bench.traffic): the Zipf law readers follow and the figures a run reports."""

import random
from collections import Counter

import pytest

from bench.traffic import ZipfSampler, percentile, summarize


def draws(sampler, count):
    return Counter(sampler() for _ in range(count))


def test_every_draw_is_a_rank_of_the_archive():
    sampler = ZipfSampler(50, rng=random.Random(1))

    assert set(draws(sampler, 5_000)) <= set(range(50))


def test_the_newest_story_is_read_most_and_rank_k_about_k_times_less_often():
    counts = draws(ZipfSampler(1_000, exponent=1.0, rng=random.Random(2)), 50_000)

    assert counts.most_common(1)[0][0] == 0
    assert 1.7 < counts[0] / counts[1] < 2.3
    assert 7 < counts[0] / counts[9] < 13


def test_a_steeper_law_concentrates_readers_on_the_top_stories():
    gentle, steep = ZipfSampler(10_000, exponent=0.8), ZipfSampler(10_000, exponent=1.2)

    assert steep.share_of_top(100) > gentle.share_of_top(100)
    assert ZipfSampler(10_000).share_of_top(10_000) == pytest.approx(1.0)


def test_an_archive_of_one_story_always_gives_it_and_an_empty_one_is_refused():
    assert set(draws(ZipfSampler(1), 100)) == {0}
    with pytest.raises(ValueError):
        ZipfSampler(0)


def test_the_same_seed_draws_the_same_readers():
    first, second = ZipfSampler(500, rng=random.Random(9)), ZipfSampler(500, rng=random.Random(9))

    assert [first() for _ in range(20)] == [second() for _ in range(20)]


def test_percentiles_pick_from_the_sorted_values():
    values = list(range(1, 101))

    assert percentile(values, 0.5) == 51
    assert percentile(values, 0.99) == 99
    assert percentile([], 0.5) is None


def test_a_run_reports_hits_assembled_pages_statuses_latency_and_cpu_per_request():
    records = [(0.001, 200, "hit")] * 6 + [(0.002, 200, "assembled")] * 2 + [(0.050, 200, "miss"), (0.1, 0, "")]

    figures = summarize(records, seconds=2.0, cpu_seconds=0.05)

    assert figures["requests"] == 10
    assert figures["rps"] == 5.0
    assert figures["hit_ratio"] == 0.6
    assert figures["assembled_ratio"] == 0.2
    assert figures["x_page_cache"] == {"(none)": 1, "assembled": 2, "hit": 6, "miss": 1}
    assert figures["statuses"] == {"0": 1, "200": 9}
    assert figures["p50_ms"] == 1.0  # a request that got no answer has no latency to count
    assert figures["cpu_ms_per_request"] == 5.0


def test_a_run_without_requests_reports_none_rather_than_dividing_by_zero():
    figures = summarize([], seconds=1.0)

    assert figures["requests"] == 0
    assert figures["hit_ratio"] is None
    assert figures["p99_ms"] is None
