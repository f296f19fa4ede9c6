from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from django.test import Client

from tests.personas import Cast, build_cast


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


@pytest.fixture
def client_for(cast: Cast) -> Callable[[str | None], Client]:
    """A logged-in HTTP client for a persona; None gives an anonymous client."""

    def make(persona: str | None) -> Client:
        client = Client(enforce_csrf_checks=False)
        if persona is not None:
            client.force_login(cast.user(persona), backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


def pytest_report_header(config: pytest.Config) -> list[str]:
    url = os.environ.get("DATABASE_URL", "")
    db = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    return [f"wasit database: {db}", f"CI: {os.environ.get('CI', 'false')}"]


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Room ids are reused after a test's rollback; cached audiences must not outlive it."""
    from wasit.caucus.queries import forget_rooms
    from wasit.live.auth import viewer_cache
    from wasit.policy.audience import room_audience

    room_audience.cache_clear()
    viewer_cache.clear()
    forget_rooms()
    yield
    room_audience.cache_clear()
    viewer_cache.clear()
    forget_rooms()
