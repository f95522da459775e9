"""Lighthouse (mobile) scores of the demo site's home, an article, a section, a tag and search results.

    make lighthouse                 # prints the scores
    make lighthouse ARGS=--readme   # and writes them into README.md (between the lighthouse markers)

The site is served as in production (newsroom.settings: DEBUG off, CSP on, manifest static
files, the page cache) in local mode by gunicorn on 127.0.0.1:8117, from a temporary folder
holding its SQLite database (migrated, seed_demo), static files and cache. Lighthouse comes
from npm (`make lighthouse` installs it into var/npm/) and drives Debian's Chromium
(CHROME_PATH, /usr/bin/chromium): nothing is downloaded at run time. Each page is measured
RUNS times and its median score kept, since a busy machine moves the performance score.
gunicorn alone does not compress HTML (nginx does, tests/deploy/test_nginx_gzip.py), so the
scores are those of the app without its proxy.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "var" / "npm" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
HOST, PORT = "127.0.0.1", int(os.environ.get("LIGHTHOUSE_PORT", "8117"))
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
RUNS = 3
# A run on a busy machine now and then loses its trace (NO_NAVSTART): it is tried again.
ATTEMPTS = 3
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"


def server_env(folder):
    drop = {"DATABASE_URL", "CACHE_URL", "REDIS_URL", "DJANGO_DEBUG", "SECURE_SSL_REDIRECT", "BEHIND_PROXY"}
    env = {name: value for name, value in os.environ.items() if name not in drop}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        NEWSROOM_LOCAL="1",
        NEWSROOM_ENV_FILE="",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        CACHE_DIR=str(folder / "cache"),
        SITE_URL=f"http://{HOST}:{PORT}",
        DJANGO_ALLOWED_HOSTS=HOST,
        GUNICORN_BIND="",
        LOG_FORMAT="text",
    )
    return env


def prepare(env, log_path):
    with log_path.open("a") as log:
        for command in (["migrate", "--noinput"], ["seed_demo"], ["collectstatic", "--noinput"]):
            done = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603
            if done.returncode:
                tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-20:])
                sys.exit(f"manage.py {command[0]} failed:\n{tail}")


def wait_until_up(url, server):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):  # noqa: S310 - our own loopback server
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"no answer from {url}/healthz")


def linked(url, page, prefix):
    """The first link to `prefix…` on the page at `url` + `page`, as a full URL."""
    with urllib.request.urlopen(url + page, timeout=10) as response:  # noqa: S310 - our own loopback server
        found = re.search(rf'href="({prefix}[^"]+)"', response.read().decode())
    if not found:
        sys.exit(f"{page} links to no {prefix}")
    return url + found[1]


def pages_to_measure(url):
    """{name: url}: home, the first article and section it links to, the article's first tag, search results."""
    article = linked(url, "/", "/article/")
    return {
        "home": f"{url}/",
        "article": article,
        "section": linked(url, "/", "/section/"),
        "tag": linked(url, article.removeprefix(url), "/tag/"),
        "search": f"{url}/search/?q=heart",
    }


def measure(page_url, folder):
    """{category: score 0-100} for one run of Lighthouse on `page_url` (mobile, its default)."""
    out = folder / "report.json"
    for attempt in range(1, ATTEMPTS + 1):
        done = subprocess.run(  # noqa: S603 - the npm-installed lighthouse, fixed arguments
            [str(LIGHTHOUSE), page_url, f"--only-categories={','.join(CATEGORIES)}", "--output=json",
             f"--output-path={out}", "--quiet", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300, check=attempt == ATTEMPTS,
        )  # fmt: skip
        if done.returncode == 0:
            break
    report = json.loads(out.read_text())
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    return scores, report["lighthouseVersion"]


def table(results, version):
    lines = [
        f"Lighthouse {version}, mobile (its default emulation and throttling), median of {RUNS} runs, "
        f"measured {datetime.now(UTC):%Y-%m-%d} with `make lighthouse` (gunicorn alone, no nginx):",
        "",
        "| Page | Performance | Accessibility | Best practices | SEO |",
        "|---|---|---|---|---|",
    ]
    for name, scores in results.items():
        lines.append(f"| {name} | " + " | ".join(str(scores[category]) for category in CATEGORIES) + " |")
    return "\n".join(lines)


def write_readme(text):
    readme = ROOT / "README.md"
    content = readme.read_text()
    if START not in content or END not in content:
        sys.exit(f"README.md has no {START} … {END} markers")
    before, rest = content.split(START, 1)
    _, after = rest.split(END, 1)
    readme.write_text(f"{before}{START}\n{text}\n{END}{after}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", action="store_true", help="write the scores into README.md")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} not found: run `make lighthouse` (it installs Lighthouse from npm)")
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} not found: apt-get install chromium")
    folder = Path(tempfile.mkdtemp(prefix="newsroom-lighthouse-"))
    env = server_env(folder)
    url = f"http://{HOST}:{PORT}"
    prepare(env, folder / "server.log")
    with (folder / "server.log").open("a") as log:
        server = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, fixed arguments
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"{HOST}:{PORT}",
             "newsroom.wsgi:application"],
            cwd=ROOT, env=env, stdout=log, stderr=log,
        )  # fmt: skip
    try:
        wait_until_up(url, server)
        results, version = {}, "?"
        for name, page_url in pages_to_measure(url).items():
            runs = []
            for _ in range(RUNS):
                scores, version = measure(page_url, folder)
                runs.append(scores)
            results[name] = {category: statistics.median(run[category] for run in runs) for category in CATEGORIES}
            print(name, page_url, results[name], flush=True)
    finally:
        server.terminate()
        server.wait(timeout=20)
    text = table(results, version)
    print(text)
    if args.readme:
        write_readme(text)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
