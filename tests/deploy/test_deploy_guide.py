"""docs/deploy.md and docs/operations.md: commands an operator can type as written."""

import re

from tests.deploy.conftest import ROOT

GUIDE = (ROOT / "docs" / "deploy.md").read_text()
OPERATIONS = (ROOT / "docs" / "operations.md").read_text()
ONE_MACHINE = GUIDE[GUIDE.index("## One machine") : GUIDE.index("### Probes and logs")]


def shell_blocks(text):
    return re.findall(r"```sh\n(.*?)```", text, re.S)


def commands(text):
    return "\n".join(shell_blocks(text))


def test_the_guide_names_systems_whose_python_runs_the_code():
    assert "Debian 13" in ONE_MACHINE and "Ubuntu 24.04" in ONE_MACHINE
    assert "Debian 12 / Ubuntu" not in GUIDE


def test_package_lists_are_updated_before_the_first_install():
    typed = commands(ONE_MACHINE)
    assert typed.index("apt-get update") < typed.index("apt-get install")


def test_no_command_needs_sudo():
    for text in (GUIDE, OPERATIONS):
        assert not re.search(r"\bsudo\b", commands(text))


def test_management_commands_run_as_the_site_user():
    for text in (GUIDE, OPERATIONS):
        for line in commands(text).splitlines():
            assert "manage.py" not in line, line


def test_the_certificate_comes_between_port_80_and_port_443_and_renewals_reload_nginx():
    typed = commands(ONE_MACHINE)
    http, certbot, https = (typed.index(s) for s in ("newsroom-http", "certbot certonly", "newsroom-https"))
    assert http < certbot < https
    assert '--deploy-hook "systemctl reload nginx"' in typed
    assert typed.index("mkdir -p /srv/newsroom/media /etc/newsroom /var/www/letsencrypt") < certbot


def test_every_step_the_guide_refers_to_exists():
    steps = set(re.findall(r"^### (\d+)\. ", ONE_MACHINE, re.M))
    for text in (GUIDE, OPERATIONS):
        for first, last in re.findall(r"steps? (\d+)(?: to (\d+))?", text):
            assert {first, last or first} <= steps, (first, last)


def test_every_file_of_the_repository_the_docs_name_exists():
    for text in (GUIDE, OPERATIONS):
        for path in set(re.findall(r"(?<![\w/])((?:deploy|scripts)/[\w./-]+\w)", text)):
            assert (ROOT / path).exists(), path


def test_an_environment_change_is_applied_by_a_restart():
    assert "`systemctl restart newsroom`" in ONE_MACHINE


def test_backups_are_taken_by_the_timer_not_a_cron_line_as_root():
    typed = commands(ONE_MACHINE)
    assert "systemctl enable --now newsroom-backup.timer" in typed
    assert "deploy/backup-age.sh" in typed
    cron_lines = re.findall(r"```cron\n(.*?)```", OPERATIONS, re.S)
    assert not [line for line in cron_lines if "backup" in line]


def test_restores_write_into_scratch_folders_and_new_databases_owned_by_the_app():
    typed = commands(OPERATIONS)
    assert "createdb -O newsroom newsroom_restored" in typed
    for line in typed.splitlines():
        if "scripts/restore.sh" in line:
            assert "--media-to" in line, line
