"""deploy/newsroom.env.example: read alike by a shell (`set -a; . file`) and by systemd."""

import re
import subprocess

from tests.deploy.conftest import DEPLOY, ROOT

EXAMPLE = DEPLOY / "newsroom.env.example"


def as_the_shell_reads_it():
    script = f"set -eu; set -a; . {EXAMPLE}; set +a; env -0"
    result = subprocess.run(["bash", "-c", script], env={}, capture_output=True, text=True)  # noqa: S603,S607
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return dict(item.split("=", 1) for item in result.stdout.split("\0") if item)


def as_systemd_reads_it():
    """EnvironmentFile=: NAME=value per line, # comments, surrounding double quotes removed."""
    values = {}
    for line in EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value[1:-1] if value[:1] == value[-1:] == '"' else value
    return values


def test_sourcing_it_in_a_shell_works_and_keeps_the_site_name_whole():
    assert as_the_shell_reads_it()["SITE_NAME"] == "Newsroom Health"


def test_the_shell_and_systemd_read_the_same_values():
    from_systemd = as_systemd_reads_it()
    from_shell = as_the_shell_reads_it()
    assert {name: from_shell[name] for name in from_systemd} == from_systemd


def test_no_value_holds_what_the_two_readers_treat_differently():
    for name, value in as_systemd_reads_it().items():
        assert not re.search(r"[$`\\']", value), name


def test_placeholders_are_refused_rather_than_served():
    values = as_systemd_reads_it()
    assert values["DJANGO_SECRET_KEY"].startswith("change-me")


def test_every_variable_is_one_the_project_documents():
    documented = (ROOT / ".env.example").read_text()
    for name in as_systemd_reads_it():
        assert re.search(rf"^#?{name}=", documented, re.M), name
