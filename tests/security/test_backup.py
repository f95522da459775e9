"""Backups restore: the demo content survives a dump and a restore into a fresh database, byte for byte.

The procedure is the one in docs/operations.md and scripts/backup.sh / restore.sh:
Django fixtures with natural keys (portable between SQLite and PostgreSQL), a tarball of
the media folder, and on PostgreSQL pg_dump / pg_restore as well.
"""

import gzip
import hashlib
import importlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from tests.support.factories import make_article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROOT = Path(settings.BASE_DIR)
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


@pytest.fixture
def demo(settings, tmp_path):
    """The demo site (seed_demo) on a database as migrate leaves it, its media in tmp_path."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEMO_LOGINS_FILE = tmp_path / "demo_logins.txt"
    # Rows that migrations write (the claims check's default terms) are gone if an earlier
    # transactional test flushed the test database; a real site has them, and so does a restore.
    importlib.import_module("evidence.migrations.0003_claims_terms").load_default_terms(django_apps, None)
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert Article.objects.count() >= 10
    return tmp_path


def dump(path, **kwargs):
    call_command(
        "dumpdata", natural_foreign=True, natural_primary=True, exclude=EXCLUDE, output=str(path), verbosity=0, **kwargs
    )


def canonical(path):
    """The fixtures as a sorted list of JSON rows, so that only content can differ.

    Django's fixtures keep times to the millisecond; a time whose microseconds are under
    1000 is written "…:00.000Z" and, loaded back, "…:00Z". Both are the same instant.
    """
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        text = re.sub(r'(T\d\d:\d\d:\d\d)\.000(Z|[+-]\d\d:\d\d)"', r'\1\2"', handle.read())
    return sorted(json.dumps(row, sort_keys=True) for row in json.loads(text))


def manage(database_url, *args, media_root=None):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings_test",
        "DATABASE_URL": database_url,
    }
    if media_root:
        env["MEDIA_ROOT"] = str(media_root)
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )


def media_digest(root):
    root = Path(root)
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_the_demo_site_round_trips_through_a_backup_into_a_fresh_database(demo, tmp_path):
    """Database as portable fixtures into a new SQLite file, media as a tarball: both come back identical."""
    original = demo / "data.json.gz"
    dump(original)
    fresh = f"sqlite:///{demo / 'restored.sqlite3'}"
    manage(fresh, "migrate", "--noinput", "-v0")
    manage(fresh, "loaddata", str(original), "-v0")
    again = demo / "again.json.gz"
    manage(
        fresh,
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        *[f"--exclude={e}" for e in EXCLUDE],
        "-o",
        str(again),
    )

    before, after = canonical(original), canonical(again)
    assert len(before) > 100
    assert sorted(set(before) - set(after)) == [] and sorted(set(after) - set(before)) == []
    assert before == after
    labels = {json.loads(row)["model"] for row in before}
    assert {"articles.article", "articles.author", "articles.tag", "articles.disclaimer", "auth.user"} <= labels

    media = Path(settings.MEDIA_ROOT)
    digest = media_digest(media)
    assert digest, "seed_demo stored hero images"
    archive = tmp_path / "media.tar.gz"
    subprocess.run(["tar", "-C", str(media), "-czf", str(archive), "."], check=True)  # noqa: S603,S607
    restored = tmp_path / "restored-media"
    restored.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(restored, filter="data")
    assert media_digest(restored) == digest
    # Every image an article points at is in the restored folder.
    for name in Article.objects.exclude(hero_image="").values_list("hero_image", flat=True):
        assert (restored / name).is_file()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump/pg_restore: run on PostgreSQL")
def test_pg_dump_and_pg_restore_with_the_scripts(demo, tmp_path):
    source = settings.DATABASES["default"]
    base = f"postgres://{source['USER']}@{source['HOST']}:{source['PORT']}"
    source_url = f"{base}/{source['NAME']}"
    target_name = f"nr_security_restore_{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "PYTHON": sys.executable, "DJANGO_SETTINGS_MODULE": "newsroom.settings_test"}
    backup = tmp_path / "backup"
    subprocess.run(  # noqa: S603
        [str(ROOT / "scripts" / "backup.sh"), str(backup)],
        cwd=ROOT,
        env={**env, "DATABASE_URL": source_url, "MEDIA_ROOT": str(settings.MEDIA_ROOT)},
        check=True,
        capture_output=True,
    )
    assert {"db.dump", "data.json.gz", "media.tar.gz", "SHA256SUMS"} <= {p.name for p in backup.iterdir()}
    subprocess.run(["psql", f"{base}/postgres", "-qc", f'CREATE DATABASE "{target_name}"'], check=True)  # noqa: S603,S607
    try:
        restored_media = tmp_path / "restored-media"
        subprocess.run(  # noqa: S603
            [str(ROOT / "scripts" / "restore.sh"), str(backup)],
            cwd=ROOT,
            env={**env, "DATABASE_URL": f"{base}/{target_name}", "MEDIA_ROOT": str(restored_media)},
            check=True,
            capture_output=True,
        )
        again = tmp_path / "again.json.gz"
        manage(
            f"{base}/{target_name}",
            "dumpdata",
            "--natural-foreign",
            "--natural-primary",
            *[f"--exclude={e}" for e in EXCLUDE],
            "-o",
            str(again),
        )
        assert canonical(backup / "data.json.gz") == canonical(again)
        assert media_digest(restored_media) == media_digest(settings.MEDIA_ROOT)
    finally:
        drop = f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)'
        subprocess.run(["psql", f"{base}/postgres", "-qc", drop], check=False)  # noqa: S603,S607


def test_a_tampered_backup_is_refused_before_anything_is_restored(tmp_path):
    make_article("A story worth keeping")
    backup = tmp_path / "backup"
    backup.mkdir()
    dump(backup / "data.json.gz")
    subprocess.run(["tar", "-czf", str(backup / "media.tar.gz"), "--files-from", "/dev/null"], check=True)  # noqa: S603,S607
    subprocess.run("sha256sum -- * > SHA256SUMS", shell=True, cwd=backup, check=True)  # noqa: S602,S607
    with gzip.open(backup / "data.json.gz", "ab") as handle:
        handle.write(b" ")
    target = tmp_path / "target.sqlite3"
    result = subprocess.run(  # noqa: S603
        [str(ROOT / "scripts" / "restore.sh"), "--json", str(backup)],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHON": sys.executable,
            "DATABASE_URL": f"sqlite:///{target}",
            "MEDIA_ROOT": str(tmp_path / "m"),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert not target.exists()
