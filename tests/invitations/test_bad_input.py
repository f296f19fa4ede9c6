"""Bad invitations and seat changes on the API and the people page: a clear answer, nothing changed.

"Nothing changed" is the Invitation rows, the Mail rows, the event log and
the active seats; and for the link's page also the accounts.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.personas import Cast
from wasit.audit.models import Event
from wasit.invitations import actions
from wasit.invitations.models import Invitation
from wasit.notifications.models import Mail
from wasit.policy import viewer_for
from wasit.talks.models import Membership, Role, Talks

ClientFor = Callable[[str | None], Client]
User = get_user_model()
PASSWORD = "a long pass phrase 42"


def _state() -> tuple[int, int, int, int, int]:
    return (Invitation.objects.count(), Mail.objects.count(), Event.objects.count(),
            Membership.objects.filter(active=True).count(), User.objects.count())


def _seated_address(cast: Cast) -> str:
    User.objects.filter(pk=cast.user("us_member").pk).update(email="us.member@example.org")
    return "US.Member@EXAMPLE.org"


# name -> (inviter, body (party as a code; "other" is the other talks' party), heads may invite, words)
CASES: dict[str, tuple[str, dict[str, object], bool, str]] = {
    "already seated": ("mediator", {"email": "SEATED", "role": "member", "party": "us"}, False,
                       "already has a seat"),
    "pending invitation": ("mediator", {"email": "NEW-ADVISER@example.org", "role": "observer", "party": "us"},
                           False, "pending invitation"),
    "malformed address": ("mediator", {"email": "someone at example", "role": "member", "party": "us"}, False,
                          "not a valid e-mail"),
    "unknown role": ("mediator", {"email": "x@example.org", "role": "ambassador", "party": "us"}, False,
                     "Unknown role"),
    "party of the other talks": ("mediator", {"email": "x@example.org", "role": "member", "party": "other"},
                                 False, "not at these talks"),
    "head into the other party": ("us_head", {"email": "x@example.org", "role": "member", "party": "ir"}, True,
                                  "own delegation"),
    "bidi controls in the title": ("mediator", {"email": "x@example.org", "role": "member", "party": "us",
                                                "title": "Deputy \u202eretsinim"}, False, "text-direction"),
}


def _party_id(cast: Cast, code: object) -> int | None:
    if code is None:
        return None
    return cast.other_party.pk if code == "other" else cast.parties[str(code)].pk


def _prepare(cast: Cast, body: dict[str, object], heads_may_invite: bool) -> dict[str, object]:
    if heads_may_invite:
        Talks.objects.filter(pk=cast.talks.pk).update(heads_may_invite=True)
    if body["email"] == "SEATED":
        body = {**body, "email": _seated_address(cast)}
    return body


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_invitation_on_the_api_is_refused_and_changes_nothing(
        cast: Cast, client_for: ClientFor, case: str) -> None:
    persona, body, heads, words = CASES[case]
    body = _prepare(cast, body, heads)
    client = client_for(persona)
    before = _state()
    payload = {"email": body["email"], "role": body["role"], "party_id": _party_id(cast, body["party"]),
               "title": body.get("title", "")}
    response = client.post(f"/api/v1/talks/{cast.talks.pk}/invitations", payload,
                           content_type="application/json")
    assert response.status_code == 400, response.content
    assert words in response.json()["detail"]
    assert _state() == before


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_invitation_on_the_page_is_refused_and_changes_nothing(
        cast: Cast, client_for: ClientFor, case: str) -> None:
    persona, body, heads, words = CASES[case]
    body = _prepare(cast, body, heads)
    client = client_for(persona)
    before = _state()
    party = _party_id(cast, body["party"])
    response = client.post(f"/talks/{cast.talks.pk}/people/invite/", {
        "email": body["email"], "role": body["role"], "party": "" if party is None else str(party),
        "title": body.get("title", ""), "language": "en"})
    assert response.status_code == 400
    assert b'class="errorlist' in response.content  # the form shows what is wrong
    assert _state() == before


def test_a_head_may_not_invite_while_the_talks_do_not_allow_it(cast: Cast, client_for: ClientFor) -> None:
    head = client_for("us_head")
    before = _state()
    api = head.post(f"/api/v1/talks/{cast.talks.pk}/invitations",
                    {"email": "x@example.org", "role": "member", "party_id": cast.parties["us"].pk},
                    content_type="application/json")
    assert api.status_code == 403 and api.json()["detail"]
    page = head.post(f"/talks/{cast.talks.pk}/people/invite/", {
        "email": "x@example.org", "role": "member", "party": str(cast.parties["us"].pk), "language": "en"})
    assert page.status_code == 403
    assert _state() == before


@pytest.mark.parametrize(("body", "status"), [
    (b"{not json", 400),  # not JSON at all
    (b"[]", 422), (json.dumps({"email": "x@example.org"}).encode(), 422),  # not the schema's shape
    (json.dumps({"email": "x@example.org", "role": "member", "extra": 1}).encode(), 422),
    (json.dumps({"email": "x@example.org", "role": "member", "party_id": 999_999}).encode(), 400),  # the rules'
])
def test_a_malformed_invitation_body_changes_nothing(cast: Cast, client_for: ClientFor, body: bytes,
                                                     status: int) -> None:
    lead = client_for("mediator")
    before = _state()
    response = lead.post(f"/api/v1/talks/{cast.talks.pk}/invitations", body, content_type="application/json")
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert _state() == before


def test_removing_or_suspending_the_last_lead_mediator_is_refused(cast: Cast, client_for: ClientFor) -> None:
    lead = client_for("mediator")
    seat = cast.seat_of("mediator")
    before = _state()
    for change in ("remove", "suspend"):
        api = lead.post(f"/api/v1/seats/{seat.pk}/{change}", content_type="application/json")
        assert api.status_code == 400 and "lead mediator" in api.json()["detail"]
        page = lead.post(f"/people/seats/{seat.pk}/{change}/", follow=True)
        assert page.status_code == 200 and "lead mediator" in page.content.decode()
    role = lead.post(f"/api/v1/seats/{seat.pk}/role", {"role": "co_mediator"}, content_type="application/json")
    assert role.status_code == 400
    assert _state() == before
    seat.refresh_from_db()
    assert seat.active and seat.role == Role.LEAD_MEDIATOR


# --- the link's page: one clear "not valid" answer, whatever the reason ------------


def _main(page: bytes) -> bytes:
    return page.split(b'<main id="main">', 1)[1].split(b"</main>", 1)[0]


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def _expired(cast: Cast) -> str:
    invitation, link = actions.invite(viewer_for(cast.user("mediator")), cast.talks, email="late@example.org",
                                      role=Role.MEMBER, party=cast.parties["us"])
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    return link


def _replayed(cast: Cast) -> str:
    _inv, link = actions.invite(viewer_for(cast.user("mediator")), cast.talks, email="twice@example.org",
                                role=Role.MEMBER, party=cast.parties["us"])
    actions.accept_with_new_account(link.rstrip("/").rsplit("/", 1)[1], username="first-user", password=PASSWORD)
    return link


def _revoked(cast: Cast) -> str:
    lead = viewer_for(cast.user("mediator"))
    invitation, link = actions.invite(lead, cast.talks, email="withdrawn@example.org", role=Role.MEMBER,
                                      party=cast.parties["us"])
    actions.revoke_invitation(lead, invitation)
    return link


def _resent(cast: Cast) -> str:
    lead = viewer_for(cast.user("mediator"))
    invitation, link = actions.invite(lead, cast.talks, email="again@example.org", role=Role.MEMBER,
                                      party=cast.parties["us"])
    actions.resend_invitation(lead, invitation)
    return link


def _unknown(cast: Cast) -> str:
    return "http://testserver/invitations/" + "A" * 43 + "/"


@pytest.mark.parametrize("make", [_expired, _replayed, _revoked, _resent, _unknown])
def test_a_dead_link_gets_the_same_clear_page_and_changes_nothing(
        cast: Cast, client_for: ClientFor, make: Callable[[Cast], str]) -> None:
    path = _path(make(cast))
    logged_in = client_for("outsider")
    before = _state()
    answers = [
        client_for(None).get(path),
        client_for(None).post(path, {"step": "create", "username": "late-comer", "display_name": "",
                                     "password1": PASSWORD, "password2": PASSWORD}),
        logged_in.post(path, {"step": "accept"}),
    ]
    for answer in answers:
        assert answer.status_code == 404
        assert b"This invitation link is not valid" in answer.content
    # One page for every reason: a guess learns nothing more.
    assert _main(answers[0].content) == _main(client_for(None).get(_path(_unknown(cast))).content)
    assert _state() == before
    assert not Membership.objects.filter(talks=cast.talks, user=cast.user("outsider")).exists()
