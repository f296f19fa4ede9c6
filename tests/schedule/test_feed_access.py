"""Each persona's own feed, through its own link, carries exactly the rounds of its talks.

Written by hand, not by asking the policy: the Muscat seats get the four
Muscat rounds and never the other talks' round; the people with no seat get
none; the other talks' lead gets only its own. And a feed says nothing but a
round's title, venue, dates and status: no minutes, reasons or canaries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.access.cells import PERSONAS
from tests.personas import CANARY, Cast
from wasit.policy import viewer_for
from wasit.schedule import actions, feed

pytestmark = pytest.mark.django_db

MUSCAT_SEATS = {"mediator", "co_mediator", "us_head", "us_member", "us_observer", "ir_head", "ir_member",
                "ir_interpreter", "ir_observer"}
NO_SEAT = {"outsider", "operator"}
# Everything a VEVENT of the feed may hold.
PROPERTIES = {"UID", "SEQUENCE", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "STATUS",
              "DESCRIPTION", "URL"}


def _feed(client: Client, user: object, language: str) -> tuple[bytes, list[icalendar.Event]]:
    token = actions.make_feed_link(viewer_for(user), language=language)  # type: ignore[arg-type]
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    return response.content, list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))


def _uids(rounds: list[object]) -> set[str]:
    return {feed.uid_of(r) for r in rounds}  # type: ignore[arg-type]


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"] + ["other-lead"])
@pytest.mark.parametrize("language", ["en", "ar", "fa"])
def test_each_personas_feed_has_exactly_the_rounds_of_its_talks(
        cast: Cast, client_for: Callable[[str | None], Client], persona: str, language: str) -> None:
    user = (get_user_model().objects.get(username="other-lead") if persona == "other-lead"
            else cast.user(persona))
    folded, events = _feed(client_for(None), user, language)
    body = b"".join(folded.split(b"\r\n "))  # unfolded: a canary may not hide across a line break
    uids = {str(e["UID"]) for e in events}
    if persona in MUSCAT_SEATS:
        assert uids == _uids(cast.rounds)
    elif persona in NO_SEAT:
        assert uids == set()
    else:
        assert uids == _uids([cast.other_round])
    assert len(uids) == len(events), "each round once"
    if persona != "other-lead":
        assert feed.uid_of(cast.other_round) not in uids
        assert CANARY["elsewhere"].encode() not in body
    for name, canary in CANARY.items():
        if name != "elsewhere":
            assert canary.encode() not in body, f"{persona}'s feed carried {name}"
    for event in events:
        assert set(event) <= PROPERTIES, f"only a round's title, venue, dates and status: {set(event) - PROPERTIES}"
    # No minutes and no party's summary, in any words.
    from wasit.talks.models import PartySummary, RoundMinutes

    written = [r.text for r in [*RoundMinutes.objects.all(), *PartySummary.objects.all()] if r.text]
    assert written, "the cast has minutes and summaries to keep out"
    for text in written:
        assert text[:30].encode() not in body
    # The postponement's reason and the agenda stay on the round page.
    assert b"Gaza" not in body and "غزة".encode() not in body
    assert b"Red Sea" not in body


def test_a_link_speaks_for_its_holder_and_not_for_who_opens_it(
        cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    """An outsider's link opened in a mediator's browser still carries the outsider's (no) rounds."""
    _body, events = _feed(client_for("mediator"), cast.user("outsider"), "en")
    assert events == []


def test_the_deployed_application_serves_a_link_and_refuses_a_dead_one_alike(cast: Cast) -> None:
    """Through the ASGI application as deployed (the fast path in front of Django)."""
    from tests.access.asgi import call, deployed

    viewer = viewer_for(cast.user("us_head"))
    old = actions.make_feed_link(viewer, language="en")
    new = actions.make_feed_link(viewer, language="en")
    with deployed():
        served = call("GET", f"/calendar/{new}.ics")
        dead = call("GET", f"/calendar/{old}.ics")
        unknown = call("GET", "/calendar/wcal_" + "z" * 43 + ".ics")
    assert served.status_code == 200
    assert served["Content-Type"] == "text/calendar; charset=utf-8"
    assert (dead.status_code, dead.content) == (404, unknown.content)


def test_the_feed_asks_the_same_few_queries_however_many_rounds_it_carries(
        cast: Cast, client_for: Callable[[str | None], Client],
        django_assert_max_num_queries: Any) -> None:
    token = actions.make_feed_link(viewer_for(cast.user("mediator")), language="ar")
    client = client_for(None)
    with django_assert_max_num_queries(4):  # the link, the seats, the rounds with their talks
        body = client.get(f"/calendar/{token}.ics").content
    assert len(icalendar.Calendar.from_ical(body).walk("VEVENT")) == len(cast.rounds)
