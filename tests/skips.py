"""Skips are reported and, under CI=true, refused: CI must run everything."""

from __future__ import annotations

import os

import pytest


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true, so this may not be skipped: {reason}")
    pytest.skip(reason)
