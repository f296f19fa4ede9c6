"""The live room page catches up by event id, however far behind it is."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.personas import Cast
from wasit.caucus import actions
from wasit.caucus.models import RelayMode
from wasit.policy import viewer_for


def _item_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-event-id="(\d+)"', html)]


def _catch_up(client: Client, url: str, after: int) -> tuple[list[int], list[str], int]:
    """Ask as live.js does, until the server says nothing remains."""
    seen: list[int] = []
    texts: list[str] = []
    pages = 0
    while True:
        response = client.get(url, {"after": after})
        assert response.status_code == 200
        pages += 1
        html = response.content.decode()
        seen += _item_ids(html)
        texts += re.findall(r'<p class="msg-text" dir="auto">([^<]*)</p>', html)
        after = int(response["X-Wasit-Last-Event-Id"])
        if response["X-Wasit-More"] == "0":
            return seen, texts, pages
        assert pages < 20, "the page never caught up"


def test_a_page_250_items_behind_gets_every_one_once_in_order_across_pages(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    room = cast.rooms["us"]
    client = client_for("us_member")
    first = client.get(f"/rooms/{room.pk}/items/", {"after": 0})
    start = int(first["X-Wasit-Last-Event-Id"])
    head, lead = viewer_for(cast.user("us_head")), viewer_for(cast.user("mediator"))
    expected = []
    for i in range(250):
        if i % 5 == 4:  # relays into the room interleave with what is said there
            (relay,) = actions.relay_message(lead, cast.messages["ir"], into=[room],
                                             mode=RelayMode.PARAPHRASE, text=f"relayed point {i}")
            expected.append((relay.event_id, f"relayed point {i}"))
        else:
            m = actions.post_message(head, room, text=f"point {i}")
            expected.append((m.event_id, f"point {i}"))
    seen, texts, pages = _catch_up(client, f"/rooms/{room.pk}/items/", start)
    assert seen == [e for e, _t in expected], "every item once, in order"
    assert texts == [t for _e, t in expected]
    assert pages == 3


def test_a_page_that_is_caught_up_is_told_nothing_remains(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    room = cast.rooms["us"]
    client = client_for("us_head")
    response = client.get(f"/rooms/{room.pk}/items/", {"after": 0})
    last = int(response["X-Wasit-Last-Event-Id"])
    assert response["X-Wasit-More"] == "0" and last == max(_item_ids(response.content.decode()))
    again = client.get(f"/rooms/{room.pk}/items/", {"after": last})
    assert _item_ids(again.content.decode()) == []
    assert (again["X-Wasit-Last-Event-Id"], again["X-Wasit-More"]) == (str(last), "0")


def test_a_page_of_items_costs_the_same_queries_however_many_it_carries(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    room = cast.rooms["us"]
    client = client_for("us_head")
    url = f"/rooms/{room.pk}/items/"
    client.get(url, {"after": 0})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"after": 0})
    head, lead = viewer_for(cast.user("us_head")), viewer_for(cast.user("mediator"))
    for i in range(20):
        actions.post_message(head, room, text=f"point {i}")
        actions.relay_message(lead, cast.messages["ir"], into=[room], mode=RelayMode.SUMMARY,
                              text=f"relayed {i}")
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"after": 0})
    assert len(many.captured_queries) <= len(few.captured_queries) + 2
