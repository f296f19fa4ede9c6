from __future__ import annotations

import signal
import threading
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasit.cli.checks import require_migrated
from wasit.notifications.delivery import describe_sink
from wasit.notifications.worker import MailWorker


class Command(BaseCommand):
    help = (
        "Send queued mail (and run other background tasks) until stopped with Ctrl+C or SIGTERM; "
        "--once sends what is due and exits. Failed sends are retried with backoff."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="send what is due now, then exit")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds between looks at the queue when it is empty (default 1)")

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        if not 0.05 <= interval <= 3600:
            raise CommandError(f"--interval must be between 0.05 and 3600 seconds, not {interval}")
        require_migrated()
        worker = MailWorker(interval=interval)
        if once:
            worker.run_once()
            return
        if threading.current_thread() is threading.main_thread():
            def stop(signum: int, frame: FrameType | None) -> None:
                self.stdout.write("Stopping after the mail at hand...")
                worker.stop()

            signal.signal(signal.SIGINT, stop)
            signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Sending mail to {describe_sink()}. Press Ctrl+C to stop.")
        self.stdout.flush()
        worker.run_forever()
