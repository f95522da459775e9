"""Gunicorn's logger with the tokens of share-preview and newsletter links masked (gunicorn.conf.py
names it as `logger_class`).

Kept apart from newsroom.logging so the application never imports gunicorn. Every access-log
atom (path, request line, headers, environ) goes through newsroom.logging.redact(), and the
error and access handlers gunicorn sets up itself get the same filter as the app's own logs.
"""

from gunicorn.glogging import Logger

from .logging import RedactSecretsFilter, redact


class RedactingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(f, RedactSecretsFilter) for f in handler.filters):
                    handler.addFilter(RedactSecretsFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: redact(value) if isinstance(value, str) else value for name, value in atoms.items()}
