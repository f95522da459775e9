"""The drills' editors: threads that sign in through the admin (CSRF and all) and save,
correct, unpublish, reopen, review, schedule and publish articles, logging what the site
accepted so bench.drill_site.verify_edits can check that nothing accepted was lost.
"""

import random
import re
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.client import HTTPConnection

from bench.common import HOST
from bench.drill_site import EDITORS, PASSWORD, PORT


def multipart(fields, files):
    """A multipart/form-data body of `fields` (name, value) pairs and `files` {name: (filename, type, bytes)}."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields
    ]
    for name, (filename, content_type, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Browser:
    """A tiny cookie-keeping HTTP client for one signed-in editor."""

    def __init__(self, timeout=15):
        self.cookies = {}
        self.timeout = timeout

    def request(self, method, path, data=None, files=None):
        """(status, Location, body); `data` is sent as a form, multipart when there are `files`."""
        connection = HTTPConnection(HOST, PORT, timeout=self.timeout)
        headers = {"Host": f"{HOST}:{PORT}", "User-Agent": "newsroom-drill-editor"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            if files:
                body, headers["Content-Type"] = multipart(data, files)
            else:
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
