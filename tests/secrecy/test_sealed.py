"""Secrecy at rest: the database alone reveals no party's words; keys rotate."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from tests.live.server import Deployment, Server
from tests.personas import CANARY, Cast
from wasit.secrecy.keys import KeyError_, Keyring, is_sealed
from wasit.secrecy.rotate import sealed_columns

SEALED = [("caucus_message", "text"), ("caucus_relay", "text"), ("caucus_withholding", "reason"),
          ("audit_event", "payload"), ("packages_scoreversion", "note"),
          ("texts_textversion", "clauses"), ("texts_stance", "comment"), ("texts_stance", "proposed"),
          ("texts_negotiatingtext", "title"),
          ("offers_sealedoffer", "gives"), ("offers_sealedoffer", "requires"), ("offers_sealedoffer", "nonce"),
          ("offers_sealedoffer", "note"), ("offers_offermatch", "package"), ("offers_blindbid", "figure")]


def _column_values(table: str, column: str) -> list[str]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM {table}")  # noqa: S608 (fixed names)
        return [str(v) for (v,) in cur.fetchall() if v is not None]


def test_the_database_holds_only_sealed_party_texts(cast: Cast) -> None:
    everything = ""
    for table, column in SEALED:
        values = _column_values(table, column)
        filled = [v for v in values if v]
        assert filled, f"{table}.{column} has rows with a value"
        assert [v for v in filled if not is_sealed(v)] == [], f"{table}.{column} holds plaintext"
        everything += "".join(values)
    for canary in CANARY.values():
        assert canary not in everything


def test_every_party_private_column_is_sealed() -> None:
    """The list of sealed columns is the one this test expects: a new private field must join it."""
    found = {(table, column) for table, _pk, column, _f in sealed_columns()}
    assert set(SEALED) <= found
    assert ("accounts_totpdevice", "secret") in found


def test_a_value_moved_to_another_column_does_not_open(cast: Cast) -> None:
    from wasit.caucus.models import Message, Relay

    with connection.cursor() as cur:
        cur.execute("SELECT text FROM caucus_message ORDER BY id LIMIT 1")
        (sealed,) = cur.fetchone()
        cur.execute("UPDATE caucus_relay SET text = %s", [sealed])
    with pytest.raises(KeyError_):
        list(Relay.objects.all())
    assert Message.objects.first() is not None


def test_a_keyring_refuses_altered_ciphertext() -> None:
    ring = Keyring(primary="k1", keys={"k1": b"\x01" * 32})
    sealed = ring.seal("secret", context=b"t.c")
    assert ring.open(sealed, context=b"t.c") == "secret"
    altered = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]
    with pytest.raises(KeyError_):
        ring.open(altered, context=b"t.c")


def _sqlite_bytes(data: Path) -> bytes:
    return b"".join(p.read_bytes() for p in data.glob("wasit.sqlite3*"))


def test_a_stolen_database_file_reveals_no_message_and_rotation_keeps_everything(tmp_path: Path) -> None:
    deployment = Deployment(tmp_path / "data", None)
    deployment.prepare("om-lead", "us-head")
    server = Server(deployment).start()
    secret = "CANARY-AT-REST-6d2f"
    try:
        _s, rooms = server.call("GET", "/api/v1/talks/1/rooms", deployment.tokens["om-lead"])
        us_room = next(r["id"] for r in rooms if r["party_id"] == 1)
        status, posted = server.call("POST", f"/api/v1/rooms/{us_room}/messages", deployment.tokens["us-head"],
                                     {"text": f"our fallback position {secret}"})
        assert status == 201
    finally:
        server.stop()
    assert secret.encode() not in _sqlite_bytes(deployment.data_dir)
    keyring_before = json.loads((deployment.data_dir / "keys.json").read_text())
    assert (deployment.data_dir / "keys.json").stat().st_mode & 0o077 == 0

    out = deployment.run("rotate-key")
    assert "older keys dropped" in out
    keyring_after = json.loads((deployment.data_dir / "keys.json").read_text())
    assert list(keyring_after["keys"]) == [keyring_after["primary"]] != [keyring_before["primary"]]
    with sqlite3.connect(deployment.data_dir / "wasit.sqlite3") as db:
        for table, column in SEALED:
            for (value,) in db.execute(f"SELECT {column} FROM {table}"):  # noqa: S608
                if value:
                    assert value.startswith(f"wsc1:{keyring_after['primary']}:"), (table, value[:12])
    assert deployment.run("verify").startswith("ok: ")
    server = Server(deployment).start()
    try:
        _s, history = server.call("GET", f"/api/v1/rooms/{us_room}/messages", deployment.tokens["om-lead"])
        assert any(secret in item["text"] for item in history["items"])
    finally:
        server.stop()


def test_an_interrupted_rotation_carries_on_with_the_same_key(cast: Cast, settings: object) -> None:
    from wasit.secrecy import keys, rotate

    old = keys.keyring()
    try:
        first = rotate.rotate(progress=lambda _line: None, max_batches=1)
        assert not first["finished"]
        primary = keys.keyring().primary
        assert len(keys.keyring().keys) == 2
        second = rotate.rotate(progress=lambda _line: None)
        assert second["finished"] and second["primary"] == primary
        assert list(keys.keyring().keys) == [primary]
        from wasit.caucus.models import Message

        assert CANARY["us"] in Message.objects.get(pk=cast.messages["us"].pk).text
    finally:
        # The rows roll back to the run's shared cast, sealed under the old key: put it back.
        keys.write_keyring(old)
        keys.reset()
