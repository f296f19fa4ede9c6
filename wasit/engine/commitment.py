"""Commitments to sealed offers: a digest shown at submission, checkable offline after a reveal.

Canonical form of an offer (version 1): the UTF-8 bytes of the JSON object

    {"gives":{MOVE:QUANTITY,...},"id":ID,"partial_ok":BOOL,"party":PARTY,
     "requires":[{"at_least":QUANTITY,"at_most":QUANTITY,"move":MOVE,"party":PARTY},...]}

written with keys sorted (by Unicode code point), no whitespace (separators ``,`` and
``:``), non-ASCII characters as themselves (not ``\\u`` escapes) and the JSON escapes of
Python's ``json`` module for quotes, backslashes and control characters. ``QUANTITY`` is
``null`` (a move without a quantity, or a missing bound) or ``{"amount":A,"unit":U}``
where ``A`` is the exact decimal as a *string* in plain notation, no exponent, no trailing
zeros after the point, no sign for zero (``"2.5"``, ``"1000"``, ``"0.000001"``) and ``U``
the unit or ``null``. ``requires`` is sorted by (party, move). Strings are kept exactly as
given (no Unicode normalisation), so the revealed offer must carry the very strings sealed.
Commit to the offer checked against the menu (:meth:`~wasit.engine.matching.Menu.check`),
whose quantities all state their unit.

Digest: ``SHA-256(TAG || canonical || nonce)``, lowercase hex, where ``TAG`` is the 21
ASCII bytes ``wasit sealed offer v1`` followed by a zero byte and ``nonce`` is 32 random
bytes (:func:`secrets.token_bytes`) shown, with the digest, to the submitting party only.
The tag keeps a digest of an offer from ever being valid for any other kind of Wasit
record; the nonce is fixed-length and last, so the input splits one way only; it also
makes the digest *hiding*: without the nonce nobody can test guesses of the offer
against the digest, which a plain hash of a short menu choice would allow. Anyone can
recompute it offline, e.g. ``(printf 'wasit sealed offer v1\\0'; cat canonical.json;
echo NONCE | xxd -r -p) | sha256sum``.

The commitments file (:func:`verify_document`, :func:`verify_file`; the format a
``wasit commitments verify FILE`` command reads) is a JSON object::

    {"format": "wasit-commitments", "version": 1,
     "commitments": [{"offer": OFFER, "nonce": "64 hex digits", "digest": "64 hex digits"}]}

``OFFER`` is the offer as in the canonical form (key order and whitespace free; amounts as
strings). Each entry is checked on its own: the result names every entry that fails and
why (a malformed offer, nonce or digest, or a digest that does not match).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wasit.engine.errors import CommitmentError, EngineError
from wasit.engine.matching import Offer, Quantity, Requirement, plain_decimal

#: Domain-separation tag, prefixed to every digest's input.
TAG = b"wasit sealed offer v1\x00"

#: Bytes of randomness in a nonce.
NONCE_BYTES = 32

#: The commitments file's ``format`` and ``version``.
FILE_FORMAT = "wasit-commitments"
FILE_VERSION = 1

#: Largest commitments file read (a file is a handful of revealed offers).
MAX_FILE_BYTES = 16 * 2**20


@dataclass(frozen=True)
class Commitment:
    """A digest and the nonce that opens it, both as lowercase hex."""

    digest: str
    nonce: str


def _quantity_json(value: Quantity | None) -> dict[str, str | None] | None:
    if value is None:
        return None
    return {"amount": format(plain_decimal(value.amount), "f"), "unit": value.unit}


def offer_to_json(offer: Offer) -> dict[str, Any]:
    """The offer as the JSON object of the canonical form (before serialisation)."""
    requires = sorted(offer.requires, key=lambda r: (r.party, r.move_id))
    return {
        "gives": {move: _quantity_json(given) for move, given in offer.gives.items()},
        "id": offer.id,
        "partial_ok": offer.partial_ok,
        "party": offer.party,
        "requires": [
            {
                "at_least": _quantity_json(r.at_least),
                "at_most": _quantity_json(r.at_most),
                "move": r.move_id,
                "party": r.party,
            }
            for r in requires
        ],
    }


def canonical_offer(offer: Offer) -> bytes:
    """The canonical form of the offer (see the module docstring)."""
    text = json.dumps(
        offer_to_json(offer), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise CommitmentError(
            f"Offer {offer.id!r} contains a character that is not valid Unicode text."
        ) from None


def _digest(offer: Offer, nonce: bytes) -> str:
    return hashlib.sha256(TAG + canonical_offer(offer) + nonce).hexdigest()


def _hex(value: object, what: str, size: int) -> bytes:
    if not isinstance(value, str) or len(value) != 2 * size:
        raise CommitmentError(f"The {what} must be {2 * size} hexadecimal digits.")
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise CommitmentError(f"The {what} must be {2 * size} hexadecimal digits.") from None


def commit(offer: Offer, *, nonce: bytes | None = None) -> Commitment:
    """Commit to the offer with a fresh random nonce (or ``nonce``, for tests: 32 bytes)."""
    if nonce is None:
        nonce = secrets.token_bytes(NONCE_BYTES)
    if len(nonce) != NONCE_BYTES:
        raise CommitmentError(f"A nonce is {NONCE_BYTES} bytes, not {len(nonce)}.")
    return Commitment(_digest(offer, nonce), nonce.hex())


def verify(offer: Offer, nonce: str, digest: str) -> bool:
    """Whether the revealed offer and nonce open the digest (hex strings).

    Raises :class:`CommitmentError` for a nonce or digest that is not 64 hex digits.
    """
    opened = _hex(nonce, "nonce", NONCE_BYTES)
    expected = _hex(digest, "digest", hashlib.sha256().digest_size)
    actual = bytes.fromhex(_digest(offer, opened))
    return hmac.compare_digest(actual, expected)


def _field(obj: dict[str, Any], key: str, kind: type, what: str) -> Any:
    if key not in obj:
        raise CommitmentError(f"{what} has no {key!r}.")
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise CommitmentError(f"{what}: {key!r} must be a {kind.__name__}.")
    return value


def _only(obj: dict[str, Any], keys: Sequence[str], what: str) -> None:
    extra = sorted(set(obj) - set(keys))
    if extra:
        raise CommitmentError(f"{what} has an unknown field {extra[0]!r}.")


def _quantity_from_json(value: object, what: str) -> Quantity | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise CommitmentError(f"{what} must be null or an object with amount and unit.")
    _only(value, ("amount", "unit"), what)
    amount = _field(value, "amount", str, what)
    unit = value.get("unit")
    if unit is not None and not isinstance(unit, str):
        raise CommitmentError(f"{what}: 'unit' must be a string or null.")
    try:
        return Quantity(amount, unit)  # the amount string is parsed and checked there
    except EngineError as error:
        raise CommitmentError(f"{what}: {error}") from None


def offer_from_json(obj: object) -> Offer:
    """The offer of a canonical-form JSON object (as parsed), or :class:`CommitmentError`."""
    if not isinstance(obj, dict):
        raise CommitmentError("An offer must be a JSON object.")
    _only(obj, ("gives", "id", "partial_ok", "party", "requires"), "The offer")
    offer_id = _field(obj, "id", str, "The offer")
    what = f"Offer {offer_id!r}"
    gives_obj = _field(obj, "gives", dict, what)
    gives = {
        move: _quantity_from_json(given, f"{what}, quantity of {move!r}")
        for move, given in gives_obj.items()
    }
    requires = []
    for k, entry in enumerate(_field(obj, "requires", list, what)):
        where = f"{what}, requirement #{k + 1}"
        if not isinstance(entry, dict):
            raise CommitmentError(f"{where} must be an object.")
        _only(entry, ("at_least", "at_most", "move", "party"), where)
        requires.append(
            (
                _field(entry, "party", str, where),
                _field(entry, "move", str, where),
                _quantity_from_json(entry.get("at_least"), f"{where}, at_least"),
                _quantity_from_json(entry.get("at_most"), f"{where}, at_most"),
            )
        )
    try:
        return Offer(
            offer_id,
            _field(obj, "party", str, what),
            gives,
            tuple(Requirement(*r) for r in requires),
            _field(obj, "partial_ok", bool, what),
        )
    except CommitmentError:
        raise
    except EngineError as error:
        raise CommitmentError(str(error)) from None


@dataclass(frozen=True)
class EntryResult:
    """The check of one entry of a commitments file (``index`` counts from 1)."""

    index: int
    offer_id: str | None
    ok: bool
    reason: str = ""


@dataclass(frozen=True)
class FileVerification:
    """Every entry's result, in file order."""

    entries: tuple[EntryResult, ...]

    @property
    def ok(self) -> bool:
        """Whether every entry verified (and there was at least one)."""
        return bool(self.entries) and all(entry.ok for entry in self.entries)

    @property
    def failed(self) -> tuple[EntryResult, ...]:
        """The entries that did not verify."""
        return tuple(entry for entry in self.entries if not entry.ok)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise CommitmentError(f"The field {key!r} appears twice in one object.")
    return dict(pairs)


def _check_entry(index: int, entry: object) -> EntryResult:
    if not isinstance(entry, dict):
        return EntryResult(index, None, False, "the entry is not an object")
    raw = entry.get("offer")
    offer_id = raw.get("id") if isinstance(raw, dict) else None
    offer_id = offer_id if isinstance(offer_id, str) else None
    try:
        _only(entry, ("offer", "nonce", "digest"), "The entry")
        offer = offer_from_json(raw)
        nonce = _field(entry, "nonce", str, "The entry")
        digest = _field(entry, "digest", str, "The entry")
        matches = verify(offer, nonce, digest)
    except CommitmentError as error:
        return EntryResult(index, offer_id, False, str(error))
    if not matches:
        return EntryResult(
            index, offer_id, False, "the digest does not match this offer and nonce"
        )
    return EntryResult(index, offer_id, True)


def verify_document(data: str | bytes) -> FileVerification:
    """Check every entry of a commitments file's content.

    Raises :class:`CommitmentError` when the document as a whole is unreadable (not JSON,
    another format or version, no list of commitments); a bad entry is a failed result.
    """
    if len(data) > MAX_FILE_BYTES:
        raise CommitmentError(f"The file is larger than {MAX_FILE_BYTES // 2**20} MB.")
    try:
        document = json.loads(data, object_pairs_hook=_no_duplicate_keys)
    except (ValueError, RecursionError) as error:
        if isinstance(error, CommitmentError):
            raise
        raise CommitmentError("The file is not valid JSON (UTF-8).") from None
    if not isinstance(document, dict) or document.get("format") != FILE_FORMAT:
        raise CommitmentError(f"The file is not a commitments file (format {FILE_FORMAT!r}).")
    if document.get("version") != FILE_VERSION:
        raise CommitmentError(
            f"The file is version {document.get('version')!r}; this verifier reads version "
            f"{FILE_VERSION}."
        )
    entries = document.get("commitments")
    if not isinstance(entries, list):
        raise CommitmentError("The file has no list of 'commitments'.")
    return FileVerification(
        tuple(_check_entry(k + 1, entry) for k, entry in enumerate(entries))
    )


def verify_file(path: Path | str) -> FileVerification:
    """Check a commitments file (see :func:`verify_document`)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise CommitmentError(f"Cannot read {path}: {error.strerror}.") from None
    return verify_document(data)


def commitments_document(revealed: Sequence[tuple[Offer, Commitment]]) -> str:
    """A commitments file for these revealed offers (what an export would write)."""
    return json.dumps(
        {
            "format": FILE_FORMAT,
            "version": FILE_VERSION,
            "commitments": [
                {"offer": offer_to_json(offer), "nonce": c.nonce, "digest": c.digest}
                for offer, c in revealed
            ],
        },
        ensure_ascii=False,
        indent=2,
    )
