"""deploy/newsroom-newsletter-*.{service,timer}: the newsletter sent on a schedule, as the site runs."""

import re
import shlex
import subprocess
from datetime import datetime

import pytest

from newsletter.models import Frequency
from tests.deploy.conftest import DEPLOY, ROOT, system_tool
from tests.deploy.test_systemd_units import APP, unit

FREQUENCIES = ("daily", "weekly")
UNITS = [f"newsroom-newsletter-{frequency}.{kind}" for frequency in FREQUENCIES for kind in ("service", "timer")]
OPERATIONS = (ROOT / "docs" / "operations.md").read_text()


@pytest.mark.parametrize("frequency", FREQUENCIES)
def test_each_service_sends_its_frequency_as_the_site_user_with_the_sites_mail_settings(frequency):
    service = unit(f"newsroom-newsletter-{frequency}.service")["Service"]
    assert service["Type"] == ["oneshot"]
    assert service["User"] == ["newsroom"]
    assert service["EnvironmentFile"] == ["/etc/newsroom/newsroom.env"]
    assert service["WorkingDirectory"] == [APP]
    command = shlex.split(service["ExecStart"][0])
    assert command == [f"{APP}/.venv/bin/python", "manage.py", "send_newsletter", "--frequency", frequency]
    assert frequency in Frequency.values
    assert (ROOT / "newsletter" / "management" / "commands" / "send_newsletter.py").is_file()


def next_runs(calendar):
    output = subprocess.run(  # noqa: S603
        [system_tool("systemd-analyze"), "calendar", "--iterations=3", calendar], capture_output=True, text=True
    )
    assert output.returncode == 0, output.stderr
    stamps = re.findall(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", output.stdout)
    return [datetime.fromisoformat(stamp) for stamp in stamps]


@pytest.mark.parametrize("frequency, days", [("daily", 1), ("weekly", 7)])
def test_each_timer_starts_its_service_on_its_cadence_and_catches_up_after_downtime(frequency, days):
    timer = unit(f"newsroom-newsletter-{frequency}.timer")
    assert timer["Timer"]["Persistent"] == ["true"]
    assert timer["Install"]["WantedBy"] == ["timers.target"]
    assert "Unit" not in timer["Timer"]  # the service of the same name
    runs = next_runs(timer["Timer"]["OnCalendar"][0])
    assert {(later - earlier).days for earlier, later in zip(runs, runs[1:], strict=False)} == {days}


def test_systemd_analyze_verifies_the_newsletter_units(tmp_path):
    for name in UNITS:
        text = (DEPLOY / name).read_text().replace(APP, str(ROOT))
        text = text.replace("/etc/newsroom/newsroom.env", str(DEPLOY / "newsroom.env.example"))
        (tmp_path / name).write_text(text)
    result = subprocess.run(  # noqa: S603
        [system_tool("systemd-analyze"), "verify", "--man=no", *(str(tmp_path / name) for name in UNITS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr


def test_the_operations_guide_documents_the_command_and_the_timers():
    section = OPERATIONS[OPERATIONS.index("## The newsletter") :]
    assert "send_newsletter --frequency daily" in section and "send_newsletter --frequency weekly" in section
    for name in UNITS:
        if name.endswith(".timer"):
            assert f"systemctl enable --now {name}" in section
    for variable in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS"):
        assert variable in section
    assert "DEFAULT_FROM_EMAIL" in section
