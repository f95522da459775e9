"""The shell scripts the guide runs: valid bash, clean under shellcheck, executable."""

import os
import subprocess

import pytest

from tests.deploy.conftest import DEPLOY, ROOT, system_tool

SCRIPTS = sorted(DEPLOY.glob("*.sh")) + [ROOT / "scripts" / name for name in ("backup.sh", "restore.sh")]
SOURCED = [ROOT / "scripts" / "pg_env.sh"]


@pytest.mark.parametrize("script", SCRIPTS + SOURCED, ids=lambda path: path.name)
def test_bash_parses_it(script):
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)  # noqa: S603,S607
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_it_is_executable(script):
    assert os.access(script, os.X_OK)


def test_shellcheck_finds_nothing():
    shellcheck = system_tool("shellcheck")
    result = subprocess.run(  # noqa: S603
        [shellcheck, "-x", *(str(path) for path in SCRIPTS + SOURCED)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
