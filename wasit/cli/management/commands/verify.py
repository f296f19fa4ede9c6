from __future__ import annotations

import json
import os
import re
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasit.audit.export import ExportError, verify_export
from wasit.audit.heads import SignedHead
from wasit.audit.receipts import ReceiptError, check_receipt, parse_receipt
from wasit.audit.verify import Verdict, verify_database


def _kept_head(value: str) -> tuple[str | None, SignedHead | None]:
    """--head is a chain digest (64 hex digits) or a file holding a signed head."""
    if re.fullmatch(r"[0-9a-f]{64}", value):
        return value, None
    path = Path(value)
    if not path.is_file():
        raise CommandError("--head must be 64 lowercase hexadecimal digits or a file holding a signed head")
    try:
        return None, SignedHead.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, AttributeError, TypeError):
        raise CommandError(f"{path} does not hold a signed head (save one with --keep-head FILE)") from None


class Command(BaseCommand):
    help = (
        "Walk the event log's hash chain and its signed heads from the first event and report the "
        "first bad event: in the live database (checked also against the witness file in the data "
        "folder), or offline in an export (--export FILE). --head takes a signed head someone kept "
        "(a file written by --keep-head) or an old head digest, and detects removal of the newest events."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--export", type=Path, help="verify this export file instead of the database")
        parser.add_argument("--head", help="a signed head kept outside the server (FILE), or a head digest")
        parser.add_argument("--keep-head", type=Path, metavar="FILE",
                            help="after a successful check, write the newest signed head to FILE")
        parser.add_argument("--receipt", type=Path, metavar="FILE",
                            help="a member's receipt (downloaded from the talks page): prove that the log "
                                 "extends its head and includes each of its events, or name where it forked")

    def handle(self, *args: Any, export: Path | None, head: str | None, keep_head: Path | None,
               receipt: Path | None = None, **options: Any) -> None:
        digest, kept = _kept_head(head) if head is not None else (None, None)
        if receipt is not None:
            self._receipt(receipt, export)
        verdict: Verdict
        if export is not None:
            if not export.is_file():
                raise CommandError(f"no such file: {export}")
            if digest is not None:
                raise CommandError("with --export, --head takes a signed head file, not a digest")
            try:
                verdict = verify_export(export, kept=kept)
            except ExportError as exc:
                raise CommandError(str(exc)) from None
        else:
            verdict = verify_database(head=digest, kept=kept)
        if receipt is not None and verdict.ok:
            self.stdout.write(f"ok: the log extends the receipt {receipt}")
        for note in verdict.notes:
            self.stderr.write(f"note: {note}")
        if not verdict.ok:
            raise CommandError(verdict.problem)
        self.stdout.write(verdict.message)
        if verdict.signed is not None:
            s = verdict.signed
            self.stderr.write(f"signed head: {s.size} event(s), root {s.root}, key {s.key_id}, signed {s.signed_at}")
        if keep_head is not None:
            if verdict.signed is None:
                raise CommandError("the log has no signed head to keep yet")
            fd = os.open(keep_head, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(verdict.signed.to_dict(), indent=1) + "\n")

    def _receipt(self, path: Path, export: Path | None) -> None:
        """The receipt's check comes first: a log restored from an old backup verifies by itself."""
        import base64

        from wasit.audit import export as exports
        from wasit.audit import signing
        from wasit.audit.verify import database_rows

        try:
            parsed = parse_receipt(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise CommandError(f"no such file: {path}") from None
        except (ReceiptError, ValueError) as exc:
            raise CommandError(f"{path}: {exc}") from None
        public = signing.public_keys()
        if export is not None:
            try:
                header = json.loads(export.read_bytes().split(b"\n", 1)[0])
                rows = list(exports.read_events(export))
            except (OSError, ValueError, ExportError) as exc:
                raise CommandError(f"{export}: {exc}") from None
            public = public or {k: base64.b64decode(v) for k, v in (header.get("public_keys") or {}).items()}
        else:
            rows = list(database_rows())
        problem = check_receipt(parsed, [str(r.get("hash")) for r in rows], public)
        if problem:
            raise CommandError(problem)
