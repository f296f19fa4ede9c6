from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasit.audit.verify import verify_database


class Command(BaseCommand):
    help = "Walk the event log's hash chain from the first event and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = verify_database()
        if not verdict.ok:
            raise CommandError(f"chain broken after {verdict.checked} good event(s): {verdict.problem}")
        self.stdout.write(f"ok: {verdict.checked} event(s), head {verdict.head}")
