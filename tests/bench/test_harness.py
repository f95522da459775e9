"""The harness' command line (bench.harness): parts to run, the smoke run's small settings."""

import argparse

import pytest

from bench import harness


def test_parts_are_named_and_an_unknown_one_is_refused():
    assert harness.parse_parts("throughput, traffic") == ["throughput", "traffic"]
    with pytest.raises(argparse.ArgumentTypeError):
        harness.parse_parts("throughput,speed")


def test_by_default_every_part_runs_on_both_databases_up_to_100000_articles():
    config = harness.parse_args(["--redis-url", ""])

    assert config.only == list(harness.PARTS)
    assert config.dbs == ["postgres", "sqlite"]
    assert config.sizes == [1000, 10000, 100000]
    assert (config.rounds, config.threads, config.connections) == (3, 2, 32)


def test_the_smoke_run_is_small_and_keeps_its_files_apart():
    config = harness.parse_args(["--smoke", "--redis-url", ""])

    assert config.sizes == [200]
    assert config.dbs == ["sqlite"]
    assert config.rounds == 1
    assert config.traffic_seconds <= 10
    assert config.work.name == "bench-smoke"
    assert config.results_dir.is_relative_to(config.work)


def test_a_quick_check_runs_only_the_parts_asked_for():
    config = harness.parse_args(["--only", "throughput", "--sizes", "1000", "--dbs", "sqlite", "--redis-url", ""])

    assert config.only == ["throughput"]
    assert config.sizes == [1000]


def test_a_jinja2_translation_that_no_longer_writes_the_page_fails_the_run():
    port_parted = {"path": "/", "same_page": False, "difference": {"at": 7}}
    result = {"databases": {"sqlite": {"templates": {"pages": [port_parted]}}}}

    assert harness.failures(result) == [
        "sqlite: the Jinja2 translation (bench.jinja_port) no longer writes the Django templates' page"
    ]
