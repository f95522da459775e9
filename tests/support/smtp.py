"""A real SMTP server on a free local port, for tests that send mail.

The messages travel through Django's SMTP backend and a real SMTP conversation, so what a
test reads is what a mail server would have received: headers, MIME parts, envelope.
"""

import email
import email.policy
import socket
import threading
import time

from aiosmtpd.controller import Controller


def _free_port():
    # aiosmtpd checks readiness by connecting to the port it was given, so it cannot be 0.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Collector:
    def __init__(self):
        self.messages = []
        self.envelopes = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


class LocalSMTPServer:
    """Started on 127.0.0.1 with a port the system picks; `messages` are EmailMessage objects."""

    def __init__(self):
        self._collector = _Collector()
        self._controller = Controller(self._collector, hostname="127.0.0.1", port=_free_port())

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        self._controller.stop()

    @property
    def host(self):
        return self._controller.hostname

    @property
    def port(self):
        return self._controller.port

    @property
    def messages(self):
        with self._collector._lock:
            return list(self._collector.messages)

    @property
    def envelopes(self):
        """(mail from, [recipients]) of each message, as the server saw them."""
        with self._collector._lock:
            return list(self._collector.envelopes)

    def wait_for(self, count, timeout=5):
        """The first `count` messages, waiting up to `timeout` seconds for them to arrive."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            messages = self.messages
            if len(messages) >= count:
                return messages[:count]
            time.sleep(0.02)
        raise AssertionError(f"expected {count} message(s) at the local SMTP server, got {len(self.messages)}")
