"""The JSON API of the record: a member's receipt, consistency proofs, reports of a forked log.

Formats are documented in `wasit.audit.receipts` and docs/confidentiality.md.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field, StrictInt, StrictStr

from wasit.accounts.viewer import request_viewer
from wasit.api.packages import _body, _parse
from wasit.api.schemas import COMMON, ErrorOut
from wasit.audit.heads import SignedHead
from wasit.audit.receipts import RecordMismatch
from wasit.record import actions, queries
from wasit.talks import queries as talks_queries

router = Router(tags=["record"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 503: ErrorOut, **COMMON}


class HeadIO(Schema):
    """A signed head: the log's id, its size and Merkle root, the key, when, and the signature."""

    model_config = {"extra": "forbid"}
    log: StrictStr
    size: StrictInt
    root: StrictStr
    key: StrictStr
    at: StrictStr
    sig: StrictStr


class ReceiptEventOut(Schema):
    id: int
    leaf: int
    digest: str
    path: list[str]


class ReceiptOut(Schema):
    format: str
    version: int
    issued_at: str
    talks_id: int
    reader: str
    head: HeadIO
    public_key: str | None
    hash: str
    events: list[ReceiptEventOut]


class ConsistencyOut(Schema):
    format: str
    version: int
    # `from` is a Python keyword: the schema field is `from_`, its JSON name `from`.
    from_: int = Field(alias="from")
    to: int
    head: HeadIO
    hash: str
    proof: list[str]

    model_config = {"populate_by_name": True}


class ForkReportIn(Schema):
    """The head the browser kept, the head it was served, and what it found."""

    model_config = {"extra": "forbid"}
    held: HeadIO
    served: HeadIO
    problem: StrictStr = ""


class ForkReportOut(Schema):
    event_id: int
    held_in_log: bool
    served_in_log: bool


def _unavailable(exc: Exception) -> Status[dict[str, Any]]:
    if isinstance(exc, RecordMismatch):
        return Status(503, {"detail": _("The record does not match its signed head; the operators should run "
                                        "`wasit verify`.")})
    return Status(503, {"detail": _("The record has no signed head yet.")})


def _head(data: HeadIO) -> SignedHead:
    return SignedHead(log=data.log, size=data.size, root=data.root, key_id=data.key, signed_at=data.at,
                      signature=data.sig)


@router.get("/talks/{talks_id}/receipt", response={200: ReceiptOut, **ERRORS}, operation_id="get_receipt")
def get_receipt(request: HttpRequest, talks_id: int) -> Any:
    """The member's receipt: the newest signed head and inclusion proofs for the events it was shown.

    Digests and proof hashes only; nothing of the events the member may not see.
    """
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    try:
        return queries.receipt(viewer, talks)
    except (RecordMismatch, queries.NoHead) as exc:
        return _unavailable(exc)


@router.get("/talks/{talks_id}/log/consistency", response={200: ConsistencyOut, **ERRORS},
            operation_id="get_log_consistency", by_alias=True)
def get_log_consistency(request: HttpRequest, talks_id: int,
                        from_: int = Query(0, alias="from")) -> Any:  # type: ignore[type-arg]  # noqa: B008
    """The newest signed head and the RFC 9162 proof that it extends the caller's head of `from` events.

    `from=0` (no older head): the head alone. Hashes only.
    """
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    try:
        return queries.consistency(viewer, talks, old=from_)
    except (RecordMismatch, queries.NoHead) as exc:
        return _unavailable(exc)


@router.post("/talks/{talks_id}/log/fork-reports", response={201: ForkReportOut, **ERRORS},
             operation_id="report_fork", openapi_extra=_body(ForkReportIn))
def report_fork(request: HttpRequest, talks_id: int) -> Status[dict[str, Any]]:
    """Tell the mediators that the served head does not extend the one this browser kept."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    body = _parse(request, ForkReportIn)
    event = actions.report_fork(viewer, talks, held=_head(body.held), served=_head(body.served),
                                problem=body.problem)
    payload = event.payload
    return Status(201, {"event_id": event.id, "held_in_log": payload["held_in_log"],
                        "served_in_log": payload["served_in_log"]})
