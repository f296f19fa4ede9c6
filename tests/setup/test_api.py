"""The set-up API: each route with good and bad input; errors as `{"detail", "field"}`, nothing changed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.personas import Cast
from tests.setup.conftest import log_length
from wasit.caucus.models import Room
from wasit.talks.models import Membership, Party, Round, Talks

ClientFor = Callable[[str], Client]
SOON = (dt.date.today() + dt.timedelta(days=20)).isoformat()  # noqa: DTZ011


def post(client: Client, url: str, body: object) -> Any:
    return client.post(f"/api/v1{url}", data=json.dumps(body), content_type="application/json")


def unchanged(*models: type) -> tuple[object, ...]:
    return (*(list(m.objects.order_by("pk").values()) for m in models), log_length())


def test_an_operator_creates_talks_and_leads_them(cast: Cast, client_for: ClientFor) -> None:
    answer = post(client_for("operator"), "/talks", {
        "title": {"en": "Water talks", "fa": "مذاکرات آب"}, "mediator_org": {"en": "Swiss FDFA"},
        "languages": ["en", "fa"], "require_two_factor": True})
    assert answer.status_code == 201
    body = answer.json()
    assert body["title_i18n"] == {"en": "Water talks", "fa": "مذاکرات آب"} and body["status"] == "preparing"
    assert body["languages"] == ["en", "fa"] and body["require_two_factor"] is True
    assert Membership.objects.get(talks_id=body["id"], user=cast.user("operator")).role == "lead_mediator"


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"title": {"en": "T\u2067"}, "mediator_org": {"en": "O"}}, 400, "title"),
    ({"title": {"xx": "T"}, "mediator_org": {"en": "O"}}, 400, "title"),
    ({"title": {"en": "T"}, "mediator_org": {"en": "O"}, "status": "paused"}, 400, "status"),
    ({"title": {"en": "T"}, "mediator_org": {"en": "O"}, "languages": ["klingon"]}, 400, "languages"),
    ({"title": {"en": "T"}, "mediator_org": {"en": "O"}, "colour": "red"}, 422, None),
    ({"title": "T", "mediator_org": {"en": "O"}}, 422, None),
])
def test_bad_talks_are_refused_and_nothing_changes(cast: Cast, client_for: ClientFor, body: object,
                                                   status: int, field: str | None) -> None:
    client = client_for("operator")
    before = unchanged(Talks, Membership)
    answer = post(client, "/talks", body)
    assert answer.status_code == status
    if status == 400:
        assert answer.json()["field"] == field and answer.json()["detail"]
    assert unchanged(Talks, Membership) == before


def test_the_lead_edits_the_talks_and_the_detail_shows_it(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("mediator")
    answer = post(client, f"/talks/{cast.talks.pk}", {"heads_may_invite": True, "languages": ["ar", "en"],
                                                      "description": {"en": "New"}})
    assert answer.status_code == 200 and answer.json()["heads_may_invite"] is True
    detail = client.get(f"/api/v1/talks/{cast.talks.pk}").json()
    assert detail["languages"] == ["ar", "en"] and detail["heads_may_invite"] is True
    assert detail["description_i18n"] == {"en": "New"}


def test_a_co_mediator_gets_403_whatever_the_body(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("co_mediator")
    for body in ({"heads_may_invite": True}, {"nonsense": 1}, "not an object"):
        assert post(client, f"/talks/{cast.talks.pk}", body).status_code == 403


def test_the_status_changes_with_a_reason_and_not_without(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("mediator")
    before = unchanged(Talks)
    refused = post(client, f"/talks/{cast.talks.pk}/status", {"status": "suspended", "reason": " "})
    assert refused.status_code == 400 and refused.json()["field"] == "reason"
    assert post(client, f"/talks/{cast.talks.pk}/status", {"status": "halted", "reason": "x"}).json()["field"] == "status"
    assert unchanged(Talks) == before
    done = post(client, f"/talks/{cast.talks.pk}/status", {"status": "suspended", "reason": "Elections."})
    assert done.status_code == 200 and done.json()["status"] == "suspended"


def test_a_third_party_joins_through_the_api_with_its_room(cast: Cast, client_for: ClientFor) -> None:
    answer = post(client_for("mediator"), f"/talks/{cast.talks.pk}/parties",
                  {"code": "om-guarantor", "name": {"en": "Guarantor", "ar": "الضامن"}})
    assert answer.status_code == 201
    body = answer.json()
    assert Room.objects.get(pk=body["room_id"]).party_id == body["id"]
    rooms = client_for("mediator").get(f"/api/v1/talks/{cast.talks.pk}/rooms").json()
    assert body["room_id"] in {r["id"] for r in rooms}


def test_a_party_code_clash_is_refused(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("mediator")
    before = unchanged(Party, Room)
    answer = post(client, f"/talks/{cast.talks.pk}/parties", {"code": "us", "name": {"en": "Again"}})
    assert answer.status_code == 400 and answer.json()["field"] == "code"
    renamed = post(client, f"/parties/{cast.parties['ir'].pk}", {"code": "us"})
    assert renamed.status_code == 400 and renamed.json()["field"] == "code"
    assert unchanged(Party, Room) == before


def test_renaming_a_party(cast: Cast, client_for: ClientFor) -> None:
    answer = post(client_for("mediator"), f"/parties/{cast.parties['ir'].pk}",
                  {"name": {"en": "Islamic Republic of Iran", "fa": "جمهوری اسلامی ایران"}})
    assert answer.status_code == 200 and answer.json()["code"] == "ir"
    assert answer.json()["name_i18n"]["fa"] == "جمهوری اسلامی ایران"


def test_rooms_close_and_reopen_through_the_api(cast: Cast, client_for: ClientFor) -> None:
    client, room = client_for("co_mediator"), cast.rooms["ir"]
    assert post(client, f"/rooms/{room.pk}/close", {}).json()["open"] is False
    again = post(client, f"/rooms/{room.pk}/close", {})
    assert again.status_code == 400 and "already closed" in again.json()["detail"]
    assert post(client, f"/rooms/{room.pk}/reopen", {}).json()["open"] is True
    assert post(client, f"/rooms/{cast.rooms['joint'].pk}/close", {}).json()["open"] is False
    assert post(client, f"/rooms/{cast.rooms['mediators'].pk}/close", {}).status_code == 400


def test_rounds_are_scheduled_and_edited_with_a_time_zone(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("mediator")
    made = post(client, f"/talks/{cast.talks.pk}/rounds", {
        "venue": {"en": "Geneva"}, "starts_on": SOON, "ends_on": SOON, "time_zone": "Europe/Zurich",
        "format": "listening"})
    assert made.status_code == 201 and made.json()["time_zone"] == "Europe/Zurich"
    edited = post(client, f"/rounds/{made.json()['id']}", {"title": {"en": "Listening round"}})
    assert edited.status_code == 200 and edited.json()["title"] == "Listening round"
    shown = client.get(f"/api/v1/rounds/{made.json()['id']}").json()
    assert shown["time_zone"] == "Europe/Zurich"


@pytest.mark.parametrize(("body", "field"), [
    ({"time_zone": "Nowhere/Else"}, "time_zone"), ({"format": "séance"}, "format"),
    ({"ends_on": "2001-01-01"}, "ends_on"), ({"venue": {"en": "\u202dGeneva"}}, "venue"),
])
def test_bad_round_edits_are_refused(cast: Cast, client_for: ClientFor, body: object, field: str) -> None:
    client = client_for("mediator")
    before = unchanged(Round)
    answer = post(client, f"/rounds/{cast.rounds[2].pk}", body)
    assert answer.status_code == 400 and answer.json()["field"] == field
    assert unchanged(Round) == before


def test_a_held_rounds_dates_are_refused_through_the_api(cast: Cast, client_for: ClientFor) -> None:
    held = next(r for r in cast.rounds if r.status == "held")
    answer = post(client_for("mediator"), f"/rounds/{held.pk}", {"starts_on": SOON, "ends_on": SOON})
    assert answer.status_code == 400 and "held" in answer.json()["detail"]


def test_the_schema_lists_the_set_up_operations(cast: Cast, client_for: ClientFor) -> None:
    schema = client_for("mediator").get("/api/v1/openapi.json").json()
    ids = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {"create_talks", "edit_talks", "change_talks_status", "add_party", "rename_party", "close_room",
            "reopen_room", "schedule_round", "edit_round"} <= ids
    body = schema["paths"]["/api/v1/talks"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["additionalProperties"] is False
