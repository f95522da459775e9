"""Mail settings come from the environment, and mail reaches a real SMTP server."""

import os
import subprocess
import sys

from django.core.mail import send_mail

from newsroom.settings.base import BASE_DIR


def _settings_in_a_fresh_process(**environ):
    code = (
        "import django; from django.conf import settings; django.setup();"
        "m = settings.MAILERS['default']; o = m['OPTIONS'];"
        "print(m['BACKEND'], o.get('host'), o.get('port'), o.get('use_tls'),"
        " settings.DEFAULT_FROM_EMAIL, settings.EDITORS_EMAIL, sep='|')"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_") and k != "NEWSROOM_LOCAL"}
    env.update(DJANGO_SETTINGS_MODULE="newsroom.settings", NEWSROOM_ENV_FILE="", **environ)
    env.setdefault("DJANGO_SECRET_KEY", "test-only-" + "x" * 40)
    command = [sys.executable, "-c", code]
    out = subprocess.run(command, env=env, cwd=BASE_DIR, capture_output=True, text=True, check=True)  # noqa: S603
    return out.stdout.strip().split("|")


def test_smtp_settings_come_from_the_environment():
    backend, host, port, tls, sender, desk = _settings_in_a_fresh_process(
        EMAIL_HOST="mail.example.org",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="1",
        DEFAULT_FROM_EMAIL="News <news@example.org>",
        EDITORS_EMAIL="desk@example.org",
    )
    assert backend == "django.core.mail.backends.smtp.EmailBackend"
    assert (host, port, tls) == ("mail.example.org", "587", "True")
    assert (sender, desk) == ("News <news@example.org>", "desk@example.org")


def test_local_mode_prints_mail_unless_a_server_is_named():
    assert _settings_in_a_fresh_process(NEWSROOM_LOCAL="1")[0] == "django.core.mail.backends.console.EmailBackend"
    named = _settings_in_a_fresh_process(NEWSROOM_LOCAL="1", EMAIL_HOST="127.0.0.1")
    assert named[0] == "django.core.mail.backends.smtp.EmailBackend"


def test_mail_reaches_the_local_smtp_server(smtp_server):
    send_mail("Subject line", "Plain body", "news@example.org", ["reader@example.org"])
    (message,) = smtp_server.wait_for(1)
    assert message["Subject"] == "Subject line"
    assert message.get_content().strip() == "Plain body"
    assert smtp_server.envelopes == [("news@example.org", ["reader@example.org"])]
