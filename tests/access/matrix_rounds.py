"""The access matrix of the rounds: entry points, cells and request bodies.

Merged into `matrix.py`'s tables; see `matrix_agenda.py` for the pattern.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.personas import Cast

ENTRY_POINTS: dict[str, tuple[str, str, str]] = {}

BY_KIND: dict[str, dict[str, object]] = {}

# Bodies of the entry points that change something (the matrix posts them).
BODIES: dict[str, Callable[[Cast], dict[str, object]]] = {}

# Routes that show nothing of any talks and need no row.
PUBLIC_URL_NAMES: set[str] = set()
