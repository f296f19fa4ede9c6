"""Rules of the positions: each party's private line per agenda issue, and the mediators' map.

Merged into `rules.RULES` and `rules.GLOBAL_RULES` at the end of `rules.py`;
this module must not import `rules.py`.

Who may do what, in short:

- A party's positions are read by its whole delegation (interpreters and
  observers included) and by the mediators; another party cannot know they
  exist (404).
- They are written by the delegation's negotiators: the head, members,
  counsel and experts (`POSITION_EDITORS`). A note-taker records what is
  said, not the party's line; interpreters and observers read only. The
  mediators never write a party's position: they read it and assess the gap.
- The party's head may keep the party's red lines from the mediators; the
  mediators then read "withheld by the party" wherever a red line would be.
- The map, the assessments and the position-to-message links are the
  mediators' alone.
- Suspended or concluded talks are read-only for the parties (`party_read_only`).
"""

from __future__ import annotations

from wasit.agenda.models import AgendaIssue
from wasit.policy.decision import Decision, allow, deny
from wasit.policy.rules_base import GlobalRule, Rule
from wasit.policy.rules_setup import party_read_only
from wasit.policy.viewer import Viewer
from wasit.positions.models import Assessment, PositionRelay, PositionVersion, RedLineBar
from wasit.talks.models import Party, Talks

# The delegation roles that write the party's positions (see the module docstring).
POSITION_EDITORS = frozenset({"head", "member", "counsel", "expert"})


def red_lines_barred(party_id: int) -> bool:
    """Has the party asked that the mediators not read its red lines? (One indexed query.)"""
    return RedLineBar.objects.filter(party_id=party_id, barred=True).exists()


def view_positions(viewer: Viewer, party: Party) -> Decision:
    seat = viewer.seat(party.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators read every party's positions")
    if seat.party_id == party.pk:
        return allow("own party's positions")
    return deny("another party's positions", visible=False)


def record_position(viewer: Viewer, party: Party) -> Decision:
    seat = viewer.seat(party.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return deny("mediators do not write a party's position; each party writes its own")
    if seat.party_id != party.pk:
        return deny("another party's positions", visible=False)
    read_only = party_read_only(seat, seat.talks.status)
    if read_only is not None:
        return read_only
    if seat.role in POSITION_EDITORS:
        return allow("writes its own party's positions")
    return deny("note-takers, interpreters and observers read the positions, they do not write them")


def bar_red_lines(viewer: Viewer, party: Party) -> Decision:
    seat = viewer.seat(party.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return deny("whether the mediators read a party's red lines is the party's call")
    if seat.party_id != party.pk:
        return deny("another party's positions", visible=False)
    read_only = party_read_only(seat, seat.talks.status)
    if read_only is not None:
        return read_only
    if seat.role == "head":
        return allow("the head of delegation decides for the party")
    return deny("only the head of delegation decides who reads the party's red lines")


def see_red_lines(viewer: Viewer, party: Party) -> Decision:
    """The red lines themselves: the party's own; the mediators' unless the party keeps them."""
    seen = view_positions(viewer, party)
    if not seen:
        return seen
    seat = viewer.seat(party.talks_id)
    assert seat is not None  # noqa: S101 (view_positions allowed)
    if seat.party_id == party.pk:
        return allow("own party's red lines")
    if red_lines_barred(party.pk):
        return deny("the party keeps its red lines from the mediators")
    return allow("mediators read the party's red lines")


def view_position(viewer: Viewer, position: PositionVersion) -> Decision:
    return view_positions(viewer, position.party)


def _mediators_only(viewer: Viewer, talks_id: int, *, hidden: bool) -> Decision:
    seat = viewer.seat(talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("the mediators' own work")
    return deny("the mediators' own work", visible=not hidden)


def view_position_map(viewer: Viewer, talks: Talks) -> Decision:
    return _mediators_only(viewer, talks.pk, hidden=False)


def assess_issue(viewer: Viewer, issue: AgendaIssue) -> Decision:
    return _mediators_only(viewer, issue.talks_id, hidden=False)


def view_assessment(viewer: Viewer, assessment: Assessment) -> Decision:
    return _mediators_only(viewer, assessment.talks_id, hidden=True)


def relay_position(viewer: Viewer, position: PositionVersion) -> Decision:
    seen = view_position(viewer, position)
    if not seen:
        return seen
    return _mediators_only(viewer, position.talks_id, hidden=False)


def view_position_relay(viewer: Viewer, link: PositionRelay) -> Decision:
    return _mediators_only(viewer, link.talks_id, hidden=True)


RULES: dict[tuple[str, type], Rule] = {
    ("view_positions", Party): view_positions,
    ("record_position", Party): record_position,
    ("bar_red_lines", Party): bar_red_lines,
    ("see_red_lines", Party): see_red_lines,
    ("view", PositionVersion): view_position,
    ("relay", PositionVersion): relay_position,
    ("view_position_map", Talks): view_position_map,
    ("assess", AgendaIssue): assess_issue,
    ("view", Assessment): view_assessment,
    ("view", PositionRelay): view_position_relay,
}

GLOBAL_RULES: dict[str, GlobalRule] = {}
