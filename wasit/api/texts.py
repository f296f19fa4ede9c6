"""The JSON API of the single negotiating text: parse, call one query or action, render.

Texts are objects of language code -> text (`{"ar": "...", "en": "..."}`).
A clause's `key` is its identity across versions: a save names the key of
every clause it keeps (a clause without one is new), and stances are given
per key. A save carries `base_version`, the number it was made from: if
another mediator saved meanwhile, the answer is 409 with `current_version`
and nothing changes. A version the caller may not read is 404, exactly as a
missing one: a party never learns of the drafts in between.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field, StrictBool, StrictStr

from wasit import policy
from wasit.accounts.viewer import request_viewer
from wasit.api.packages import _body, _parse
from wasit.api.positions import ConflictOut, _conflict
from wasit.api.schemas import COMMON, ErrorOut
from wasit.policy import ActionRefused, Viewer
from wasit.positions.actions import StaleVersion
from wasit.talks import queries as talks_queries
from wasit.texts import actions, queries
from wasit.texts.clauses import MAX_ALTERNATIVES, MAX_CLAUSES
from wasit.texts.models import NegotiatingText, TextVersion
from wasit.texts.queries import Cell

router = Router(tags=["texts"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, **COMMON}
Texts = dict[StrictStr, StrictStr]
# Row ids are 64-bit; version numbers fit PostgreSQL's `integer`. Out of range is missing (404) or refused.
MAX_ID = 2**63 - 1
MAX_NUMBER = 2**31 - 1
Id = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]
Number = Annotated[int, Field(strict=True, ge=1, le=MAX_NUMBER)]


# --- bodies -------------------------------------------------------------------------


class ClauseIn(Schema):
    """One clause: `key` for a clause the text already has (none for a new one), its number and wording."""

    model_config = {"extra": "forbid"}
    key: Annotated[str, Field(strict=True, max_length=32)] | None = None
    number: StrictStr
    heading: Texts = {}
    body: Texts
    # Bracketed, disputed language: "[A] / [B]", at least two when given.
    alternatives: Annotated[list[Texts], Field(max_length=MAX_ALTERNATIVES)] = []
    proposed_by: Id | None = None


Clauses = Annotated[list[ClauseIn], Field(min_length=1, max_length=MAX_CLAUSES)]


class TextIn(Schema):
    """A new text and its first version. `party_ids` default to every party of the talks."""

    model_config = {"extra": "forbid"}
    title: Texts
    kind: Literal["framework", "minute", "paper"] = "framework"
    authoritative_language: StrictStr
    clauses: Clauses
    party_ids: Annotated[list[Id], Field(max_length=64)] | None = None
    non_paper: StrictBool = False
    share_open_count: StrictBool = False
    note: Texts = {}


class VersionIn(Schema):
    """The text's next version: every clause, in order, each kept one with its `key`."""

    model_config = {"extra": "forbid"}
    base_version: Number | None
    clauses: Clauses
    note: Texts = {}
    title: Texts | None = None


class TextSettingsIn(Schema):
    """Whether the text is a non-paper (no attribution for the parties), and whether they see the open count."""

    model_config = {"extra": "forbid"}
    non_paper: StrictBool
    share_open_count: StrictBool


class ShareIn(Schema):
    """The parties to show this version to (only the latest version can be shared)."""

    model_config = {"extra": "forbid"}
    party_ids: Annotated[list[Id], Field(min_length=1, max_length=64)]


class StanceIn(Schema):
    """Accept, reject or reserve (ad referendum); the comment and proposed language go to the mediators only."""

    model_config = {"extra": "forbid"}
    stance: Literal["accept", "reject", "reserve"]
    comment: Texts = {}
    proposed: Texts = {}


class StancesIn(Schema):
    """The party's stances on clauses of the version, by clause key; clauses not named keep theirs."""

    model_config = {"extra": "forbid"}
    stances: Annotated[dict[Annotated[str, Field(strict=True, max_length=32)], StanceIn],
                       Field(min_length=1, max_length=MAX_CLAUSES)]


class SignOffIn(Schema):
    """The head's password again, and the authenticator code where two-factor is set up."""

    model_config = {"extra": "forbid"}
    password: Annotated[str, Field(strict=True, max_length=4096)]
    code: Annotated[str, Field(strict=True, max_length=16)] = ""


# --- answers --------------------------------------------------------------------------


class VersionSummaryOut(Schema):
    number: int
    created_at: dt.datetime
    digest: str
    # The mediators only: the parties this version was shared with, and the editor's note.
    shared_with: list[int] | None = None
    note: dict[str, str] | None = None


class TextOut(Schema):
    id: int
    talks_id: int
    kind: str
    title: dict[str, str]
    authoritative_language: str
    non_paper: bool
    share_open_count: bool
    # The parties whose acceptance makes the text agreed.
    party_ids: list[int]
    created_at: dt.datetime
    signed_version: int | None
    signed_at: dt.datetime | None
    # The newest version the caller may read (for a party: the newest shared with it).
    latest_version: int | None
    versions: list[VersionSummaryOut]


class ClauseOut(Schema):
    key: str
    number: str
    heading: dict[str, str]
    body: dict[str, str]
    alternatives: list[dict[str, str]]
    # The party that proposed the language: null for the parties when the text is a non-paper.
    proposed_by: int | None
    proposed_by_name: str | None


class CellOut(Schema):
    """A stance on one clause. Without one on this version, `earlier` is the stance on an earlier
    version and `stale` says whether the clause changed since (it is never carried over)."""

    stance: str | None
    comment: dict[str, str]
    proposed: dict[str, str]
    earlier: str | None
    earlier_version: int | None
    stale: bool
    # Whether the version was shared with the party at all.
    shared: bool


class SignOffSummaryOut(Schema):
    party_id: int
    signed_at: dt.datetime
    digest: str


class VersionOut(Schema):
    text_id: int
    number: int
    created_at: dt.datetime
    digest: str
    title: dict[str, str]
    authoritative_language: str
    non_paper: bool
    clauses: list[ClauseOut]
    # Every party accepts every clause of this version: nothing is agreed until everything is.
    agreed: bool
    # Clauses not yet accepted by all: for the mediators, and for the parties if the mediators share it.
    open_count: int | None
    # A party: its own stances by clause key (never another party's); null for the mediators.
    own_stances: dict[str, CellOut] | None
    # Whether the caller may mark stances on this version (its latest shared one, a negotiator's role).
    may_mark: bool
    sign_offs: list[SignOffSummaryOut]
    shared_with: list[int] | None = None
    note: dict[str, str] | None = None


class BoardCellOut(CellOut):
    party_id: int


class BoardRowOut(Schema):
    key: str
    number: str
    heading: dict[str, str]
    agreed: bool
    cells: list[BoardCellOut]


class BoardOut(Schema):
    text_id: int
    version: int
    agreed: bool
    open_count: int
    party_ids: list[int]
    shared_with: list[int]
    rows: list[BoardRowOut]


class ShareOut(Schema):
    text_id: int
    version: int
    shared_with: list[int]


class StancesOut(Schema):
    text_id: int
    version: int
    stances: dict[str, CellOut]
    agreed: bool


class SignOffOut(Schema):
    text_id: int
    version: int
    party_id: int
    digest: str
    signed_at: dt.datetime
    # True once every party's head signed: the text is frozen on this version.
    text_signed: bool


class PieceOut(Schema):
    op: str  # same, added or removed
    text: str


class ComparedClauseOut(Schema):
    number: str
    status: str  # added, removed, changed or same
    heading: list[PieceOut]
    body: list[PieceOut]


class CompareOut(Schema):
    text_id: int
    a: int
    b: int
    language: str
    clauses: list[ComparedClauseOut]


# --- finding what the caller may read -----------------------------------------------
# These three belong in `wasit/texts/queries.py` (reads go through a queries module; see
# tests/architecture/test_layers.py); they are here until that file, not this helper's, has them.


def _text_of(viewer: Viewer, text_id: int) -> NegotiatingText:
    """The text, if the caller may know it exists; `NotFound` as for a missing one."""
    return queries.get_text(viewer, text_id)


def _version_of(viewer: Viewer, text: NegotiatingText, number: int) -> TextVersion:
    """The version, if the caller may read it; a draft the party was not shown is missing (404)."""
    return queries.get_numbered_version(viewer, text, number)


def _shares(text: NegotiatingText) -> dict[int, list[int]]:
    return queries.shares_by_version(text)


# --- rendering ------------------------------------------------------------------------


def _mediator(viewer: Viewer, text: NegotiatingText) -> bool:
    return viewer.is_mediator_in(text.talks_id)


def _cell(cell: Cell) -> dict[str, Any]:
    return {"stance": cell.stance, "comment": dict(cell.comment), "proposed": dict(cell.proposed),
            "earlier": cell.earlier, "earlier_version": cell.earlier_version, "stale": cell.stale,
            "shared": cell.shared}


def _text(viewer: Viewer, text: NegotiatingText) -> dict[str, Any]:
    mediator = _mediator(viewer, text)
    versions = queries.visible_versions(viewer, text)
    shares = _shares(text) if mediator else {}
    signed = text.signed_version.number if text.signed_version is not None else None
    return {
        "id": text.pk, "talks_id": text.talks_id, "kind": text.kind, "title": dict(text.title),
        "authoritative_language": text.authoritative_language, "non_paper": text.non_paper,
        "share_open_count": text.share_open_count, "party_ids": [p.pk for p in queries.concerned_parties(text)],
        "created_at": text.created_at, "signed_version": signed, "signed_at": text.signed_at,
        "latest_version": versions[-1].number if versions else None,
        "versions": [{"number": v.number, "created_at": v.created_at, "digest": v.digest,
                      "shared_with": shares.get(v.pk, []) if mediator else None,
                      "note": dict(v.note) if mediator else None} for v in versions],
    }


def _version(viewer: Viewer, version: TextVersion) -> dict[str, Any]:
    text = version.text
    seat = viewer.seat(text.talks_id)
    mediator = seat is not None and seat.is_mediator
    # Attribution as the export prints it for this reader (none for a party on a non-paper).
    shown = queries.document(viewer, version)
    clauses = [{"key": c["key"], "number": c["number"], "heading": dict(c["heading"]), "body": dict(c["body"]),
                "alternatives": [dict(a) for a in c["alternatives"]],
                "proposed_by": c.get("proposed_by") if d.proposed_by is not None else None,
                "proposed_by_name": d.proposed_by}
               for c, d in zip(version.clauses, shown.clauses, strict=True)]
    own = None
    if not mediator and seat is not None and seat.party_id is not None:
        own = {key: _cell(cell) for key, cell in queries.own_cells(version, seat.party_id).items()}
    return {
        "text_id": text.pk, "number": version.number, "created_at": version.created_at, "digest": version.digest,
        "title": dict(text.title), "authoritative_language": text.authoritative_language,
        "non_paper": text.non_paper, "clauses": clauses, "agreed": queries.is_agreed(version),
        "open_count": queries.open_count(version) if mediator or text.share_open_count else None,
        "own_stances": own, "may_mark": bool(policy.can(viewer, "mark_stance", version)),
        "sign_offs": [{"party_id": s.party_id, "signed_at": s.signed_at, "digest": s.digest}
                      for s in queries.sign_offs(version)],
        "shared_with": _shares(text).get(version.pk, []) if mediator else None,
        "note": dict(version.note) if mediator else None,
    }


# --- routes ---------------------------------------------------------------------------


@router.get("/talks/{talks_id}/texts", response={200: list[TextOut], 404: ErrorOut, **COMMON},
            operation_id="list_texts")
def list_texts(request: HttpRequest, talks_id: int) -> list[dict[str, Any]]:
    """The texts of the talks the caller may know: every one for the mediators; for a party, those
    with a version shared with it (each with only the versions shared with it)."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "view_texts", talks)
    return [_text(viewer, t) for t in queries.texts_for(viewer, talks)]


@router.post("/talks/{talks_id}/texts", response={201: TextOut, **ERRORS}, operation_id="create_text",
             openapi_extra=_body(TextIn))
def create_text(request: HttpRequest, talks_id: int) -> Status[dict[str, Any]]:
    """Start a text with its first version (mediators). Nobody else knows of it until a version is shared."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "draft_text", talks)  # policy first: the body cannot turn a 403 into a 422
    body = _parse(request, TextIn)
    text = actions.create_text(
        viewer, talks, title=body.title, authoritative_language=body.authoritative_language,
        clauses=[c.model_dump() for c in body.clauses], kind=body.kind, note=body.note,
        party_ids=body.party_ids, non_paper=body.non_paper, share_open_count=body.share_open_count)
    return Status(201, _text(viewer, text))


@router.get("/texts/{text_id}", response={200: TextOut, 404: ErrorOut, **COMMON}, operation_id="get_text")
def get_text(request: HttpRequest, text_id: int) -> dict[str, Any]:
    """The text and the versions the caller may read (the mediators: every draft, with whom each was shared)."""
    viewer = request_viewer(request)
    return _text(viewer, _text_of(viewer, text_id))


@router.get("/texts/{text_id}/versions/{number}", response={200: VersionOut, 404: ErrorOut, **COMMON},
            operation_id="get_text_version")
def get_text_version(request: HttpRequest, text_id: int, number: int) -> dict[str, Any]:
    """One version's clauses; for a party, its own stances on them (never another party's)."""
    viewer = request_viewer(request)
    text = _text_of(viewer, text_id)
    return _version(viewer, _version_of(viewer, text, number))


@router.post("/texts/{text_id}/versions", response={201: VersionOut, 200: VersionOut, 409: ConflictOut, **ERRORS},
             operation_id="save_text_version", openapi_extra=_body(VersionIn))
def save_text_version(request: HttpRequest, text_id: int) -> Status[dict[str, Any]]:
    """Save the text's next version (mediators): the whole clause list.

    201 with the new version; 200 with the version in force when nothing
    changed; 409 when `base_version` is not the version in force.
    """
    viewer = request_viewer(request)
    text = _text_of(viewer, text_id)
    policy.require(viewer, "edit", text)
    body = _parse(request, VersionIn)
    try:
        version = actions.save_version(viewer, text, base_version=body.base_version,
                                       clauses=[c.model_dump() for c in body.clauses], note=body.note,
                                       title=body.title)
    except StaleVersion as exc:
        return _conflict(exc)
    created = version.number != body.base_version
    return Status(201 if created else 200, _version(viewer, version))


@router.post("/texts/{text_id}/settings", response={200: TextOut, **ERRORS}, operation_id="change_text_settings",
             openapi_extra=_body(TextSettingsIn))
def change_text_settings(request: HttpRequest, text_id: int) -> dict[str, Any]:
    """Mark the text a non-paper or not, and share the count of open clauses with the parties or not (mediators)."""
    viewer = request_viewer(request)
    text = _text_of(viewer, text_id)
    policy.require(viewer, "edit", text)
    body = _parse(request, TextSettingsIn)
    return _text(viewer, actions.change_settings(viewer, text, non_paper=body.non_paper,
                                                 share_open_count=body.share_open_count))


@router.post("/texts/{text_id}/versions/{number}/share", response={200: ShareOut, **ERRORS},
             operation_id="share_text_version", openapi_extra=_body(ShareIn))
def share_text_version(request: HttpRequest, text_id: int, number: int) -> dict[str, Any]:
    """Show the latest version to some or all of the text's parties (mediators). Sharing again records nothing."""
    viewer = request_viewer(request)
    version = _version_of(viewer, _text_of(viewer, text_id), number)
    policy.require(viewer, "share", version)
    body = _parse(request, ShareIn)
    actions.share_version(viewer, version, party_ids=body.party_ids)
    return {"text_id": version.text_id, "version": version.number,
            "shared_with": _shares(version.text).get(version.pk, [])}


@router.post("/texts/{text_id}/versions/{number}/stances", response={200: StancesOut, **ERRORS},
             operation_id="mark_text_stances", openapi_extra=_body(StancesIn))
def mark_text_stances(request: HttpRequest, text_id: int, number: int) -> dict[str, Any]:
    """Mark the party's stance on clauses of the latest version shared with it (its negotiators).

    Accept, reject or reserve, each with a comment and proposed language for
    the mediators alone. When every party accepts every clause, the text is agreed.
    """
    viewer = request_viewer(request)
    version = _version_of(viewer, _text_of(viewer, text_id), number)
    policy.require(viewer, "mark_stance", version)
    body = _parse(request, StancesIn)
    actions.mark_stances(viewer, version, stances={k: s.model_dump() for k, s in body.stances.items()})
    party_id = viewer.party_in(version.text.talks_id)
    assert party_id is not None  # noqa: S101 (the rule lets party seats alone mark)
    return {"text_id": version.text_id, "version": version.number, "agreed": queries.is_agreed(version),
            "stances": {key: _cell(cell) for key, cell in queries.own_cells(version, party_id).items()}}


@router.get("/texts/{text_id}/board", response={200: BoardOut, **ERRORS}, operation_id="get_text_board")
def get_text_board(request: HttpRequest, text_id: int, version: int | None = None) -> dict[str, Any]:
    """Clauses x parties with every stance and comment, on one version (the latest by default). Mediators only."""
    viewer = request_viewer(request)
    text = _text_of(viewer, text_id)
    policy.require(viewer, "view_board", text)
    shown = _version_of(viewer, text, version) if version is not None else queries.latest(text)
    rows = queries.board(shown)
    return {"text_id": text.pk, "version": shown.number, "agreed": queries.is_agreed(shown),
            "open_count": queries.open_count(shown), "party_ids": [p.pk for p in queries.concerned_parties(text)],
            "shared_with": _shares(text).get(shown.pk, []),
            "rows": [{"key": r.clause["key"], "number": r.clause["number"], "heading": dict(r.clause["heading"]),
                      "agreed": r.agreed,
                      "cells": [{"party_id": p, **_cell(c)} for p, c in r.cells.items()]} for r in rows]}


@router.post("/texts/{text_id}/versions/{number}/sign-off", response={201: SignOffOut, **ERRORS},
             operation_id="sign_off_text_version", openapi_extra=_body(SignOffIn))
def sign_off_text_version(request: HttpRequest, text_id: int, number: int) -> Status[dict[str, Any]]:
    """The party's head confirms the agreed version with its password (and code, where set up).

    The last head's sign-off freezes the text on this version; its digest goes into the log.
    """
    viewer = request_viewer(request)
    version = _version_of(viewer, _text_of(viewer, text_id), number)
    policy.require(viewer, "sign_off", version)
    body = _parse(request, SignOffIn)
    sign = actions.sign_off(viewer, version, password=body.password, code=body.code)
    text = _text_of(viewer, text_id)
    return Status(201, {"text_id": text.pk, "version": version.number, "party_id": sign.party_id,
                        "digest": sign.digest, "signed_at": sign.signed_at,
                        "text_signed": text.signed_version_id == version.pk})


@router.get("/texts/{text_id}/compare", response={200: CompareOut, **ERRORS}, operation_id="compare_text_versions")
def compare_text_versions(request: HttpRequest, text_id: int, a: int, b: int,
                          lang: str | None = None) -> dict[str, Any]:
    """Two versions the caller may read, clause by clause, as a word-level diff in one language
    (the authoritative one by default): runs of same, removed and added text."""
    viewer = request_viewer(request)
    text = _text_of(viewer, text_id)
    old, new = _version_of(viewer, text, a), _version_of(viewer, text, b)
    language = lang or text.authoritative_language
    if language not in text.talks.content_languages:
        raise ActionRefused(_("Choose one of the talks' languages: %(languages)s.")
                            % {"languages": ", ".join(text.talks.content_languages)}, field="lang")
    return {"text_id": text.pk, "a": old.number, "b": new.number, "language": language,
            "clauses": [{"number": c.number, "status": c.status,
                         "heading": [{"op": p.op, "text": p.text} for p in c.heading],
                         "body": [{"op": p.op, "text": p.text} for p in c.body]}
                        for c in queries.compare(old, new, language=language)]}
