"""Fixtures of the set-up tests: the deployed application and credentials, as the access tests have them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.access.conftest import _committed_credentials, app, credentials_for  # noqa: F401 (fixtures used here)
from tests.personas import Cast
from wasit.audit.models import Event
from wasit.policy import Viewer, viewer_for


@pytest.fixture
def viewer(cast: Cast) -> Callable[[str], Viewer]:
    return lambda persona: viewer_for(cast.user(persona))


def log_length() -> int:
    return Event.objects.count()
