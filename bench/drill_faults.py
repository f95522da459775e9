"""Fault drills (`make drill-faults`): Redis stopped, a gunicorn worker killed, a read-only media folder,
and (only with --postgres, since it disturbs everyone using the server) PostgreSQL restarted.

    .venv/bin/python -m bench.drill_faults                      # redis, worker, media
    .venv/bin/python -m bench.drill_faults --postgres           # the same, then a PostgreSQL restart
    .venv/bin/python -m bench.drill_faults postgres --postgres  # only the PostgreSQL restart

Each fault runs under load (DRILL_FAULT_READERS readers, default 50, and two editors) for
DRILL_FAULT_SECONDS (default 30): the fault starts at second 8 and is repaired a few
seconds later. Recorded per fault: requests and statuses before, during and after,
the slowest answer during the fault, how long until pages were served again, and the
lost-edit check. Redis and PostgreSQL are always started again, whatever happens.
Loopback only; exits non-zero when a promise is broken.
"""

import io
import os
import re
import subprocess
import sys
import threading
import time

from bench import drill_site as site
from bench.common import log
from bench.drill_editors import Browser, EditLog, form_fields, replace, start_editors
from bench.drill_readers import Recorder, run_readers, summarize

READERS = int(os.environ.get("DRILL_FAULT_READERS", "50"))
SECONDS = int(os.environ.get("DRILL_FAULT_SECONDS", "30"))
FAULT_AT = 8.0
REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]


def pg_cluster():
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


def redis_up():
    return subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True, text=True).stdout.strip() == "PONG"  # noqa: S603,S607


def ensure_redis():
    if not redis_up():
        subprocess.run(REDIS_START, check=False)  # noqa: S603
        for _ in range(50):
            if redis_up():
                break
            time.sleep(0.1)
    return redis_up()


def pg_up():
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode == 0  # noqa: S603,S607


def ensure_postgres():
    if not pg_up():
        subprocess.run([*pg_cluster(), "start"], check=False)  # noqa: S603
        for _ in range(100):
            if pg_up():
                break
            time.sleep(0.1)
    return pg_up()


def tiny_jpeg():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 90, 160)).save(buffer, format="JPEG")
    return buffer.getvalue()


def upload_hero(browser, article_id, title):
    """Post the change form with a new title and a hero image (multipart); return (status, message page)."""
    url = f"/admin/articles/article/{article_id}/change/"
    _, _, content = browser.request("GET", url)
    data = replace(form_fields(content), title=title, hero_alt="Drill picture")
    hero = {"hero_image": ("drill.jpg", "image/jpeg", tiny_jpeg())}
    status, location, _ = browser.request("POST", url, data, files=hero)
    # The message for the next page travels in a cookie, which the browser kept.
    page = browser.request("GET", location)[2].decode("utf-8", "replace") if location else ""
    return status, page


# --- One fault under load -----------------------------------------------------------------------


def under_load(env, urls, pairs, name, inject, repair, *, settle=None):
    """Run readers and two editors for SECONDS; inject() at FAULT_AT, repair() when it returns its duration."""
    recorder, edits = Recorder(), EditLog()
    window = {}

    def fault():
        time.sleep(FAULT_AT)
        window["start"] = recorder.now()
        log(f"{name}: fault injected")
        try:
            detail = inject()
        finally:
            window["repair_started"] = recorder.now()
            repair_detail = repair()
            window["end"] = recorder.now()
            log(f"{name}: repaired ({repair_detail})")
        window["detail"], window["repair_detail"] = detail, repair_detail

    editors = start_editors(pairs[:2], SECONDS, edits, recorder) if pairs else []
    thread = threading.Thread(target=fault)
    thread.start()
    run_readers(urls, concurrency=READERS, seconds=SECONDS, recorder=recorder)
    thread.join()
    for editor in editors:
        editor.join(timeout=30)
    readers = [r for r in recorder.records if not r.kind.startswith("editor")]
    start, end = window["start"], window["end"]
    dropped = [r for r in readers if r.status == 0 and r.error != "TimeoutError"]
    # "Bad" is a 5xx or a failed connection; a 404 is an article an editor has just unpublished.
    bad = [r for r in readers if r.status == 0 or r.status >= 500]
    bad_after = [r for r in bad if r.started >= end]
    last_bad = max((r.started + r.latency for r in bad), default=None)
    result = {
        "fault": name,
        "window_seconds": [round(start, 2), round(end, 2)],
        "detail": window.get("detail"),
        "repair": window.get("repair_detail"),
        "before": summarize(readers, between=(0, start)),
        "during": summarize(readers, between=(start, end)),
        "after": summarize(readers, between=(end, SECONDS + 60)),
        # Connections the server dropped or refused (a client timeout after 30 s is counted in "during" only).
        "dropped_during": sum(1 for r in dropped if start <= r.started < end),
        "dropped_outside": sum(1 for r in dropped if not start <= r.started < end),
        "bad_after_repair": len(bad_after),
        "last_bad_at": round(last_bad, 2) if last_bad is not None else None,
        # Every 5xx and failed connection, for the timeline: (seconds, status, page, latency ms, error).
        "incidents": [(round(r.started, 3), r.status, r.kind, round(r.latency * 1000, 1), r.error) for r in bad[:500]],
        "recovered_seconds_after_repair": round(max(0.0, last_bad - end), 2) if last_bad is not None else 0.0,
        "editors": summarize([r for r in recorder.records if r.kind.startswith("editor")]),
        "edits": site.verify_edits(env, edits) if edits.accepted or edits.transitions else None,
    }
    if settle:
        result.update(settle(recorder, window))
    return result


def redis_fault(env, urls, pairs, server):
    def inject():
        subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], capture_output=True)  # noqa: S603,S607
        time.sleep(10)
        return "redis-cli shutdown nosave; 10 s without Redis"

    def repair():
        return "redis-server started" if ensure_redis() else "REDIS DID NOT START"

    result = under_load(env, urls, pairs, "redis stopped", inject, repair)
    result["promise"] = "pages keep being served (uncached); nothing errors"
    result["kept"] = result["during"]["5xx"] == 0 and result["dropped_during"] == 0
    return result


def worker_fault(env, urls, pairs, server):
    state = {}

    def inject():
        before = server.workers()
        victim = before[0]
        os.kill(victim, 9)
        state["victim"], state["before"] = victim, before
        time.sleep(6)
        return f"SIGKILL to worker {victim} of {len(before)}"

    def repair():
        after = server.workers()
        state["after"] = after
        return f"workers now {len(after)} (replacement: {sorted(set(after) - set(state['before']))})"

    result = under_load(env, urls, pairs, "gunicorn worker killed", inject, repair)
    replaced = len(state["after"]) == len(state["before"]) and state["victim"] not in state["after"]
    result["promise"] = "the worker is replaced; requests in other workers are unaffected"
    result["replaced"] = replaced
    # Only the connections the killed worker held may drop (its keep-alive readers, about READERS / workers).
    result["kept"] = (
        replaced
        and result["during"]["5xx"] == 0
        and result["dropped_during"] <= READERS // max(1, len(state["before"]) - 1)
        and result["dropped_outside"] == 0
    )
    return result


def media_fault(env, urls, pairs, server):
    media = site.WORK / "media"
    media.mkdir(parents=True, exist_ok=True)
    outcome = {}
    editor = Browser(timeout=30)
    editor.login(site.EDITORS[-1])
    article = pairs[-1][0]

    def inject():
        subprocess.run(["mount", "--bind", str(media), str(media)], check=True)  # noqa: S603,S607
        subprocess.run(["mount", "-o", "remount,bind,ro", str(media), str(media)], check=True)  # noqa: S603,S607
        status, page = upload_hero(editor, article, "Title saved while the media folder was read-only")
        outcome["read_only"] = {
            "status": status,
            "message_shown": "could not be stored" in page,
            "message": _message(page),
        }
        return "media folder remounted read-only; one upload with a changed title"

    def repair():
        subprocess.run(["umount", str(media)], check=False)  # noqa: S603,S607
        status, page = upload_hero(editor, article, "Title saved after the media folder was writable again")
        outcome["writable_again"] = {"status": status, "error_shown": "could not be stored" in page}
        return "unmounted; upload again"

    result = under_load(env, urls, [], "read-only media folder on upload", inject, repair)
    state = site.query_django(
        env,
        "from articles.models import Article\n"
        f"article = Article.objects.get(pk={article})\n"
        "result = {'title': article.title, 'hero_image': article.hero_image.name}\n",
    )
    result["upload"] = outcome
    result["article_after"] = state
    result["promise"] = "a clear error to the editor; the article's other changes are not lost"
    result["kept"] = (
        outcome["read_only"]["status"] == 302
        and outcome["read_only"]["message_shown"]
        and outcome["writable_again"]["status"] == 302
        and state["title"] == "Title saved after the media folder was writable again"
        and bool(state["hero_image"])
        and result["during"]["5xx"] == 0
    )
    return result


def _message(page):
    found = re.search(r'class="error">([^<]+)<', page)
    return found.group(1).strip() if found else ""


def postgres_fault(env, urls, pairs, server):
    def inject():
        started = time.monotonic()
        subprocess.run([*pg_cluster(), "restart", "-m", "fast"], check=False)  # noqa: S603
        return f"pg_ctlcluster restart -m fast took {time.monotonic() - started:.1f} s"

    def repair():
        return "postgresql up" if ensure_postgres() else "POSTGRESQL DID NOT START"

    def settle(recorder, window):
        readers = [r for r in recorder.records if not r.kind.startswith("editor")]
        during = [r for r in readers if window["start"] <= r.started < window["end"] + 5]
        answered_503 = [r.latency * 1000 for r in during if r.status == 503]
        return {
            "status_503_during": len(answered_503),
            "status_500_during": sum(1 for r in during if r.status == 500),
            "slowest_503_ms": round(max(answered_503), 1) if answered_503 else None,
            "slowest_during_ms": round(max((r.latency * 1000 for r in during), default=0), 1),
        }

    result = under_load(env, urls, pairs, "postgresql restarted", inject, repair, settle=settle)
    result["promise"] = "fail fast with a 503 page, recover by itself within seconds, no accepted edit lost"
    result["kept"] = (
        result["status_500_during"] == 0
        and result["after"]["5xx"] == 0
        and result["recovered_seconds_after_repair"] <= 10
        and (result["edits"] or {}).get("lost_edits", 0) == 0
    )
    return result


FAULTS = {"redis": redis_fault, "worker": worker_fault, "media": media_fault, "postgres": postgres_fault}


def main(argv):
    allow_postgres = "--postgres" in argv
    chosen = [name for name in argv if name in FAULTS] or [name for name in FAULTS if name != "postgres"]
    if allow_postgres and "postgres" not in chosen:
        chosen.append("postgres")
    if "postgres" in chosen and not allow_postgres:
        print("A PostgreSQL restart disturbs everyone on this server: add --postgres to mean it.", file=sys.stderr)
        return 2
    env = site.django_env()
    site.prepare(env)
    urls = site.reader_urls(env)
    pairs = site.editor_articles(env)
    results = []
    server = site.server(env)
    server.start()
    try:
        for name in chosen:
            log(f"--- fault: {name} ({READERS} readers, {SECONDS} s, fault at {FAULT_AT:.0f} s)")
            try:
                results.append(FAULTS[name](env, urls, pairs, server))
            finally:
                ensure_redis()
                ensure_postgres()
                subprocess.run(["umount", str(site.WORK / "media")], capture_output=True)  # noqa: S603,S607
            last = results[-1]
            log(
                f"{name}: during {last['during']['statuses']} (5xx {last['during']['5xx']}, "
                f"connection errors {last['during']['connection_errors']}, max {last['during']['max_ms']} ms); "
                f"after {last['after']['statuses']}; "
                f"recovered {last['recovered_seconds_after_repair']} s after repair; "
                f"{'KEPT' if last['kept'] else 'BROKEN'}"
            )
    finally:
        server.stop()
        redis_ok, pg_ok = ensure_redis(), ensure_postgres()
        log(f"Redis {'up' if redis_ok else 'DOWN'}, PostgreSQL {'up' if pg_ok else 'DOWN'}")
    site.save(
        "drill-faults",
        {
            "drill": "faults under load",
            "when": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
            "machine": site.describe_machine(),
            "readers": READERS,
            "seconds_per_fault": SECONDS,
            "faults": results,
        },
    )
    return 0 if all(result["kept"] for result in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
