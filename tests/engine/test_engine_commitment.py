"""Commitments to sealed offers: stable canonical form, digests that catch any change."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from wasit.engine.commitment import (
    TAG,
    Commitment,
    canonical_offer,
    commit,
    commitments_document,
    offer_from_json,
    offer_to_json,
    verify,
    verify_document,
    verify_file,
)
from wasit.engine.errors import CommitmentError
from wasit.engine.matching import Offer, Requirement, quantity

OFFER = Offer(
    "iran-1",
    "إيران",  # non-ASCII strings stay as they are, in UTF-8
    {"restrain-red-sea": None, "pause-enrichment": quantity("12.50", "weeks")},
    (
        Requirement("United States", "press-gaza-ceasefire"),
        Requirement("United States", "release-funds", at_least=quantity("6E+9", "USD")),
    ),
    partial_ok=False,
)
NONCE = bytes(range(32))


def test_the_canonical_form_is_the_documented_json() -> None:
    assert canonical_offer(OFFER) == (
        '{"gives":{"pause-enrichment":{"amount":"12.5","unit":"weeks"},"restrain-red-sea":null},'
        '"id":"iran-1","partial_ok":false,"party":"إيران","requires":['
        '{"at_least":null,"at_most":null,"move":"press-gaza-ceasefire","party":"United States"},'
        '{"at_least":{"amount":"6000000000","unit":"USD"},"at_most":null,"move":"release-funds",'
        '"party":"United States"}]}'
    ).encode()


def test_the_digest_is_sha256_of_tag_canonical_form_and_nonce() -> None:
    """Anyone can recompute it offline with any SHA-256 tool."""
    sealed = commit(OFFER, nonce=NONCE)
    assert sealed.nonce == NONCE.hex()
    assert sealed.digest == hashlib.sha256(TAG + canonical_offer(OFFER) + NONCE).hexdigest()
    assert TAG == b"wasit sealed offer v1\x00"


def test_the_canonical_form_is_stable_under_key_order_and_equivalent_numbers() -> None:
    reordered = Offer(
        "iran-1",
        "إيران",
        {"pause-enrichment": quantity("12.5000", "weeks"), "restrain-red-sea": None},
        tuple(reversed(OFFER.requires)),
        partial_ok=False,
    )
    assert canonical_offer(reordered) == canonical_offer(OFFER)
    as_json = json.loads(json.dumps(offer_to_json(OFFER), sort_keys=False))
    shuffled = dict(reversed(list(as_json.items())))
    assert canonical_offer(offer_from_json(shuffled)) == canonical_offer(OFFER)


def test_a_revealed_offer_verifies_and_fresh_nonces_differ() -> None:
    first, second = commit(OFFER), commit(OFFER)
    assert first.nonce != second.nonce and first.digest != second.digest
    assert verify(OFFER, first.nonce, first.digest)
    assert verify(OFFER, second.nonce, second.digest)


@pytest.mark.parametrize(
    "changed",
    [
        replace(OFFER, gives={"restrain-red-sea": None, "pause-enrichment": quantity("12.51", "weeks")}),
        replace(OFFER, gives={"restrain-red-sea": None, "pause-enrichment": quantity("12.5", "days")}),
        replace(OFFER, party="Iran"),
        replace(OFFER, id="iran-2"),
        replace(OFFER, partial_ok=True),
        replace(OFFER, gives={"restrain-red-sea": None}),
        replace(OFFER, requires=(Requirement("United States", "press-gaza-ceasefire"),)),
        replace(OFFER, requires=(
            Requirement("Qatar", "press-gaza-ceasefire"),
            Requirement("United States", "release-funds", at_least=quantity("6E+9", "USD")),
        )),
        replace(OFFER, requires=(
            Requirement("United States", "press-gaza-ceasefire"),
            Requirement("United States", "release-funds", at_most=quantity("6E+9", "USD")),
        )),
    ],
    ids=["quantity", "unit", "party", "id", "partial", "move", "requirement", "required-party",
         "bound-side"],
)
def test_any_change_to_the_offer_fails_verification(changed: Offer) -> None:
    sealed = commit(OFFER, nonce=NONCE)
    assert not verify(changed, sealed.nonce, sealed.digest)


def test_a_wrong_nonce_fails_and_a_malformed_one_is_an_error() -> None:
    sealed = commit(OFFER, nonce=NONCE)
    assert not verify(OFFER, bytes(32).hex(), sealed.digest)
    with pytest.raises(CommitmentError, match="64 hexadecimal digits"):
        verify(OFFER, "zz" * 32, sealed.digest)
    with pytest.raises(CommitmentError, match="64 hexadecimal digits"):
        verify(OFFER, sealed.nonce, sealed.digest[:-2])
    with pytest.raises(CommitmentError, match="32 bytes"):
        commit(OFFER, nonce=b"short")


def _file(tmp_path: Path, entries: list[object]) -> Path:
    path = tmp_path / "commitments.json"
    path.write_text(json.dumps({"format": "wasit-commitments", "version": 1,
                                "commitments": entries}), encoding="utf-8")
    return path


def test_a_commitments_file_of_revealed_offers_verifies(tmp_path: Path) -> None:
    us = Offer("us-1", "United States", {"press-gaza-ceasefire": None},
               (Requirement("إيران", "restrain-red-sea"),))
    path = tmp_path / "revealed.json"
    path.write_text(commitments_document([(OFFER, commit(OFFER)), (us, commit(us))]),
                    encoding="utf-8")
    result = verify_file(path)
    assert result.ok and result.failed == ()
    assert [e.offer_id for e in result.entries] == ["iran-1", "us-1"]


def test_the_file_check_names_every_entry_that_fails(tmp_path: Path) -> None:
    sealed = commit(OFFER, nonce=NONCE)
    good = {"offer": offer_to_json(OFFER), "nonce": sealed.nonce, "digest": sealed.digest}
    tampered = json.loads(json.dumps(good))
    tampered["offer"]["gives"]["pause-enrichment"]["amount"] = "13"
    wrong_nonce = dict(good, nonce=bytes(32).hex())
    no_digest = {"offer": offer_to_json(OFFER), "nonce": sealed.nonce}
    float_amount = json.loads(json.dumps(good))
    float_amount["offer"]["gives"]["pause-enrichment"]["amount"] = 12.5
    result = verify_file(_file(tmp_path, [good, tampered, wrong_nonce, no_digest, float_amount, 7]))
    assert not result.ok
    assert [(e.index, e.offer_id, e.ok) for e in result.entries] == [
        (1, "iran-1", True), (2, "iran-1", False), (3, "iran-1", False), (4, "iran-1", False),
        (5, "iran-1", False), (6, None, False),
    ]
    reasons = [e.reason for e in result.failed]
    assert reasons[0] == reasons[1] == "the digest does not match this offer and nonce"
    assert "no 'digest'" in reasons[2]
    assert "'amount' must be a str" in reasons[3]
    assert reasons[4] == "the entry is not an object"


def test_an_unreadable_file_is_an_error_not_a_result(tmp_path: Path) -> None:
    with pytest.raises(CommitmentError, match="not valid JSON"):
        verify_document("{nope")
    with pytest.raises(CommitmentError, match="not a commitments file"):
        verify_document('{"format": "other"}')
    with pytest.raises(CommitmentError, match="version 2"):
        verify_document('{"format": "wasit-commitments", "version": 2, "commitments": []}')
    with pytest.raises(CommitmentError, match="appears twice"):
        verify_document('{"format": "wasit-commitments", "format": "wasit-commitments"}')
    with pytest.raises(CommitmentError, match="Cannot read"):
        verify_file(tmp_path / "missing.json")
    assert not verify_document('{"format":"wasit-commitments","version":1,"commitments":[]}').ok


def test_a_revealed_offer_that_breaks_the_offer_rules_fails_with_the_reason() -> None:
    own = offer_to_json(OFFER)
    own["requires"][0]["party"] = OFFER.party
    sealed = Commitment(digest="00" * 32, nonce="00" * 32)
    document = json.dumps({"format": "wasit-commitments", "version": 1, "commitments": [
        {"offer": own, "nonce": sealed.nonce, "digest": sealed.digest}]})
    (entry,) = verify_document(document).entries
    assert not entry.ok and "itself" in entry.reason
