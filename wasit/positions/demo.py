"""The Muscat talks' positions and the mediators' map, for the demo (`wasit/demo/muscat.py` calls this)."""

from __future__ import annotations

from wasit.policy import Viewer
from wasit.talks.models import Talks


def load_muscat_positions(lead: Viewer, talks: Talks, heads: dict[str, Viewer]) -> None:
    """Each side's positions on the agenda issues across the rounds; the mediators' assessment."""
