"""What a clause may hold, its canonical form, and the digest a sign-off confirms.

A clause is stored as a plain dict inside its version:
`{"key", "number", "heading", "body", "alternatives", "proposed_by"}` with
`heading` and `body` as `{language: text}` and `alternatives` a list of
those (bracketed, disputed language: "[A] ... / [B] ..."). Texts are plain
text: markup and the bidirectional controls are refused, as elsewhere, since
a clause read side by side in Arabic, Persian and English must not be made
to read as something else.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from wasit.policy import ActionRefused
from wasit.positions.text import clean_local

MAX_CLAUSES = 200
MAX_ALTERNATIVES = 5
MAX_NUMBER = 16
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?]")
_NUMBER = re.compile(r"^[0-9A-Za-z\u0660-\u0669\u06f0-\u06f9().\-]{1,16}$")

Clause = dict[str, Any]


def new_key() -> str:
    """A clause's identity across versions (never shown; stances refer to it)."""
    return "c" + secrets.token_hex(6)


def _plain(text: dict[str, str], *, field: str) -> dict[str, str]:
    for value in text.values():
        if _MARKUP.search(value):
            raise ActionRefused(_("Clauses are plain text: remove the markup (such as <script>)."), field=field)
    return text


def clean_clause(raw: Mapping[str, Any], *, key: str | None = None) -> Clause:
    """One clause as stored, or `ActionRefused` naming the field at fault."""
    number = str(raw.get("number") or "").strip()
    if not _NUMBER.match(number):
        raise ActionRefused(_("Number the clause with up to 16 letters, digits or dots, e.g. 3 or 3.1."),
                            field="number")
    heading = _plain(clean_local(raw.get("heading"), field="heading"), field="heading")
    body = _plain(clean_local(raw.get("body"), field="body"), field="body")
    if not body:
        raise ActionRefused(_("Write the clause in at least one language."), field="body")
    alternatives_raw = raw.get("alternatives") or []
    if not isinstance(alternatives_raw, Sequence) or isinstance(alternatives_raw, str | bytes):
        raise ActionRefused(_("Give the alternatives as a list of texts per language."), field="alternatives")
    if len(alternatives_raw) > MAX_ALTERNATIVES:
        raise ActionRefused(_("At most %(limit)d bracketed alternatives per clause.")
                            % {"limit": MAX_ALTERNATIVES}, field="alternatives")
    alternatives = [_plain(clean_local(a, field="alternatives"), field="alternatives") for a in alternatives_raw]
    alternatives = [a for a in alternatives if a]
    if len(alternatives) == 1:
        raise ActionRefused(_("Bracketed alternatives come at least in pairs: [A] / [B]."), field="alternatives")
    proposed_by = raw.get("proposed_by")
    if proposed_by is not None and (isinstance(proposed_by, bool) or not isinstance(proposed_by, int)):
        raise ActionRefused(_("Name the proposing party by its number."), field="proposed_by")
    return {"key": key or str(raw.get("key") or "") or new_key(), "number": number, "heading": heading,
            "body": body, "alternatives": alternatives, "proposed_by": proposed_by}


def check_clause_list(clauses: Sequence[Clause]) -> None:
    if not clauses:
        raise ActionRefused(_("A text has at least one clause."), field="clauses")
    if len(clauses) > MAX_CLAUSES:
        raise ActionRefused(_("At most %(limit)d clauses per text.") % {"limit": MAX_CLAUSES}, field="clauses")
    numbers = [c["number"] for c in clauses]
    if len(set(numbers)) != len(numbers):
        raise ActionRefused(_("Two clauses have the same number."), field="number")
    keys = [c["key"] for c in clauses]
    if len(set(keys)) != len(keys):  # pragma: no cover - keys are ours
        raise ActionRefused(_("Two clauses have the same identity."), field="clauses")


def _canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def clause_digest(clause: Clause) -> str:
    """What a stance was given on: the clause's wording and number (not its attribution)."""
    return hashlib.sha256(_canonical({k: clause[k] for k in ("number", "heading", "body", "alternatives")}))\
        .hexdigest()


def version_digest(*, text_id: int, number: int, authoritative_language: str, title: Mapping[str, str],
                   clauses: Sequence[Clause]) -> str:
    """sha256 of a version's canonical form: JSON, sorted keys, no spaces, UTF-8.

    Covers the title, the authoritative language and every clause's number
    and wording in order, so that a signed export can be checked against
    the digest in the event log.
    """
    form = {"format": "wasit-text-version/1", "text": text_id, "version": number,
            "authoritative_language": authoritative_language, "title": dict(title),
            "clauses": [{k: c[k] for k in ("number", "heading", "body", "alternatives")} for c in clauses]}
    return hashlib.sha256(_canonical(form)).hexdigest()
