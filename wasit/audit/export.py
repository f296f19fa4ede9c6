"""Export the log as JSON Lines, and read one back for offline verification.

Line 1 is a header; then one line per event, in id order, with every field
the chain covers; then one line per row of the domain tables the events
describe. `wasit verify --export FILE` needs nothing but this file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core import serializers
from django.utils import timezone

FORMAT = "wasit-export"
VERSION = 1

# The domain tables written to an export, after the events.
ROW_MODELS = ("talks.Talks", "talks.Party", "talks.Membership", "talks.Round",
              "caucus.Room", "caucus.Message", "caucus.Translation", "caucus.Relay",
              "caucus.Withholding")


class ExportError(Exception):
    pass


def write_export(out: IO[str]) -> dict[str, Any]:
    from wasit.audit.verify import database_rows

    events = list(database_rows())
    header = {"format": FORMAT, "version": VERSION, "exported_at": timezone.now().isoformat(),
              "events": len(events), "head": events[-1]["hash"] if events else None}
    out.write(json.dumps(header, ensure_ascii=False) + "\n")
    for row in events:
        out.write(json.dumps({"event": row}, ensure_ascii=False) + "\n")
    for label in ROW_MODELS:
        model = apps.get_model(label)
        for obj in serializers.serialize("python", model._default_manager.order_by("pk").iterator()):
            out.write(json.dumps({"row": obj}, ensure_ascii=False, default=str) + "\n")
    return header


def read_events(path: Path) -> Iterator[dict[str, Any]]:
    """The event lines of an export, in file order (the verifier checks that order)."""
    with path.open(encoding="utf-8") as fh:
        first = fh.readline()
        try:
            header = json.loads(first)
        except ValueError:
            raise ExportError(f"{path} is not a Wasit export (no header line)") from None
        if header.get("format") != FORMAT:
            raise ExportError(f"{path} is not a Wasit export")
        for number, line in enumerate(fh, start=2):
            try:
                item = json.loads(line)
            except ValueError:
                raise ExportError(f"line {number} is not valid JSON") from None
            if "event" in item:
                yield item["event"]


def iter_lines(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    for item in items:
        yield json.dumps(item, ensure_ascii=False) + "\n"
