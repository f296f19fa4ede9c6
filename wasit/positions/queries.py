"""Every read of the positions, scoped to a viewer by the policy.

Pages and the API never hold a `PositionVersion` row: they get a
`ShownPosition`, in which the red line is already withheld when the party
keeps it from this viewer. One place decides it, so no page, route or
export can forget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from django.contrib.auth import get_user_model
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wasit import policy
from wasit.agenda.models import AgendaIssue
from wasit.caucus.models import Room
from wasit.policy import ActionRefused, Viewer
from wasit.positions.models import Assessment, PositionRelay, PositionVersion, RedLineBar
from wasit.talks.localized import content_languages
from wasit.talks.models import Party, Round, RoundStatus, Talks

# The fields a reader sees change between two versions, in display order.
COMPARED = ("demand", "offer", "red_line", "notes", "priority", "applies_from")


@dataclass(frozen=True)
class Said:
    """A text in the reader's language if written in it, else the first there is."""

    text: str
    lang: str
    all: Mapping[str, str]

    def __bool__(self) -> bool:
        return bool(self.text)


def said(values: Mapping[str, str] | None) -> Said:
    values = dict(values or {})
    active = (get_language() or "en")[:2]
    for lang in (active, *content_languages(), *values):
        if values.get(lang):
            return Said(values[lang], lang, values)
    return Said("", active, values)


@dataclass(frozen=True)
class ShownRelay:
    """When and where a mediator posted a message drafted from a position (mediators only)."""

    message_id: int
    room_id: int
    room_label: str
    at: dt.datetime
    by: str


@dataclass(frozen=True)
class ShownPosition:
    """One position version as the viewer may read it."""

    id: int
    issue_id: int
    party_id: int
    version: int
    applies_from: Round | None
    demand: Said
    offer: Said
    red_line: Said | None  # None: withheld by the party from this viewer
    notes: Said
    priority: int
    by: str
    at: dt.datetime
    changed: frozenset[str] = frozenset()
    relays: tuple[ShownRelay, ...] = ()

    @property
    def red_line_withheld(self) -> bool:
        return self.red_line is None

    @property
    def round_number(self) -> int:
        return self.applies_from.number if self.applies_from is not None else 0


def barred_parties(talks: Talks) -> set[int]:
    return set(RedLineBar.objects.filter(party__talks=talks, barred=True).values_list("party_id", flat=True))


def red_lines_barred(party: Party) -> bool:
    return RedLineBar.objects.filter(party=party, barred=True).exists()


def _names(user_ids: Iterable[int]) -> dict[int, str]:
    users = get_user_model().objects.filter(pk__in=set(user_ids))
    return {u.pk: (getattr(u, "get_full_name", lambda: "")() or u.get_username()) for u in users}


def _relays(viewer: Viewer, position_ids: list[int]) -> dict[int, list[ShownRelay]]:
    """The position-to-message links the viewer may see (the mediators'), by position id."""
    links = list(policy.visible(viewer, PositionRelay).filter(position_id__in=position_ids)
                 .select_related("room__party").order_by("id"))
    names = _names(link.by_id for link in links)
    out: dict[int, list[ShownRelay]] = {}
    for link in links:
        out.setdefault(link.position_id, []).append(ShownRelay(
            message_id=link.message_id, room_id=link.room_id, room_label=link.room.label,
            at=link.created_at, by=names.get(link.by_id, "")))
    return out


def _show(viewer: Viewer, rows: list[PositionVersion]) -> list[ShownPosition]:
    """The rows as the viewer reads them, each with what changed since its party's previous version."""
    open_red_lines: dict[int, bool] = {}
    names = _names(r.created_by_id for r in rows)
    relays = _relays(viewer, [r.pk for r in rows])
    shown: list[ShownPosition] = []
    previous: dict[tuple[int, int], ShownPosition] = {}
    for row in sorted(rows, key=lambda r: (r.issue_id, r.party_id, r.version)):
        if row.party_id not in open_red_lines:
            open_red_lines[row.party_id] = policy.can(viewer, "see_red_lines", row.party).allowed
        item = ShownPosition(
            id=row.pk, issue_id=row.issue_id, party_id=row.party_id, version=row.version,
            applies_from=row.applies_from, demand=said(row.demand), offer=said(row.offer),
            red_line=said(row.red_line) if open_red_lines[row.party_id] else None,
            notes=said(row.notes), priority=row.priority, by=names.get(row.created_by_id, ""),
            at=row.created_at, relays=tuple(relays.get(row.pk, ())))
        before = previous.get((row.issue_id, row.party_id))
        changed = moved(before, item) if before is not None else frozenset()
        item = replace(item, changed=changed)
        previous[(row.issue_id, row.party_id)] = item
        shown.append(item)
    return shown


def moved(before: ShownPosition | None, after: ShownPosition | None) -> frozenset[str]:
    """The fields the reader sees differ between two versions (a withheld red line never counts)."""
    if before is None or after is None:
        return frozenset()
    out = set()
    for name in ("demand", "offer", "notes"):
        if getattr(before, name).all != getattr(after, name).all:
            out.add(name)
    if before.red_line is not None and after.red_line is not None and before.red_line.all != after.red_line.all:
        out.add("red_line")
    if before.priority != after.priority:
        out.add("priority")
    if before.round_number != after.round_number:
        out.add("applies_from")
    return frozenset(out)


def history_of(viewer: Viewer, party: Party) -> dict[int, list[ShownPosition]]:
    """Each agenda issue's versions of the party's position, newest first, keyed by issue id."""
    policy.require(viewer, "view_positions", party)
    rows = list(policy.visible(viewer, PositionVersion).filter(party=party)
                .select_related("applies_from", "party"))
    out: dict[int, list[ShownPosition]] = {}
    for item in _show(viewer, rows):
        out.setdefault(item.issue_id, []).insert(0, item)
    return out


def get_position_row(viewer: Viewer, position_id: object) -> PositionVersion:
    """For actions (relay): the row itself, or `NotFound`."""
    return policy.get_visible(viewer, PositionVersion, position_id)


def get_position(viewer: Viewer, position_id: object) -> ShownPosition:
    row = get_position_row(viewer, position_id)
    siblings = list(policy.visible(viewer, PositionVersion)
                    .filter(issue_id=row.issue_id, party_id=row.party_id, version__lte=row.version)
                    .select_related("applies_from", "party"))
    return next(p for p in _show(viewer, siblings) if p.id == row.pk)


def latest_version(party: Party, issue: AgendaIssue) -> int | None:
    """The number of the version in force, whoever asks; for the edit forms' base version."""
    return (PositionVersion.objects.filter(party=party, issue=issue).order_by("-version")
            .values_list("version", flat=True).first())


def issue_for_position(viewer: Viewer, talks: Talks, issue_id: object) -> AgendaIssue:
    """An issue of these talks' agenda, or `ActionRefused` (the same for a missing or foreign one)."""
    if not _on(viewer, AgendaIssue, talks, issue_id):
        raise ActionRefused(_("This issue is not on these talks' agenda."), field="issue_id")
    return policy.get_visible(viewer, AgendaIssue, issue_id)


def _on(viewer: Viewer, model: type[AgendaIssue] | type[Round], talks: Talks, pk: object) -> bool:
    try:
        pk_int = int(pk)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False
    return 0 < pk_int < 2**63 and policy.visible(viewer, model).filter(pk=pk_int, talks=talks).exists()


def round_for_position(viewer: Viewer, talks: Talks, round_id: object) -> Round | None:
    """A round of these talks, None for none, or `ActionRefused` (the same for a missing or foreign one)."""
    if round_id is None or round_id == "":
        return None
    if not _on(viewer, Round, talks, round_id):
        raise ActionRefused(_("This round is not one of these talks' rounds."), field="round_id")
    return policy.get_visible(viewer, Round, round_id)


# --- the mediators' position map -------------------------------------------------


@dataclass(frozen=True)
class ShownAssessment:
    id: int
    issue_id: int
    version: int
    gap: str
    gap_label: str
    note: Said
    by: str
    at: dt.datetime


@dataclass
class Cell:
    """One party's position on one issue: in force now, and at the round compared with."""

    party: Party
    now: ShownPosition | None
    then: ShownPosition | None
    moved: frozenset[str]

    @property
    def is_new(self) -> bool:
        return self.now is not None and self.then is None


@dataclass
class MapRow:
    issue: AgendaIssue
    cells: list[Cell]
    assessment: ShownAssessment | None
    assessments: list[ShownAssessment] = field(default_factory=list)

    @property
    def moved(self) -> bool:
        return any(c.moved or c.is_new for c in self.cells)


@dataclass
class PositionMap:
    talks: Talks
    parties: list[Party]
    rounds: list[Round]
    since: Round | None
    default_since: Round | None
    rows: list[MapRow]
    barred: set[int]


def _at(versions: list[ShownPosition], number: int) -> ShownPosition | None:
    """The version in force at round `number`: the latest of those applying from it or before."""
    held = [v for v in versions if v.round_number <= number]
    return max(held, key=lambda v: v.version) if held else None


def default_since(rounds: list[Round], positions: Iterable[ShownPosition]) -> Round | None:
    """The round before the newest one any position applies from (skipping postponed and cancelled ones)."""
    newest = max((p.round_number for p in positions), default=0)
    earlier = [r for r in rounds if r.number < newest
               and r.status not in (RoundStatus.POSTPONED, RoundStatus.CANCELLED)]
    return earlier[-1] if earlier else None


def _assessments(viewer: Viewer, talks: Talks) -> dict[int, list[ShownAssessment]]:
    return _shown_assessments(list(policy.visible(viewer, Assessment).filter(talks=talks)
                                   .order_by("issue_id", "-version")))


def get_assessment(viewer: Viewer, assessment_id: object) -> ShownAssessment:
    row = policy.get_visible(viewer, Assessment, assessment_id)
    return _shown_assessments([row])[row.issue_id][0]


def _shown_assessments(rows: list[Assessment]) -> dict[int, list[ShownAssessment]]:
    names = _names(r.created_by_id for r in rows)
    out: dict[int, list[ShownAssessment]] = {}
    for r in rows:
        out.setdefault(r.issue_id, []).append(ShownAssessment(
            id=r.pk, issue_id=r.issue_id, version=r.version, gap=r.gap, gap_label=r.get_gap_display(),
            note=said(r.note), by=names.get(r.created_by_id, ""), at=r.created_at))
    return out


def position_map(viewer: Viewer, talks: Talks, *, since: Round | None = None,
                 use_default: bool = True) -> PositionMap:
    """Agenda issues x parties: the positions in force, what moved since `since`, the assessments.

    With `use_default` and no `since`, the round before the newest one the
    positions apply from.
    """
    policy.require(viewer, "view_position_map", talks)
    issues = list(policy.visible(viewer, AgendaIssue).filter(talks=talks).order_by("position"))
    parties = list(policy.visible(viewer, Party).filter(talks=talks).order_by("id"))
    rounds = list(policy.visible(viewer, Round).filter(talks=talks).order_by("number"))
    rows = list(policy.visible(viewer, PositionVersion).filter(talks=talks).select_related("applies_from", "party"))
    shown = _show(viewer, rows)
    by_cell: dict[tuple[int, int], list[ShownPosition]] = {}
    for p in shown:
        by_cell.setdefault((p.issue_id, p.party_id), []).append(p)
    default = default_since(rounds, shown)
    if since is None and use_default:
        since = default
    number = since.number if since is not None else -1
    assessments = _assessments(viewer, talks)
    out = []
    for issue in issues:
        cells = []
        for party in parties:
            versions = by_cell.get((issue.pk, party.pk), [])
            now = max(versions, key=lambda v: v.version) if versions else None
            then = _at(versions, number) if since is not None else None
            cells.append(Cell(party=party, now=now, then=then, moved=moved(then, now)))
        history = assessments.get(issue.pk, [])
        out.append(MapRow(issue=issue, cells=cells, assessment=history[0] if history else None,
                          assessments=history))
    return PositionMap(talks=talks, parties=parties, rounds=rounds, since=since, default_since=default,
                       rows=out, barred=barred_parties(talks))


def latest_assessment_version(issue: AgendaIssue) -> int | None:
    return (Assessment.objects.filter(issue=issue).order_by("-version")
            .values_list("version", flat=True).first())


def rooms_to_post_in(viewer: Viewer, talks: Talks) -> list[Room]:
    """The open rooms of the talks the viewer may post in, for the relay form."""
    rooms = policy.visible(viewer, Room).filter(talks=talks).select_related("party", "talks").order_by("id")
    return [r for r in rooms if policy.can(viewer, "post", r).allowed]


def draft_text(position: ShownPosition, *, party: Party, issue: AgendaIssue) -> str:
    """A message drafted from the position: its demand and offer, never its red line or notes."""
    lines = [_("Position of %(party)s on “%(issue)s”:") % {"party": party.name, "issue": issue.title}]
    if position.demand:
        lines.append(_("Demand: %(text)s") % {"text": position.demand.text})
    if position.offer:
        lines.append(_("Could offer: %(text)s") % {"text": position.offer.text})
    return "\n".join(lines)
