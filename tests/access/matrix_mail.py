"""The access matrix of notifications: entry points, cells and request bodies.

Merged into `matrix.py`'s tables; see there for the objects in URLs and
the cell values.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.access.cells import API, row  # noqa: F401 (for the rows to come)
from tests.personas import Cast

ENTRY_POINTS: dict[str, tuple[str, str, str]] = {}

BY_KIND: dict[str, dict[str, object]] = {}

# Bodies of the entry points that change something (the matrix posts them).
BODIES: dict[str, Callable[[Cast], dict[str, object]]] = {}

# Routes that show nothing of any talks and need no row.
PUBLIC_URL_NAMES: set[str] = set()
