"""Every change to the positions, the red-line bar, the assessments and the relays passes through here.

Each action checks the policy, validates, takes the log's lock before it
reads the version in force (two delegates saving at once never both build
on it: the second is told of the conflict), writes a new row and records
one event, in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wasit import audit, policy
from wasit.agenda.models import AgendaIssue
from wasit.caucus import actions as caucus
from wasit.caucus.models import Room
from wasit.policy import ActionRefused, Viewer
from wasit.positions import events
from wasit.positions.models import (
    PRIORITY_MAX,
    PRIORITY_MIN,
    Assessment,
    Gap,
    PositionRelay,
    PositionVersion,
    RedLineBar,
)
from wasit.positions.queries import red_lines_barred
from wasit.positions.text import clean_local
from wasit.talks.models import Party, Round


class StaleVersion(ActionRefused):
    """The edit was made from a version that is no longer the one in force (409 in the API)."""

    def __init__(self, message: str, *, current: int | None) -> None:
        super().__init__(message, field="base_version")
        self.current = current


def _priority(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value))
        except ValueError:
            raise ActionRefused(_("The priority is a whole number from %(low)d to %(high)d.")
                                % {"low": PRIORITY_MIN, "high": PRIORITY_MAX}, field="priority") from None
    if not PRIORITY_MIN <= value <= PRIORITY_MAX:
        raise ActionRefused(_("The priority is a whole number from %(low)d to %(high)d.")
                            % {"low": PRIORITY_MIN, "high": PRIORITY_MAX}, field="priority")
    return value


def _check_base(base_version: int | None, current: int | None, what: str) -> None:
    if base_version == current:
        return
    if current is None:  # pragma: no cover - a base that never existed
        raise StaleVersion(_("There is no earlier version of this %(what)s to build on; reload the page.")
                           % {"what": what}, current=current)
    raise StaleVersion(
        _("Someone saved version %(current)d of this %(what)s while you were editing version %(base)s. "
          "Nothing was saved: read the new version and make your change again.")
        % {"current": current, "what": what, "base": base_version if base_version is not None else "—"},
        current=current)


@transaction.atomic
def record_position(
    actor: Viewer,
    party: Party,
    *,
    issue: AgendaIssue,
    base_version: int | None,
    demand: Mapping[str, str],
    offer: Mapping[str, str] | None = None,
    red_line: Mapping[str, str] | None = None,
    notes: Mapping[str, str] | None = None,
    priority: object,
    applies_from: Round | None = None,
) -> PositionVersion:
    """Save a new version of the party's position on an agenda issue (its own delegation's negotiators).

    `base_version` is the version the editor started from (None for the
    first): if another version was saved meanwhile, `StaleVersion` is raised
    and nothing changes. A save that changes nothing records nothing and
    returns the version in force.
    """
    policy.require(actor, "record_position", party)
    if issue.talks_id != party.talks_id:
        raise ActionRefused(_("This issue is not on these talks' agenda."), field="issue_id")
    if applies_from is not None and applies_from.talks_id != party.talks_id:
        raise ActionRefused(_("This round is not one of these talks' rounds."), field="round_id")
    texts = {"demand": clean_local(demand, field="demand", required=True),
             "offer": clean_local(offer, field="offer"),
             "red_line": clean_local(red_line, field="red_line"),
             "notes": clean_local(notes, field="notes")}
    level = _priority(priority)
    audit.lock_chain()  # the version in force is read, and the next one written, under the lock
    issue.refresh_from_db(fields=["withdrawn_at"])
    if issue.is_withdrawn:
        raise ActionRefused(_("This issue was withdrawn from the agenda: no new position can be recorded on it."),
                            field="issue_id")
    latest = (PositionVersion.objects.filter(party=party, issue=issue).order_by("-version")
              .select_related("applies_from").first())
    _check_base(base_version, latest.version if latest else None, _("position"))
    round_id = applies_from.pk if applies_from is not None else None
    if latest is None:
        changed = ["demand", *[k for k in ("offer", "red_line", "notes") if texts[k]], "priority"]
        if round_id is not None:
            changed.append("applies_from")
    else:
        changed = [k for k in texts if texts[k] != (getattr(latest, k) or {})]
        if level != latest.priority:
            changed.append("priority")
        if round_id != latest.applies_from_id:
            changed.append("applies_from")
        if not changed:
            return latest
    assert actor.user_id is not None  # noqa: S101 (recording requires a seat)
    position = PositionVersion.objects.create(
        talks_id=party.talks_id, issue=issue, party=party, version=(latest.version if latest else 0) + 1,
        applies_from=applies_from, priority=level, created_by_id=actor.user_id, created_at=timezone.now(),
        **texts)
    audit.record(events.PositionRecorded(
        talks_id=party.talks_id, position_id=position.pk, issue_id=issue.pk, party_id=party.pk,
        version=position.version, round_id=round_id, changed=changed,
        hidden_from_mediators="red_line" in changed and red_lines_barred(party)),
        actor_id=actor.user_id)
    return position


@transaction.atomic
def set_red_lines_barred(actor: Viewer, party: Party, *, barred: bool) -> RedLineBar | None:
    """Keep the party's red lines from the mediators, or let them read them again (its head only).

    Asking for what is already so records nothing.
    """
    policy.require(actor, "bar_red_lines", party)
    audit.lock_chain()
    bar = RedLineBar.objects.filter(party=party).first()
    if (bar is not None and bar.barred) == bool(barred):
        return bar
    assert actor.user_id is not None  # noqa: S101
    now = timezone.now()
    if bar is None:
        bar = RedLineBar.objects.create(party=party, barred=bool(barred), changed_by_id=actor.user_id,
                                        changed_at=now)
    else:
        bar.barred, bar.changed_by_id, bar.changed_at = bool(barred), actor.user_id, now
        bar.save(update_fields=["barred", "changed_by", "changed_at"])
    audit.record(events.RedLinesBarred(talks_id=party.talks_id, party_id=party.pk, barred=bar.barred),
                 actor_id=actor.user_id)
    return bar


@transaction.atomic
def record_assessment(actor: Viewer, issue: AgendaIssue, *, base_version: int | None, gap: str,
                      note: Mapping[str, str] | None = None) -> Assessment:
    """Save a new version of the mediators' reading of the gap on an issue (mediators only).

    Stale edits are refused as for positions; a save that changes nothing records nothing.
    """
    policy.require(actor, "assess", issue)
    if gap not in Gap.values:
        raise ActionRefused(_("Choose wide, narrowing, bridgeable or agreed."), field="gap")
    clean_note = clean_local(note, field="note")
    audit.lock_chain()
    latest = Assessment.objects.filter(issue=issue).order_by("-version").first()
    _check_base(base_version, latest.version if latest else None, _("assessment"))
    if latest is not None and latest.gap == gap and (latest.note or {}) == clean_note:
        return latest
    assert actor.user_id is not None  # noqa: S101
    assessment = Assessment.objects.create(
        talks_id=issue.talks_id, issue=issue, version=(latest.version if latest else 0) + 1, gap=gap,
        note=clean_note, created_by_id=actor.user_id, created_at=timezone.now())
    audit.record(events.AssessmentRecorded(talks_id=issue.talks_id, assessment_id=assessment.pk,
                                           issue_id=issue.pk, version=assessment.version, gap=gap),
                 actor_id=actor.user_id)
    return assessment


@transaction.atomic
def relay_position(actor: Viewer, position: PositionVersion, *, room: Room, text: str) -> PositionRelay:
    """Post a message drafted from a party's position into a room, and keep where it came from.

    The message is an ordinary post of the mediator's (`caucus.post_message`
    checks the room and the text); the link back to the position version is
    the mediators' alone.
    """
    policy.require(actor, "relay", position)
    if room.talks_id != position.talks_id:
        raise ActionRefused(_("Choose a room of these talks."), field="room_id")
    message = caucus.post_message(actor, room, text=text)
    assert actor.user_id is not None  # noqa: S101
    link = PositionRelay.objects.create(talks_id=position.talks_id, position=position, message=message,
                                        room=room, by_id=actor.user_id, created_at=timezone.now())
    audit.record(events.PositionRelayed(
        talks_id=position.talks_id, position_id=position.pk, party_id=position.party_id,
        issue_id=position.issue_id, version=position.version, message_id=message.pk, room_id=room.pk),
        actor_id=actor.user_id)
    return link
