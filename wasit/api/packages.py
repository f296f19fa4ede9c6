"""The packages part of the JSON API: parse, call one query or action, render."""

from __future__ import annotations

import json
from typing import Any, TypeVar

import pydantic
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError

from wasit import policy
from wasit.accounts.viewer import request_viewer
from wasit.api.schemas import (
    COMMON,
    DomainIn,
    DomainOut,
    DomainSettingsIn,
    ErrorOut,
    FrontierOut,
    GeniusDomainIn,
    PartyScoresOut,
    ProposalOut,
    ProposeIn,
    ScoresIn,
    ScoreVersionOut,
)
from wasit.packages import actions, queries
from wasit.packages.analysis import Point, describe, preview
from wasit.packages.models import NegotiationDomain, Proposal, ScoreVersion
from wasit.policy import ActionRefused
from wasit.talks import queries as talks_queries
from wasit.talks.models import Talks

router = Router(tags=["packages"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, **COMMON}
OWN_SCORES_ONLY = _("Each party scores for itself; mediators see the package view.")

S = TypeVar("S", bound=Schema)


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def _body(schema: type[Schema]) -> dict[str, Any]:
    """Declare a JSON body that the route parses itself, once the policy has answered.

    Ninja would parse it before the route runs: a caller the policy refuses
    would get 400 or 422 for a bad body where a good one gets 403 or 404, and
    learn from the body's answer what the policy hides.
    """
    raw = schema.model_json_schema()
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": _inline(raw, raw.get("$defs", {}))}}}}


def _parse(request: HttpRequest, schema: type[S]) -> S:
    """The body, parsed as ninja would: 400 if it is not JSON, 422 if it does not fit."""
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ActionRefused(_("The body must be UTF-8 JSON.")) from None
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        errors = json.loads(exc.json(include_url=False))
        raise NinjaValidationError([{**e, "loc": ["body", *e["loc"]]} for e in errors]) from None


def _own_party(viewer: policy.Viewer, talks: Talks) -> Any:
    policy.require(viewer, "keep_own_scores", talks, message=OWN_SCORES_ONLY)
    party = queries.own_party(viewer, talks)
    assert party is not None  # noqa: S101 (the rule allows party seats alone)
    return party


def _domain(d: NegotiationDomain) -> dict[str, Any]:
    return {"id": d.pk, "talks_id": d.talks_id, "name": d.name, "source": d.source,
            "scores_hidden_from_mediators": d.scores_hidden_from_mediators, "issues": d.issues,
            "created_at": d.created_at}


def _score(s: ScoreVersion) -> dict[str, Any]:
    return {"id": s.pk, "domain_id": s.domain_id, "party_id": s.party_id, "version": s.version,
            "raw_weights": s.raw_weights, "weights": s.weights, "values": s.values,
            "reservation": s.reservation, "normalised": s.normalised, "note": s.note,
            "created_at": s.created_at}


def _words(words: list[tuple[str, str]]) -> list[str]:
    return [f"{issue}: {option}" for issue, option in words]


def _point(p: Point | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"package": p.package, "words": _words(p.words), "utilities": p.utilities}


def _proposal(p: Proposal, domain: NegotiationDomain, *, utilities: dict[str, float] | None = None,
              my_utility: float | None = None) -> dict[str, Any]:
    return {"id": p.pk, "domain_id": p.domain_id, "package": p.package,
            "words": _words(describe(domain.issues, p.package)), "label": p.label,
            "shared": p.shared_at is not None, "created_at": p.created_at,
            "utilities": utilities, "my_utility": my_utility}


@router.get("/talks/{talks_id}/domain", response={200: DomainOut, 404: ErrorOut, **COMMON},
            operation_id="get_domain")
def get_domain(request: HttpRequest, talks_id: int) -> dict[str, Any]:
    """The talks' negotiation domain: the issues and their options (every member)."""
    viewer = request_viewer(request)
    return _domain(queries.require_domain(viewer, talks_queries.get_talks(viewer, talks_id)))


@router.post("/talks/{talks_id}/domain", response={201: DomainOut, **ERRORS}, operation_id="define_domain",
             openapi_extra=_body(DomainIn))
def define_domain(request: HttpRequest, talks_id: int) -> Status[dict[str, Any]]:
    """Define (or redefine) the domain from the agenda's issues. Mediators only."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "define_domain", talks)
    body = _parse(request, DomainIn)
    issues = [issue.dict() for issue in body.issues]
    return Status(201, _domain(actions.define_domain(viewer, talks, issues=issues, name=body.name)))


@router.post("/talks/{talks_id}/domain/genius", response={201: DomainOut, **ERRORS},
             operation_id="import_genius_domain", openapi_extra=_body(GeniusDomainIn))
def import_genius_domain(request: HttpRequest, talks_id: int) -> Status[dict[str, Any]]:
    """Import a Genius domain file's issues and options (XML text; size-limited, no DTDs)."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "define_domain", talks)
    body = _parse(request, GeniusDomainIn)
    domain = actions.import_genius_domain(viewer, talks, data=body.xml.encode(), filename=body.filename)
    return Status(201, _domain(domain))


@router.post("/talks/{talks_id}/domain/settings", response={200: DomainOut, **ERRORS},
             operation_id="change_domain_settings", openapi_extra=_body(DomainSettingsIn))
def change_domain_settings(request: HttpRequest, talks_id: int) -> dict[str, Any]:
    """Keep the parties' scores from the mediators, or not. The lead mediator only."""
    viewer = request_viewer(request)
    domain = queries.require_domain(viewer, talks_queries.get_talks(viewer, talks_id))
    policy.require(viewer, "manage", domain)
    body = _parse(request, DomainSettingsIn)
    return _domain(actions.set_scores_hidden(viewer, domain, hidden=body.scores_hidden_from_mediators))


@router.get("/talks/{talks_id}/parties/{party_id}/scores", response={200: PartyScoresOut, **ERRORS},
            operation_id="get_party_scores")
def get_party_scores(request: HttpRequest, talks_id: int, party_id: int) -> dict[str, Any]:
    """A party's scores of the current domain, newest first: that party, and the mediators
    unless the talks keep the scores from them."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    party = queries.get_party(viewer, talks, party_id)
    domain = queries.current_domain(viewer, talks)
    history = queries.score_history(viewer, party, domain)
    lines: list[str] = []
    if history and domain is not None:
        for line in preview(domain.issues, history[0].weights, history[0].values):
            lines += [(_("%(a)s and %(b)s equally") if equal else _("%(a)s before %(b)s"))
                      % {"a": a, "b": b} for a, b, equal in line.pairs]
    return {"party_id": party.pk, "domain_id": domain.pk if domain else None,
            "latest": _score(history[0]) if history else None,
            "history": [_score(s) for s in history], "preview": lines}


@router.post("/talks/{talks_id}/scores", response={201: ScoreVersionOut, **ERRORS},
             operation_id="save_scores", openapi_extra=_body(ScoresIn))
def save_scores(request: HttpRequest, talks_id: int) -> Status[dict[str, Any]]:
    """Save a new version of the caller's party's scores. Weights are normalised to sum to one
    (`normalised` says so); a value out of [0, 1] is refused and nothing changes."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    party = _own_party(viewer, talks)
    policy.require(viewer, "score", party)
    body = _parse(request, ScoresIn)
    score = actions.save_scores(viewer, party, weights=body.weights, values=body.values,
                                reservation=body.reservation, note=body.note, domain_id=body.domain_id)
    return Status(201, _score(score))


# Declared here and read by the route once the policy has answered (see `_body`).
APPROXIMATE_PARAMETER = {"parameters": [{
    "name": "approximate", "in": "query", "required": False,
    "description": "true: the engine's approximate frontier within the same time budget, "
                   "labelled (`approximate`, `method`, `error_bound`); false (default): the exact "
                   "frontier, or `too_large` with the estimate.",
    "schema": {"type": "boolean", "default": False}}, {
    "name": "frontier_offset", "in": "query", "required": False,
    "description": "The first frontier point returned (0 is the first); with `frontier_limit`, "
                   "pages through a frontier of thousands of points.",
    "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1, "default": 0}}, {
    "name": "frontier_limit", "in": "query", "required": False,
    "description": "How many frontier points at most (default 1000, at most 10000); "
                   "`frontier_total` says how many there are.",
    "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1000}}]}

#: A frontier can hold hundreds of thousands of points: the API hands them out in pages so
#: that one answer stays small and quick, whatever the domain (issue: a 16 MB answer).
FRONTIER_PAGE, FRONTIER_PAGE_MAX = 1000, 10_000


def _page(request: HttpRequest) -> tuple[int, int]:
    """(offset, limit) of the frontier points asked for, or a refusal naming the field."""
    def number(name: str, default: int, low: int, high: int) -> int:
        raw = request.GET.get(name, "").strip()
        if not raw:
            return default
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise ActionRefused(_("“%(name)s” must be a whole number from %(low)d to %(high)d.")
                                % {"name": name, "low": low, "high": high}, field=name)
        return int(raw)

    return (number("frontier_offset", 0, 0, 2**31 - 1),
            number("frontier_limit", FRONTIER_PAGE, 1, FRONTIER_PAGE_MAX))


def _approximate(request: HttpRequest) -> bool:
    raw = request.GET.get("approximate", "false").strip().lower()
    if raw in ("true", "1", "yes"):
        return True
    if raw in ("false", "0", "no", ""):
        return False
    raise ActionRefused(_("“approximate” must be true or false."), field="approximate")


@router.get("/talks/{talks_id}/frontier", response={200: FrontierOut, **ERRORS},
            operation_id="get_frontier", openapi_extra=APPROXIMATE_PARAMETER)
def get_frontier(request: HttpRequest, talks_id: int) -> dict[str, Any]:
    """The Pareto frontier, the bargaining solutions and the current proposal. Mediators only.

    The frontier comes in pages (`frontier_offset`, `frontier_limit`, `frontier_total`).

    Within the engine's time budget: a domain too large for the exact frontier gets
    `too_large` (the estimate and what would make it tractable); `?approximate=true` asks
    for the approximate frontier instead, labelled with its method and error bound.
    """
    viewer = request_viewer(request)
    domain = queries.require_domain(viewer, talks_queries.get_talks(viewer, talks_id))
    policy.require(viewer, "view_frontier", domain)
    approximate = _approximate(request)
    offset, limit = _page(request)
    result = queries.frontier(viewer, domain, approximate=approximate)
    a = result.analysis
    refusal = a.refusal if a else None
    approximation = a.approximation if a else None
    return {
        "domain_id": domain.pk,
        "parties": [{"id": p.pk, "code": p.code, "name": p.name} for p in result.parties],
        "waiting_for": [p.pk for p in result.waiting_for],
        "too_large": a.too_large if a else None,
        "estimated_size": refusal.estimated_size if refusal else None,
        "estimated_seconds": round(refusal.estimated_seconds, 3)
        if refusal and refusal.estimated_seconds is not None else None,
        "approximate": approximation is not None,
        "method": approximation.method if approximation else None,
        "error_bound": approximation.error_bound if approximation else None,
        "approximate_note": a.approximate_note if a else None,
        "no_agreement_reason": a.no_agreement_reason if a else None,
        "frontier": [_point(p) for p in a.frontier[offset:offset + limit]] if a else [],
        "frontier_total": len(a.frontier) if a else 0,
        "frontier_offset": offset,
        "solutions": {name: _point(p) for name, p in a.solutions.items()} if a else {},
        "proposal": _point(a.proposal) if a else None,
        "proposal_pareto_optimal": a.proposal_pareto_optimal if a else None,
        "proposal_uniform_improvement": a.proposal_uniform_improvement if a else None,
    }


@router.get("/talks/{talks_id}/proposals", response={200: list[ProposalOut], **ERRORS},
            operation_id="list_proposals")
def list_proposals(request: HttpRequest, talks_id: int) -> list[dict[str, Any]]:
    """Mediators: every drafted package with every party's utility. A party: the packages put
    before the parties, each with that party's own utility only."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    domain = queries.require_domain(viewer, talks)
    if not policy.can(viewer, "view_frontier", domain):
        party = _own_party(viewer, talks)
        return [_proposal(item.proposal, domain, my_utility=item.utility)
                for item in queries.own_utilities(viewer, party, domain)]
    result = queries.frontier(viewer, domain)
    out = []
    for p in queries.proposals_of(viewer, domain):
        utilities = result.proposal_utilities.get(p.pk)
        by_party = ({str(party.pk): u for party, u in zip(result.parties, utilities, strict=True)}
                    if utilities else None)
        out.append(_proposal(p, domain, utilities=by_party))
    return out


@router.post("/talks/{talks_id}/proposals", response={201: ProposalOut, **ERRORS},
             operation_id="propose_package", openapi_extra=_body(ProposeIn))
def propose_package(request: HttpRequest, talks_id: int) -> Status[dict[str, Any]]:
    """Draft a package for relay: posted in the mediators' room. Mediators only."""
    viewer = request_viewer(request)
    domain = queries.require_domain(viewer, talks_queries.get_talks(viewer, talks_id))
    policy.require(viewer, "propose", domain)
    body = _parse(request, ProposeIn)
    proposal = actions.propose_package(viewer, domain, package=body.package, label=body.label)
    return Status(201, _proposal(proposal, domain))


@router.post("/proposals/{proposal_id}/share", response={200: ProposalOut, **ERRORS},
             operation_id="share_proposal")
def share_proposal(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    """Put a drafted package before the parties. Mediators only."""
    viewer = request_viewer(request)
    proposal = actions.share_proposal(viewer, queries.get_proposal(viewer, proposal_id))
    return _proposal(proposal, proposal.domain)
