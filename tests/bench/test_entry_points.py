"""The benchmark and the drills are modules of the `bench` package, run with `python -m` from the project folder."""

import importlib
import subprocess
import sys

import pytest

from bench.common import ROOT

MODULES = [
    "bench.common",
    "bench.report",
    "bench.throughput",
    "bench.harness",
    "bench.servers",
    "bench.traffic",
    "bench.invalidation",
    "bench.bare",
    "bench.drill_site",
    "bench.drill_readers",
    "bench.drill_editors",
    "bench.drill_load",
    "bench.drill_faults",
]


@pytest.mark.parametrize("name", MODULES)
def test_each_module_imports_as_part_of_the_package(name):
    module = importlib.import_module(name)

    assert module.__doc__


def run_module(*args):
    return subprocess.run(  # noqa: S603 - this interpreter, our own module
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.slow
def test_the_harness_runs_as_a_module():
    result = run_module("bench.harness", "--help")

    assert result.returncode == 0, result.stderr
    assert "--smoke" in result.stdout


@pytest.mark.slow
def test_the_fault_drill_refuses_a_postgresql_restart_it_was_not_asked_for():
    result = run_module("bench.drill_faults", "postgres")

    assert result.returncode == 2, result.stderr
    assert "add --postgres" in result.stderr
