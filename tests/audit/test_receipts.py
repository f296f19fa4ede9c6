"""The parties keep receipts: what a receipt holds, what it hides, and what it catches.

A receipt is the log's signed head and inclusion proofs for the events its
holder was shown (`wasit.audit.receipts`); `wasit verify --receipt` proves
that the log still extends it, or names where it forked.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from tests.personas import CANARY, Cast
from wasit import policy
from wasit.audit import chain, heads, receipts, signing
from wasit.audit.models import Event
from wasit.record.events import ForkReported


@pytest.fixture(autouse=True)
def _fresh_tree() -> None:
    receipts.forget()


def _receipt(client_for: Callable[[str | None], Client], cast: Cast, persona: str) -> dict[str, Any]:
    response = client_for(persona).get(f"/api/v1/talks/{cast.talks.pk}/receipt")
    assert response.status_code == 200, response.content
    data: dict[str, Any] = response.json()
    return data


def test_every_rfc9162_proof_from_the_tree_verifies_and_a_changed_one_does_not() -> None:
    t = receipts._Tree()
    for i in range(70):
        t.append(hashlib.sha256(str(i).encode()).hexdigest())
    for n in range(1, 71):
        root = t.root(n)
        for i in range(n):
            path = [bytes.fromhex(p) for p in t.inclusion(i, n)]
            assert receipts.verify_rfc_inclusion(t.leaves[i], i, n, path, root), (i, n)
            assert not receipts.verify_rfc_inclusion(t.leaves[(i + 1) % n], i, n, path, root) or n == 1
        for m in range(1, n + 1):
            proof = receipts.rfc_consistency(t, m, n)
            assert receipts.verify_rfc_consistency(m, n, t.root(m), root, proof), (m, n)
            assert not receipts.verify_rfc_consistency(m, n, t.leaves[0] if m > 1 else t.root(2), root,
                                                       proof) or m == n == 1, (m, n)
            if proof:
                forged = [bytes(32), *proof[1:]]
                assert not receipts.verify_rfc_consistency(m, n, t.root(m), root, forged), (m, n)


def test_a_receipt_is_the_newest_signed_head_and_a_proof_for_each_event_the_party_was_shown(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    data = _receipt(client_for, cast, "us_member")
    assert (data["format"], data["version"], data["hash"]) == ("wasit-receipt", 1, "rfc9162-sha256")
    head = heads.latest_head()
    assert head is not None and data["head"] == head.to_dict()
    assert data["reader"] == f"party:{cast.parties['us'].pk}"
    assert data["public_key"] and not head.problem(signing.public_keys())
    root = bytes.fromhex(head.root)
    for e in data["events"]:
        assert e["leaf"] == e["id"] - 1
        path = [bytes.fromhex(p) for p in e["path"]]
        assert receipts.verify_rfc_inclusion(receipts.leaf_hash(e["digest"]), e["leaf"], head.size, path, root)
    viewer = policy.viewer_for(cast.user("us_member"))
    seen = [ev for ev in Event.objects.filter(talks=cast.talks) if policy.can(viewer, "view", ev).allowed]
    assert [e["id"] for e in data["events"]] == [ev.id for ev in seen]
    assert [e["digest"] for e in data["events"]] == [ev.hash for ev in seen]


def test_a_us_receipt_holds_no_digest_kind_or_text_of_an_event_the_us_may_not_see(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    raw = client_for("us_head").get(f"/api/v1/talks/{cast.talks.pk}/receipt").content.decode()
    us, ir = f"party:{cast.parties['us'].pk}", f"party:{cast.parties['ir'].pk}"
    iran_only = [e for e in Event.objects.filter(talks=cast.talks)
                 if not {"all", us} & set(e.audience.split())]
    assert any(ir in e.audience.split() for e in iran_only), "the cast has Iran-only events"
    for e in iran_only:
        assert e.hash not in raw, f"the US receipt carries the digest of Iran's event {e.id} ({e.kind})"
    # Nor the kinds or texts of any event: digests and proofs only.
    for kind in set(Event.objects.values_list("kind", flat=True)):
        assert kind not in raw
    for canary in CANARY.values():
        assert canary not in raw


def test_the_mediators_receipt_covers_what_their_reader_admits_and_not_a_partys_private_scores(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    data = _receipt(client_for, cast, "mediator")
    assert data["reader"] == "mediators"
    viewer = policy.viewer_for(cast.user("mediator"))
    expected = [ev.id for ev in Event.objects.filter(talks=cast.talks) if policy.can(viewer, "view", ev).allowed]
    assert [e["id"] for e in data["events"]] == expected


def test_someone_without_a_seat_gets_no_receipt_and_no_proof(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    outsider = client_for("outsider")
    assert outsider.get(f"/api/v1/talks/{cast.talks.pk}/receipt").status_code == 404
    assert outsider.get(f"/api/v1/talks/{cast.talks.pk}/log/consistency?from=1").status_code == 404
    assert client_for(None).get(f"/api/v1/talks/{cast.talks.pk}/receipt").status_code == 401


def test_the_consistency_route_proves_the_newest_head_extends_an_older_one(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    client = client_for("ir_observer")
    head = heads.latest_head()
    assert head is not None
    tree = receipts.log_tree()
    for old in (1, 2, head.size // 2, head.size - 1, head.size):
        data = client.get(f"/api/v1/talks/{cast.talks.pk}/log/consistency?from={old}").json()
        assert (data["from"], data["to"], data["head"]) == (old, head.size, head.to_dict())
        proof = [bytes.fromhex(p) for p in data["proof"]]
        assert receipts.verify_rfc_consistency(old, head.size, tree.root(old), bytes.fromhex(head.root), proof)
    assert client.get(f"/api/v1/talks/{cast.talks.pk}/log/consistency?from={head.size + 1}").status_code == 400


def _save(data: dict[str, Any], tmp_path: Path) -> Path:
    path = tmp_path / "receipt.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _rechain(start: int, edit: Callable[[dict[str, Any]], None]) -> None:
    """What an attacker with the database would do: edit event `start` and recompute every later digest."""
    from wasit.audit.verify import database_rows

    rows = list(database_rows())
    prev = rows[start - 2]["hash"] if start > 1 else chain.GENESIS
    payload_field = Event._meta.get_field("payload")
    with connection.cursor() as cur:
        for row in rows[start - 1:]:
            if row["id"] == start:
                edit(row)
            fields = chain.event_fields(id=row["id"], kind=row["kind"], talks_id=row["talks_id"],
                                        actor_id=row["actor_id"], audience=row["audience"],
                                        payload=row["payload"], created_at=row["created_at"])
            new = chain.digest(prev, fields)
            cur.execute("UPDATE audit_event SET hash = %s WHERE id = %s", [f"tmp{row['id']}", row["id"]])
            cur.execute("UPDATE audit_event SET payload = %s, prev_hash = %s, hash = %s WHERE id = %s",
                        [payload_field.get_prep_value(row["payload"]), prev, new, row["id"]])
            prev = new


def test_verify_receipt_passes_on_the_log_that_issued_it_and_after_it_grew(
    cast: Cast, client_for: Callable[[str | None], Client], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _save(_receipt(client_for, cast, "us_head"), tmp_path)
    from wasit.caucus import actions as caucus

    caucus.post_message(policy.viewer_for(cast.user("us_head")), cast.rooms["us"], text="One more point")
    call_command("verify", receipt=path)
    assert f"ok: the log extends the receipt {path}" in capsys.readouterr().out


def test_verify_receipt_names_the_event_where_a_rewritten_log_forked_from_it(
    cast: Cast, client_for: Callable[[str | None], Client], tmp_path: Path
) -> None:
    data = _receipt(client_for, cast, "us_head")
    path = _save(data, tmp_path)
    mine = data["events"][len(data["events"]) // 2]["id"]
    _rechain(mine, lambda row: row["payload"].update(forged=True))
    with pytest.raises(CommandError) as raised:
        call_command("verify", receipt=path)
    message = str(raised.value)
    assert message.startswith(f"event {mine}: the log forked from your receipt"), message
    assert "\n" not in message and "Traceback" not in message


def test_verify_receipt_names_the_first_missing_event_when_the_log_was_cut_back(
    cast: Cast, client_for: Callable[[str | None], Client], tmp_path: Path
) -> None:
    path = _save(_receipt(client_for, cast, "ir_head"), tmp_path)
    size = Event.objects.count()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_event WHERE id > %s", [size - 2])
        cur.execute("DELETE FROM audit_head WHERE size > %s", [size - 2])
    with pytest.raises(CommandError, match=rf"^event {size - 1}: missing; the log holds {size - 2} event"):
        call_command("verify", receipt=path)


def test_verify_receipt_refuses_a_receipt_that_was_itself_edited(
    cast: Cast, client_for: Callable[[str | None], Client], tmp_path: Path
) -> None:
    data = _receipt(client_for, cast, "us_head")
    data["events"][0]["digest"] = "ab" * 32
    with pytest.raises(CommandError, match="the receipt itself was altered"):
        call_command("verify", receipt=_save(data, tmp_path))


def _forged_head() -> heads.SignedHead:
    """A head the server's own key signed over a history the log does not hold (a fork)."""
    head = heads.latest_head()
    assert head is not None
    keys = signing.signing_keys()
    root = "cd" * 32
    sig = keys.sign(heads.statement(log=head.log, size=head.size, root=root, key_id=keys.primary,
                                    signed_at=head.signed_at))
    return heads.SignedHead(head.log, head.size, root, keys.primary, head.signed_at, sig)


def test_a_fork_report_is_recorded_for_the_mediators_and_refused_when_there_is_no_fork(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    url = f"/api/v1/talks/{cast.talks.pk}/log/fork-reports"
    head = heads.latest_head()
    assert head is not None
    client = client_for("us_observer")

    def post(held: heads.SignedHead, served: heads.SignedHead) -> Any:
        return client.post(url, data=json.dumps({"held": held.to_dict(), "served": served.to_dict(),
                                                 "problem": "not consistent"}), content_type="application/json")

    assert post(head, head).status_code == 400  # both in the log: nothing forked
    unsigned = heads.SignedHead(head.log, head.size, "ef" * 32, head.key_id, head.signed_at, head.signature)
    assert post(unsigned, head).status_code == 400  # not signed by the server: made up
    answer = post(_forged_head(), head)
    assert answer.status_code == 201, answer.content
    assert (answer.json()["held_in_log"], answer.json()["served_in_log"]) == (False, True)
    event = Event.objects.get(pk=answer.json()["event_id"])
    assert event.kind == ForkReported.kind
    assert policy.can(policy.viewer_for(cast.user("mediator")), "view", event).allowed
    for party in ("us_head", "us_observer", "ir_head"):
        assert not policy.can(policy.viewer_for(cast.user(party)), "view", event).allowed


def test_verify_receipt_offline_against_an_export_passes_and_names_a_fork_in_it(
    cast: Cast, client_for: Callable[[str | None], Client], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _receipt(client_for, cast, "ir_member")
    path = _save(data, tmp_path)
    export = tmp_path / "log.jsonl"
    call_command("export", str(export))
    call_command("verify", receipt=path, export=export)
    assert "ok: the log extends the receipt" in capsys.readouterr().out
    mine = data["events"][-1]["id"]
    _rechain(mine, lambda row: row["payload"].update(forged=True))
    rewritten = tmp_path / "rewritten.jsonl"
    call_command("export", str(rewritten))
    with pytest.raises(CommandError, match=rf"^event {mine}: the log forked from your receipt"):
        call_command("verify", receipt=path, export=rewritten)
