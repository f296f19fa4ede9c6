"""What each reader sees of the negotiating texts: the versions shared with it, the board, a comparison.

Every function here takes what the policy already allowed; the filtering
by party (a party reads only the versions shared with it, and only its own
stances) is done here, in one place, so that pages and the API agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet

from wasit import policy
from wasit.policy import Viewer
from wasit.talks.localized import LocalText
from wasit.talks.models import Party, Talks
from wasit.texts.clauses import Clause, clause_digest
from wasit.texts.diff import Piece, word_diff
from wasit.texts.document import ClauseDocument, Signatory, VersionDocument
from wasit.texts.models import (
    NegotiatingText,
    SignOff,
    Stance,
    StanceKind,
    TextVersion,
    VersionShare,
)


def get_text(viewer: Viewer, text_id: object) -> NegotiatingText:
    """One text by id, or `NotFound` (malformed, missing and hidden alike)."""
    return policy.get_visible(viewer, NegotiatingText, text_id)


def get_version(viewer: Viewer, version_id: object) -> TextVersion:
    """One version by id, or `NotFound` (malformed, missing and hidden alike)."""
    return policy.get_visible(viewer, TextVersion, version_id)


def get_numbered_version(viewer: Viewer, text: NegotiatingText, number: object) -> TextVersion:
    """A text's version by its number, or `NotFound` (a draft the party was not shown is missing)."""
    try:
        n = int(str(number))
    except ValueError:
        raise policy.NotFound from None
    if not 0 < n < 2**31:
        raise policy.NotFound
    version = text.versions.filter(number=n).first()
    if version is None:
        raise policy.NotFound
    version.text = text
    policy.require(viewer, "view", version)
    return version


def shares_by_version(text: NegotiatingText) -> dict[int, list[int]]:
    """Version id -> the parties it was shared with (the mediators' view of the shares)."""
    out: dict[int, list[int]] = {}
    for version_id, party_id in VersionShare.objects.filter(version__text=text).order_by(
            "version_id", "party_id").values_list("version_id", "party_id"):
        out.setdefault(version_id, []).append(party_id)
    return out


def last_event_id(viewer: Viewer, talks_id: int) -> int:
    """Where a live page's stream resumes: the newest event of the talks this viewer may see."""
    from wasit.audit.models import Event

    newest = (policy.visible(viewer, Event).filter(talks_id=talks_id).order_by("-id")
              .values_list("id", flat=True).first())
    return newest or 0


def shared_party_ids(text: NegotiatingText) -> list[int]:
    """The parties some version of the text was shared with (they know it exists)."""
    return sorted(set(VersionShare.objects.filter(version__text=text).values_list("party_id", flat=True)))


def texts_for(viewer: Viewer, talks: Talks) -> QuerySet[NegotiatingText]:
    """The texts the viewer may know of: every text for the mediators, those shared with its party else."""
    seat = viewer.seat(talks.pk)
    texts = NegotiatingText.objects.filter(talks=talks).order_by("pk")
    if seat is None:
        return texts.none()
    if seat.is_mediator or seat.party_id is None:
        return texts if seat.is_mediator else texts.none()
    return texts.filter(versions__shares__party_id=seat.party_id).distinct()


def visible_versions(viewer: Viewer, text: NegotiatingText) -> list[TextVersion]:
    """Oldest first: every version for the mediators; the ones shared with the party else."""
    seat = viewer.seat(text.talks_id)
    versions = text.versions.order_by("number")
    if seat is None:
        return []
    if seat.is_mediator:
        return list(versions)
    if seat.party_id is None:
        return []
    return list(versions.filter(shares__party_id=seat.party_id))


def latest(text: NegotiatingText) -> TextVersion:
    version = text.versions.order_by("-number").first()
    assert version is not None  # noqa: S101 (created with its first version)
    return version


def concerned_parties(text: NegotiatingText) -> list[Party]:
    return list(text.parties.order_by("pk"))


def accepted_by_all(version: TextVersion) -> set[str]:
    """Keys of the clauses of `version` every concerned party accepted on this version."""
    parties = set(version.text.parties.values_list("pk", flat=True))
    shared = set(VersionShare.objects.filter(version=version).values_list("party_id", flat=True))
    if not parties or not parties <= shared:
        return set()
    accepted: dict[str, set[int]] = {}
    for key, party_id in Stance.objects.filter(version=version, stance=StanceKind.ACCEPT).values_list(
            "clause_key", "party_id"):
        accepted.setdefault(key, set()).add(party_id)
    return {c["key"] for c in version.clauses if accepted.get(c["key"], set()) >= parties}


def open_count(version: TextVersion) -> int:
    """Clauses not yet accepted by every party on this version."""
    return len(version.clauses) - len(accepted_by_all(version))


def is_agreed(version: TextVersion) -> bool:
    """Nothing is agreed until everything is agreed: every party accepts every clause of this version."""
    return open_count(version) == 0


@dataclass(frozen=True)
class Cell:
    """One party's stance on one clause, as the board and the party's own page show it.

    `stance` is on the version shown; when it is None, `earlier` is the
    party's stance on an earlier version and `stale` says whether the clause
    changed since (an unchanged clause's earlier stance is shown, never
    carried over: the party confirms it on this version).
    """

    stance: str | None
    comment: dict[str, str] = field(default_factory=dict)
    proposed: dict[str, str] = field(default_factory=dict)
    earlier: str | None = None
    earlier_version: int | None = None
    stale: bool = False
    shared: bool = True


@dataclass(frozen=True)
class BoardRow:
    clause: Clause
    cells: dict[int, Cell]
    agreed: bool


def _earlier_stances(version: TextVersion, party_ids: Sequence[int]) -> dict[tuple[int, str], tuple[Stance, str]]:
    """Each party's latest stance per clause on earlier versions, with the clause's digest then."""
    out: dict[tuple[int, str], tuple[Stance, str]] = {}
    earlier = (Stance.objects.filter(version__text_id=version.text_id, version__number__lt=version.number,
                                     party_id__in=list(party_ids))
               .select_related("version").order_by("version__number"))
    digests: dict[int, dict[str, str]] = {}
    for stance in earlier:
        per = digests.setdefault(stance.version_id, {c["key"]: clause_digest(c) for c in stance.version.clauses})
        if stance.clause_key in per:
            out[(stance.party_id, stance.clause_key)] = (stance, per[stance.clause_key])
    return out


def cells(version: TextVersion, party_ids: Sequence[int]) -> dict[tuple[int, str], Cell]:
    """(party, clause key) → the cell, for the parties given (the caller decides whose it may show)."""
    shared = set(VersionShare.objects.filter(version=version).values_list("party_id", flat=True))
    current = {(s.party_id, s.clause_key): s
               for s in Stance.objects.filter(version=version, party_id__in=list(party_ids))}
    earlier = _earlier_stances(version, party_ids)
    out: dict[tuple[int, str], Cell] = {}
    for clause in version.clauses:
        digest = clause_digest(clause)
        for party_id in party_ids:
            here = current.get((party_id, clause["key"]))
            if here is not None:
                out[(party_id, clause["key"])] = Cell(here.stance, dict(here.comment), dict(here.proposed),
                                                      shared=party_id in shared)
                continue
            before = earlier.get((party_id, clause["key"]))
            if before is None:
                out[(party_id, clause["key"])] = Cell(None, shared=party_id in shared)
            else:
                stance, then = before
                out[(party_id, clause["key"])] = Cell(
                    None, earlier=stance.stance, earlier_version=stance.version.number, stale=then != digest,
                    shared=party_id in shared)
    return out


def board(version: TextVersion) -> list[BoardRow]:
    """Clauses × parties for the mediators."""
    party_ids = [p.pk for p in concerned_parties(version.text)]
    grid = cells(version, party_ids)
    agreed = accepted_by_all(version)
    return [BoardRow(c, {p: grid[(p, c["key"])] for p in party_ids}, c["key"] in agreed)
            for c in version.clauses]


def own_cells(version: TextVersion, party_id: int) -> dict[str, Cell]:
    """A party's own stances on a version (never another party's)."""
    return {key: cell for (p, key), cell in cells(version, [party_id]).items() if p == party_id}


def sign_offs(version: TextVersion) -> list[SignOff]:
    return list(SignOff.objects.filter(version=version).select_related("party", "signed_by").order_by("party_id"))


@dataclass(frozen=True)
class ClauseComparison:
    """One clause across two versions: `status` is added, removed, changed or same."""

    number: str
    status: str
    old: Clause | None
    new: Clause | None
    heading: list[Piece]
    body: list[Piece]


def _text(value: dict[str, str] | None, language: str) -> str:
    return (value or {}).get(language, "")


def compare(old: TextVersion, new: TextVersion, *, language: str) -> list[ClauseComparison]:
    """Clause by clause, in the newer version's order with removed clauses after their neighbour."""
    before = {c["key"]: c for c in old.clauses}
    after_keys = {c["key"] for c in new.clauses}
    out: list[ClauseComparison] = []
    fields = ("number", "heading", "body", "alternatives")
    for clause in new.clauses:
        prior = before.get(clause["key"])
        if prior is None:
            status = "added"
        elif any(prior[f] != clause[f] for f in fields):
            status = "changed"
        else:
            status = "same"
        out.append(ClauseComparison(
            clause["number"], status, prior, clause,
            word_diff(_text(prior and prior["heading"], language), _text(clause["heading"], language)),
            word_diff(_text(prior and prior["body"], language), _text(clause["body"], language))))
    for clause in old.clauses:
        if clause["key"] not in after_keys:
            out.append(ClauseComparison(clause["number"], "removed", clause, None,
                                        word_diff(_text(clause["heading"], language), ""),
                                        word_diff(_text(clause["body"], language), "")))
    return out


def _party_names(ids: Sequence[int]) -> dict[int, str]:
    return {p.pk: str(p.name) for p in Party.objects.filter(pk__in=list(ids))}


def document(viewer: Viewer, version: TextVersion) -> VersionDocument:
    """The version as an export prints it for this reader (the policy allowed `export`)."""
    text = version.text
    seat = viewer.seat(text.talks_id)
    attribute = not text.non_paper or (seat is not None and seat.is_mediator)
    proposers = _party_names([c["proposed_by"] for c in version.clauses if c.get("proposed_by")])
    clauses = [ClauseDocument(
        number=c["number"], heading=dict(c["heading"]), body=dict(c["body"]),
        alternatives=[dict(a) for a in c["alternatives"]],
        proposed_by=proposers.get(c["proposed_by"]) if attribute and c.get("proposed_by") else None)
        for c in version.clauses]
    signatories = []
    if text.signed_version_id == version.pk:
        signatories = [Signatory(party=str(s.party.name), name=s.signed_by.get_full_name() or s.signed_by.get_username(),
                                 signed_at=s.signed_at) for s in sign_offs(version)]
    return VersionDocument(
        talks_title=dict(LocalText(text.talks.title_i18n or {})),
        title=dict(text.title), version=version.number, authoritative_language=text.authoritative_language,
        clauses=clauses, digest=version.digest, created_at=version.created_at, non_paper=text.non_paper,
        signatories=signatories)
