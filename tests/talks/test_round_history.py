"""A round's history: every step with its time and author, on the page and in the API; SEQUENCE rises."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from tests.personas import Cast
from tests.talks.conftest import api, snapshot
from wasit.audit.models import Event
from wasit.policy import ActionRefused, viewer_for
from wasit.talks import actions
from wasit.talks.localized import LocalText
from wasit.talks.models import Round, RoundFormat, RoundStatus, RoundStep

ClientFor = Callable[[str | None], Client]
SOON = dt.date.today() + dt.timedelta(days=30)  # noqa: DTZ011


def _new_round(cast: Cast, persona: str = "mediator", **extra: object) -> Round:
    kwargs: dict[str, object] = {"title": LocalText(en="Technical round"), "venue": LocalText(en="Muscat"),
                                 "starts_on": SOON, "ends_on": SOON, "format": RoundFormat.PROXIMITY,
                                 "time_zone": "Asia/Muscat", **extra}
    return actions.schedule_round(viewer_for(cast.user(persona)), cast.talks, **kwargs)  # type: ignore[arg-type]


def test_each_step_is_recorded_with_its_time_and_author_and_raises_the_sequence(cast: Cast) -> None:
    lead, co = viewer_for(cast.user("mediator")), viewer_for(cast.user("co_mediator"))
    round_ = _new_round(cast)
    actions.edit_round(co, round_, venue=LocalText(en="Salalah"))
    actions.edit_round(lead, round_, starts_on=SOON + dt.timedelta(days=1), ends_on=SOON + dt.timedelta(days=2))
    actions.change_round_status(co, round_, status=RoundStatus.POSTPONED, reason="Flights cancelled",
                                requested_by=cast.parties["ir"], rescheduled_to=SOON + dt.timedelta(days=9))
    actions.change_round_status(lead, round_, status=RoundStatus.CANCELLED, reason="Overtaken by events")
    steps = list(RoundStep.objects.filter(round=round_).order_by("id"))
    assert [s.kind for s in steps] == ["planned", "edited", "rescheduled", "postponed", "cancelled"]
    assert [s.by_id for s in steps] == [cast.user(p).pk for p in
                                        ("mediator", "co_mediator", "mediator", "co_mediator", "mediator")]
    assert [s.sequence for s in steps] == [0, 1, 2, 3, 4]
    postponed = steps[3]
    assert (postponed.reason, postponed.asked_by, postponed.asked_by_party_id, postponed.new_date) == (
        "Flights cancelled", "party", cast.parties["ir"].pk, SOON + dt.timedelta(days=9))
    assert steps[1].changed == ["venue"]
    # The step's time is the event's: the history and the log agree.
    event = Event.objects.filter(kind="talks.round_status_changed").order_by("-id")[1]
    assert event.payload["requested_by"] == f"party:{cast.parties['ir'].pk}"
    assert postponed.at == event.created_at
    round_.refresh_from_db()
    assert round_.sequence == 4


def test_a_postponement_may_have_no_new_date_and_the_mediators_may_have_asked(cast: Cast) -> None:
    round_ = _new_round(cast)
    actions.change_round_status(viewer_for(cast.user("mediator")), round_, status=RoundStatus.POSTPONED,
                                reason="Waiting for an answer", requested_by="mediators")
    step = RoundStep.objects.filter(round=round_).latest("id")
    assert (step.asked_by, step.new_date) == ("mediators", None)


def test_a_postponement_asked_by_another_talks_party_is_refused_and_changes_nothing(cast: Cast) -> None:
    round_ = _new_round(cast)
    before = snapshot()
    with pytest.raises(ActionRefused) as refused:
        actions.change_round_status(viewer_for(cast.user("mediator")), round_, status=RoundStatus.POSTPONED,
                                    reason="x", requested_by=cast.other_party)
    assert refused.value.field == "requested_by"
    assert snapshot() == before


def test_an_edit_that_changes_nothing_records_no_step(cast: Cast) -> None:
    round_ = _new_round(cast)
    before = snapshot()
    actions.edit_round(viewer_for(cast.user("mediator")), round_, venue=LocalText(en="Muscat"))
    assert snapshot() == before


def test_the_history_is_append_only() -> None:
    step = RoundStep(pk=1)
    with pytest.raises(ValueError, match="append-only"):
        step.save()


def test_round_page_shows_the_timeline_with_who_asked_and_the_new_date(cast: Cast, client_for: ClientFor) -> None:
    # The US member reads the Gregorian calendar (the demo gives Iran's delegation the Jalali one).
    page = client_for("us_member").get(f"/rounds/{cast.rounds[2].pk}/").content.decode()
    assert "History of the round" in page
    assert "Asked for by: United States" in page
    assert "New date: 14 May 2024" in page
    assert "Lead mediator (Oman)" in page  # the author of each step
    jalali = client_for("ir_member").get(f"/rounds/{cast.rounds[2].pk}/").content.decode()
    assert "New date: 25 Ordibehesht 1403 SH" in jalali


def test_round_page_timeline_in_arabic(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("ir_member")
    client.cookies["wasit_language"] = "ar"
    page = client.get(f"/rounds/{cast.rounds[2].pk}/").content.decode()
    assert "سجل الجولة" in page  # "History of the round"
    assert "طلب ذلك: الولايات المتحدة" in page  # "Asked for by: United States"


def test_api_history_lists_every_step_in_order(cast: Cast, client_for: ClientFor) -> None:
    steps = api(client_for("us_observer"), "GET", f"/rounds/{cast.rounds[2].pk}/history").json()
    assert [s["kind"] for s in steps] == ["planned", "agenda", "postponed"]
    assert steps[2]["asked_by"] == "party" and steps[2]["asked_by_party_id"] == cast.parties["us"].pk
    assert steps[2]["new_date"] == "2024-05-14"
    assert steps[2]["by"] == "Lead mediator (Oman)"


def test_api_postponement_names_who_asked_and_refuses_an_unknown_party(cast: Cast, client_for: ClientFor) -> None:
    round_ = _new_round(cast)
    client = client_for("co_mediator")
    before = snapshot()
    answer = api(client, "POST", f"/rounds/{round_.pk}/status",
                 {"status": "postponed", "reason": "Talks elsewhere", "requested_by": cast.other_party.pk})
    assert answer.status_code == 400 and answer.json()["field"] == "requested_by"
    assert snapshot() == before
    answer = api(client, "POST", f"/rounds/{round_.pk}/status",
                 {"status": "postponed", "reason": "Talks elsewhere", "requested_by": cast.parties["us"].pk})
    assert answer.status_code == 200
    assert answer.json()["sequence"] == 1
    assert RoundStep.objects.filter(round=round_).latest("id").asked_by_party_id == cast.parties["us"].pk


def test_the_status_form_records_who_asked(cast: Cast, client_for: ClientFor) -> None:
    round_ = _new_round(cast)
    response = client_for("mediator").post(f"/rounds/{round_.pk}/status/", {
        "status": "postponed", "reason": "Head of delegation away",
        "requested_by": f"party-{cast.parties['us'].pk}", "rescheduled_to": ""})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert (round_.status, round_.rescheduled_to) == ("postponed", None)
    assert RoundStep.objects.filter(round=round_).latest("id").asked_by_party_id == cast.parties["us"].pk


def test_the_round_page_query_count_does_not_grow_with_its_history(cast: Cast, client_for: ClientFor) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round_ = _new_round(cast)
    client = client_for("mediator")
    client.get(f"/rounds/{round_.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/rounds/{round_.pk}/")
    lead = viewer_for(cast.user("mediator"))
    for i in range(5):
        actions.edit_round(lead, round_, venue=LocalText(en=f"Muscat {i}"))
    actions.change_round_status(lead, round_, status=RoundStatus.POSTPONED, reason="x",
                                requested_by=cast.parties["us"])
    with CaptureQueriesContext(connection) as many:
        client.get(f"/rounds/{round_.pk}/")
    assert len(many.captured_queries) == len(few.captured_queries)
