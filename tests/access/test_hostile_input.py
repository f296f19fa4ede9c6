"""Hostile text in every field: nothing executes, nothing reorders, 404s take the same time."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.test import Client

from tests.personas import PASSWORD, Cast
from wasit.accounts.actions import create_user
from wasit.caucus import actions as caucus
from wasit.policy import SYSTEM, viewer_for
from wasit.talks import actions
from wasit.talks.localized import LocalText
from wasit.talks.models import Role

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
RLO = "\u202e"


def test_script_in_any_field_is_shown_as_text(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    lead = viewer_for(cast.user("mediator"))
    talks = cast.talks
    party = actions.add_party(lead, talks, code="x", name=LocalText(en=f"Party {XSS}"))
    user = create_user(SYSTEM, username="hostile", password=PASSWORD, display_name=f"Name {XSS}",
                       check_password=False)
    actions.seat_member(lead, talks, user_id=user.pk, role=Role.HEAD, party=party, title=f"Title {XSS}")
    from wasit.caucus.queries import caucus_room_of

    room = caucus_room_of(party)
    caucus.post_message(viewer_for(user), room, text=f"Text {XSS}")
    client = client_for("mediator")
    pages = [f"/talks/{talks.pk}/", f"/rooms/{room.pk}/", f"/talks/{talks.pk}/board/", "/",
             f"/rooms/{room.pk}/items/?after=0"]
    for url in pages:
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "<img src=x" not in body, url
    # JSON carries the text as data; browsers are told never to sniff it as HTML.
    for url in (f"/api/v1/talks/{talks.pk}/seats", f"/api/v1/rooms/{room.pk}/messages"):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_direction_controls_in_names_and_messages_are_shown_not_obeyed(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    lead = viewer_for(cast.user("mediator"))
    user = create_user(SYSTEM, username="spoofer", password=PASSWORD, display_name=f"admin{RLO}nimda",
                       check_password=False)
    actions.seat_member(lead, cast.talks, user_id=user.pk, role=Role.MEMBER, party=cast.parties["us"])
    caucus.post_message(viewer_for(user), cast.rooms["us"], text=f"transfer 100{RLO}0001")
    body = client_for("mediator").get(f"/rooms/{cast.rooms['us'].pk}/").content.decode()
    assert RLO not in body
    shown = '<span class="ctl" title="U+202E">[RLO]</span>'
    assert f"admin{shown}nimda" in body, "the name, with the control shown"
    assert f"transfer 100{shown}0001" in body, "the message, with the control shown"


def test_hidden_and_missing_take_the_same_time(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    """Repeated, interleaved requests: the medians differ by less than a third or 1 ms."""
    client = client_for("outsider")
    hidden, missing = f"/talks/{cast.talks.pk}/", "/talks/987654/"
    for url in (hidden, missing):
        client.get(url)
    times: dict[str, list[float]] = {hidden: [], missing: []}
    for _ in range(60):
        for url in (hidden, missing):
            start = time.perf_counter()
            assert client.get(url).status_code == 404
            times[url].append(time.perf_counter() - start)
    a, b = statistics.median(times[hidden]), statistics.median(times[missing])
    assert abs(a - b) < max(0.001, min(a, b) / 3), (a, b)


def test_look_alike_letters_from_another_script_are_flagged(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    spoof = "p\u0430ypal"  # Cyrillic а inside a Latin word
    caucus.post_message(viewer_for(cast.user("us_head")), cast.rooms["us"], text=f"pay {spoof} now")
    caucus.post_message(viewer_for(cast.user("us_head")), cast.rooms["us"], text="مرحبا hello Привет")
    body = client_for("mediator").get(f"/rooms/{cast.rooms['us'].pk}/").content.decode()
    import re

    articles = re.findall(r"<article.*?</article>", body, flags=re.S)
    spoofed = [a for a in articles if "ypal" in a]
    mixed = [a for a in articles if "Привет" in a]
    assert len(spoofed) == len(mixed) == 1, "each message is on the page once"
    assert "[≠]" in spoofed[0]
    assert "[≠]" not in mixed[0], "separate words in other scripts are fine"
