"""Run actions at the same moment, each on its own database connection.

The race tests of every app share this: two (or more) calls are released
together by a barrier, in threads with their own connections, so that the
database, not the test, decides who wins.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection

from tests.skips import skip_or_fail


def race(*calls: Callable[[], object]) -> list[object]:
    """Run the calls at once in threads; each result is a value or the exception raised."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # The in-memory test database is shared-cache: a second connection gets
        # "table is locked" at once instead of waiting. The suite uses a file.
        skip_or_fail("needs a file SQLite test database or PostgreSQL")
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:  # noqa: BLE001 (the test inspects it)
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results
