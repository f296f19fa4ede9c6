"""The single writer: group commit for the fast path.

Writes from the fast API path are queued to one thread with one persistent
database connection. It takes every write waiting, runs each in its own
savepoint inside one transaction, commits once, and only then acknowledges
each. One COMMIT (one fsync) serves the whole batch, appends to the
hash chain are ordered by construction, and no request thread ever races for
SQLite's write lock. A failed write rolls back to its savepoint and is
reported to its caller alone.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from django.db import connection, transaction

from wasit.audit import log as audit_log

T = TypeVar("T")
log = logging.getLogger(__name__)

MAX_BATCH = 256

_Job = tuple[Callable[[], Any], Future[Any]]


class Writer:
    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def submit(self, fn: Callable[[], T]) -> Future[T]:
        self._ensure_started()
        future: Future[T] = Future()
        self._queue.put((fn, future))
        return future

    async def run(self, fn: Callable[[], T]) -> T:
        return await asyncio.wrap_future(self.submit(fn))

    def _ensure_started(self) -> None:
        if self._thread is not None:
            return
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="wasit-writer", daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            self._commit(batch)

    def _commit(self, batch: list[_Job]) -> None:
        outcomes: list[tuple[Future[Any], Any, BaseException | None]] = []
        committed = False

        def mark_committed() -> None:
            nonlocal committed
            committed = True

        try:
            with transaction.atomic():
                # Registered first, so it runs first after COMMIT: from then on
                # every write of the batch is saved, whatever publication does.
                transaction.on_commit(mark_committed)
                audit_log.begin_batch()
                try:
                    for fn, future in batch:
                        if not future.set_running_or_notify_cancel():
                            continue
                        # No savepoint here: every job writes through one action,
                        # and the action's own atomic block is the savepoint that
                        # undoes a failed job alone.
                        try:
                            outcomes.append((future, fn(), None))
                        except Exception as exc:  # noqa: BLE001 (reported to that caller alone)
                            audit_log.job_failed()
                            outcomes.append((future, None, exc))
                    audit_log.finish_batch()
                finally:
                    audit_log.end_batch()
        except Exception as exc:
            if committed:
                # Publication after COMMIT failed (a subscriber, an on_commit
                # callback): the writes are saved, so each caller gets its
                # result. Streams catch up through the hub's gap fill on the
                # next event.
                log.exception("publishing a committed batch of %d writes failed", len(batch))
                self._answer(outcomes)
                return
            # The COMMIT itself failed: nobody's write is acknowledged.
            log.warning("group commit of %d writes failed: %s", len(batch), exc)
            for _fn, future in batch:
                if not future.done():
                    future.set_exception(exc)
            # A broken connection (database restarted) is replaced on the next batch.
            connection.close()
            return
        self._answer(outcomes)

    @staticmethod
    def _answer(outcomes: list[tuple[Future[Any], Any, BaseException | None]]) -> None:
        for future, result, error in outcomes:
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(result)


writer = Writer()
