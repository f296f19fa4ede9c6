"""Suspended and concluded talks are read-only for the parties, on both doors; closed rooms for everyone.

The parties read the history and write nothing: posting in their room or
the joint session, saving scores. The mediators go on writing. Each refusal
is a 403 with a message saying why, through Django (pages, the API with a
session) and through the fast path (the API with a bearer token).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation

from tests.access.asgi import call
from tests.access.conftest import CredentialsFor
from tests.personas import Cast
from tests.setup.conftest import log_length
from wasit.caucus import actions as caucus
from wasit.caucus.models import Message
from wasit.policy import Forbidden, Viewer
from wasit.talks import actions

Persona = Callable[[str], Viewer]


def conclude(cast: Cast, viewer: Persona, status: str = "concluded") -> None:
    actions.change_talks_status(viewer("mediator"), cast.talks, status=status, reason="Signed in Muscat.")


@pytest.mark.parametrize("status", ["concluded", "suspended"])
@pytest.mark.parametrize("credentials", ["session", "token"])
def test_a_party_cannot_post_in_read_only_talks_on_either_door(
        cast: Cast, app: None, viewer: Persona, credentials_for: CredentialsFor, status: str,
        credentials: str) -> None:
    conclude(cast, viewer, status)
    creds = credentials_for("us_head", credentials)
    before, messages = log_length(), Message.objects.count()
    url = f"/api/v1/rooms/{cast.rooms['us'].pk}/messages"
    answer = call("POST", url, creds, {"text": "One more point"})
    assert answer.status_code == 403
    assert status in answer.json()["detail"] and "history stays readable" in answer.json()["detail"]
    assert (log_length(), Message.objects.count()) == (before, messages)
    # The history stays readable.
    history = call("GET", url, creds)
    assert history.status_code == 200 and history.json()["items"]


def test_the_joint_session_is_read_only_for_the_parties_too(cast: Cast, app: None, viewer: Persona,
                                                            credentials_for: CredentialsFor) -> None:
    conclude(cast, viewer)
    answer = call("POST", f"/api/v1/rooms/{cast.rooms['joint'].pk}/messages",
                  credentials_for("ir_head", "token"), {"text": "Hello"})
    assert answer.status_code == 403


def test_the_refusal_speaks_the_callers_language(cast: Cast, app: None, viewer: Persona,
                                                 credentials_for: CredentialsFor) -> None:
    conclude(cast, viewer)
    creds = credentials_for("us_head", "token")
    creds.cookies["wasit_language"] = "ar"
    answer = call("POST", f"/api/v1/rooms/{cast.rooms['us'].pk}/messages", creds, {"text": "x"},)
    with translation.override("ar"):
        from wasit.policy.rules_setup import READ_ONLY_MESSAGES
        expected = str(READ_ONLY_MESSAGES["concluded"])
    assert answer.status_code == 403 and answer.json()["detail"] in {expected, str(READ_ONLY_MESSAGES["concluded"])}


def test_mediators_still_post_in_concluded_talks(cast: Cast, app: None, viewer: Persona,
                                                 credentials_for: CredentialsFor) -> None:
    conclude(cast, viewer)
    answer = call("POST", f"/api/v1/rooms/{cast.rooms['us'].pk}/messages",
                  credentials_for("mediator", "token"), {"text": "We remain at your disposal."})
    assert answer.status_code == 201


def test_the_room_page_says_why_and_shows_no_post_form(cast: Cast, viewer: Persona,
                                                       client_for: Callable[[str], Client]) -> None:
    conclude(cast, viewer)
    page = client_for("us_head").get(f"/rooms/{cast.rooms['us'].pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "These talks are concluded" in body
    assert f'action="/rooms/{cast.rooms["us"].pk}/post/"' not in body
    refused = client_for("us_head").post(f"/rooms/{cast.rooms['us'].pk}/post/", {"text": "More"})
    assert refused.status_code == 403


def test_the_talks_page_tells_everyone_they_are_concluded(cast: Cast, viewer: Persona,
                                                          client_for: Callable[[str], Client]) -> None:
    conclude(cast, viewer)
    assert "These talks are concluded" in client_for("ir_member").get(f"/talks/{cast.talks.pk}/").content.decode()


def test_a_party_cannot_save_scores_in_suspended_talks(cast: Cast, app: None, viewer: Persona,
                                                       credentials_for: CredentialsFor) -> None:
    conclude(cast, viewer, "suspended")
    creds = credentials_for("us_head", "session")
    before = log_length()
    answer = call("POST", f"/api/v1/talks/{cast.talks.pk}/scores", creds,
                  {"weights": [1, 1, 1, 1], "reservation": 0.4,
                   "values": [[0, 0.5, 1], [0, 0.5, 1], [0, 0.3, 0.6, 1], [0, 0.5, 1]]})
    assert answer.status_code == 403 and "suspended" in answer.json()["detail"]
    assert log_length() == before


def test_talks_made_active_again_take_posts_again(cast: Cast, app: None, viewer: Persona,
                                                  credentials_for: CredentialsFor) -> None:
    conclude(cast, viewer, "suspended")
    actions.change_talks_status(viewer("mediator"), cast.talks, status="active", reason="Resumed.")
    answer = call("POST", f"/api/v1/rooms/{cast.rooms['us'].pk}/messages",
                  credentials_for("us_head", "token"), {"text": "Back at the table"})
    assert answer.status_code == 201


@pytest.mark.parametrize("credentials", ["session", "token"])
def test_nobody_posts_in_a_closed_caucus_room_and_reopening_lets_them(
        cast: Cast, app: None, viewer: Persona, credentials_for: CredentialsFor, credentials: str) -> None:
    room = cast.rooms["us"]
    url = f"/api/v1/rooms/{room.pk}/messages"
    caucus.close_room(viewer("mediator"), room)
    for persona in ("us_head", "mediator"):
        answer = call("POST", url, credentials_for(persona, credentials), {"text": "Hello?"})
        assert answer.status_code == 403 and "closed" in answer.json()["detail"]
    caucus.reopen_room(viewer("mediator"), room)
    assert call("POST", url, credentials_for("us_head", credentials), {"text": "Hello"}).status_code == 201


def test_a_post_is_checked_again_under_the_lock(cast: Cast, viewer: Persona) -> None:
    """A room looked up before the talks were concluded still refuses the post (the action reads afresh)."""
    from wasit.caucus import queries

    head = viewer("us_head")
    room = queries.get_room(head, cast.rooms["us"].pk)
    conclude(cast, viewer)
    with pytest.raises(Forbidden):
        caucus.post_message(head, room, text="Too late")
