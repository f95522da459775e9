"""Shared machinery of the reliability drills (bench/drill_load.py, bench/drill_faults.py).

A drill runs the real stack on loopback only: gunicorn with the production config and
production settings (DEBUG off, Redis cache, PostgreSQL database `nr_drill` unless
DRILL_DATABASE_URL says otherwise) on port 8107, readers as asyncio HTTP/1.1 keep-alive
connections, editors as threads that sign in through the admin (CSRF and all) and save,
correct, publish and schedule articles. Every request is recorded with its start time,
latency and status so the report can say what happened when.
"""

import asyncio
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gunicorn_process import start_gunicorn  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "drill"
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"
PORT = int(os.environ.get("DRILL_PORT", "8107"))
DB_URL = os.environ.get("DRILL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nr_drill")
REDIS_URL = os.environ.get("DRILL_REDIS_URL", "redis://127.0.0.1:6379/7")
PYTHON = os.environ.get("DRILL_PYTHON", str(ROOT / ".venv" / "bin" / "python"))
PASSWORD = "drill-" + secrets.token_urlsafe(18)
EDITORS = [f"drill-editor-{number}" for number in range(1, 5)]


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def django_env(**extra):
    """Production settings on loopback: no TLS redirect (plain http), everything else as deployed."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"NEWSROOM_LOCAL", "DJANGO_DEBUG", "BEHIND_PROXY", "SERVE_MEDIA", "CACHE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_SECRET_KEY=os.environ.get("DRILL_SECRET_KEY") or secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=DB_URL,
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX="nr_drill",
        STATIC_ROOT=str(WORK / "static"),
        MEDIA_ROOT=str(WORK / "media"),
        LOG_LEVEL="WARNING",
        GUNICORN_LOG_LEVEL="warning",
        PYTHONDONTWRITEBYTECODE="1",
        PORT=str(PORT),
        HOST=HOST,
    )
    env.update(extra)
    return env


def manage(env, *args, capture=False):
    result = subprocess.run(  # noqa: S603 - our own manage.py with the venv's python
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return result.stdout if capture else None


def prepare(env):
    """A fresh drill database with the demo content, four editors and collected static files.

    DRILL_REUSE_DB=1 keeps the database of the previous drill (only the editors' passwords are set again).
    """
    WORK.mkdir(parents=True, exist_ok=True)
    if os.environ.get("DRILL_REUSE_DB") == "1":
        log(f"database {DB_URL}: reused")
        for username in EDITORS:
            manage(env, "create_staff", username, "--role", "editor", "--password", PASSWORD, capture=True)
        return
    (WORK / "media").mkdir(exist_ok=True)
    if DB_URL.startswith("postgres"):
        name = urllib.parse.urlsplit(DB_URL).path.lstrip("/")
        base = DB_URL.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", base, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=True)  # noqa: S603,S607
        subprocess.run(["psql", base, "-qc", f'CREATE DATABASE "{name}"'], check=True)  # noqa: S603,S607
    log(f"database {DB_URL}: migrate, seed_demo, editors")
    manage(env, "migrate", "--noinput", "-v0")
    # A throwaway database; its demo passwords go to var/drill/, not to the laptop's var/demo_logins.txt.
    manage(
        env,
        "shell",
        "-c",
        "from django.conf import settings; from django.core.management import call_command; "
        f"settings.DEMO_LOGINS_FILE = {str(WORK / 'demo_logins.txt')!r}; call_command('seed_demo', '--force')",
        capture=True,
    )
    for username in EDITORS:
        manage(env, "create_staff", username, "--role", "editor", "--password", PASSWORD, capture=True)
    manage(env, "collectstatic", "--noinput", "-v0")
    subprocess.run(["redis-cli", "-n", REDIS_URL.rsplit("/", 1)[-1], "FLUSHDB"], capture_output=True)  # noqa: S603,S607


def query_django(env, code):
    """Run `code` (which sets `result`) with Django set up against the drill database; return result."""
    script = (
        "import django, json\ndjango.setup()\nresult = None\n"
        + code
        + "\nprint('@@RESULT@@' + json.dumps(result, default=str))\n"
    )
    out = subprocess.run(  # noqa: S603
        [PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.split("@@RESULT@@", 1)[1])


class Server:
    """gunicorn -c gunicorn.conf.py on the drill port, production settings."""

    def __init__(self, env, workers=None):
        self.env = dict(env)
        if workers:
            self.env["WEB_CONCURRENCY"] = str(workers)
        self.process = None
        self.log_path = WORK / "gunicorn.log"

    def start(self):
        self.log_file = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = start_gunicorn(python=PYTHON, env=self.env, log=self.log_file, ready=self.healthy)
        log(f"gunicorn up on {HOST}:{PORT} (master pid {self.process.pid})")

    @staticmethod
    def healthy():
        connection = HTTPConnection(HOST, PORT, timeout=2)
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200

    def workers(self):
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout  # noqa: S603,S607
        return [int(pid) for pid in out.split()]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if getattr(self, "log_file", None):
            self.log_file.close()


# --- Recording ---------------------------------------------------------------------------------


@dataclass
class Record:
    started: float  # seconds since the drill's start
    latency: float  # seconds
    status: int  # 0 for a connection error or timeout
    kind: str
    error: str = ""


@dataclass
class Recorder:
    origin: float = field(default_factory=time.monotonic)
    records: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, started, latency, status, kind, error=""):
        with self.lock:
            self.records.append(Record(started - self.origin, latency, status, kind, error))

    def now(self):
        return time.monotonic() - self.origin


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summarize(records, *, between=None):
    """Counts by status and latency percentiles (ms) of `records`, optionally within [start, end) seconds."""
    if between:
        records = [r for r in records if between[0] <= r.started < between[1]]
    latencies = [r.latency * 1000 for r in records if r.status]
    statuses = {}
    for record in records:
        statuses[str(record.status)] = statuses.get(str(record.status), 0) + 1
    duration = (max((r.started for r in records), default=0) - min((r.started for r in records), default=0)) or 1
    return {
        "requests": len(records),
        "per_second": round(len(records) / duration, 1),
        "statuses": dict(sorted(statuses.items())),
        "5xx": sum(1 for r in records if r.status >= 500),
        "connection_errors": sum(1 for r in records if r.status == 0),
        "connection_error_kinds": _count(r.error for r in records if r.status == 0),
        "p50_ms": round(percentile(latencies, 0.50), 1) if latencies else None,
        "p90_ms": round(percentile(latencies, 0.90), 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99), 1) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
    }


# --- Readers (asyncio, keep-alive) -------------------------------------------------------------


async def _read_response(reader):
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    status = int(status_line.split()[1])
    length, chunked, close = None, False, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
        elif name == "connection" and value.lower() == "close":
            close = True
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2) if size else await reader.readline()
            if not size:
                break
    elif length is not None:
        await reader.readexactly(length)
    else:
        await reader.read()
        close = True
    return status, close


async def _exchange(stream, path, timeout):
    reader, writer = stream
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: {HOST}:{PORT}\r\nAccept: text/html\r\n"
        f"User-Agent: newsroom-drill\r\n\r\n".encode()
    )
    return await asyncio.wait_for(_read_response(reader), timeout)


async def _reader(urls, deadline, recorder, timeout):
    stream = None
    while time.monotonic() < deadline:
        kind, path = random.choice(urls)
        started = time.monotonic()
        try:
            reused = stream is not None
            if stream is None:
                stream = await asyncio.wait_for(asyncio.open_connection(HOST, PORT), timeout)
            try:
                status, close = await _exchange(stream, path, timeout)
            except (ConnectionError, asyncio.IncompleteReadError):
                if not reused:
                    raise
                # A kept-alive connection the server had closed (idle timeout, worker recycled):
                # like a browser, send the GET again once on a fresh connection.
                stream[1].close()
                stream = await asyncio.wait_for(asyncio.open_connection(HOST, PORT), timeout)
                status, close = await _exchange(stream, path, timeout)
            recorder.add(started, time.monotonic() - started, status, kind)
            if close:
                stream[1].close()
                stream = None
        except (TimeoutError, OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as error:
            recorder.add(started, time.monotonic() - started, 0, kind, type(error).__name__)
            if stream is not None:
                stream[1].close()
            stream = None
            await asyncio.sleep(0.05)
    if stream is not None:
        stream[1].close()


def run_readers(urls, *, concurrency, seconds, recorder, timeout=30.0):
    async def main():
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(_reader(urls, deadline, recorder, timeout) for _ in range(concurrency)))

    asyncio.run(main())


def reader_urls(env):
    """Article, list, tag and search pages of the drill site."""
    data = query_django(
        env,
        "from articles.models import Article, Section, Tag\n"
        "articles = list(Article.objects.published().values_list('slug', flat=True)[:60])\n"
        "sections = list(Section.objects.values_list('slug', flat=True))\n"
        "tags = list(Tag.objects.filter(article_count__gt=0).values_list('slug', flat=True)[:30])\n"
        "result = {'articles': articles, 'sections': sections, 'tags': tags}\n",
    )
    urls = [("home", "/"), ("home", "/?page=2")]
    urls += [("article", f"/article/{slug}/") for slug in data["articles"]]
    urls += [("section", f"/section/{slug}/") for slug in data["sections"]]
    urls += [("tag", f"/tag/{urllib.parse.quote(slug)}/") for slug in data["tags"]]
    words = ["heart", "blood pressure", "vaccine", "sleep", "diabetes", "cancer screening", "children", "diet"]
    urls += [("search", "/search/?" + urllib.parse.urlencode({"q": word})) for word in words]
    return urls


# --- Editors (threads, real admin HTTP with CSRF) -------------------------------------------------


class Browser:
    """A tiny cookie-keeping HTTP client for one signed-in editor."""

    def __init__(self, timeout=15):
        self.cookies = {}
        self.timeout = timeout

    def request(self, method, path, data=None):
        connection = HTTPConnection(HOST, PORT, timeout=self.timeout)
        headers = {"Host": f"{HOST}:{PORT}", "User-Agent": "newsroom-drill-editor"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{PORT}{path}"
            headers["Origin"] = f"http://{HOST}:{PORT}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location"), content
        finally:
            connection.close()

    def csrf(self):
        return self.cookies.get("csrftoken", "")

    def login(self, username):
        self.request("GET", "/admin/login/")
        status, location, _ = self.request(
            "POST",
            "/admin/login/?next=/admin/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf(), "next": "/admin/"},
        )
        if status != 302:
            raise RuntimeError(f"{username} could not sign in ({status})")


def form_fields(content, form_id="article_form"):
    from lxml import html as lxml_html

    document = lxml_html.document_fromstring(content)
    form = next((f for f in document.forms if f.get("id") == form_id), None)
    if form is None:
        return None
    data = []
    for element in form.inputs:
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "select":
            data += [
                (name, o.get("value", o.text or "")) for o in element.iter("option") if o.get("selected") is not None
            ]
        elif element.tag == "textarea":
            text = element.text or ""
            data.append((name, text[1:] if text.startswith("\n") else text))
        else:
            kind = (element.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                continue
            if kind in {"checkbox", "radio"} and element.get("checked") is None:
                continue
            data.append((name, element.get("value", "on" if kind in {"checkbox", "radio"} else "")))
    return data


def replace(data, **changes):
    data = [(k, v) for k, v in data if k not in changes]
    for key, value in changes.items():
        values = value if isinstance(value, list) else [value]
        data += [(key, item) for item in values]
    return data


@dataclass
class EditLog:
    """What the editors did: accepted saves (the only ones that must survive) and everything else."""

    accepted: list = field(default_factory=list)  # (article id, marker, finished at)
    refused: list = field(default_factory=list)  # (article id, marker, status, reason)
    transitions: list = field(default_factory=list)  # (article id, action, status)
    corrections: list = field(default_factory=list)  # (article id, marker)
    lock: threading.Lock = field(default_factory=threading.Lock)


def save_article(browser, article_id, marker, log_, recorder, *, correction=False):
    """Open the change form, change the standfirst and the body's first paragraph, save. Return True if accepted."""
    url = f"/admin/articles/article/{article_id}/change/"
    started = time.monotonic()
    status, _, content = browser.request("GET", url)
    recorder.add(started, time.monotonic() - started, status, "editor-open")
    if status != 200:
        with log_.lock:
            log_.refused.append((article_id, marker, status, "could not open"))
        return False
    data = form_fields(content)
    values = dict(data)
    body = re.sub(r"^<p>Drill edit [^<]*</p>", "", values.get("body", ""))
    changes = {"dek": f"Drill edit {marker}: what changed for patients.", "body": f"<p>Drill edit {marker}</p>{body}"}
    if correction:
        prefix = next(
            (k[: -len("-TOTAL_FORMS")] for k in values if k.endswith("-TOTAL_FORMS") and "correction" in k), None
        )
        if prefix:
            index = int(values[f"{prefix}-TOTAL_FORMS"])
            changes[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
            changes[f"{prefix}-{index}-note"] = f"Correction {marker}: a figure was misquoted and is now right."
            changes[f"{prefix}-{index}-kind"] = "correction"
        else:
            correction = False
    started = time.monotonic()
    status, location, content = browser.request("POST", url, replace(data, **changes))
    finished = time.monotonic()
    recorder.add(started, finished - started, status, "editor-save")
    with log_.lock:
        if status == 302:
            log_.accepted.append((article_id, marker, finished))
            if correction:
                log_.corrections.append((article_id, marker))
            return True
        reason = "conflict" if status == 409 else ("form error" if status == 200 else "error")
        log_.refused.append((article_id, marker, status, reason))
        return False


def transition(browser, article_id, action, log_, recorder, publish_at=None):
    data = {"workflow-action": action, "csrfmiddlewaretoken": browser.csrf()}
    if publish_at:
        data["workflow-publish_at"] = publish_at
    started = time.monotonic()
    status, _, _ = browser.request("POST", f"/admin/articles/article/{article_id}/workflow/", data)
    recorder.add(started, time.monotonic() - started, status, "editor-transition")
    with log_.lock:
        log_.transitions.append((article_id, action, status))
    return status


def sign_in(username, recorder, attempts=3):
    """An editor's signed-in Browser; editors are people, so a slow sign-in is waited for and retried."""
    browser = Browser(timeout=60)
    for _ in range(attempts):
        started = time.monotonic()
        try:
            browser.login(username)
        except (OSError, RuntimeError) as error:
            recorder.add(started, time.monotonic() - started, 0, "editor-login", str(error))
            continue
        recorder.add(started, time.monotonic() - started, 200, "editor-login")
        return browser
    raise RuntimeError(f"{username} could not sign in")


def editor_loop(browser, username, articles, deadline, log_, recorder, pause=(0.3, 0.9)):
    """Save and correct the first article; cycle the second through unpublish, reopen, review and publish/schedule."""
    step = 0
    own, cycled = articles
    while time.monotonic() < deadline:
        step += 1
        marker = f"{username}-{step}"
        try:
            if step % 4 == 2:
                for action in ("unpublish", "reopen", "submit", "approve"):
                    transition(browser, cycled, action, log_, recorder)
                if step % 8 == 6:
                    when = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() + 86400))
                    transition(browser, cycled, "schedule", log_, recorder, publish_at=when)
                    transition(browser, cycled, "publish", log_, recorder)
                else:
                    transition(browser, cycled, "publish", log_, recorder)
            elif step % 4 == 0:
                save_article(browser, own, marker, log_, recorder, correction=True)
            else:
                save_article(browser, own if step % 8 != 3 else cycled, marker, log_, recorder)
        except OSError as error:
            recorder.add(time.monotonic(), 0, 0, "editor-error", type(error).__name__)
            time.sleep(0.5)
        time.sleep(random.uniform(*pause))


def editor_articles(env):
    """Two published demo articles per editor: one to edit and correct, one to cycle through the workflow."""
    ids = query_django(
        env,
        "from articles.models import Article\n"
        "result = list(Article.objects.published().order_by('-published_at').values_list('pk', flat=True)[:8])\n",
    )
    return [(ids[2 * i], ids[2 * i + 1]) for i in range(len(EDITORS))]


def start_editors(articles, seconds, log_, recorder):
    """Sign the editors in first (before the readers arrive), then let them work for `seconds`."""
    names = EDITORS[: len(articles)]
    browsers = [sign_in(name, recorder) for name in names]
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=editor_loop, args=(browser, name, pair, deadline, log_, recorder), daemon=True)
        for browser, name, pair in zip(browsers, names, articles, strict=True)
    ]
    for thread in threads:
        thread.start()
    return threads


def verify_edits(env, log_):
    """No lost edit: each accepted save is in a revision, the final text is the last accepted save, corrections kept."""
    last = {}
    for article_id, marker, _finished in sorted(log_.accepted, key=lambda item: item[2]):
        last[article_id] = marker
    code = (
        "from articles.models import Article\n"
        "from django.apps import apps\n"
        f"ids = {sorted({a for a, _, _ in log_.accepted} | {a for a, _, _ in log_.transitions})!r}\n"
        "result = {}\n"
        "Revision = apps.get_model('editorial', 'Revision') if apps.is_installed('editorial') else None\n"
        "Correction = apps.get_model('editorial', 'Correction') if apps.is_installed('editorial') else None\n"
        "for article in Article.objects.filter(pk__in=ids):\n"
        "    revisions = [str(r.snapshot) for r in Revision.objects.filter(article=article)] if Revision else []\n"
        "    notes = Correction.objects.filter(article=article).values_list('note', flat=True) if Correction else []\n"
        "    notes = list(notes)\n"
        "    result[str(article.pk)] = {'dek': article.dek, 'body': article.body[:200], 'status': article.status,\n"
        "        'published_at': article.published_at, 'revisions': revisions, 'corrections': notes,\n"
        "        'transitions': article.transitions.count()}\n"
    )
    state = query_django(env, code)
    missing_revisions = []
    for article_id, marker, _ in log_.accepted:
        snapshots = state[str(article_id)]["revisions"]
        if not any(f"Drill edit {marker}" in snapshot for snapshot in snapshots):
            missing_revisions.append((article_id, marker))
    wrong_final = [
        (article_id, marker, state[str(article_id)]["dek"][:80])
        for article_id, marker in last.items()
        if f"Drill edit {marker}:" not in state[str(article_id)]["dek"]
    ]
    missing_corrections = [
        (article_id, marker)
        for article_id, marker in log_.corrections
        if not any(marker in note for note in state[str(article_id)]["corrections"])
    ]
    return {
        "accepted_saves": len(log_.accepted),
        "refused_saves": len(log_.refused),
        "refused_reasons": _count(reason for *_, reason in log_.refused),
        "transitions_posted": len(log_.transitions),
        "transition_statuses": _count(str(status) for *_, status in log_.transitions),
        "transitions_recorded": sum(item["transitions"] for item in state.values()),
        "corrections_accepted": len(log_.corrections),
        "accepted_saves_missing_a_revision": missing_revisions,
        "articles_whose_final_text_is_not_the_last_accepted_save": wrong_final,
        "accepted_corrections_missing": missing_corrections,
        "lost_edits": len(missing_revisions) + len(wrong_final) + len(missing_corrections),
    }


def _count(items):
    counts = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def write_results(name, data):
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"{name}-{stamp}.json"
    path.write_text(json.dumps(data, indent=2, default=str))
    log(f"results: {path.relative_to(ROOT)}")
    return path


def machine():
    return {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "database": re.sub(r"//[^@]*@", "//", DB_URL),
        "cache": REDIS_URL,
        "port": PORT,
        # Other jobs share this machine: the load average says how much CPU the drill really had.
        "load_average_at_end": os.getloadavg(),
    }
