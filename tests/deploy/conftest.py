"""What the deploy tests share: where the shipped files are, and the system tools they run.

A tool that is missing skips the tests that need it with the reason, unless
NEWSROOM_REQUIRE_DEPLOY_TOOLS is set (CI, which installs them): then it fails.
"""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def system_tool(name):
    """The path of a system tool such as nginx or shellcheck, or a loud skip (a failure in CI)."""
    path = shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/sbin") / name) if p.exists()), None
    )
    if path:
        return path
    reason = f"{name} is not installed: apt-get install {name} (.ci/run does) to run this check"
    if os.environ.get("NEWSROOM_REQUIRE_DEPLOY_TOOLS"):
        pytest.fail(reason + "; NEWSROOM_REQUIRE_DEPLOY_TOOLS is set")
    pytest.skip(reason)
