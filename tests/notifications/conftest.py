from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from tests.notifications.smtp import SmtpServer


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on a free port of 127.0.0.1, and Django's SMTP backend pointed at it."""
    server = SmtpServer()
    server.start()
    try:
        with override_settings(**server.settings()):
            yield server
    finally:
        server.stop()
