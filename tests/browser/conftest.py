"""Real-browser tests: Debian's Chromium driven by Playwright against the site served by gunicorn.

The server is the production configuration (newsroom.settings: DEBUG off, CSP on, manifest
static files, page cache) in local mode (plain http, media served by the app), started once
per run on 127.0.0.1:8109 over a temporary SQLite database loaded with the demo content and
three staff accounts. Nothing is downloaded: the browser is /usr/bin/chromium (the Debian
package); without it these tests skip and the run says so in its summary, unless
NEWSROOM_BROWSER_TESTS=require (set by `make test-browser` and CI), which makes that a failure.

They run last in a whole-suite run: Playwright's sync API keeps an event loop in the main
thread, and Django refuses ORM calls from a thread with a running loop.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("BROWSER_CHROMIUM", "/usr/bin/chromium"))
HOST, PORT = "127.0.0.1", int(os.environ.get("BROWSER_TEST_PORT", "8109"))
ARTIFACTS = BASE_DIR / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Accounts the journeys sign in with (made by create_staff, as a newsroom would).
STAFF = {
    "writer": ("bea.writer", "writer", "Bea Writer"),
    "editor": ("cam.editor", "editor", None),
    "editor2": ("dana.editor", "editor", None),
}
# Variables of the caller's shell that would point the server elsewhere than its own temp folder.
_SERVER_ENV_DROP = [
    "DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG", "DATABASE_URL", "DATABASE_REPLICA_URL", "CACHE_URL", "REDIS_URL",
    "SECURE_SSL_REDIRECT", "BEHIND_PROXY", "SECURE_HSTS_SECONDS", "SERVE_MEDIA", "DJANGO_CSRF_TRUSTED_ORIGINS",
    "PAGE_CACHE_SECONDS", "PUBLIC_FETCH_MODE", "REQUIRE_2FA_FOR_ADMINS", "GUNICORN_BIND", "HOST", "PORT",
]  # fmt: skip

BROWSER_REASON = pytest.StashKey[str]()
BROWSER_COUNT = pytest.StashKey[int]()


def chromium_version():
    try:
        command = [str(CHROMIUM), "--version"]
        out = subprocess.run(command, capture_output=True, text=True, timeout=30, check=True)  # noqa: S603 - fixed
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def skip_reason():
    """Why the browser tests cannot run here, or "" when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (install Debian's package: apt-get install -y chromium)"
    return ""


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected: count only the browser tests that run
def pytest_collection_modifyitems(config, items):
    """Browser tests go last, and skip (or fail, when required) without Chromium."""
    browser = [item for item in items if item.get_closest_marker("browser")]
    if not browser:
        return
    others = [item for item in items if not item.get_closest_marker("browser")]
    items[:] = others + browser
    reason = skip_reason()
    if reason and os.environ.get("NEWSROOM_BROWSER_TESTS") == "require":
        raise pytest.UsageError(f"Browser tests are required here (NEWSROOM_BROWSER_TESTS=require) but {reason}.")
    if not reason and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # Their server always has its own SQLite database: a PostgreSQL run would repeat the SQLite one.
        reason = "they run in the SQLite suite (their server has its own SQLite database), not again on PostgreSQL"
    config.stash[BROWSER_COUNT] = len(browser)
    config.stash[BROWSER_REASON] = reason
    if reason:
        for item in browser:
            item.add_marker(pytest.mark.skip(reason=f"browser test: {reason}"))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """One line that says whether the browser tests ran, so a skip is never mistaken for a pass."""
    count = config.stash.get(BROWSER_COUNT, 0)
    if not count:
        return
    reason = config.stash.get(BROWSER_REASON, "")
    from .support import ADMIN_FINDINGS

    if ADMIN_FINDINGS:
        terminalreporter.write_sep("-", "axe-core on the admin pages: findings below serious (reported, not failed)")
        for line in ADMIN_FINDINGS:
            terminalreporter.write_line(f"  {line}")
    if reason:
        terminalreporter.write_sep("!", f"{count} BROWSER TESTS SKIPPED: {reason}", yellow=True, bold=True)
    else:
        terminalreporter.write_sep(
            "-",
            f"{count} browser tests in {chromium_version() or 'Chromium'}; screenshots in "
            f"{SCREENSHOTS.relative_to(BASE_DIR)}/",
            cyan=True,
        )


# --- The server ------------------------------------------------------------------------------


@dataclass
class Site:
    url: str
    root: Path
    log: Path
    passwords: dict = field(default_factory=dict)

    def username(self, who):
        return STAFF[who][0]

    def log_tail(self, lines=40):
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"


def _secret_key(root):
    path = root / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text()


def _server_env(root, port=PORT):
    env = {name: value for name, value in os.environ.items() if name not in _SERVER_ENV_DROP}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.browser.server_settings",
        NEWSROOM_LOCAL="1",
        DJANGO_SECRET_KEY=_secret_key(root),
        DATABASE_URL=f"sqlite:///{root / 'db.sqlite3'}",
        MEDIA_ROOT=str(root / "media"),
        STATIC_ROOT=str(root / "static"),
        CACHE_DIR=str(root / "cache"),
        BROWSER_DEMO_LOGINS_FILE=str(root / "demo_logins.txt"),
        SITE_URL=f"http://{HOST}:{port}",
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="4",
        LOG_FORMAT="text",
        PYTHONPATH=str(BASE_DIR),
        # Outside services (oEmbed titles, citation lookups) answer from a closed local port: no test
        # touches the internet, and a save still works (the services' failures are handled).
        OEMBED_BASE_URL="http://127.0.0.1:9",
        CROSSREF_API_URL="http://127.0.0.1:9",
        PUBMED_API_URL="http://127.0.0.1:9",
        CLINICALTRIALS_API_URL="http://127.0.0.1:9",
    )
    return env


def _prepare(env, log, staff):
    """Migrate, load the demo content, collect static files and create the staff, in one process."""
    with log.open("a") as out:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "tests.browser.prepare_site"], cwd=BASE_DIR,
            env={**env, "BROWSER_STAFF": json.dumps(staff)}, stdout=out, stderr=subprocess.STDOUT, timeout=600,
            check=False,
        )  # fmt: skip
    if done.returncode:
        pytest.fail(f"Browser test server set-up failed (tests/browser/prepare_site.py); see {log}")


def _free_port():
    """PORT (8109), or a free one when another run on this machine has it: the suite never fights over it."""
    with socket.socket() as probe:
        if probe.connect_ex((HOST, PORT)) != 0:
            return PORT
    with socket.socket() as spare:
        spare.bind((HOST, 0))
        return spare.getsockname()[1]


def _die_with_parent():
    """Linux: the server gets SIGTERM if the test run is killed, so no orphan keeps the port."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _wait_until_up(url, process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Browser test server: gunicorn exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 - our own loopback server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"Browser test server: no answer from {url}/healthz in {timeout} s; see {log}")


@pytest.fixture(scope="session")
def staff_mail():
    """A real SMTP server for the staff notifications the site sends (NOTIFICATIONS_EMAIL_HOST/PORT)."""
    from tests.support.smtp import LocalSMTPServer

    server = LocalSMTPServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def site(request, staff_mail):
    """The site, served by gunicorn on 127.0.0.1:8109 (or a free port if that is taken) from a temporary
    folder with demo content.

    The folder is our own (not pytest's tmp_path, whose old runs another pytest on the machine may
    delete under a running server); it is removed afterwards unless a test failed (its server.log helps).
    """
    # BROWSER_TEST_SITE=<folder> keeps the prepared site there and reuses it on the next run (the
    # set-up takes a minute or more); the journeys make their own uniquely named articles.
    kept = os.environ.get("BROWSER_TEST_SITE")
    root = Path(kept) if kept else Path(tempfile.mkdtemp(prefix="newsroom-browser-"))
    root.mkdir(parents=True, exist_ok=True)
    log = root / "server.log"
    env = _server_env(root)
    ready = root / "passwords.json"
    if ready.exists():
        passwords = json.loads(ready.read_text())
    else:
        passwords = {who: f"Br0wser-{secrets.token_urlsafe(12)}" for who in STAFF}
        staff = [
            [username, role, passwords[who], *[part.title() for part in username.split(".")], author]
            for who, (username, role, author) in STAFF.items()
        ]
        _prepare(env, log, staff)
        ready.write_text(json.dumps(passwords))
    port = _free_port()
    env = _server_env(root, port)
    env.update(NOTIFICATIONS_EMAIL_HOST=staff_mail.host, NOTIFICATIONS_EMAIL_PORT=str(staff_mail.port))
    url = f"http://{HOST}:{port}"
    with log.open("a") as out:
        process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, fixed arguments
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"{HOST}:{port}",
             "newsroom.wsgi:application"],
            cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent,
        )  # fmt: skip
    try:
        _wait_until_up(url, process, log)
        yield Site(url=url, root=root, log=log, passwords=passwords)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if not kept and not request.session.testsfailed:
            shutil.rmtree(root, ignore_errors=True)
        elif not kept:
            print(f"\nBrowser test server folder kept for inspection: {root} (server.log)")


# --- The browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots():
    """test-artifacts/screenshots/, emptied once per run."""
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.fixture
def new_context(browser, site):
    """Make browser contexts (one per person) whose pages record errors; all closed after the test."""
    from .support import watch_context

    contexts = []

    def make(**options):
        context = browser.new_context(base_url=site.url, **{"viewport": {"width": 1280, "height": 900}, **options})
        context.set_default_timeout(10_000)
        watch_context(context)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def reader(new_context):
    """An anonymous reader's page."""
    return new_context().new_page()
