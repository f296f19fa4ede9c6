"""Rounds in UTC with the venue's time zone; local dates and times in, clear refusals for bad input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from tests.personas import Cast
from tests.talks.conftest import api, snapshot
from wasit.dates import FIRST_DAY, LAST_DAY
from wasit.policy import ActionRefused, viewer_for
from wasit.talks import actions
from wasit.talks.localized import LocalText
from wasit.talks.models import Round, RoundFormat

ClientFor = Callable[[str | None], Client]
DAY = dt.date.today() + dt.timedelta(days=40)  # noqa: DTZ011
UTC = dt.UTC


def _schedule(cast: Cast, **extra: object) -> Round:
    kwargs: dict[str, object] = {"title": LocalText(en="Round"), "venue": LocalText(en="Muscat"),
                                 "starts_on": DAY, "ends_on": DAY, "format": RoundFormat.DIRECT, **extra}
    return actions.schedule_round(viewer_for(cast.user("mediator")), cast.talks, **kwargs)  # type: ignore[arg-type]


def test_local_times_are_stored_in_utc_and_read_back_in_the_venue_zone(cast: Cast) -> None:
    round_ = _schedule(cast, time_zone="Asia/Muscat", starts_time=dt.time(9, 30), ends_time=dt.time(18, 0))
    round_.refresh_from_db()
    assert round_.starts_at == dt.datetime.combine(DAY, dt.time(5, 30), tzinfo=UTC)  # Muscat is UTC+4
    assert round_.ends_at == dt.datetime.combine(DAY, dt.time(14, 0), tzinfo=UTC)
    assert (round_.starts_on, round_.ends_on, round_.starts_time, round_.all_day) == (
        DAY, DAY, dt.time(9, 30), False)


def test_an_evening_round_west_of_greenwich_keeps_its_local_date(cast: Cast) -> None:
    round_ = _schedule(cast, time_zone="America/Los_Angeles", starts_time=dt.time(19, 0),
                       ends_time=dt.time(23, 0))
    round_.refresh_from_db()
    assert round_.starts_at.astimezone(UTC).date() == DAY + dt.timedelta(days=1)  # already tomorrow in UTC
    assert (round_.starts_on, round_.ends_on) == (DAY, DAY)


def test_a_round_of_whole_days_runs_from_local_midnight_to_local_midnight_after_its_last_day(cast: Cast) -> None:
    round_ = _schedule(cast, time_zone="Asia/Tehran", ends_on=DAY + dt.timedelta(days=2))
    round_.refresh_from_db()
    tehran = round_.zone
    assert round_.starts_at == dt.datetime.combine(DAY, dt.time(), tzinfo=tehran)
    assert round_.ends_at == dt.datetime.combine(DAY + dt.timedelta(days=3), dt.time(), tzinfo=tehran)
    assert (round_.starts_on, round_.ends_on, round_.all_day) == (DAY, DAY + dt.timedelta(days=2), True)


def test_changing_only_the_zone_keeps_the_venue_clock_and_moves_the_instants(cast: Cast) -> None:
    round_ = _schedule(cast, time_zone="UTC", starts_time=dt.time(10, 0), ends_time=dt.time(12, 0))
    actions.edit_round(viewer_for(cast.user("mediator")), round_, time_zone="Asia/Muscat")
    round_.refresh_from_db()
    assert (round_.starts_time, round_.starts_at.hour, round_.sequence) == (dt.time(10, 0), 6, 1)


def test_an_edit_can_make_a_timed_round_whole_days_again(cast: Cast) -> None:
    round_ = _schedule(cast, starts_time=dt.time(10, 0), ends_time=dt.time(12, 0))
    actions.edit_round(viewer_for(cast.user("mediator")), round_, starts_time=None, ends_time=None)
    round_.refresh_from_db()
    assert round_.all_day and round_.starts_time is None


@pytest.mark.parametrize(("extra", "field", "message"), [
    ({"starts_time": dt.time(15, 0), "ends_time": dt.time(9, 0)}, "ends_time", "cannot end before it starts"),
    ({"ends_on": DAY - dt.timedelta(days=1)}, "ends_on", "cannot end before it starts"),
    ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Unknown time zone"),
    ({"time_zone": "../etc/passwd"}, "time_zone", "Unknown time zone"),
    ({"starts_on": FIRST_DAY - dt.timedelta(days=1), "ends_on": FIRST_DAY}, "starts_on", "out of range"),
    ({"ends_on": LAST_DAY + dt.timedelta(days=1), "starts_on": LAST_DAY}, "ends_on", "out of range"),
    ({"starts_time": dt.time(9, 0)}, "ends_time", "both times"),
])
def test_bad_dates_times_and_zones_are_refused_and_change_nothing(
        cast: Cast, extra: dict[str, object], field: str, message: str) -> None:
    before = snapshot()
    with pytest.raises(ActionRefused) as refused:
        _schedule(cast, **extra)
    assert refused.value.field == field
    assert message in str(refused.value.message)
    assert snapshot() == before


def test_a_postponement_to_a_day_no_calendar_can_show_is_refused(cast: Cast) -> None:
    round_ = _schedule(cast)
    before = snapshot()
    with pytest.raises(ActionRefused) as refused:
        actions.change_round_status(viewer_for(cast.user("mediator")), round_, status="postponed",  # type: ignore[arg-type]
                                    reason="x", rescheduled_to=dt.date(2078, 1, 1))
    assert refused.value.field == "rescheduled_to"
    assert snapshot() == before


def test_the_api_takes_local_dates_and_times_and_answers_utc(cast: Cast, client_for: ClientFor) -> None:
    answer = api(client_for("mediator"), "POST", f"/talks/{cast.talks.pk}/rounds", {
        "venue": {"en": "Muscat"}, "starts_on": DAY.isoformat(), "ends_on": DAY.isoformat(),
        "starts_time": "09:30", "ends_time": "18:00", "time_zone": "Asia/Muscat", "format": "direct"})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["starts_at"].startswith(f"{DAY.isoformat()}T05:30:00")
    assert (body["starts_on"], body["starts_time"], body["all_day"], body["sequence"]) == (
        DAY.isoformat(), "09:30", False, 0)


@pytest.mark.parametrize(("extra", "field"), [
    ({"time_zone": "Nowhere/City"}, "time_zone"),
    ({"starts_time": "15:00", "ends_time": "09:00"}, "ends_time"),
    ({"starts_on": "1900-01-01", "ends_on": "1900-01-01"}, "starts_on"),
    ({"starts_time": "09:00+02:00", "ends_time": "10:00"}, "starts_time"),
])
def test_the_api_refuses_bad_input_with_its_field_and_changes_nothing(
        cast: Cast, client_for: ClientFor, extra: dict[str, str], field: str) -> None:
    client = client_for("mediator")  # logging in is recorded: before the snapshot
    before = snapshot()
    answer = api(client, "POST", f"/talks/{cast.talks.pk}/rounds", {
        "venue": {"en": "Muscat"}, "starts_on": DAY.isoformat(), "ends_on": DAY.isoformat(),
        "format": "direct", **extra})
    assert answer.status_code == 400 and answer.json()["field"] == field
    assert snapshot() == before


def test_the_api_edit_keeps_times_left_out_and_clears_times_given_as_null(cast: Cast, client_for: ClientFor) -> None:
    round_ = _schedule(cast, starts_time=dt.time(10, 0), ends_time=dt.time(12, 0))
    client = client_for("co_mediator")
    assert api(client, "POST", f"/rounds/{round_.pk}", {"venue": {"en": "Sohar"}}).json()["starts_time"] == "10:00"
    body = api(client, "POST", f"/rounds/{round_.pk}", {"starts_time": None, "ends_time": None}).json()
    assert body["all_day"] is True and body["starts_time"] is None


def test_the_form_takes_local_times_and_shows_a_clear_error_for_a_bad_zone(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("mediator")
    data = {"venue_en": "Muscat", "starts_on": DAY.isoformat(), "ends_on": DAY.isoformat(),
            "starts_time": "09:30", "ends_time": "18:00", "time_zone": "Asia/Muscat", "format": "proximity"}
    before = snapshot()
    response = client.post(f"/talks/{cast.talks.pk}/rounds/new/", {**data, "time_zone": "Asia/Atlantis"})
    assert response.status_code == 400
    assert "Unknown time zone" in response.content.decode()
    assert snapshot() == before
    response = client.post(f"/talks/{cast.talks.pk}/rounds/new/", data)
    assert response.status_code == 302
    round_ = Round.objects.filter(talks=cast.talks).latest("number")
    assert round_.starts_at == dt.datetime.combine(DAY, dt.time(5, 30), tzinfo=UTC)
    page = client.get(f"/rounds/{round_.pk}/").content.decode()
    assert "09:30 – 18:00" in page
