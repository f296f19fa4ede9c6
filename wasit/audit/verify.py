"""Verify the record: the hash chain, the signed heads, the witness, a kept head.

The chain (each digest covers the event and the previous digest) names an
edit that left later digests alone. The signed heads (Merkle roots over the
digests, signed with a key the database does not hold) name what the chain
cannot: an event appended with a correctly computed digest, an edit with
every later digest recomputed, and events deleted from the end, as soon as
any head that covered them survives (in the witness file, or kept by
someone). Every problem is one sentence naming the first bad event.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from wasit.audit import chain, merkle
from wasit.audit.heads import SignedHead

_FIELDS = {"id", "kind", "talks_id", "actor_id", "audience", "payload", "created_at", "prev_hash", "hash"}


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    head: str
    problem: str = ""
    bad_event_id: int | None = None
    signed: SignedHead | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def message(self) -> str:
        """The one sentence a person reads."""
        if self.ok:
            return f"ok: {self.checked} event(s), head {self.head}"
        return self.problem


def _walk(rows: Iterable[dict[str, Any]], *, head: str | None) -> tuple[Verdict, list[str]]:
    expected_prev, expected_id = chain.GENESIS, 1
    hashes: list[str] = []

    def broken(text: str, bad: int | None) -> tuple[Verdict, list[str]]:
        return Verdict(False, len(hashes), expected_prev,
                       f"chain broken after {len(hashes)} good event(s): {text}", bad), hashes

    for row in rows:
        missing = _FIELDS - set(row)
        if missing:
            return broken(f"event after {expected_id - 1}: fields missing: {sorted(missing)}", row.get("id"))
        if row.get("payload_error"):
            return broken(f"event {row['id']}: {row['payload_error']}", row["id"])
        if row["id"] != expected_id:
            return broken(f"event {row['id']}: expected id {expected_id} "
                          "(an event was removed, inserted or reordered)", row["id"])
        if row["prev_hash"] != expected_prev:
            return broken(f"event {row['id']}: does not follow the previous event's digest", row["id"])
        fields = chain.event_fields(
            id=row["id"], kind=row["kind"], talks_id=row["talks_id"], actor_id=row["actor_id"],
            audience=row["audience"], payload=row["payload"], created_at=row["created_at"],
        )
        if chain.digest(expected_prev, fields) != row["hash"]:
            return broken(f"event {row['id']}: content does not match its digest (edited)", row["id"])
        expected_prev = row["hash"]
        expected_id += 1
        hashes.append(row["hash"])
        if head is not None and row["hash"] == head:
            return Verdict(True, len(hashes), expected_prev), hashes
    if head is not None and expected_prev != head:
        return broken(f"the chain ends after event {expected_id - 1} without reaching the kept head "
                      f"{head[:16]}…: events were removed from the end, or the head is from elsewhere",
                      expected_id)
    return Verdict(True, len(hashes), expected_prev), hashes


def verify_rows(rows: Iterable[dict[str, Any]], *, head: str | None = None) -> Verdict:
    """The chain alone. `head`: a chain digest kept outside the database (printed by an
    earlier `wasit verify`): the chain must reach it."""
    return _walk(rows, head=head)[0]


@dataclass
class _Findings:
    found: list[tuple[int, str]] = field(default_factory=list)  # (first bad event id, sentence)
    general: list[str] = field(default_factory=list)  # problems that name no event

    def add(self, bad: int | None, text: str) -> None:
        if bad is None:
            self.general.append(text)
        else:
            self.found.append((bad, text))


def check_heads(hashes: list[str], sources: dict[str, list[SignedHead]], public: dict[str, bytes], *,
                witnessed: dict[int, str] | None = None, complete: bool = True) -> tuple[list[tuple[int, str]],
                                                                                       list[str], SignedHead | None]:
    """Compare signed heads (by source: "database", "witness", "kept head") with the digests.

    `complete`: `hashes` is the whole log (the chain held), so heads beyond it
    mean missing events and events beyond every head mean unsigned ones.
    Returns (named problems, general problems, the newest valid head).
    """
    out = _Findings()
    tree = merkle.tree(hashes)
    valid: list[tuple[str, SignedHead]] = []
    for source, heads in sources.items():
        for h in heads:
            why = h.problem(public)
            if why:
                out.add(None, f"the signed head of {h.size} event(s) in the {source} is not the server's: {why}")
            else:
                valid.append((source, h))
    logs = {h.log for _s, h in valid}
    if len(logs) > 1:
        out.add(None, f"the signed heads belong to {len(logs)} different logs: the database was replaced "
                      "by another one, or a head is from another deployment")
    matching = sorted({h.size for _s, h in valid if h.size <= len(hashes)
                       and merkle.root_at(tree, h.size).hex() == h.root})
    beyond = [(source, h) for source, h in valid if h.size > len(hashes)]
    if complete and beyond:
        source, h = max(beyond, key=lambda sh: sh[1].size)  # the strongest evidence
        out.add(len(hashes) + 1,
                f"event {len(hashes) + 1}: missing; the {source} has a head signed at {h.signed_at} "
                f"over {h.size} event(s) but the log has {len(hashes)}: "
                + (f"events {len(hashes) + 1}–{h.size} were" if h.size > len(hashes) + 1
                   else "the last event was")
                + " deleted, or the database was restored from an older backup")
    for source, h in sorted(valid, key=lambda sh: sh[1].size):
        if h.size > len(hashes):
            continue
        if merkle.root_at(tree, h.size).hex() == h.root:
            continue
        good = max([s for s in matching if s < h.size], default=0)
        bad = next((i for i in range(good + 1, h.size + 1)
                    if witnessed and i in witnessed and witnessed[i] != hashes[i - 1]), None)
        if bad is not None:
            out.add(bad, f"event {bad}: its digest is not the one the witness recorded when it was written "
                         "(it was edited and every later digest recomputed)")
        elif h.size == good + 1:
            out.add(h.size, f"event {h.size}: it is not the event the {source}'s signed head covers "
                            "(it was edited and every later digest recomputed)")
        else:
            out.add(good + 1, f"event {good + 1}: the {source}'s signed head of {h.size} event(s) does not match "
                              f"the log; an event among {good + 1}–{h.size} was edited and every later digest "
                              "recomputed")
    covered = max((h.size for _s, h in valid), default=0)
    if complete and covered < len(hashes):
        out.add(covered + 1, f"event {covered + 1}: no signed head covers it: it was added behind the "
                             "server's back (its digest is computed like the server's, but the server never "
                             "signed it)")
    newest = max((h for _s, h in valid if h.size in matching), key=lambda h: h.size, default=None)
    return out.found, out.general, newest


def _decide(chain_verdict: Verdict, found: list[tuple[int, str]], general: list[str],
            newest: SignedHead | None, notes: list[str]) -> Verdict:
    if not chain_verdict.ok and chain_verdict.bad_event_id is not None:
        found.append((chain_verdict.bad_event_id, chain_verdict.problem))
    elif not chain_verdict.ok:
        general.append(chain_verdict.problem)
    if found:
        bad, text = min(found, key=lambda f: f[0])
        return Verdict(False, min(chain_verdict.checked, bad - 1), chain_verdict.head, text, bad, newest,
                       tuple(notes))
    if general:
        return Verdict(False, chain_verdict.checked, chain_verdict.head, general[0], None, newest, tuple(notes))
    return Verdict(True, chain_verdict.checked, chain_verdict.head, "", None, newest, tuple(notes))


def database_rows() -> Iterator[dict[str, Any]]:
    """The events as stored; a sealed payload that does not open is reported, not raised."""
    from django.db import connection

    from wasit.audit.models import Event
    from wasit.secrecy.keys import KeyError_

    payload_field = Event._meta.get_field("payload")
    with connection.cursor() as cur:
        cur.execute("SELECT id, kind, talks_id, actor_id, audience, payload, created_at, prev_hash, hash"
                    " FROM audit_event ORDER BY id")
        while batch := cur.fetchmany(2000):
            for id_, kind, talks_id, actor_id, audience, payload, created_at, prev_hash, hash_ in batch:
                row: dict[str, Any] = {"id": id_, "kind": kind, "talks_id": talks_id, "actor_id": actor_id,
                                       "audience": audience, "prev_hash": prev_hash, "hash": hash_}
                try:
                    row["payload"] = payload_field.from_db_value(payload, None, connection)
                except (KeyError_, ValueError):
                    row["payload"] = None
                    row["payload_error"] = ("its sealed payload does not open (altered in the database, or "
                                            "sealed with a key that is not in the keyring)")
                value = connection.ops.convert_datetimefield_value(created_at, None, connection) \
                    if hasattr(connection.ops, "convert_datetimefield_value") else created_at
                row["created_at"] = _iso(value)
                yield row


def _iso(value: Any) -> str:
    from datetime import UTC, datetime

    from django.utils.dateparse import parse_datetime

    if isinstance(value, str):
        parsed = parse_datetime(value)
        value = parsed if parsed is not None else value
    if isinstance(value, datetime):
        from django.conf import settings
        from django.utils import timezone

        if settings.USE_TZ and timezone.is_naive(value):
            value = timezone.make_aware(value, UTC)
        return str(value.isoformat())
    return str(value)


def verify_database(*, head: str | None = None, kept: SignedHead | None = None) -> Verdict:
    """The whole record: chain, the database's signed heads, the witness file, and a kept head."""
    from wasit.audit import heads, signing

    chain_verdict, hashes = _walk(database_rows(), head=head)
    in_database = heads.database_heads()
    log = in_database[0].log if in_database else None
    witness = heads.read_witness(heads.witness_path(), log)
    sources = {"database": in_database, "witness": list(witness.heads.values())}
    if kept is not None:
        sources["kept head"] = [kept]
    public = signing.public_keys()
    found, general, newest = check_heads(hashes, sources, public, witnessed=witness.leaves,
                                         complete=chain_verdict.ok and head is None)
    general = witness.problems + general
    notes = []
    behind = [h for h in in_database if h.size not in witness.heads]
    if in_database and behind:
        notes.append(f"the witness lacks {len(behind)} of the database's {len(in_database)} signed head(s) "
                     "(written after commit: a crash in between, or a witness restored from a backup)")
    return _decide(chain_verdict, found, general, newest, notes)
