"""Export the log as JSON Lines, and verify one offline.

Line 1 is a header; then one line per event, in id order, with every field
the chain covers; then one line per row of the domain tables the events
describe. The header carries the log's signed head (which covers every
event line), the digest and count of every line after it, and a signature
over itself, so a re-headed or shortened export fails.
`wasit verify --export FILE` needs nothing but this file (and checks the
signatures against the data folder's public keys when there is one).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.apps import apps
from django.core import serializers
from django.utils import timezone

from wasit.audit import signing
from wasit.audit.heads import SignedHead

if TYPE_CHECKING:
    from wasit.audit.verify import Verdict

FORMAT = "wasit-export"
VERSION = 2
_PREFIX = b"wasit-export-v2\n"

# The domain tables written to an export, after the events.
ROW_MODELS = ("talks.Talks", "talks.Party", "talks.Membership", "talks.Round",
              "caucus.Room", "caucus.Message", "caucus.Translation", "caucus.Relay",
              "caucus.Withholding")


class ExportError(Exception):
    pass


def _header_statement(header: dict[str, Any]) -> bytes:
    body = {k: v for k, v in header.items() if k != "signature"}
    return _PREFIX + json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def write_export(out: IO[str]) -> dict[str, Any]:
    from wasit.audit.heads import latest_head
    from wasit.audit.verify import database_rows

    events = list(database_rows())
    body = [json.dumps({"event": row}, ensure_ascii=False) + "\n" for row in events]
    for label in ROW_MODELS:
        model = apps.get_model(label)
        for obj in serializers.serialize("python", model._default_manager.order_by("pk").iterator()):
            body.append(json.dumps({"row": obj}, ensure_ascii=False, default=str) + "\n")
    digest = hashlib.sha256()
    for line in body:
        digest.update(line.encode("utf-8"))
    signed = latest_head()
    keys = signing.signing_keys()
    header: dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "exported_at": timezone.now().isoformat(),
        "events": len(events), "head": events[-1]["hash"] if events else None,
        "lines": len(body), "body_sha256": digest.hexdigest(),
        "signed_head": signed.to_dict() if signed else None,
        "public_keys": {k: base64.b64encode(v).decode() for k, v in keys.public.items()},
    }
    header["signature"] = {"key": keys.primary, "sig": keys.sign(_header_statement(header))}
    out.write(json.dumps(header, ensure_ascii=False) + "\n")
    out.writelines(body)
    return header


def read_events(path: Path) -> Iterator[dict[str, Any]]:
    """The event lines of an export, in file order (the verifier checks that order)."""
    _header, lines = _read(path)
    for number, line in enumerate(lines, start=2):
        item = _parse(line, number)
        if "event" in item:
            yield item["event"]


def _read(path: Path) -> tuple[dict[str, Any], list[bytes]]:
    raw = path.read_bytes().split(b"\n")
    try:
        header = json.loads(raw[0])
    except ValueError:
        raise ExportError(f"{path} is not a Wasit export (no header line)") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ExportError(f"{path} is not a Wasit export")
    lines = [line + b"\n" for line in raw[1:]]
    if lines and lines[-1] == b"\n":
        lines.pop()  # the file's final newline
    return header, lines


def _parse(line: bytes, number: int) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except ValueError:
        raise ExportError(f"line {number} is not valid JSON") from None
    if not isinstance(item, dict):
        raise ExportError(f"line {number} is not an event or a row")
    return item


def verify_export(path: Path, *, kept: SignedHead | None = None) -> Verdict:
    """The chain, the header's signature, digest and counts, and its signed head."""
    from wasit.audit.verify import _decide, _walk, check_heads

    header, lines = _read(path)
    events = [item["event"] for number, line in enumerate(lines, start=2)
              if "event" in (item := _parse(line, number))]
    chain_verdict, hashes = _walk(events, head=None)
    found: list[tuple[int, str]] = []
    general: list[str] = []
    notes: list[str] = []
    if header.get("version", 1) < 2:
        notes.append("this export was written before exports were signed: only its chain is checked")
        return _decide(chain_verdict, found, general, None, notes)
    public = signing.public_keys()
    if not public:
        public = {k: base64.b64decode(v) for k, v in (header.get("public_keys") or {}).items()}
        notes.append("no data folder keys here: the signatures were checked against the keys the export "
                     "carries, which proves it unaltered since written but not who wrote it")
    sig = header.get("signature") or {}
    why = signing.verify_signature(public, str(sig.get("key")), _header_statement(header), str(sig.get("sig")))
    if why:
        general.append(f"the export's header was edited after it was written: {why}")
    digest = hashlib.sha256(b"".join(lines)).hexdigest()
    claimed = header.get("events")
    if isinstance(claimed, int) and len(events) < claimed:
        found.append((len(events) + 1, f"event {len(events) + 1}: missing from the export: its header says "
                                       f"{claimed} event(s) but it holds {len(events)} (lines were removed)"))
    if digest != header.get("body_sha256") or len(lines) != header.get("lines"):
        general.append(f"the export's {len(lines)} line(s) after its header are not the "
                       f"{header.get('lines')} it was written with: lines were removed from its end, added "
                       "or edited")
    if chain_verdict.ok and hashes and header.get("head") != hashes[-1]:
        general.append("the export's header names a head digest that is not its last event's")
    sources: dict[str, list[SignedHead]] = {}
    if header.get("signed_head"):
        try:
            sources["export header"] = [SignedHead.from_dict(header["signed_head"])]
        except ValueError as exc:
            general.append(f"the export header's signed head is malformed: {exc}")
    elif hashes:
        general.append("the export's header carries no signed head")
    if kept is not None:
        sources["kept head"] = [kept]
    more_found, more_general, newest = check_heads(hashes, sources, public, complete=chain_verdict.ok)
    return _decide(chain_verdict, found + more_found, general + more_general, newest, notes)


def iter_lines(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    for item in items:
        yield json.dumps(item, ensure_ascii=False) + "\n"
