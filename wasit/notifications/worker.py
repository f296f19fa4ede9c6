"""The loop of `wasit worker`: recover abandoned mails, then run the queued tasks.

Tasks are django-tasks' database rows, run by that package's own worker
class, in short batches so that a stop request is heard between tasks; the
mails' recovery (`delivery.recover`) runs every `sweep_every` seconds.
One worker runs every queue: mail now, later work (hotline escalation) too.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from wasit.notifications import delivery, tasks

_log = logging.getLogger(__name__)


class MailWorker:
    def __init__(self, *, interval: float = 1.0, sweep_every: float = 30.0, batch: int = 20,
                 worker_id: str | None = None) -> None:
        self.interval = interval
        self.sweep_every = sweep_every
        self.batch = batch
        self.worker_id = worker_id or f"wasit-{get_random_string(12)}"
        self._stop = threading.Event()
        self._current: Worker | None = None

    def stop(self) -> None:
        """Finish the task at hand, then return from `run_forever` (from any thread or a signal)."""
        self._stop.set()
        current = self._current
        if current is not None:
            current.running = False

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def drain(self) -> None:
        """Run every task that is due now, in batches, until none is left or a stop is asked."""
        while not self._stop.is_set():
            self._current = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                                   startup_delay=False, max_tasks=self.batch,
                                   worker_id=self.worker_id, excluded_queue_names=[])
            self._current.run()
            ran = self._current._run_tasks
            self._current = None
            if ran < self.batch:
                return

    def run_once(self) -> None:
        """Recover what dead workers left, send everything due, return (`wasit worker --once`)."""
        # Every due mail gets a task now, even one whose task is still queued:
        # the claim on the mail keeps the second task from sending it again.
        delivery.recover(tasks.schedule, orphan_after=dt.timedelta(0))
        self.drain()

    def run_forever(self) -> None:
        last_sweep = 0.0
        try:
            while not self._stop.is_set():
                close_old_connections()
                if time.monotonic() - last_sweep >= self.sweep_every:
                    recovered = delivery.recover(tasks.schedule)
                    if recovered:
                        _log.warning("rescheduled %s mail(s) a worker had left unfinished", recovered)
                    last_sweep = time.monotonic()
                self.drain()
                self._stop.wait(self.interval)
        finally:
            connection.close()
