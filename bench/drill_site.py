"""The drills' site: configuration, a fresh database with the demo content and editors, the
server, the pages readers fetch, the articles editors work on, and the check that no
accepted edit was lost.

A drill runs the real stack on loopback only: gunicorn with the production config and
production settings (DEBUG off, Redis cache, PostgreSQL database `nr_drill` unless
DRILL_DATABASE_URL says otherwise) on port 8107 (DRILL_PORT), Redis database 7
(DRILL_REDIS_URL). Readers are bench.drill_readers, editors bench.drill_editors.
"""

import json
import os
import re
import secrets
import subprocess
import time
import urllib.parse
from collections import Counter

from bench.common import (
    ROOT,
    Server,
    load_average,
    log,
    machine,
    manage,
    python,
    recreate_postgres,
    run,
    save_results,
)
from bench.common import django_env as production_env

WORK = ROOT / "var" / "drill"
RESULTS = ROOT / "bench" / "results"
PORT = int(os.environ.get("DRILL_PORT", "8107"))
DB_URL = os.environ.get("DRILL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nr_drill")
REDIS_URL = os.environ.get("DRILL_REDIS_URL", "redis://127.0.0.1:6379/7")
PASSWORD = "drill-" + secrets.token_urlsafe(18)
EDITORS = [f"drill-editor-{number}" for number in range(1, 5)]


def django_env():
    """Production settings against the drill database and cache; DRILL_SECRET_KEY fixes the key."""
    env = production_env(db_url=DB_URL, redis_url=REDIS_URL, work=WORK, key_prefix="nr_drill")
    if os.environ.get("DRILL_SECRET_KEY"):
        env["DJANGO_SECRET_KEY"] = os.environ["DRILL_SECRET_KEY"]
    return env


def server(env):
    return Server(env, port=PORT, log_path=WORK / "gunicorn.log", ready_path="/healthz")


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
        recreate_postgres(DB_URL)
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
    out = run([python(), "-c", script], env=env, capture=True)
    return json.loads(out.split("@@RESULT@@", 1)[1])


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


def editor_articles(env):
    """Two published demo articles per editor: one to edit and correct, one to cycle through the workflow."""
    ids = query_django(
        env,
        "from articles.models import Article\n"
        "result = list(Article.objects.published().order_by('-published_at').values_list('pk', flat=True)[:8])\n",
    )
    return [(ids[2 * i], ids[2 * i + 1]) for i in range(len(EDITORS))]


def verify_edits(env, log_):
    """No lost edit: each accepted save is in a revision, the final text is the last accepted save, corrections kept."""
    last = {}
    for article_id, marker, _finished in sorted(log_.accepted, key=lambda item: item[2]):
        last[article_id] = marker
    code = (
        "from articles.models import Article\n"
        "from editorial.models import Correction, Revision\n"
        f"ids = {sorted({a for a, _, _ in log_.accepted} | {a for a, _, _ in log_.transitions})!r}\n"
        "result = {}\n"
        "for article in Article.objects.filter(pk__in=ids):\n"
        "    revisions = [str(r.snapshot) for r in Revision.objects.filter(article=article)]\n"
        "    notes = list(Correction.objects.filter(article=article).values_list('note', flat=True))\n"
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
        "refused_reasons": _counts(reason for *_, reason in log_.refused),
        "transitions_posted": len(log_.transitions),
        "transition_statuses": _counts(str(status) for *_, status in log_.transitions),
        "transitions_recorded": sum(item["transitions"] for item in state.values()),
        "corrections_accepted": len(log_.corrections),
        "accepted_saves_missing_a_revision": missing_revisions,
        "articles_whose_final_text_is_not_the_last_accepted_save": wrong_final,
        "accepted_corrections_missing": missing_corrections,
        "lost_edits": len(missing_revisions) + len(wrong_final) + len(missing_corrections),
    }


def save(name, data):
    """bench/results/<name>-<date>-<time>.json."""
    return save_results(RESULTS, f"{name}-{time.strftime('%Y%m%d-%H%M%S')}", data)


def describe_machine():
    """The machine, the drill's database (without credentials) and cache, and how loaded the machine was."""
    return {
        **machine(),
        "database": re.sub(r"//[^@]*@", "//", DB_URL),
        "cache": REDIS_URL,
        "port": PORT,
        "load_average_at_end": load_average(),
    }


def _counts(items):
    return dict(Counter(items))
