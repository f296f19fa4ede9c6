"""The single text's actions: who drafts, shares, marks and signs; what is refused; what the log says."""

from __future__ import annotations

from typing import Any

import pytest

from tests.personas import CANARY, PASSWORD, Cast
from wasit import policy
from wasit.audit.models import Event
from wasit.policy import ActionRefused, Forbidden, NotFound, viewer_for
from wasit.positions.actions import StaleVersion
from wasit.texts import actions, queries
from wasit.texts.models import NegotiatingText, SignOff, Stance, TextVersion, VersionShare

pytestmark = pytest.mark.django_db


def v(cast: Cast, persona: str) -> policy.Viewer:
    return viewer_for(cast.user(persona))


def snapshot() -> tuple[int, ...]:
    return (NegotiatingText.objects.count(), TextVersion.objects.count(), VersionShare.objects.count(),
            Stance.objects.count(), SignOff.objects.count(), Event.objects.count())


def start(cast: Cast, **more: Any) -> NegotiatingText:
    fields: dict[str, Any] = {
        "title": {"en": "Agreed minute", "ar": "محضر متفق عليه"}, "authoritative_language": "ar",
        "clauses": [{"number": "1", "body": {"ar": "تلتزم الأطراف بوقف الهجمات على القواعد", "en": "No attacks"}},
                    {"number": "2", "body": {"en": "Talks resume in May"}}]}
    fields.update(more)
    return actions.create_text(v(cast, "mediator"), cast.talks, **fields)


def keys(version: TextVersion) -> list[str]:
    return [c["key"] for c in version.clauses]


def share_all(cast: Cast, version: TextVersion) -> None:
    actions.share_version(v(cast, "mediator"), version, party_ids=[cast.parties["us"].pk, cast.parties["ir"].pk])


def accept_all(cast: Cast, persona: str, version: TextVersion) -> None:
    actions.mark_stances(v(cast, persona), version, stances={k: "accept" for k in keys(version)})


def test_a_text_starts_with_version_one_that_only_the_mediators_know(cast: Cast) -> None:
    text = start(cast)
    version = queries.latest(text)
    assert version.number == 1 and len(version.digest) == 64
    assert policy.can(v(cast, "co_mediator"), "view", text)
    for persona in ("us_head", "ir_member"):
        with pytest.raises(NotFound):
            policy.require(v(cast, persona), "view", text)
    event = Event.objects.order_by("-id").first()
    assert event is not None and event.kind == "texts.text_created" and event.audience.strip() == "mediators"
    assert "الهجمات" not in str(event.payload), "the log carries no clause text"


def test_a_party_sees_only_the_versions_shared_with_it_never_the_drafts_between(cast: Cast) -> None:
    text = start(cast)
    v1 = queries.latest(text)
    share_all(cast, v1)
    v2 = actions.edit_clause(v(cast, "mediator"), text, base_version=1, key=keys(v1)[1],
                             clause={"body": {"en": "Talks resume in June"}})
    v3 = actions.edit_clause(v(cast, "co_mediator"), text, base_version=2, key=keys(v1)[1],
                             clause={"body": {"en": "Talks resume in July"}})
    actions.share_version(v(cast, "mediator"), v3, party_ids=[cast.parties["us"].pk])
    assert [x.number for x in queries.visible_versions(v(cast, "us_observer"), text)] == [1, 3]
    assert [x.number for x in queries.visible_versions(v(cast, "ir_interpreter"), text)] == [1]
    assert [x.number for x in queries.visible_versions(v(cast, "mediator"), text)] == [1, 2, 3]
    with pytest.raises(NotFound):
        policy.require(v(cast, "us_head"), "view", v2)
    with pytest.raises(NotFound):
        policy.require(v(cast, "ir_head"), "view", v3)


def test_only_mediators_edit_and_a_concurrent_edit_is_a_conflict_not_an_overwrite(cast: Cast) -> None:
    text = start(cast)
    v1 = queries.latest(text)
    share_all(cast, v1)
    with pytest.raises(Forbidden):
        actions.edit_clause(v(cast, "us_head"), text, base_version=1, key=keys(v1)[0], clause={"body": {"en": "x"}})
    actions.edit_clause(v(cast, "mediator"), text, base_version=1, key=keys(v1)[0], clause={"body": {"en": "A"}})
    before = snapshot()
    with pytest.raises(StaleVersion) as refused:
        actions.edit_clause(v(cast, "co_mediator"), text, base_version=1, key=keys(v1)[0],
                            clause={"body": {"en": "B"}})
    assert refused.value.current == 2 and "version 2" in str(refused.value)
    assert snapshot() == before
    assert queries.latest(text).clauses[0]["body"] == {"en": "A"}


@pytest.mark.parametrize("bad", [
    {"number": "1", "body": {"en": "Stop \u202eattacks"}},
    {"number": "1", "body": {"en": "<script>alert(1)</script>"}},
    {"number": "", "body": {"en": "No number"}},
    {"number": "1", "body": {}},
    {"number": "1", "body": {"xx": "Klingon"}},
    {"number": "1", "body": {"en": "One alternative"}, "alternatives": [{"en": "alone"}]},
])
def test_a_bad_clause_is_refused_with_a_clear_error_and_nothing_changes(cast: Cast, bad: dict[str, Any]) -> None:
    text = start(cast)
    before = snapshot()
    with pytest.raises(ActionRefused) as refused:
        actions.edit_clause(v(cast, "mediator"), text, base_version=1, key=keys(queries.latest(text))[0], clause=bad)
    assert str(refused.value)
    assert snapshot() == before


def test_two_clauses_with_one_number_are_refused(cast: Cast) -> None:
    with pytest.raises(ActionRefused, match="same number"):
        start(cast, clauses=[{"number": "1", "body": {"en": "a"}}, {"number": "1", "body": {"en": "b"}}])


def test_stances_are_per_version_and_a_changed_clause_shows_its_earlier_stance_as_stale(cast: Cast) -> None:
    text = start(cast)
    v1 = queries.latest(text)
    share_all(cast, v1)
    accept_all(cast, "us_member", v1)
    v2 = actions.edit_clause(v(cast, "mediator"), text, base_version=1, key=keys(v1)[1],
                             clause={"body": {"en": "Talks resume in June"}})
    share_all(cast, v2)
    mine = queries.own_cells(v2, cast.parties["us"].pk)
    first, second = mine[keys(v1)[0]], mine[keys(v1)[1]]
    assert first.stance is None and first.earlier == "accept" and not first.stale, "unchanged: shown, not carried"
    assert second.stance is None and second.earlier == "accept" and second.stale, "the clause changed"
    assert not queries.is_agreed(v2)
    with pytest.raises(Forbidden, match="later version"):
        actions.mark_stances(v(cast, "us_head"), v1, stances={keys(v1)[0]: "reject"})


def test_a_stance_on_an_unshared_version_or_by_a_reader_is_refused(cast: Cast) -> None:
    text = start(cast)
    v1 = queries.latest(text)
    actions.share_version(v(cast, "mediator"), v1, party_ids=[cast.parties["us"].pk])
    before = snapshot()
    with pytest.raises(NotFound):
        actions.mark_stances(v(cast, "ir_head"), v1, stances={keys(v1)[0]: "accept"})
    with pytest.raises(Forbidden):
        actions.mark_stances(v(cast, "us_observer"), v1, stances={keys(v1)[0]: "accept"})
    with pytest.raises(Forbidden):
        actions.mark_stances(v(cast, "mediator"), v1, stances={keys(v1)[0]: "accept"})
    with pytest.raises(ActionRefused):
        actions.mark_stances(v(cast, "us_head"), v1, stances={keys(v1)[0]: "maybe"})
    with pytest.raises(ActionRefused):
        actions.mark_stances(v(cast, "us_head"), v1, stances={"c-unknown": "accept"})
    assert snapshot() == before


def test_a_partys_comment_reaches_the_mediators_never_the_other_party(cast: Cast) -> None:
    text = start(cast)
    v1 = queries.latest(text)
    share_all(cast, v1)
    actions.mark_stances(v(cast, "ir_head"), v1, stances={
        keys(v1)[0]: {"stance": "reserve", "comment": {"en": f"Ad referendum {CANARY['ir']}"}}})
    board = queries.board(v1)
    assert board[0].cells[cast.parties["ir"].pk].comment == {"en": f"Ad referendum {CANARY['ir']}"}
    assert queries.own_cells(v1, cast.parties["us"].pk)[keys(v1)[0]].comment == {}
    event = Event.objects.filter(kind="texts.stances_marked").order_by("-id").first()
    assert event is not None and CANARY["ir"] not in str(event.payload)
    assert f"party:{cast.parties['us'].pk} " not in event.audience


def test_nothing_is_agreed_until_all_accept_then_heads_sign_off_and_the_text_freezes(cast: Cast) -> None:
    text = start(cast)
    v1 = queries.latest(text)
    share_all(cast, v1)
    accept_all(cast, "us_member", v1)
    with pytest.raises(ActionRefused, match="Not every party"):
        actions.sign_off(v(cast, "us_head"), v1, password=PASSWORD)
    accept_all(cast, "ir_member", v1)
    assert queries.is_agreed(v1)
    agreed = [e for e in Event.objects.filter(kind="texts.text_agreed") if e.payload["text_id"] == text.pk]
    assert len(agreed) == 1
    with pytest.raises(Forbidden):
        actions.sign_off(v(cast, "us_member"), v1, password=PASSWORD)
    before = snapshot()
    with pytest.raises(ActionRefused, match="password"):
        actions.sign_off(v(cast, "us_head"), v1, password="wrong")
    assert snapshot() == before
    actions.sign_off(v(cast, "us_head"), v1, password=PASSWORD)
    with pytest.raises(ActionRefused, match="final"):
        actions.mark_stances(v(cast, "us_member"), v1, stances={keys(v1)[0]: "reject"})
    actions.sign_off(v(cast, "ir_head"), v1, password=PASSWORD)
    text.refresh_from_db()
    assert text.signed_version_id == v1.pk
    signed = Event.objects.filter(kind="texts.text_signed").order_by("-id").first()
    assert signed is not None and signed.payload["text_id"] == text.pk
    assert signed.payload["digest"] == v1.digest
    with pytest.raises(Forbidden, match="frozen"):
        actions.edit_clause(v(cast, "mediator"), text, base_version=1, key=keys(v1)[0], clause={"body": {"en": "x"}})


def test_a_non_paper_export_names_no_proposing_party_for_the_parties(cast: Cast) -> None:
    text = start(cast, non_paper=True, clauses=[
        {"number": "1", "body": {"en": "Restraint"}, "proposed_by": cast.parties["ir"].pk}])
    v1 = queries.latest(text)
    share_all(cast, v1)
    assert queries.document(v(cast, "us_head"), v1).clauses[0].proposed_by is None
    assert queries.document(v(cast, "mediator"), v1).clauses[0].proposed_by is not None
    actions.change_settings(v(cast, "mediator"), text, non_paper=False, share_open_count=True)
    assert queries.document(v(cast, "us_head"), v1).clauses[0].proposed_by is not None


def test_the_cast_text_keeps_each_partys_comment_its_own(cast: Cast) -> None:
    v1 = cast.extras["text_shared"][0]
    ir_cells = queries.own_cells(v1, cast.parties["ir"].pk)
    assert any(CANARY["ir"] in str(c.comment) for c in ir_cells.values())
    assert not any(CANARY["ir"] in str(c.comment) for c in queries.own_cells(v1, cast.parties["us"].pk).values())


def test_a_party_is_never_shown_an_older_version_than_one_it_has(cast: Cast) -> None:
    text = start(cast)
    v1 = queries.latest(text)
    v2 = actions.edit_clause(v(cast, "mediator"), text, base_version=1, key=keys(v1)[0],
                             clause={"body": {"en": "Second"}})
    actions.share_version(v(cast, "mediator"), v2, party_ids=[cast.parties["us"].pk])
    actions.edit_clause(v(cast, "mediator"), text, base_version=2, key=keys(v1)[0], clause={"body": {"en": "Third"}})
    # Iran may still be shown version 2 while version 3 is drafted; the US not version 1.
    actions.share_version(v(cast, "mediator"), v2, party_ids=[cast.parties["ir"].pk])
    before = snapshot()
    with pytest.raises(ActionRefused, match="later version"):
        actions.share_version(v(cast, "mediator"), v1, party_ids=[cast.parties["us"].pk])
    assert snapshot() == before
