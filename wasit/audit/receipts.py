"""Receipts and consistency proofs: what a party keeps so that it can catch a rewritten history.

A receipt is the log's latest signed head and, for each event its holder was
shown, the event's digest and an inclusion proof against that head. A
consistency proof shows that a later head extends an earlier one. Both are
in the RFC 9162 wire form (a leaf is SHA-256(0x00 || event digest), a node
SHA-256(0x01 || left || right); an inclusion proof is the audit path bottom
up, a consistency proof the nodes of RFC 9162 §2.1.4.1), so any RFC 9162
verifier can check them; the browser does (`wasit/web/static/wasit/record.js`).

The tree, its roots and its inclusion proofs come from `pymerkle`, whose
proofs are in a layout of its own: the inclusion path is RFC 9162's audit
path once its first element (the leaf itself) is dropped; its consistency
proofs split the old tree differently from RFC 9162, so the RFC form is
assembled here (§2.1.4.1) from the tree's subtree roots. A test checks both
against the RFC 9162 verifiers below at every size up to 70, and `wasit
verify --receipt` checks with pymerkle's own proofs. Nothing here knows who may see an event: the
caller passes the events the policy admits (`wasit.record.queries`).

Receipt, format "wasit-receipt", version 1::

    {"format": "wasit-receipt", "version": 1, "issued_at": ISO time,
     "talks_id": int, "reader": "party:<id>" | "mediators",
     "head": {"log", "size", "root", "key", "at", "sig"},   # a signed head
     "public_key": base64 of the raw Ed25519 key that signed it,
     "hash": "rfc9162-sha256",
     "events": [{"id": int, "leaf": id - 1, "digest": hex, "path": [hex, ...]}]}
"""

from __future__ import annotations

import base64
import hashlib
import threading
from dataclasses import dataclass, field
from typing import Any

from pymerkle import InmemoryTree, InvalidProof, verify_consistency, verify_inclusion  # type: ignore[import-untyped]

from wasit.audit import merkle
from wasit.audit.heads import SignedHead

FORMAT = "wasit-receipt"
VERSION = 1
HASH = "rfc9162-sha256"


class RecordMismatch(Exception):
    """The events in the database do not give the root of the newest signed head."""


def leaf_hash(digest: str) -> bytes:
    return hashlib.sha256(b"\x00" + merkle.leaf_data(digest)).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two below n (n > 1): where RFC 9162 splits a tree."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


_MEMO = 64

# ---- the tree of the log, kept per process and extended as events are added -----------------


@dataclass
class _Tree:
    digests: list[str] = field(default_factory=list)
    leaves: list[bytes] = field(default_factory=list)
    tree: Any = field(default_factory=lambda: InmemoryTree(algorithm="sha256"))

    def append(self, digest: str) -> None:
        self.digests.append(digest)
        self.leaves.append(leaf_hash(digest))
        self.tree.append_entry(merkle.leaf_data(digest))

    def root(self, size: int) -> bytes:
        value: bytes = self.tree.get_root(size)
        return value

    # Roots of complete subtrees of at least _MEMO leaves: they never change as the log grows,
    # so a proof costs O(log² n) hashes once they are known, for about 2n/_MEMO entries.
    memo: dict[tuple[int, int], bytes] = field(default_factory=dict)

    def range_root(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) (RFC 9162 §2.1.1)."""
        width = end - start
        if width == 1:
            return self.leaves[start]
        complete = width >= _MEMO and width & (width - 1) == 0
        if complete and (start, end) in self.memo:
            return self.memo[(start, end)]
        k = _split(width)
        value = _node(self.range_root(start, start + k), self.range_root(start + k, end))
        if complete:
            self.memo[(start, end)] = value
        return value

    def inclusion(self, leaf: int, size: int) -> list[str]:
        proof = self.tree.prove_inclusion(leaf + 1, size)
        return [d.hex() for d in proof.path[1:]]  # path[0] is the leaf itself

    def consistency(self, old: int, new: int) -> list[str]:
        return [h.hex() for h in rfc_consistency(self, old, new)]


_lock = threading.Lock()
_cached = _Tree()


def log_tree() -> _Tree:
    """The tree over every event in the database, extended from this process's last reading.

    Digests chain (each covers the previous one), so when the database still
    holds the last digest this process read, at the same id, everything before
    it is unchanged and only the newer events are read; otherwise (a restore,
    a rewrite) the tree is built again from the first event.
    """
    from django.db import connection

    global _cached
    with _lock:
        t = _cached
        start = len(t.digests)
        with connection.cursor() as cur:
            cur.execute("SELECT id, hash FROM audit_event WHERE id >= %s ORDER BY id", [max(start, 1)])
            rows = [(int(i), str(h)) for i, h in cur.fetchall()]
        if start and (not rows or rows[0] != (start, t.digests[-1])):
            t, start = _Tree(), 0
            with connection.cursor() as cur:
                cur.execute("SELECT id, hash FROM audit_event ORDER BY id")
                rows = [(int(i), str(h)) for i, h in cur.fetchall()]
        elif start:
            rows = rows[1:]
        for event_id, digest in rows:
            if event_id != len(t.digests) + 1:
                raise RecordMismatch(f"event {len(t.digests) + 1} is missing from the log")
            t.append(digest)
        _cached = t
        return t


def forget() -> None:
    """Drop the process's tree (tests roll the log back under it)."""
    global _cached
    with _lock:
        _cached = _Tree()


def checked_tree(head: SignedHead) -> _Tree:
    t = log_tree()
    if len(t.digests) < head.size or t.root(head.size).hex() != head.root:
        raise RecordMismatch(f"the events do not give the root of the signed head of {head.size} event(s)")
    return t


# ---- RFC 9162 proofs ------------------------------------------------------------------------


def rfc_consistency(t: _Tree, old: int, new: int) -> list[bytes]:
    """PROOF(old, D[new]) of RFC 9162 §2.1.4.1; empty when old is 0 or equals new."""
    if not 0 <= old <= new <= len(t.leaves):
        raise ValueError("sizes out of range")
    if old in (0, new):
        return []

    def subproof(m: int, start: int, end: int, complete: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if complete else [t.range_root(start, end)]
        k = _split(n)
        if m <= k:
            return subproof(m, start, start + k, complete) + [t.range_root(start + k, end)]
        return subproof(m - k, start + k, end, False) + [t.range_root(start, start + k)]

    return subproof(old, 0, new, True)


def verify_rfc_inclusion(leaf: bytes, index: int, size: int, path: list[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = _node(p, r)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = _node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_rfc_consistency(old: int, new: int, old_root: bytes, new_root: bytes, proof: list[bytes]) -> bool:
    """RFC 9162 §2.1.4.2 (the browser runs the same steps in record.js)."""
    if old == new:
        return not proof and old_root == new_root
    if not 0 < old < new or not proof:
        return False
    if old & (old - 1) == 0:  # a power of two: the old root is the proof's first node
        proof = [old_root, *proof]
    fn, sn = old - 1, new - 1
    while fn % 2 == 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            fr, sr = _node(c, fr), _node(c, sr)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = _node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


# ---- receipts -------------------------------------------------------------------------------


def build_receipt(head: SignedHead, shown: list[tuple[int, str]], *, talks_id: int, reader: str,
                  issued_at: str, public_key: bytes | None) -> dict[str, Any]:
    """The receipt for the events `shown` (id, digest), every one of them covered by `head`."""
    t = checked_tree(head)
    events = [{"id": event_id, "leaf": event_id - 1, "digest": digest,
               "path": t.inclusion(event_id - 1, head.size)}
              for event_id, digest in shown if event_id <= head.size]
    return {"format": FORMAT, "version": VERSION, "issued_at": issued_at, "talks_id": talks_id,
            "reader": reader, "head": head.to_dict(),
            "public_key": base64.b64encode(public_key).decode() if public_key else None,
            "hash": HASH, "events": events}


def consistency(old: int, head: SignedHead) -> dict[str, Any]:
    """The proof that `head` extends the holder's head of `old` events."""
    t = checked_tree(head)
    return {"format": "wasit-consistency", "version": VERSION, "from": old, "to": head.size,
            "head": head.to_dict(), "hash": HASH, "proof": t.consistency(old, head.size)}


class ReceiptError(ValueError):
    pass


@dataclass(frozen=True)
class Receipt:
    head: SignedHead
    talks_id: int
    reader: str
    events: list[tuple[int, str, list[bytes]]]  # (id, digest, audit path)


def parse_receipt(data: Any) -> Receipt:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReceiptError("not a Wasit receipt")
    if data.get("version") != VERSION:
        raise ReceiptError(f"a receipt of version {data.get('version')!r}; this Wasit reads version {VERSION}")
    try:
        head = SignedHead.from_dict(data["head"])
        events = [(int(e["id"]), str(e["digest"]), [bytes.fromhex(p) for p in e["path"]])
                  for e in data["events"]]
        for _id, digest, _path in events:
            bytes.fromhex(digest)
        return Receipt(head, int(data["talks_id"]), str(data["reader"]), events)
    except (KeyError, TypeError, ValueError) as exc:
        raise ReceiptError(f"the receipt is malformed ({exc})") from None


def check_receipt(receipt: Receipt, digests: list[str], public: dict[str, bytes]) -> str:
    """'' when the log `digests` extends the receipt's head and includes each of its events;
    else one sentence saying where the log forked from the receipt."""
    head = receipt.head
    why = head.problem(public) if public else ""
    if why:
        return f"the receipt's head is not this server's: {why}"
    root = bytes.fromhex(head.root)
    for event_id, digest, path in receipt.events:
        if not verify_rfc_inclusion(leaf_hash(digest), event_id - 1, head.size, path, root):
            return (f"the receipt itself was altered: its proof for event {event_id} does not lead to the root "
                    "its head was signed over")
    n = len(digests)
    mine = sorted((event_id, digest) for event_id, digest, _p in receipt.events)
    differs = [i for i, d in mine if i > n or digests[i - 1] != d]
    first_bad = differs[0] if differs else None
    last_good = max((i for i, d in mine if i <= n and digests[i - 1] == d
                     and (first_bad is None or i < first_bad)), default=0)
    signed = f"your receipt's head, signed at {head.signed_at} over {head.size} event(s)"
    if first_bad is not None and first_bad <= n:
        return (f"event {first_bad}: the log forked from your receipt after event {last_good} (the last of "
                f"yours that still matches): event {first_bad}, which your receipt holds, is not the event the "
                f"log has there; {signed}, is not part of this log's history")
    if n < head.size:
        return (f"event {n + 1}: missing; the log holds {n} event(s) but {signed}, covers {head.size}: the log "
                "was cut back or restored from an older backup (it forked from your receipt after event "
                f"{n})")
    t = InmemoryTree(algorithm="sha256")
    for d in digests:
        t.append_entry(merkle.leaf_data(d))
    current = t.get_root(n)
    try:
        if head.size < n:
            verify_consistency(root, current, t.prove_consistency(head.size, n))
        elif current != root:
            raise InvalidProof("roots differ")
        for event_id, digest, _path in receipt.events:
            verify_inclusion(leaf_hash(digest), current, t.prove_inclusion(event_id, n))
    except InvalidProof:
        return (f"event {last_good + 1}: the log forked from your receipt after event {last_good} (the last of "
                f"yours it holds): its first {head.size} events are not those {signed}")
    return ""
