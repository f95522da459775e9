"""deploy/*.service, deploy/*.timer: the units the guide installs, and what they run.

`systemd-analyze verify` checks them with the repository standing in for /srv/newsroom/app
and the example environment file for /etc/newsroom/newsroom.env.
"""

import json
import os
import subprocess
import sys
from collections import defaultdict

import pytest

from tests.deploy.conftest import DEPLOY, ROOT, system_tool

APP = "/srv/newsroom/app"
UNITS = ("newsroom.service", "newsroom-backup.service", "newsroom-backup.timer")


def unit(name):
    """{section: {key: [values]}}: systemd keys may repeat (Environment=)."""
    sections, current = defaultdict(lambda: defaultdict(list)), None
    for line in (DEPLOY / name).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = line.strip("[]")
        else:
            key, _, value = line.partition("=")
            sections[current][key].append(value)
    return sections


def test_the_site_start_fails_when_the_app_refuses_to_load():
    service = unit("newsroom.service")["Service"]
    assert service["Type"] == ["notify"]
    assert service["ExecStartPre"] == [f'{APP}/.venv/bin/python -c "import newsroom.wsgi"']
    assert "started means" not in (DEPLOY / "newsroom.service").read_text()


def env_from_example(**overrides):
    shell = f"set -a; . {DEPLOY / 'newsroom.env.example'}; set +a; env -0"
    output = subprocess.run(["bash", "-c", shell], check=True, capture_output=True, text=True).stdout  # noqa: S603,S607
    env = dict(item.split("=", 1) for item in output.split("\0") if item)
    env.pop("NEWSROOM_LOCAL", None)
    return {**env, "NEWSROOM_ENV_FILE": "", "DJANGO_SETTINGS_MODULE": "newsroom.settings", **overrides}


def start_check(env):
    """The unit's ExecStartPre, run as systemd would from the working directory."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import newsroom.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.slow
def test_the_start_check_refuses_the_example_placeholder_key_and_accepts_a_real_one():
    refused = start_check(env_from_example())
    assert refused.returncode != 0
    assert "DJANGO_SECRET_KEY" in refused.stderr
    accepted = start_check(env_from_example(DJANGO_SECRET_KEY="k" * 20 + "Q7-x_" * 8))
    assert accepted.returncode == 0, accepted.stderr


def test_gunicorn_logs_through_the_apps_json_format():
    service = unit("newsroom.service")["Service"]
    config = f"{APP}/deploy/gunicorn-logging.json"
    assert f"--log-config-json {config}" in service["ExecStart"][0]
    # gunicorn ignores a missing file without a word: it must be there.
    assert (ROOT / config.removeprefix(f"{APP}/")).is_file()


def test_the_gunicorn_logging_file_writes_json_lines_and_keeps_the_access_log_off():
    program = (
        "import json, logging.config; "
        f"logging.config.dictConfig(json.load(open({str(DEPLOY / 'gunicorn-logging.json')!r}))); "
        "logging.getLogger('gunicorn.error').info('Booting worker with pid: 42'); "
        "logging.getLogger('gunicorn.access').info('GET /?q=private')"
    )
    result = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["logger"] == "gunicorn.error" and entry["msg"] == "Booting worker with pid: 42"


def test_the_backup_runs_as_the_site_user_with_the_sites_environment_into_its_own_folder():
    service = unit("newsroom-backup.service")["Service"]
    assert service["Type"] == ["oneshot"]
    assert service["User"] == ["newsroom"]
    assert service["EnvironmentFile"] == ["/etc/newsroom/newsroom.env"]
    assert service["StateDirectory"] == ["newsroom-backups"]
    assert service["StateDirectoryMode"] == ["0700"]
    assert service["ExecStart"] == [f"{APP}/deploy/backup-nightly.sh"]
    assert os.access(DEPLOY / "backup-nightly.sh", os.X_OK)


def test_the_backup_timer_runs_nightly_and_catches_up_after_downtime():
    timer = unit("newsroom-backup.timer")
    assert timer["Timer"]["Persistent"] == ["true"]
    assert timer["Install"]["WantedBy"] == ["timers.target"]
    calendar = subprocess.run(  # noqa: S603
        [system_tool("systemd-analyze"), "calendar", timer["Timer"]["OnCalendar"][0]], capture_output=True, text=True
    )
    assert calendar.returncode == 0, calendar.stderr


def test_reload_and_restart_are_documented_for_what_each_applies():
    text = (DEPLOY / "newsroom.service").read_text()
    assert "needs `systemctl restart newsroom`" in text


def test_systemd_analyze_verifies_every_unit(tmp_path):
    analyze = system_tool("systemd-analyze")
    for name in UNITS:
        text = (DEPLOY / name).read_text().replace(APP, str(ROOT))
        text = text.replace("/etc/newsroom/newsroom.env", str(DEPLOY / "newsroom.env.example"))
        (tmp_path / name).write_text(text)
    result = subprocess.run(  # noqa: S603
        [analyze, "verify", "--man=no", *(str(tmp_path / name) for name in UNITS)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
