"""Room pages, the shuttle board and the provenance page, as users meet them."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.personas import CANARY, PARAPHRASE, Cast
from wasit.caucus.models import Message, Relay


def test_party_sees_the_relayed_text_but_not_the_original(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    page = client_for("us_member").get(f"/rooms/{cast.rooms['us'].pk}/").content.decode()
    assert PARAPHRASE in page
    assert "A message from the other side" in page
    assert CANARY["ir"] not in page
    assert "Paraphrased" not in page  # the mode is hidden unless the mediator shows it


def test_mediator_sees_each_relay_beside_its_original(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    page = client_for("co_mediator").get(f"/talks/{cast.talks.pk}/relays/").content.decode()
    assert PARAPHRASE in page and CANARY["ir"] in page
    assert CANARY["withheld_reason"] in page


def test_board_queues_unhandled_party_messages(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    page = client_for("mediator").get(f"/talks/{cast.talks.pk}/board/").content.decode()
    queue = page.split('id="queue"')[1]
    assert CANARY["us"] in queue          # not yet handled
    assert CANARY["ir"] not in queue      # relayed
    assert CANARY["ir_withheld"] not in queue  # withheld
    assert CANARY["mediators"] not in queue    # mediators' own words are not queued


def test_relay_from_the_board_form(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    m = cast.messages["us"]
    response = client_for("mediator").post(f"/messages/{m.pk}/relay/", {
        f"m{m.pk}-into": [cast.rooms["ir"].pk], f"m{m.pk}-mode": "summary",
        f"m{m.pk}-text": "They are worried about shipping."})
    assert response.status_code == 302
    relay = Relay.objects.get(source=m)
    assert relay.room_id == cast.rooms["ir"].pk and relay.mode == "summary"
    page = client_for("ir_head").get(f"/rooms/{cast.rooms['ir'].pk}/").content.decode()
    assert "They are worried about shipping." in page
    # The mode was not shown: the recipients are not told it is a summary.
    assert "The mediator&#x27;s understanding is…" not in page
    assert "The mediator's understanding is…" not in page


def test_verbatim_relay_of_a_mediators_only_message_is_refused_in_the_form(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("mediator")
    ir_msg = cast.messages["ir"]
    before = Relay.objects.count()
    response = client.post(f"/messages/{ir_msg.pk}/relay/", {
        f"m{ir_msg.pk}-into": [cast.rooms["joint"].pk], f"m{ir_msg.pk}-mode": "verbatim"}, follow=True)
    assert "never relayed verbatim" in response.content.decode()
    assert Relay.objects.count() == before


def test_post_form_refuses_an_empty_message_clearly(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    before = Message.objects.count()
    response = client_for("us_head").post(f"/rooms/{cast.rooms['us'].pk}/post/", {"text": "   "})
    assert response.status_code == 400
    assert "the text is empty" in response.content.decode()
    assert Message.objects.count() == before


def test_bidi_controls_are_shown_visibly_not_obeyed(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("us_head")
    client.post(f"/rooms/{cast.rooms['us'].pk}/post/", {"text": "pay 100\u202e001 now"})
    page = client.get(f"/rooms/{cast.rooms['us'].pk}/").content.decode()
    assert "\u202e" not in page
    assert '[RLO]' in page


def test_script_in_a_message_is_shown_as_text(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("us_head")
    client.post(f"/rooms/{cast.rooms['us'].pk}/post/", {"text": "<script>alert(1)</script>"})
    for url in (f"/rooms/{cast.rooms['us'].pk}/", f"/talks/{cast.talks.pk}/board/"):
        page = client_for("mediator").get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_room_page_query_count_does_not_grow_with_messages(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("us_head")
    url = f"/rooms/{cast.rooms['us'].pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(15):
        client.post(f"/rooms/{cast.rooms['us'].pk}/post/", {"text": f"point {i}"})
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) <= len(few.captured_queries) + 2


def test_board_query_count_does_not_grow_with_the_queue(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("mediator")
    url = f"/talks/{cast.talks.pk}/board/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    party = client_for("us_head")
    for i in range(10):
        party.post(f"/rooms/{cast.rooms['us'].pk}/post/", {"text": f"point {i}"})
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) <= len(few.captured_queries) + 2
