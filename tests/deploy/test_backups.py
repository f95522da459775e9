"""Backups as the timer takes them (deploy/backup-nightly.sh, scripts/backup.sh), their age
for monitoring (deploy/backup-age.sh), and restores as the guide shows them (scripts/restore.sh).

The PostgreSQL round trip runs as docs/operations.md says: an application role whose password
needs percent-encoding, a backup, a new database created with that role as owner, a restore
as that role into it and into a scratch media folder.
"""

import os
import subprocess
import sys
import time
import uuid

import pytest

from tests.deploy.conftest import DEPLOY, ROOT, system_tool

PG = "postgres://postgres@127.0.0.1:5432"
BASE_ENV = {
    **os.environ,
    "PYTHON": sys.executable,
    "DJANGO_SETTINGS_MODULE": "newsroom.settings_test",
    "NEWSROOM_ENV_FILE": "",
}


def run(*command, env=None, check=True):
    return subprocess.run(  # noqa: S603
        [str(part) for part in command], cwd=ROOT, env={**BASE_ENV, **(env or {})}, capture_output=True,
        text=True, check=check,
    )  # fmt: skip


def sql(statement, database="postgres"):
    run(system_tool("psql"), f"{PG}/{database}", "-qtAc", statement)


def fake_backup(folder, age_seconds=0):
    folder.mkdir(parents=True)
    (folder / "SHA256SUMS").write_text("")
    then = time.time() - age_seconds
    os.utime(folder / "SHA256SUMS", (then, then))
    (folder.parent / "latest").symlink_to(folder.name)


# --- backup-age.sh ------------------------------------------------------------------------


def test_backup_age_is_ok_for_last_nights_backup(tmp_path):
    fake_backup(tmp_path / "20261203-031500", age_seconds=3 * 3600)
    result = run(DEPLOY / "backup-age.sh", tmp_path)
    assert result.stdout.startswith("OK: last backup 20261203-031500 is 3 h old")


def test_backup_age_is_critical_for_an_old_backup(tmp_path):
    fake_backup(tmp_path / "20261201-031500", age_seconds=50 * 3600)
    result = run(DEPLOY / "backup-age.sh", tmp_path, check=False)
    assert result.returncode == 2
    assert result.stdout.startswith("CRITICAL: last backup 20261201-031500 is 50 h old")


def test_backup_age_is_critical_when_there_is_no_complete_backup(tmp_path):
    (tmp_path / "20261203-031500").mkdir()  # a backup that failed half-way
    result = run(DEPLOY / "backup-age.sh", tmp_path, check=False)
    assert result.returncode == 2 and result.stdout.startswith("CRITICAL: no complete backup")


# --- backup-nightly.sh --------------------------------------------------------------------


@pytest.fixture(scope="module")
def nightly(tmp_path_factory):
    """A migrated SQLite site with one image, backed up once by the nightly script into a
    folder that already holds two backups from 20 days ago."""
    root = tmp_path_factory.mktemp("site")
    env = {"DATABASE_URL": f"sqlite:///{root / 'site.sqlite3'}", "MEDIA_ROOT": str(root / "media")}
    run(sys.executable, "manage.py", "migrate", "-v0", env=env)
    (root / "media" / "heroes").mkdir(parents=True)
    (root / "media" / "heroes" / "a.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    backups = root / "backups"
    for name in ("20261005-031500", "20261101-031500"):
        (backups / name).mkdir(parents=True)
        os.utime(backups / name, (time.time() - 20 * 86400,) * 2)
    run(DEPLOY / "backup-nightly.sh", env={**env, "STATE_DIRECTORY": str(backups)})
    return backups


@pytest.mark.slow
def test_the_nightly_backup_is_complete_private_and_linked_as_latest(nightly):
    latest = nightly / "latest"
    assert {p.name for p in latest.iterdir()} == {"db.sqlite3", "data.json.gz", "media.tar.gz", "SHA256SUMS"}
    assert oct(latest.resolve().stat().st_mode & 0o777) == "0o700"
    assert run(DEPLOY / "backup-age.sh", nightly).stdout.startswith("OK:")


@pytest.mark.slow
def test_the_nightly_backup_prunes_old_dailies_and_keeps_the_first_of_the_month(nightly):
    assert not (nightly / "20261005-031500").exists()
    assert (nightly / "20261101-031500").exists()


# --- restore.sh ---------------------------------------------------------------------------


@pytest.mark.slow
def test_a_restore_never_unpacks_into_a_media_folder_that_has_files_unless_forced(tmp_path, nightly):
    live = tmp_path / "media"
    (live / "heroes").mkdir(parents=True)
    (live / "heroes" / "a.jpg").write_bytes(b"today's upload")
    target = tmp_path / "restored.sqlite3"
    restore_env = {"DATABASE_URL": f"sqlite:///{target}", "MEDIA_ROOT": str(live)}
    backup = nightly / "latest"

    refused = run(ROOT / "scripts" / "restore.sh", backup, env=restore_env, check=False)
    assert refused.returncode == 3 and "--media-to" in refused.stderr
    assert not target.exists()
    assert (live / "heroes" / "a.jpg").read_bytes() == b"today's upload"

    scratch = tmp_path / "scratch-media"
    run(ROOT / "scripts" / "restore.sh", "--media-to", scratch, backup, env=restore_env)
    assert (scratch / "heroes" / "a.jpg").read_bytes() == b"\xff\xd8 not really a jpeg"
    assert (live / "heroes" / "a.jpg").read_bytes() == b"today's upload"

    run(ROOT / "scripts" / "restore.sh", "--force", backup, env=restore_env)
    assert (live / "heroes" / "a.jpg").read_bytes() == b"\xff\xd8 not really a jpeg"


def test_the_database_url_becomes_libpq_variables_with_the_password_decoded():
    url = "postgres://nr_app:p%40ss%23w%2Frd@127.0.0.1:5432/nr_db"
    output = run(sys.executable, "scripts/pg_env.py", env={"DATABASE_URL": url}).stdout
    assert dict(item.split("=", 1) for item in output.split("\0") if item) == {
        "PGHOST": "127.0.0.1",
        "PGPORT": "5432",
        "PGUSER": "nr_app",
        "PGPASSWORD": "p@ss#w/rd",
        "PGDATABASE": "nr_db",
    }


@pytest.fixture
def postgres():
    if run(system_tool("pg_isready"), "-q", "-h", "127.0.0.1", "-p", "5432", check=False).returncode:
        if os.environ.get("NEWSROOM_REQUIRE_DEPLOY_TOOLS"):
            pytest.fail("PostgreSQL is not reachable on 127.0.0.1:5432")
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    suffix = uuid.uuid4().hex[:8]
    names = {"role": f"nr_ops_app_{suffix}", "source": f"nr_ops_src_{suffix}", "target": f"nr_ops_dst_{suffix}"}
    sql(f"CREATE ROLE {names['role']} LOGIN PASSWORD 'p@ss#w/rd'")
    sql(f"CREATE DATABASE {names['source']} OWNER {names['role']}")
    yield names
    for database in (names["source"], names["target"]):
        sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    sql(f"DROP ROLE IF EXISTS {names['role']}")


@pytest.mark.slow
def test_a_postgres_backup_restores_as_the_app_role_into_a_new_database_and_a_scratch_folder(tmp_path, postgres):
    role = postgres["role"]
    app_url = f"postgres://{role}:p%40ss%23w%2Frd@127.0.0.1:5432"
    source = {"DATABASE_URL": f"{app_url}/{postgres['source']}", "MEDIA_ROOT": str(tmp_path / "media")}
    run(sys.executable, "manage.py", "migrate", "-v0", env=source)
    sql("INSERT INTO articles_section (name, slug, description, position, updated_at) "
        "VALUES ('Heart health', 'heart-health', '', 0, now())", postgres["source"])  # fmt: skip
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "a.jpg").write_bytes(b"image")

    # pg_dump and pg_restore stand-ins that record their command lines, then run the real ones.
    spy = tmp_path / "bin"
    spy.mkdir()
    for tool in ("pg_dump", "pg_restore"):
        (spy / tool).write_text(f'#!/bin/sh\necho "$0 $*" >> {tmp_path}/argv\nexec {system_tool(tool)} "$@"\n')
        (spy / tool).chmod(0o755)
    path = {"PATH": f"{spy}:{os.environ['PATH']}"}

    run(DEPLOY / "backup-nightly.sh", env={**source, **path, "BACKUP_DIR": str(tmp_path / "backups")})
    sql(f"CREATE DATABASE {postgres['target']} OWNER {role}")  # createdb -O <role>, as the guide does
    scratch = tmp_path / "scratch-media"
    target = {"DATABASE_URL": f"{app_url}/{postgres['target']}", "MEDIA_ROOT": str(tmp_path / "media")}
    run(ROOT / "scripts" / "restore.sh", "--media-to", scratch, tmp_path / "backups" / "latest", env={**target, **path})

    command_lines = (tmp_path / "argv").read_text()
    assert "pg_dump" in command_lines and "pg_restore" in command_lines
    assert "p@ss" not in command_lines and "p%40ss" not in command_lines
    owners = run(
        system_tool("psql"), f"{PG}/{postgres['target']}", "-tAc",
        "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'",
    ).stdout.split()  # fmt: skip
    assert owners == [role]
    names = run(system_tool("psql"), f"{PG}/{postgres['target']}", "-tAc", "SELECT name FROM articles_section")
    assert names.stdout.split("\n")[0] == "Heart health"
    assert (scratch / "a.jpg").read_bytes() == b"image"
