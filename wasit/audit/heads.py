"""Signed heads: written with the events they cover, and witnessed outside the database.

Every transaction that appends events also writes a signed head covering
them (one per event for an ordinary action, one per batch for the live
writer's group commit), so no committed event is ever unsigned: an event
appended behind the app's back is one no head covers. Once the transaction
commits, the head and the digests it adds are appended to
`<data folder>/witness.jsonl`; a database edited, truncated or restored from
an old backup then disagrees with the witness. The witness is written after
COMMIT, so a crash in between leaves it behind the database, never ahead.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from wasit.audit import merkle, signing

WITNESS = "witness.jsonl"
PREFIX = b"wasit-head-v1\n"


@dataclass(frozen=True)
class SignedHead:
    log: str
    size: int
    root: str
    key_id: str
    signed_at: str
    signature: str

    def statement(self) -> bytes:
        return statement(log=self.log, size=self.size, root=self.root, key_id=self.key_id,
                         signed_at=self.signed_at)

    def problem(self, public: dict[str, bytes]) -> str:
        """'' when the signature holds, else why not."""
        return signing.verify_signature(public, self.key_id, self.statement(), self.signature)

    def to_dict(self) -> dict[str, Any]:
        return {"log": self.log, "size": self.size, "root": self.root, "key": self.key_id,
                "at": self.signed_at, "sig": self.signature}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SignedHead:
        try:
            return cls(log=str(data["log"]), size=int(data["size"]), root=str(data["root"]),
                       key_id=str(data["key"]), signed_at=str(data["at"]), signature=str(data["sig"]))
        except (KeyError, TypeError, ValueError):
            raise ValueError("not a signed head (needs log, size, root, key, at, sig)") from None


def statement(*, log: str, size: int, root: str, key_id: str, signed_at: str) -> bytes:
    body = {"log": log, "size": size, "root": root, "key": key_id, "at": signed_at}
    return PREFIX + json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def witness_path() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / WITNESS


def sign_pending(*, known: list[tuple[int, str]] | None = None) -> SignedHead | None:
    """Sign a head over every event not yet covered; inside the recording transaction,
    with the chain lock held (so heads are written in the chain's order).

    `known`: the (id, digest) of the events the caller just wrote, which saves
    reading them back when they are all that is new.
    """
    with connection.cursor() as cur:
        cur.execute("SELECT size, log, frontier FROM audit_head ORDER BY size DESC LIMIT 1")
        last = cur.fetchone()
        size, log, frontier = ((int(last[0]), str(last[1]), merkle.load_frontier(json.loads(last[2])))
                               if last else (0, secrets.token_hex(8), []))
        if known and known[0][0] == size + 1 and known[-1][0] == size + len(known):
            new = known
        else:
            cur.execute("SELECT id, hash FROM audit_event WHERE id > %s ORDER BY id", [size])
            new = [(int(i), str(h)) for i, h in cur.fetchall()]
        if not new:
            return None
        frontier = merkle.extend(frontier, [h for _i, h in new])
        keys = signing.signing_keys()
        at = timezone.now().isoformat()
        new_size, root = size + len(new), merkle.root(frontier).hex()
        signature = keys.sign(statement(log=log, size=new_size, root=root, key_id=keys.primary, signed_at=at))
        cur.execute("INSERT INTO audit_head (size, log, root, key_id, signed_at, signature, frontier)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    [new_size, log, root, keys.primary, at, signature,
                     json.dumps(merkle.dump_frontier(frontier))])
    head = SignedHead(log=log, size=new_size, root=root, key_id=keys.primary, signed_at=at, signature=signature)
    line = {**head.to_dict(), "from": size + 1, "leaves": [h for _i, h in new]}
    transaction.on_commit(lambda: append_witness(line), robust=True)
    return head


def append_witness(line: dict[str, Any]) -> None:
    # One write() of one line with O_APPEND: processes appending at once never
    # interleave within a line. Lines may land out of order; readers sort by size.
    data = (json.dumps(line, separators=(",", ":")) + "\n").encode()
    fd = os.open(witness_path(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


@dataclass
class Witnessed:
    heads: dict[int, SignedHead]
    leaves: dict[int, str]  # event id -> digest, as witnessed
    problems: list[str]
    other_logs: int


def read_witness(path: Path, log: str | None) -> Witnessed:
    """The witness lines of log `log` (every log's when `log` is None: the database has none)."""
    out = Witnessed({}, {}, [], 0)
    if not path.exists():
        return out
    lines = path.read_bytes().split(b"\n")
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
            head = SignedHead.from_dict(item)
        except ValueError:
            if number == len(lines):  # an unterminated last line: a crash mid-write
                continue
            out.problems.append(f"witness line {number} is not a signed head (the witness file was edited)")
            continue
        if log is not None and head.log != log:
            out.other_logs += 1
            continue
        out.heads[head.size] = head
        first = int(item.get("from", head.size + 1))
        for offset, digest in enumerate(item.get("leaves", [])):
            out.leaves[first + offset] = str(digest)
    return out


def database_heads() -> list[SignedHead]:
    from wasit.audit.models import Head

    return [SignedHead(log=h.log, size=h.size, root=h.root, key_id=h.key_id, signed_at=h.signed_at,
                       signature=h.signature) for h in Head.objects.order_by("size")]


def latest_head() -> SignedHead | None:
    from wasit.audit.models import Head

    h = Head.objects.order_by("-size").first()
    return None if h is None else SignedHead(log=h.log, size=h.size, root=h.root, key_id=h.key_id,
                                             signed_at=h.signed_at, signature=h.signature)
