"""Prepare the browser tests' server folder in one process: migrate, demo content, static files, staff.

    python -m tests.browser.prepare_site   (environment from tests/browser/conftest.py)

One process instead of one per command: on a loaded machine each Django start costs seconds.
BROWSER_STAFF is JSON: [[username, role, password, first name, last name, author name or null], ...].
"""

import json
import os

import django


def main():
    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo")
    call_command("collectstatic", interactive=False, verbosity=0)
    for username, role, password, first, last, author in json.loads(os.environ["BROWSER_STAFF"]):
        extra = ["--author", author] if author else []
        call_command(
            "create_staff", username, "--role", role, "--password", password, "--first-name", first,
            "--last-name", last, "--email", f"{username}@example.org", *extra,
        )  # fmt: skip


if __name__ == "__main__":
    main()
