"""A real SMTP server on loopback (aiosmtpd), and one that accepts connections but never
answers (a mail server that hangs)."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller


class Sink:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_sink():
    """A running SMTP server; `.port`, `.messages` (email.message.Message)."""
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def silent_smtp():
    """A port that accepts TCP connections and never says a word (the greeting never comes)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield server.getsockname()[1]
    server.close()


@pytest.fixture
def mail_to(app):
    """mail_to(port): point the app's mail at 127.0.0.1:port, plain SMTP."""

    def configure(port: int, timeout: float = 1.0):
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False,
                          MAIL_USE_SSL=False, MAIL_USERNAME=None, MAIL_TIMEOUT=timeout)

    return configure
