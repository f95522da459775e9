"""Mail: Django's SMTP backend, configured from the environment (EMAIL_* variables).

Django 6.1 configures mail through MAILERS; the variables keep their familiar names.
Local mode (`make serve`) prints mail to the console unless EMAIL_HOST is set, so the demo
never needs a mail server; everywhere else mail goes out through SMTP.
"""

import os

from newsroom.env import env_bool, env_int
from newsroom.settings.base import LOCAL_MODE, SITE_NAME

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
_console_by_default = LOCAL_MODE and not os.environ.get("EMAIL_HOST")
_backend = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if _console_by_default else SMTP_BACKEND
)
_smtp_options = {
    "host": os.environ.get("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 25),
    "username": os.environ.get("EMAIL_HOST_USER", ""),
    "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS", False),
    "use_ssl": env_bool("EMAIL_USE_SSL", False),
    # A mail server that does not answer must not hold a request or a command for long.
    "timeout": env_int("EMAIL_TIMEOUT", 10),
}
MAILERS = {"default": {"BACKEND": _backend, "OPTIONS": _smtp_options if _backend == SMTP_BACKEND else {}}}
# Staff notifications (notifications app) may go through a relay of their own; without one, the default.
if os.environ.get("NOTIFICATIONS_EMAIL_HOST"):
    MAILERS["notifications"] = {
        "BACKEND": SMTP_BACKEND,
        "OPTIONS": {
            "host": os.environ["NOTIFICATIONS_EMAIL_HOST"],
            "port": env_int("NOTIFICATIONS_EMAIL_PORT", 25),
            "timeout": _smtp_options["timeout"],
        },
    }

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <newsroom@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The desk's shared address: readers' error reports and other mail for the editors on duty.
EDITORS_EMAIL = os.environ.get("EDITORS_EMAIL", "editors@localhost")

# The newsletter: how long a confirmation link works, the pause before another confirmation
# mail to the same address, and how many issue copies go out per SMTP connection.
NEWSLETTER_CONFIRM_MAX_AGE = env_int("NEWSLETTER_CONFIRM_MAX_AGE", 3 * 24 * 3600)
NEWSLETTER_CONFIRM_RESEND_SECONDS = env_int("NEWSLETTER_CONFIRM_RESEND_SECONDS", 600)
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 100)
