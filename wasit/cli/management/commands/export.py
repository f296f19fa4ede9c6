from __future__ import annotations

import os
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasit.audit.export import write_export


class Command(BaseCommand):
    help = (
        "Write the whole event log and the rows it describes as JSON Lines (to FILE, or '-' for "
        "standard output). The file contains every party's secrets: keep it like the database."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="where to write the export, or - for standard output")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        if file == "-":
            write_export(sys.stdout)
            return
        path = Path(file)
        if path.exists():
            raise CommandError(f"{path} exists; choose a new file name")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from None
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            header = write_export(out)
        self.stderr.write(f"exported {header['events']} event(s), head {header['head']}")
