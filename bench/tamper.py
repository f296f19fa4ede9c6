"""Tamper with a fresh demo's record the way an attacker with write access to the database
would, and check that `wasit verify` detects each tampering and names the first bad event.

    .venv/bin/python bench/tamper.py [--postgres postgres://postgres@127.0.0.1:5432/postgres] [--signing-cost]

Each case runs on its own copy of one demo data folder (and, on PostgreSQL, its own copy of
the demo database). The attacker may read and write every table and knows the sealing keys
(to recompute digests over opened payloads), but holds neither the signing key nor the
witness file: the model the signed heads defend. Prints detected / named / missed per case;
exits non-zero on any miss (a control case that must pass counts as missed on a false alarm).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
WASIT = [sys.executable, "-m", "wasit.cli.main"]


# ---- inside a case's process: Django is set up on that case's data folder -------------------

def _events() -> list[dict[str, Any]]:
    from wasit.audit.verify import database_rows

    return list(database_rows())


def _sql(sql: str, params: list[Any]) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(sql, params)


def _rechain(start: int, edit: Callable[[dict[str, Any]], None]) -> None:
    """Edit event `start` with `edit`, then recompute its digest and every later one."""
    from wasit.audit import chain
    from wasit.audit.models import Event

    rows = _events()
    prev = rows[start - 2]["hash"] if start > 1 else chain.GENESIS
    for row in rows[start - 1:]:
        if row["id"] == start:
            edit(row)
        fields = chain.event_fields(id=row["id"], kind=row["kind"], talks_id=row["talks_id"],
                                    actor_id=row["actor_id"], audience=row["audience"],
                                    payload=row["payload"], created_at=row["created_at"])
        new = chain.digest(prev, fields)
        # Sealed like the server seals, so only the digests tell.
        sealed = Event._meta.get_field("payload").get_prep_value(row["payload"])  # type: ignore[attr-defined]
        _sql("UPDATE audit_event SET hash = %s WHERE id = %s", [f"tmp{row['id']}", row["id"]])
        _sql("UPDATE audit_event SET payload = %s, audience = %s, prev_hash = %s, hash = %s WHERE id = %s",
             [sealed, row["audience"], prev, new, row["id"]])
        prev = new


def _forged_append() -> None:
    from wasit.audit import chain

    last = _events()[-1]
    fields = chain.event_fields(id=last["id"] + 1, kind="talks.opened", talks_id=None, actor_id=None,
                                audience=" all ", payload={"title": "forged"}, created_at=last["created_at"])
    _sql("INSERT INTO audit_event (id, kind, talks_id, actor_id, audience, payload, created_at, prev_hash, hash)"
         " SELECT %s, 'talks.opened', NULL, NULL, ' all ', %s, created_at, hash, %s FROM audit_event WHERE id = %s",
         [last["id"] + 1, '{"title":"forged"}', chain.digest(last["hash"], fields), last["id"]])


def _forged_signature() -> None:
    import base64
    import json as _json

    _forged_append()
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT size, log, root, key_id, frontier FROM audit_head ORDER BY size DESC LIMIT 1")
        size, log, root, key_id, frontier = cur.fetchone()
    _sql("INSERT INTO audit_head (size, log, root, key_id, signed_at, signature, frontier)"
         " VALUES (%s, %s, %s, %s, %s, %s, %s)",
         [size + 1, log, "ab" * 32, key_id, "2030-01-01T00:00:00+00:00",
          base64.b64encode(b"\x01" * 64).decode(), _json.dumps(_json.loads(frontier))])


def _truncate(n: int) -> None:
    last = _events()[-1]["id"]
    _sql("DELETE FROM audit_event WHERE id > %s", [last - n])
    _sql("DELETE FROM audit_head WHERE size > %s", [last - n])


def _flip_bit(event_id: int) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT payload FROM audit_event WHERE id = %s", [event_id])
        sealed = cur.fetchone()[0]
    i = len(sealed) - 6
    flipped = sealed[:i] + ("A" if sealed[i] != "A" else "B") + sealed[i + 1:]
    _sql("UPDATE audit_event SET payload = %s WHERE id = %s", [flipped, event_id])


def _legit_writes(n: int) -> None:
    """What the server itself does: record events (signed, witnessed)."""
    from django.db import transaction

    from wasit import audit
    from wasit.talks.events import TalksOpened

    for i in range(n):
        with transaction.atomic():
            audit.record(TalksOpened(talks_id=None, title=f"legit {i}"), actor_id=None)


def _signing_cost(n: int) -> dict[str, float]:
    """Seconds spent in `sign_pending()` (Merkle frontier, Ed25519 signature, head row):
    per event for ordinary actions, and once for a live-writer batch of n events."""
    from django.db import transaction

    from wasit import audit
    from wasit.audit import heads
    from wasit.audit import log as audit_log
    from wasit.talks.events import TalksOpened

    spent = [0.0]
    original = heads.sign_pending

    def timed(**kw: Any) -> Any:
        t = time.perf_counter()
        try:
            return original(**kw)
        finally:
            spent[0] += time.perf_counter() - t

    heads.sign_pending = timed  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        for i in range(n):
            with transaction.atomic():
                audit.record(TalksOpened(talks_id=None, title=f"bench {i}"), actor_id=None)
        per_write = (time.perf_counter() - start) / n
        per_head = spent[0] / n
        spent[0] = 0.0
        with transaction.atomic():  # the live writer's shape: n events, one head
            audit_log.begin_batch()
            for i in range(n):
                audit.record(TalksOpened(talks_id=None, title=f"batch {i}"), actor_id=None)
            audit_log.finish_batch()
            audit_log.end_batch()
    finally:
        heads.sign_pending = original  # type: ignore[method-assign]
    return {"per_write": per_write, "per_head": per_head, "batch_head": spent[0], "batch_events": float(n)}


INNER: dict[str, Callable[[], Any]] = {
    "forged_append": _forged_append,
    "forged_signature": _forged_signature,
    "truncate_last_3": lambda: _truncate(3),
    "edit_recompute": lambda: _rechain(10, lambda r: r["payload"].update({"forged": True})),
    "flip_sealed_bit": lambda: _flip_bit(12),
    "widen_audience": lambda: _sql("UPDATE audit_event SET audience = ' all ' WHERE id = %s", [14]),
    "widen_audience_recompute": lambda: _rechain(14, lambda r: r.update(audience=" all ")),
    "legit_writes": lambda: _legit_writes(3),
    "rotate_then_write": lambda: (_rotate(), _legit_writes(3)),
    "post_in_own_room": lambda: _post_in_own_room(2),
    "receipt": lambda: _receipt(),
    "signing_cost": lambda: print(json.dumps(_signing_cost(int(os.environ.get("TAMPER_N", "300"))))),
}


def _post_in_own_room(n: int) -> None:
    """A party posts in its own room, as the server lets it (signed, witnessed): events its receipt holds."""
    from wasit.caucus import actions as caucus
    from wasit.caucus.models import Room
    from wasit.policy import viewer_for
    from wasit.talks.models import Membership

    seat = Membership.objects.select_related("user").get(user__username=os.environ["TAMPER_USER"])
    room = Room.objects.get(party_id=seat.party_id)
    for i in range(n):
        caucus.post_message(viewer_for(seat.user), room, text=f"{seat.user.username} point {i}")


def _receipt() -> None:
    """The receipt the user's browser would download from the talks page, written to TAMPER_OUT."""
    from wasit.policy import viewer_for
    from wasit.record.queries import receipt
    from wasit.talks.models import Membership

    seat = Membership.objects.select_related("user", "talks").get(user__username=os.environ["TAMPER_USER"])
    data = receipt(viewer_for(seat.user), seat.talks)
    Path(os.environ["TAMPER_OUT"]).write_text(json.dumps(data), encoding="utf-8")


def _rotate() -> None:
    from wasit.audit import signing

    signing.rotate()


def inner(name: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wasit.config.settings")
    import django

    django.setup()
    from django.db import transaction

    if name in {"legit_writes", "rotate_then_write", "signing_cost", "post_in_own_room", "receipt"}:
        INNER[name]()
        return
    with transaction.atomic():
        INNER[name]()


# ---- the driver ----------------------------------------------------------------------------

@dataclass
class Deployment:
    data: Path
    url: str | None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
        env.update(WASIT_DATA_DIR=str(self.data), PYTHONPATH=str(REPO_ROOT))
        if self.url:
            env["DATABASE_URL"] = self.url
        return env

    def wasit(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*WASIT, *args], env=self.env(), capture_output=True, text=True, timeout=300,
                              cwd=REPO_ROOT)

    def tamper(self, name: str, **extra: str) -> str:
        done = subprocess.run([sys.executable, __file__, "--inner", name], env={**self.env(), **extra},
                              capture_output=True, text=True, timeout=300, cwd=REPO_ROOT)
        if done.returncode != 0:
            raise RuntimeError(f"tampering {name} failed: {done.stderr[-2000:]}")
        return done.stdout


class Databases:
    """Copies of the demo database: files on SQLite, template copies on PostgreSQL."""

    def __init__(self, root: Path, postgres: str | None) -> None:
        self.root, self.postgres, self.made = root, postgres, []  # type: list[str]
        self.base = root / "base"

    def url(self, name: str) -> str | None:
        if self.postgres is None:
            return None
        return self.postgres.rsplit("/", 1)[0] + f"/{name}"

    def _admin(self, sql: str) -> None:
        import psycopg

        assert self.postgres is not None  # noqa: S101
        with psycopg.connect(self.postgres, autocommit=True) as conn:
            conn.execute(sql)

    def make_base(self) -> Deployment:
        self.base.mkdir(mode=0o700)
        name = f"tamper_{os.getpid()}_base"
        if self.postgres:
            self._admin(f'CREATE DATABASE "{name}"')
            self.made.append(name)
        base = Deployment(self.base, self.url(name))
        done = base.wasit("demo", "--no-serve")
        if done.returncode != 0:
            raise RuntimeError(f"demo failed: {done.stderr}")
        return base

    def copy(self, case: str, source: Deployment | None = None) -> Deployment:
        source = source or Deployment(self.base, self.url(f"tamper_{os.getpid()}_base"))
        target = self.root / case
        shutil.copytree(source.data, target)
        # A case's label is a sentence; PostgreSQL names stop at 63 bytes.
        name = f"tamper_{os.getpid()}_{len(self.made)}"
        if self.postgres and source.url:
            self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{source.url.rsplit("/", 1)[1]}"')
            self.made.append(name)
        return Deployment(target, self.url(name))

    def drop(self) -> None:
        for name in reversed(self.made):
            self._admin(f'DROP DATABASE IF EXISTS "{name}"')


@dataclass
class Result:
    case: str
    detected: bool
    named: bool
    message: str


def _judge(case: str, done: subprocess.CompletedProcess[str], expect: int | str | None) -> Result:
    text = (done.stderr or "").strip()
    one_line = "Traceback" not in text
    if expect == "ok":  # a control: must pass
        ok = done.returncode == 0
        return Result(case, ok, ok, text.splitlines()[-1] if text else done.stdout.strip())
    detected = done.returncode != 0
    message = [line for line in text.splitlines() if not line.startswith("note:")]
    named = detected and one_line and (expect is None or f"event {expect}" in text)
    return Result(case, detected, named, message[-1] if message else "")


def run_cases(postgres: str | None) -> list[Result]:
    root = Path(tempfile.mkdtemp(prefix="wasit-tamper-"))
    dbs = Databases(root, postgres)
    results: list[Result] = []
    try:
        base = dbs.make_base()
        n = json.loads(base.wasit("export", "-").stdout.splitlines()[0])["events"]

        def case(name: str, expect: int | str | None, tamper: str | None = None,
                 verify: tuple[str, ...] = ()) -> Deployment:
            d = dbs.copy(name)
            if tamper:
                d.tamper(tamper)
            results.append(_judge(name, d.wasit("verify", *verify), expect))
            return d

        case("untouched (control)", "ok")
        case("forged event appended, digest computed like chain.py", n + 1, "forged_append")
        case("forged event with a forged signed head", n + 1, "forged_signature")
        case("last 3 events and their heads deleted", n - 2, "truncate_last_3")
        case("event edited, every later digest recomputed", 10, "edit_recompute")
        case("one bit flipped in a sealed payload", 12, "flip_sealed_bit")
        case("audience widened", 14, "widen_audience")
        case("audience widened, later digests recomputed", 14, "widen_audience_recompute")

        # check must fail when verify does
        d = dbs.copy("check")
        d.tamper("forged_append")
        checked = d.wasit("check")
        results.append(Result("`wasit check` after a forged append", checked.returncode != 0,
                              checked.returncode != 0 and "event log does not verify" in checked.stdout,
                              next((ln for ln in checked.stdout.splitlines() if "event log" in ln), "")))

        # rolled back to an old backup (database and witness) while someone kept a newer head
        old = dbs.copy("rollback-old")
        newer = dbs.copy("rollback-newer")
        newer.tamper("legit_writes")
        kept = root / "kept-head.json"
        newer.wasit("verify", "--keep-head", str(kept))
        results.append(_judge("restored from an old backup, newer head kept by someone",
                              old.wasit("verify", "--head", str(kept)), n + 1))

        # receipts: a party downloads one, then the database is restored from an older backup
        # (with its witness: the backup holds both), or rewritten after the restore
        newer = dbs.copy("receipt-newer")
        newer.tamper("post_in_own_room", TAMPER_USER="us-head")
        us_receipt = root / "us-receipt.json"
        newer.tamper("receipt", TAMPER_USER="us-head", TAMPER_OUT=str(us_receipt))
        results.append(_judge("a party's receipt checked against the log that issued it (control)",
                              newer.wasit("verify", "--receipt", str(us_receipt)), "ok"))
        restored = dbs.copy("receipt-restored")
        results.append(_judge("a rolled-back database restored from an old backup while a party holds a "
                              "newer receipt", restored.wasit("verify", "--receipt", str(us_receipt)), n + 1))
        rewritten = dbs.copy("receipt-rewritten")
        rewritten.tamper("legit_writes")
        results.append(_judge("restored from an old backup and written on past the receipt's head",
                              rewritten.wasit("verify", "--receipt", str(us_receipt)), n + 1))

        # two forks shown to two parties (the server's key signs both): each party's receipt
        # detects the fork in the log the other was shown (its database, or its export)
        fork_b = dbs.copy("fork-b")
        fork_b.tamper("post_in_own_room", TAMPER_USER="ir-head")
        ir_receipt = root / "ir-receipt.json"
        fork_b.tamper("receipt", TAMPER_USER="ir-head", TAMPER_OUT=str(ir_receipt))
        results.append(_judge("two forks shown to two parties: the US receipt against the fork Iran was shown",
                              fork_b.wasit("verify", "--receipt", str(us_receipt)), n + 1))
        fork_a_export = root / "fork-a.jsonl"
        newer.wasit("export", str(fork_a_export))
        results.append(_judge("two forks shown to two parties: Iran's receipt against an export of the US's fork",
                              fork_b.wasit("verify", "--receipt", str(ir_receipt), "--export", str(fork_a_export)),
                              n + 1))

        # key rotation mid-log: no false alarm, and tampering before the rotation is still named
        rotated = dbs.copy("rotation")
        rotated.tamper("rotate_then_write")
        results.append(_judge("key rotated mid-log (control)", rotated.wasit("verify"), "ok"))
        rotated.tamper("edit_recompute")
        results.append(_judge("key rotated mid-log, then an old event edited and rechained",
                              rotated.wasit("verify"), 10))

        # exports
        ex = dbs.copy("export")
        path = root / "log.jsonl"
        ex.wasit("export", str(path))
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        results.append(_judge("export untouched (control)", ex.wasit("verify", "--export", str(path)), "ok"))
        header = json.loads(lines[0])
        edited = dict(header, events=header["events"] - 1)
        (root / "reheaded.jsonl").write_text(json.dumps(edited) + "\n" + "".join(lines[1:]), encoding="utf-8")
        results.append(_judge("export header edited", ex.wasit("verify", "--export", str(root / "reheaded.jsonl")),
                              None))
        (root / "short.jsonl").write_text("".join(lines[:-1]), encoding="utf-8")
        results.append(_judge("export's last line deleted", ex.wasit("verify", "--export", str(root / "short.jsonl")),
                              None))
        event_lines = [i for i, line in enumerate(lines) if line.startswith('{"event"')]
        cut = "".join(lines[:event_lines[-1]])
        (root / "cut.jsonl").write_text(cut, encoding="utf-8")
        results.append(_judge("export cut after its second-to-last event",
                              ex.wasit("verify", "--export", str(root / "cut.jsonl")), n))
    finally:
        dbs.drop()
        shutil.rmtree(root, ignore_errors=True)
    return results


def signing_cost(postgres: str | None, n: int) -> dict[str, float]:
    root = Path(tempfile.mkdtemp(prefix="wasit-tamper-"))
    dbs = Databases(root, postgres)
    try:
        d = dbs.copy("cost", dbs.make_base())
        env = dict(d.env(), TAMPER_N=str(n))
        done = subprocess.run([sys.executable, __file__, "--inner", "signing_cost"], env=env,
                              capture_output=True, text=True, timeout=600, cwd=REPO_ROOT)
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-2000:])
        result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
        return result
    finally:
        dbs.drop()
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="also run every case on PostgreSQL (a URL to an admin database)")
    parser.add_argument("--postgres-only", action="store_true",
                        help="with --postgres: skip the SQLite cases (the suite's PostgreSQL phase)")
    parser.add_argument("--signing-cost", action="store_true", help="measure the cost of signing per event")
    parser.add_argument("--events", type=int, default=300, help="events written by --signing-cost")
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        inner(args.inner)
        return 0
    if args.signing_cost:
        for label, url in [("sqlite", None), *([("postgresql", args.postgres)] if args.postgres else [])]:
            cost = signing_cost(url, args.events)
            print(f"{label}: one action writing one event: {cost['per_write'] * 1e6:.0f} µs in all, of which "
                  f"{cost['per_head'] * 1e6:.0f} µs signing its head; one head for a live-writer batch of "
                  f"{cost['batch_events']:.0f} events: {cost['batch_head'] * 1e6:.0f} µs "
                  f"({cost['batch_head'] / cost['batch_events'] * 1e6:.1f} µs per event)")
        return 0
    misses = 0
    databases = [("sqlite", None), *([("postgresql", args.postgres)] if args.postgres else [])]
    if args.postgres_only:
        databases = databases[1:]
    for label, url in databases:
        for r in run_cases(url):
            verdict = "named" if r.named else ("detected" if r.detected else "MISSED")
            misses += 0 if r.named else 1
            print(f"{label:<10} {verdict:<8} {r.case}: {r.message[:160]}")
    print("all detected and named" if not misses else f"{misses} case(s) missed or not named")
    return 1 if misses else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
