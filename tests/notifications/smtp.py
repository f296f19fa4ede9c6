"""A real SMTP server on 127.0.0.1 (aiosmtpd), for the delivery tests.

It accepts what it is told to, refuses what it is told to, and keeps every
message it accepted, parsed, for the test to read back.
"""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """The handler: `refuse_data` replies to the next DATA commands, in turn; `unknown` addresses get 550."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse_data: list[str] = []
        self.unknown: set[str] = set()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address in self.unknown:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            if self.refuse_data:
                return self.refuse_data.pop(0)
            message = message_from_bytes(envelope.content, policy=email_policy.default)
            assert isinstance(message, EmailMessage)
            self.messages.append(message)
        return "250 2.0.0 Accepted"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [str(m["Message-ID"]) for m in self.messages]


class SmtpServer:
    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        if self.controller._thread is not None:  # stopped once already by the test
            self.controller.stop()

    def restart(self) -> None:
        """Up again on the same port (a stopped controller cannot be started twice)."""
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def settings(self) -> dict[str, Any]:
        """Django's SMTP backend pointed at this server."""
        return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": self.port, "EMAIL_USE_TLS": False,
                "EMAIL_USE_SSL": False, "EMAIL_HOST_USER": "", "EMAIL_HOST_PASSWORD": "",
                "EMAIL_TIMEOUT": 10}
