"""Fixtures of the package-engine tests (no Django needed).

The real Genius domains are *not* copied into the repo (their licence is unclear, see
``shared/genius-domains/PROVENANCE.md``): they are read from ``$WASIT_GENIUS_DOMAINS`` or
from ``../shared/genius-domains`` next to the repository. Without them the tests that need
them are skipped, except under ``CI=true`` where a missing folder is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

GENIUS_DOMAIN_NAMES = (
    "ampo_city",
    "energy",
    "england_zimbabwe",
    "inheritance",
    "itex_cypress",
    "laptop",
    "politics",
    "thompson",
    "travel",
    "zoning_plan",
)


def genius_domains_dir() -> Path:
    """Where the Genius domains are expected (env var first, then ../shared/genius-domains)."""
    configured = os.environ.get("WASIT_GENIUS_DOMAINS")
    if configured:
        return Path(configured)
    return REPO_ROOT.parent / "shared" / "genius-domains"


@pytest.fixture(scope="session")
def genius_root() -> Path:
    """The Genius domains folder; skip (or fail under CI=true) when it is missing."""
    folder = genius_domains_dir()
    if not (folder / "ampo_city").is_dir():
        message = (
            f"Genius domains not found at {folder}; set WASIT_GENIUS_DOMAINS or place them in "
            "../shared/genius-domains next to the repository."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return folder
