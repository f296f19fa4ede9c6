from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasit.secrecy.rotate import rotate


class Command(BaseCommand):
    help = ("Re-seal every sealed value (message texts, relay originals, withholding reasons, "
            "event payloads, scores) under a new key, then drop the old one. Resumable: run it "
            "again after an interruption and it carries on. Take a backup first.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rotate(progress=lambda line: self.stdout.write(line))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
