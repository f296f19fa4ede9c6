"""The positions' actions: who writes, what is refused, what the log says and to whom."""

from __future__ import annotations

from typing import Any

import pytest

from tests.personas import CANARY, Cast
from wasit import policy
from wasit.agenda import actions as agenda
from wasit.agenda.models import AgendaIssue
from wasit.audit.models import Event
from wasit.policy import ActionRefused, Forbidden, NotFound, viewer_for
from wasit.positions import actions, queries
from wasit.positions.actions import StaleVersion
from wasit.positions.models import Assessment, PositionVersion
from wasit.talks.localized import LocalText

pytestmark = pytest.mark.django_db


def v(cast: Cast, persona: str) -> policy.Viewer:
    return viewer_for(cast.user(persona))


def first_issue(cast: Cast) -> AgendaIssue:
    return AgendaIssue.objects.get(talks=cast.talks, position=1)


def snapshot() -> tuple[int, int, int]:
    return PositionVersion.objects.count(), Assessment.objects.count(), Event.objects.count()


def save(cast: Cast, persona: str = "us_head", party: str = "us", **changes: object) -> PositionVersion:
    issue = changes.pop("issue", first_issue(cast))
    p = cast.parties[party]
    fields: dict[str, object] = {"base_version": queries.latest_version(p, issue),  # type: ignore[arg-type]
                                 "demand": {"en": "A verified halt"}, "priority": 4}
    fields.update(changes)
    return actions.record_position(v(cast, persona), p, issue=issue, **fields)  # type: ignore[arg-type]


def test_the_demo_gives_each_side_a_position_on_every_issue_that_moves_between_january_and_may(cast: Cast) -> None:
    for code in ("us", "ir"):
        rows = PositionVersion.objects.filter(party=cast.parties[code], talks=cast.talks)
        assert {r.issue.position for r in rows} == {1, 2, 3, 4, 5}
        assert {r.applies_from.number for r in rows if r.applies_from} == {2, 4}
        assert all(set(r.demand) == {"en", "ar", "fa"} for r in rows if r.version == 1), "the demo's, in three languages"
    assert Assessment.objects.filter(talks=cast.talks).count() >= 5


def test_a_new_version_keeps_the_old_one_and_names_what_changed(cast: Cast) -> None:
    before = save(cast, demand={"en": "First"})
    after = save(cast, "us_member", demand={"en": "Second"}, priority=2)
    assert after.version == before.version + 1
    assert PositionVersion.objects.get(pk=before.pk).demand == {"en": "First"}
    event = Event.objects.order_by("-id").first()
    assert event is not None and event.kind == "positions.position_recorded"
    assert event.payload["changed"] == ["demand", "priority"]
    assert "Second" not in str(event.payload), "the log carries no position text"


def test_a_save_that_changes_nothing_records_nothing(cast: Cast) -> None:
    kept = save(cast, demand={"en": "Same"})
    count = snapshot()
    again = save(cast, demand={"en": "Same"})
    assert again.pk == kept.pk and snapshot() == count


def test_a_stale_edit_is_refused_with_a_conflict_and_changes_nothing(cast: Cast) -> None:
    issue = first_issue(cast)
    base = queries.latest_version(cast.parties["us"], issue)
    actions.record_position(v(cast, "us_head"), cast.parties["us"], issue=issue, base_version=base,
                            demand={"en": "The head's edit"}, priority=4)
    count = snapshot()
    with pytest.raises(StaleVersion) as refused:
        actions.record_position(v(cast, "us_member"), cast.parties["us"], issue=issue, base_version=base,
                                demand={"en": "The member's edit, from the same version"}, priority=4)
    assert refused.value.current == (base or 0) + 1
    assert "while you were editing" in str(refused.value.message)
    assert snapshot() == count


@pytest.mark.parametrize(("change", "field"), [
    ({"priority": 9}, "priority"), ({"priority": 0}, "priority"), ({"priority": True}, "priority"),
    ({"demand": {}}, "demand"), ({"demand": {"de": "Nein"}}, "demand"),
    ({"notes": {"en": "x\u202ey"}}, "notes"), ({"offer": {"en": "x" * 4001}}, "offer"),
])
def test_bad_input_is_refused_clearly_and_changes_nothing(cast: Cast, change: dict[str, Any], field: str) -> None:
    count = snapshot()
    with pytest.raises(ActionRefused) as refused:
        save(cast, **change)
    assert refused.value.field == field
    assert snapshot() == count


def test_an_issue_or_a_round_of_another_talks_is_refused(cast: Cast) -> None:
    other_issue = cast.extras["agenda_issue"][1]
    count = snapshot()
    with pytest.raises(ActionRefused, match="not on these talks' agenda"):
        save(cast, issue=other_issue, base_version=None)
    with pytest.raises(ActionRefused, match="not one of these talks' rounds"):
        save(cast, applies_from=cast.other_round)
    with pytest.raises(ActionRefused, match="not on these talks' agenda"):
        queries.issue_for_position(v(cast, "us_head"), cast.talks, other_issue.pk)
    assert snapshot() == count


def test_a_withdrawn_issue_takes_no_new_position(cast: Cast) -> None:
    lead = v(cast, "mediator")
    issue = agenda.add_issue(lead, cast.talks, title=LocalText(en="Detainees"))
    agenda.withdraw_issue(lead, issue)
    count = snapshot()
    with pytest.raises(ActionRefused, match="withdrawn"):
        save(cast, issue=issue, base_version=None)
    assert snapshot() == count


@pytest.mark.parametrize(("persona", "error"), [
    ("mediator", Forbidden), ("us_observer", Forbidden), ("ir_head", NotFound), ("outsider", NotFound)])
def test_only_the_partys_negotiators_write_its_position(cast: Cast, persona: str, error: type[Exception]) -> None:
    count = snapshot()
    with pytest.raises(error):
        save(cast, persona)
    assert snapshot() == count


def test_a_position_event_reaches_its_party_and_the_mediators_never_the_other_party(cast: Cast) -> None:
    save(cast, demand={"en": "Visible to us"})
    event = Event.objects.order_by("-id").first()
    assert event is not None
    for persona, sees in (("us_observer", True), ("mediator", True), ("co_mediator", True),
                          ("ir_head", False), ("ir_observer", False), ("outsider", False)):
        assert policy.visible(v(cast, persona), Event).filter(pk=event.pk).exists() is sees, persona


def test_a_barred_red_line_is_withheld_from_the_mediators_everywhere_and_its_change_announced_to_the_party_alone(
        cast: Cast) -> None:
    ir = cast.parties["ir"]
    issue = first_issue(cast)
    position = actions.record_position(v(cast, "ir_head"), ir, issue=issue,
                                       base_version=queries.latest_version(ir, issue),
                                       demand={"en": "Same demand"}, red_line={"en": "A new red line"}, priority=4)
    event = Event.objects.order_by("-id").first()
    assert event is not None and event.payload["hidden_from_mediators"] is True
    assert not policy.visible(v(cast, "mediator"), Event).filter(pk=event.pk).exists()
    assert policy.visible(v(cast, "ir_member"), Event).filter(pk=event.pk).exists()
    shown = queries.get_position(v(cast, "mediator"), position.pk)
    assert shown.red_line is None and shown.red_line_withheld and shown.demand.text == "Same demand"
    assert queries.get_position(v(cast, "ir_observer"), position.pk).red_line.text == "A new red line"  # type: ignore[union-attr]
    mapped = queries.position_map(v(cast, "mediator"), cast.talks)
    cell = next(c for c in mapped.rows[0].cells if c.party.pk == ir.pk)
    assert cell.now is not None and cell.now.red_line is None and "red_line" not in cell.moved


def test_the_us_red_line_is_read_by_the_mediators_since_the_us_does_not_bar_it(cast: Cast) -> None:
    shown = queries.get_position(v(cast, "co_mediator"), cast.extras["us_position"][0].pk)
    assert shown.red_line is not None and CANARY["us_red_line"] in shown.red_line.text


def test_only_the_head_bars_the_red_lines_and_asking_twice_records_once(cast: Cast) -> None:
    us = cast.parties["us"]
    for persona in ("us_member", "mediator"):
        with pytest.raises(Forbidden):
            actions.set_red_lines_barred(v(cast, persona), us, barred=True)
    with pytest.raises(NotFound):
        actions.set_red_lines_barred(v(cast, "ir_head"), us, barred=True)
    actions.set_red_lines_barred(v(cast, "us_head"), us, barred=True)
    count = snapshot()
    actions.set_red_lines_barred(v(cast, "us_head"), us, barred=True)
    assert snapshot() == count
    assert queries.get_position(v(cast, "mediator"), cast.extras["us_position"][0].pk).red_line is None


def test_the_map_shows_what_moved_since_the_previous_round_and_since_a_chosen_one(cast: Cast) -> None:
    lead = v(cast, "mediator")
    mapped = queries.position_map(lead, cast.talks)
    assert mapped.default_since is not None and mapped.default_since.number == 2  # May's previous: January
    red_sea = next(r for r in mapped.rows if r.issue.position == 2)
    us_cell = next(c for c in red_sea.cells if c.party.code == "us")
    assert us_cell.moved == {"offer", "priority", "applies_from"}
    nuclear_us = next(c for c in next(r for r in mapped.rows if r.issue.position == 3).cells if c.party.code == "us")
    assert nuclear_us.moved == frozenset() and not nuclear_us.is_new
    since_geneva = queries.position_map(lead, cast.talks, since=cast.rounds[0])
    assert all(c.is_new for row in since_geneva.rows for c in row.cells if c.now is not None)


def test_the_map_and_the_assessments_are_the_mediators_alone(cast: Cast) -> None:
    with pytest.raises(Forbidden):
        queries.position_map(v(cast, "us_head"), cast.talks)
    assert not policy.visible(v(cast, "us_head"), Assessment).exists()
    with pytest.raises(Forbidden):
        actions.record_assessment(v(cast, "ir_head"), first_issue(cast), base_version=None, gap="wide")


def test_a_stale_or_unknown_assessment_is_refused_and_changes_nothing(cast: Cast) -> None:
    lead = v(cast, "mediator")
    count = snapshot()
    with pytest.raises(StaleVersion):
        actions.record_assessment(lead, first_issue(cast), base_version=1, gap="agreed")
    with pytest.raises(ActionRefused, match="wide, narrowing"):
        actions.record_assessment(lead, first_issue(cast), base_version=2, gap="closed")
    assert snapshot() == count


def test_a_relayed_position_posts_a_message_and_keeps_its_provenance_for_the_mediators(cast: Cast) -> None:
    from wasit.caucus.models import Message
    from wasit.positions.models import PositionRelay

    lead = v(cast, "mediator")
    ir_position = cast.extras["ir_position"][0]
    link = actions.relay_position(lead, ir_position, room=cast.rooms["us"], text="Iran will talk to its partners.")
    assert Message.objects.get(pk=link.message_id).room_id == cast.rooms["us"].pk
    assert queries.get_position(lead, ir_position.pk).relays[0].room_id == cast.rooms["us"].pk
    assert not policy.visible(v(cast, "us_head"), PositionRelay).exists()
    assert not policy.visible(v(cast, "ir_head"), PositionRelay).exists()
    event = Event.objects.order_by("-id").first()
    assert event is not None and event.kind == "positions.position_relayed"
    assert not policy.visible(v(cast, "us_head"), Event).filter(pk=event.pk).exists()


def test_the_relay_draft_never_carries_a_red_line(cast: Cast) -> None:
    lead = v(cast, "mediator")
    for name in ("us_position", "ir_position"):
        row = cast.extras[name][0]
        text = queries.draft_text(queries.get_position(lead, row.pk), party=row.party, issue=row.issue)
        assert CANARY["us_red_line"] not in text and CANARY["ir_red_line"] not in text
        assert "Demand:" in text
