from __future__ import annotations

import subprocess
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasit.cli.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Restore a backup made by `wasit backup` into an empty data folder and database, then "
            "verify the event chain against the head recorded in the backup.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("folder", type=Path, help="the backup folder")

    def handle(self, *args: Any, folder: Path, **options: Any) -> None:
        try:
            result = restore(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        except subprocess.CalledProcessError as exc:
            raise CommandError(f"pg_restore failed: {exc.stderr.decode(errors='replace').strip()}") from None
        self.stdout.write(f"restored and verified {result['events']} event(s), head {result['head']}")
