from __future__ import annotations

import subprocess
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasit.cli.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Take a consistent online backup of the database (SQLite backup API or pg_dump) and the "
            "data folder's keys into a new folder, with a manifest holding the chain's head.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("folder", type=Path, help="a new or empty folder for the backup")

    def handle(self, *args: Any, folder: Path, **options: Any) -> None:
        try:
            manifest = backup(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        except subprocess.CalledProcessError as exc:
            raise CommandError(f"pg_dump failed: {exc.stderr.decode(errors='replace').strip()}") from None
        self.stdout.write(f"backed up {manifest['events']} event(s), head {manifest['head']} to {folder}")
