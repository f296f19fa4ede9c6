"""What the rounds add to the test cast (`tests/personas.py`); see `cast_agenda.py` for the pattern."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.personas import Cast


def build(cast: Cast) -> dict[str, tuple[Any, Any]]:
    return {}
