"""How a relay was made (verbatim, paraphrased, summarised) shows only where the policy says.

The room page and the JSON API ask the same rule: the mediators always see
the mode; the recipients only when the mediator chose to show it.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from tests.personas import Cast
from wasit.caucus import actions
from wasit.caucus.models import Relay, RelayMode
from wasit.policy import viewer_for

SUMMARY = "They are worried about shipping."
UNDERSTANDING = ("The mediator&#x27;s understanding is…", "The mediator's understanding is…")


def _summary_into_iran(cast: Cast, *, show_mode: bool) -> Relay:
    (relay,) = actions.relay_message(viewer_for(cast.user("mediator")), cast.messages["us"],
                                     into=[cast.rooms["ir"]], mode=RelayMode.SUMMARY, text=SUMMARY,
                                     show_mode=show_mode)
    return relay


def _page_item(client: Client, cast: Cast, relay: Relay) -> str:
    page = client.get(f"/rooms/{cast.rooms['ir'].pk}/").content.decode()
    return page.split(f'id="e{relay.event_id}"')[1].split("</article>")[0]


def _api_item(client: Client, cast: Cast, relay: Relay) -> dict[str, object]:
    history = json.loads(client.get(f"/api/v1/rooms/{cast.rooms['ir'].pk}/messages").content)
    (item,) = [i for i in history["items"] if i["type"] == "relay" and i["id"] == relay.pk]
    return item  # type: ignore[no-any-return]


def test_recipient_does_not_learn_a_summary_is_a_summary_when_the_mode_is_hidden(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    relay = _summary_into_iran(cast, show_mode=False)
    client = client_for("ir_head")
    item = _page_item(client, cast, relay)
    assert SUMMARY in item
    assert not any(u in item for u in UNDERSTANDING)
    assert "Summarised" not in item
    assert "A message from the other side" in item
    assert _api_item(client, cast, relay)["mode"] is None


def test_recipient_sees_the_summary_labelled_when_the_mediator_shows_the_mode(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    relay = _summary_into_iran(cast, show_mode=True)
    client = client_for("ir_head")
    item = _page_item(client, cast, relay)
    assert any(u in item for u in UNDERSTANDING)
    assert "Summarised" in item
    assert _api_item(client, cast, relay)["mode"] == "summary"


@pytest.mark.parametrize("persona", ["mediator", "co_mediator"])
def test_mediators_always_see_how_a_relay_was_made(
    cast: Cast, client_for: Callable[[str | None], Client], persona: str
) -> None:
    relay = _summary_into_iran(cast, show_mode=False)
    client = client_for(persona)
    item = _page_item(client, cast, relay)
    assert any(u in item for u in UNDERSTANDING)
    assert "Summarised" in item
    assert _api_item(client, cast, relay)["mode"] == "summary"


def test_a_hidden_paraphrase_is_not_labelled_for_the_recipient_on_page_or_api(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    relay = Relay.objects.get(source=cast.messages["ir"])  # paraphrased into the US room, mode hidden
    client = client_for("us_head")
    page = client.get(f"/rooms/{cast.rooms['us'].pk}/").content.decode()
    item = page.split(f'id="e{relay.event_id}"')[1].split("</article>")[0]
    assert "Paraphrased" not in item
    history = json.loads(client.get(f"/api/v1/rooms/{cast.rooms['us'].pk}/messages").content)
    assert [i["mode"] for i in history["items"] if i["type"] == "relay"] == [None]
