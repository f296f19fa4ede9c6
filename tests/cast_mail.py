"""What the notifications adds to the test cast (`tests/personas.py`).

`build(cast)` runs once per test run, after the Muscat cast is built, and
returns name -> (object in the Muscat talks, its counterpart in the other
talks); URL templates in the access matrix use them as {name}. Build by
calling actions, never by writing models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.personas import Cast


def build(cast: Cast) -> dict[str, tuple[Any, Any]]:
    return {}
