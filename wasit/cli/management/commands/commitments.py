"""`wasit commitments verify FILE`: check a revealed match's commitments offline, one line per offer."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasit.engine.commitment import verify_file
from wasit.engine.errors import CommitmentError


class Command(BaseCommand):
    help = (
        "Check a commitments file (GET /api/v1/offer-matches/ID/commitments): for each revealed offer, "
        "that the offer and its nonce open the digest shown when it was sealed. Prints one line per "
        "offer and exits non-zero if any fails. Reads the file only: no database."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["verify"], help="what to do (verify)")
        parser.add_argument("file", type=Path, help="the commitments file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = verify_file(options["file"])
        except CommitmentError as error:
            raise CommandError(str(error)) from None
        for entry in result.entries:
            name = entry.offer_id if entry.offer_id is not None else f"#{entry.index}"
            if entry.ok:
                self.stdout.write(f"ok      offer {name}")
            else:
                self.stdout.write(f"FAILED  offer {name}: {entry.reason}")
        if not result.entries:
            raise CommandError("The file lists no commitments.")
        if not result.ok:
            raise CommandError(f"{len(result.failed)} of {len(result.entries)} commitments did not verify.")
        self.stdout.write(f"All {len(result.entries)} commitments verify.")
