""""Delivered" means the recipient's client said it received the relay, and nothing else does."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import Client

from tests.live.server import Deployment, Server, Stream
from tests.personas import Cast
from wasit.audit.models import Event
from wasit.caucus import actions
from wasit.caucus.models import Relay, RelayMode
from wasit.policy import viewer_for


def _relay_into_iran(cast: Cast, text: str = "They ask for restraint.") -> Relay:
    (relay,) = actions.relay_message(viewer_for(cast.user("mediator")), cast.messages["us"],
                                     into=[cast.rooms["ir"]], mode=RelayMode.PARAPHRASE, text=text)
    return relay


def _ack(client: Client, room_id: int, body: object) -> tuple[int, dict[str, object]]:
    response = client.post(f"/api/v1/rooms/{room_id}/receipts", data=json.dumps(body),
                           content_type="application/json")
    return response.status_code, json.loads(response.content)


def _receipt_cell(client: Client, cast: Cast, relay: Relay) -> str:
    page = client.get(f"/talks/{cast.talks.pk}/relays/").content.decode()
    row = next(r for r in page.split("<tr>") if relay.text in r)
    return row.rsplit("<td>", 1)[1].split("</td>")[0]


def test_a_relay_no_client_acknowledged_is_not_yet_delivered_on_the_provenance_page(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    relay = _relay_into_iran(cast)
    assert _receipt_cell(client_for("mediator"), cast, relay) == "not yet delivered"


def test_after_the_recipients_ack_the_mediators_see_the_relay_delivered(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    relay = _relay_into_iran(cast)
    status, body = _ack(client_for("ir_member"), cast.rooms["ir"].pk, {"relay_ids": [relay.pk]})
    assert (status, body["delivered"]) == (200, 1)
    assert _receipt_cell(client_for("co_mediator"), cast, relay) == "delivered"
    history = json.loads(client_for("mediator").get(f"/api/v1/rooms/{cast.rooms['ir'].pk}/messages").content)
    (item,) = [i for i in history["items"] if i.get("id") == relay.pk and i["type"] == "relay"]
    assert item["delivered_at"] is not None and item["read_at"] is None
    receipt = Event.objects.filter(kind="relay.receipt").latest("id")
    assert receipt.payload["relay_ids"] == [relay.pk] and receipt.payload["receipt"] == "delivered"
    # Acknowledging again changes nothing and records nothing more.
    head = client_for("ir_head")
    events = Event.objects.count()
    assert _ack(head, cast.rooms["ir"].pk, {"relay_ids": [relay.pk]})[1]["delivered"] == 0
    assert Event.objects.count() == events


def test_an_ack_through_an_event_id_delivers_only_the_relays_up_to_it(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    seen, later = _relay_into_iran(cast, "first"), _relay_into_iran(cast, "second")
    status, _body = _ack(client_for("ir_head"), cast.rooms["ir"].pk, {"through_event_id": seen.event_id})
    assert status == 200
    seen.refresh_from_db()
    later.refresh_from_db()
    assert seen.delivered_at is not None and later.delivered_at is None


@pytest.mark.parametrize("case", ["another room's relay", "a foreign room", "another talks' room"])
def test_an_ack_naming_what_is_not_the_callers_is_refused_and_changes_nothing(
    cast: Cast, client_for: Callable[[str | None], Client], case: str
) -> None:
    into_us = Relay.objects.get(source=cast.messages["ir"])   # a relay in the US room
    into_ir = _relay_into_iran(cast)
    client = client_for("ir_head")
    events = Event.objects.count()
    if case == "another room's relay":
        status, body = _ack(client, cast.rooms["ir"].pk, {"relay_ids": [into_ir.pk, into_us.pk]})
    elif case == "a foreign room":
        status, body = _ack(client, cast.rooms["us"].pk, {"relay_ids": [into_us.pk]})
    else:
        status, body = _ack(client, cast.rooms["elsewhere"].pk, {"through_event_id": into_ir.event_id})
    assert (status, body) == (404, {"detail": "Not found."})
    assert Relay.objects.filter(delivered_at__isnull=False).count() == 0
    assert Event.objects.count() == events


@pytest.mark.parametrize("persona", ["mediator", "co_mediator"])
def test_a_mediators_ack_records_nothing(
    cast: Cast, client_for: Callable[[str | None], Client], persona: str
) -> None:
    relay = _relay_into_iran(cast)
    client = client_for(persona)
    events = Event.objects.count()
    status, body = _ack(client, cast.rooms["ir"].pk, {"relay_ids": [relay.pk]})
    assert (status, body["delivered"]) == (200, 0)
    relay.refresh_from_db()
    assert relay.delivered_at is None
    assert Event.objects.count() == events
    assert _receipt_cell(client_for("mediator"), cast, relay) == "not yet delivered"


@pytest.mark.parametrize("body", [{}, {"through_event_id": "12"}, {"relay_ids": [True]},
                                  {"relay_ids": 3}, {"through_event_id": 0}, {"room": 1}])
def test_a_malformed_ack_is_refused_clearly(
    cast: Cast, client_for: Callable[[str | None], Client], body: object
) -> None:
    status, answer = _ack(client_for("ir_head"), cast.rooms["ir"].pk, body)
    assert status == 400 and answer["detail"]
    assert Relay.objects.filter(delivered_at__isnull=False).count() == 0


# --- against the real server: the stream itself marks nothing ---------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Server]:
    deployment = Deployment(tmp_path / "data", None)
    deployment.prepare("om-lead", "ir-head")
    server = Server(deployment).start()
    yield server
    server.stop()


def test_relays_streamed_to_a_client_that_never_acks_stay_not_delivered(served: Server) -> None:
    lead, iran = served.deployment.tokens["om-lead"], served.deployment.tokens["ir-head"]
    _s, rooms = served.call("GET", "/api/v1/talks/1/rooms", iran)
    ir_room = next(r["id"] for r in rooms if r["kind"] == "caucus")
    _s, us_rooms = served.call("GET", "/api/v1/talks/1/rooms", lead)
    us_room = next(r["id"] for r in us_rooms if r["kind"] == "caucus" and r["id"] != ir_room)
    _s, posted = served.call("POST", f"/api/v1/rooms/{us_room}/messages", lead, {"text": "A point to carry"})
    stream = Stream(served, iran, talks=1)
    try:
        assert stream.status == 200
        status, relayed = served.call("POST", f"/api/v1/messages/{posted['id']}/relay", lead, {
            "into": [ir_room], "mode": "paraphrase", "text": "Carried to Iran, never acknowledged."})
        assert status == 201
        (relay,) = relayed["relays"]
        got = stream.events_until(lambda e: e.kind == "message.relayed" and e.id == relay["event_id"])
        assert got[-1].data["payload"]["text"] == "Carried to Iran, never acknowledged."
        time.sleep(1.5)  # longer than any batching of receipts

        def delivered_at() -> object:
            _s, history = served.call("GET", f"/api/v1/rooms/{ir_room}/messages", lead)
            return next(i for i in history["items"] if i["type"] == "relay" and i["id"] == relay["id"])[
                "delivered_at"]

        assert delivered_at() is None, "written into a socket is not delivered"
        status, body = served.call("POST", f"/api/v1/rooms/{ir_room}/receipts", iran,
                                   {"through_event_id": relay["event_id"]})
        assert (status, body["delivered"]) == (200, 1)
        assert delivered_at() is not None
    finally:
        stream.close()
