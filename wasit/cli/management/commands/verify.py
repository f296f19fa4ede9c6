from __future__ import annotations

import re
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasit.audit.export import ExportError, read_events
from wasit.audit.verify import verify_database, verify_rows


class Command(BaseCommand):
    help = (
        "Walk the event log's hash chain from the first event and report the first broken link: "
        "in the live database, or offline in an export (--export FILE). --head DIGEST also "
        "detects removal of the newest events."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--export", type=Path, help="verify this export file instead of the database")
        parser.add_argument("--head", help="a head digest kept outside the database (64 hex digits)")

    def handle(self, *args: Any, export: Path | None, head: str | None, **options: Any) -> None:
        if head is not None and not re.fullmatch(r"[0-9a-f]{64}", head):
            raise CommandError("--head must be 64 lowercase hexadecimal digits")
        if export is not None:
            if not export.is_file():
                raise CommandError(f"no such file: {export}")
            try:
                verdict = verify_rows(read_events(export), head=head)
            except ExportError as exc:
                raise CommandError(str(exc)) from None
        else:
            verdict = verify_database(head=head)
        if not verdict.ok:
            raise CommandError(f"chain broken after {verdict.checked} good event(s): {verdict.problem}")
        self.stdout.write(f"ok: {verdict.checked} event(s), head {verdict.head}")
