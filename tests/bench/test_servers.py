"""The servers the benchmark compares start the same way (bench.servers), and their CPU time is read from /proc."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import django
import pytest

from bench import servers
from bench.common import ROOT


def test_the_shipped_gunicorn_config_is_empty():
    assert servers.check_empty_config() == servers.EMPTY_CONFIG


def test_a_config_that_sets_anything_is_refused(tmp_path):
    config = tmp_path / "gunicorn.conf.py"
    config.write_text("# comments are fine\nthreads = 4\n")

    with pytest.raises(servers.NotEmptyConfig):
        servers.check_empty_config(config)


def test_a_config_of_comments_only_counts_as_empty(tmp_path):
    config = tmp_path / "gunicorn.conf.py"
    config.write_text("# nothing here\n\n")

    assert servers.check_empty_config(config) == config


def test_every_target_gets_the_same_flags_and_config_file_but_its_application():
    lines = {target: servers.gunicorn_args(app, 8108) for target, (app, _, _) in servers.TARGETS.items()}

    assert {tuple(args[:-1]) for args in lines.values()} == {tuple(lines["bare"][:-1])}
    assert lines["bare"][:2] == ["-c", str(servers.EMPTY_CONFIG)]
    assert ["-w", "2", "-k", "sync", "--threads", "1"] == lines["site"][2:8]
    assert [args[-1] for args in lines.values()] == [app for app, _, _ in servers.TARGETS.values()]


def test_gunicorn_is_never_started_with_a_config_that_sets_something(tmp_path):
    config = tmp_path / "gunicorn.conf.py"
    config.write_text("workers = 9\n")

    with pytest.raises(servers.NotEmptyConfig):
        servers.gunicorn_args("bench.bare.wsgi:application", 8108, config=config)


def test_cpu_seconds_are_user_plus_system_time_even_when_the_command_name_has_spaces_and_parentheses():
    fields_after_name = ["S"] + ["0"] * 10 + ["150", "50"] + ["0"] * 30  # utime 150 and stime 50 ticks
    stat = "4242 (gunicorn: worker) [app]) " + " ".join(fields_after_name)

    assert servers.cpu_seconds_from_stat(stat, 100) == 2.0


def test_cpu_seconds_of_this_process_grow_and_a_vanished_process_counts_nothing():
    before = servers.cpu_seconds([os.getpid()])
    # /proc counts CPU in clock ticks (10 ms): burn well past several of them, however fast the machine.
    started = time.process_time()
    while time.process_time() - started < 0.1:
        sum(i * i for i in range(10_000))

    assert servers.cpu_seconds([os.getpid()]) > before
    assert servers.cpu_seconds([2**22 + 17]) == 0.0


def startproject_middleware():
    template = Path(django.__file__).parent / "conf" / "project_template" / "project_name" / "settings.py-tpl"
    block = re.search(r"MIDDLEWARE = \[(.*?)\]", template.read_text(), re.S).group(1)
    return re.findall(r"'([\w.]+)'", block)


@pytest.mark.slow
def test_the_bare_project_is_startprojects_middleware_with_debug_off_and_answers_its_one_view():
    code = (
        "import django, json; django.setup(); from django.conf import settings; from django.test import Client;"
        "response = Client().get('/', HTTP_HOST='127.0.0.1');"
        "print(json.dumps([settings.MIDDLEWARE, settings.DEBUG, response.status_code, len(response.content)]))"
    )
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.bare.settings")
    out = subprocess.run(  # noqa: S603 - this interpreter
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    middleware, debug, status, length = __import__("json").loads(out.strip().splitlines()[-1])

    assert middleware == startproject_middleware()
    assert debug is False
    assert status == 200
    assert 0 < length < 200


@pytest.mark.slow
def test_the_cold_settings_swap_every_cache_alias_for_the_dummy_cache_and_keep_the_rest():
    code = (
        "import json; from django.conf import settings;"
        "print(json.dumps([{a: c['BACKEND'] for a, c in settings.CACHES.items()}, settings.MIDDLEWARE]))"
    )
    env = dict(os.environ, DJANGO_SECRET_KEY="x" * 50, REDIS_URL="redis://127.0.0.1:6379/12")
    env.pop("NEWSROOM_LOCAL", None)

    def settings_of(module):
        out = subprocess.run(  # noqa: S603 - this interpreter
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=dict(env, DJANGO_SETTINGS_MODULE=module),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return __import__("json").loads(out.strip().splitlines()[-1])

    cold_caches, cold_middleware = settings_of("bench.cold_settings")
    production_caches, production_middleware = settings_of("newsroom.settings")

    assert set(cold_caches) == set(production_caches)
    assert set(cold_caches.values()) == {"django.core.cache.backends.dummy.DummyCache"}
    assert cold_middleware == production_middleware
