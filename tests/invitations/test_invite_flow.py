"""Invite -> mail row -> link -> accept -> seated; and the bad inputs, each changing nothing."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from tests.personas import Cast
from wasit.invitations import actions
from wasit.invitations.models import Invitation
from wasit.notifications.models import Mail
from wasit.policy import ActionRefused, viewer_for
from wasit.talks.models import Membership, Role


def _state() -> tuple[int, int, int]:
    return Invitation.objects.count(), Mail.objects.count(), Membership.objects.filter(active=True).count()


def _link(mail: Mail) -> str:
    found = re.search(r"https?://\S+/invitations/\S+/", mail.text)
    assert found, mail.text
    return found.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_an_invitee_follows_the_mailed_link_and_takes_the_seat(
        cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    lead = client_for("mediator")
    response = lead.post(f"/talks/{cast.talks.pk}/people/invite/", {
        "email": "Newcomer@Example.ORG", "role": "expert", "party": str(cast.parties["ir"].pk),
        "title": "Legal adviser", "language": "fa"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="Newcomer@example.org")
    mail = invitation.mail
    assert mail is not None and mail.to == "Newcomer@example.org" and mail.language == "fa"
    assert "دعوت" in mail.subject
    path = "/" + _link(mail).lstrip("/")
    anonymous = client_for(None)
    page = anonymous.get(path)
    assert page.status_code == 200 and b"Legal adviser" in page.content
    done = anonymous.post(path, {"step": "create", "username": "newcomer", "display_name": "",
                                 "password1": "a long pass phrase 42", "password2": "a long pass phrase 42"})
    assert done.status_code == 302
    seat = Membership.objects.get(talks=cast.talks, user__username="newcomer")
    assert (seat.role, seat.party_id, seat.active) == (Role.EXPERT, cast.parties["ir"].pk, True)
    # The link worked once: a replay gets the one "not valid" page and changes nothing.
    before = _state()
    again = client_for(None).get(path)
    assert again.status_code == 404 and b"not valid" in again.content
    assert _state() == before


@pytest.mark.parametrize(("email", "role", "party", "title", "field"), [
    ("not-an-address", "member", "us", "", "email"),
    ("x@example.org", "ambassador", "us", "", "role"),
    ("x@example.org", "member", None, "", "party"),
    ("x@example.org", "member", "us", "Deputy \u202eretsinim", "title"),
])
def test_bad_invitations_are_refused_and_change_nothing(
        cast: Cast, email: str, role: str, party: str | None, title: str, field: str) -> None:
    before = _state()
    with pytest.raises(ActionRefused) as refused:
        actions.invite(viewer_for(cast.user("mediator")), cast.talks, email=email, role=role,
                       party=cast.parties[party] if party else None, title=title)
    assert refused.value.field == field
    assert _state() == before


def test_an_address_already_seated_or_invited_is_refused(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    email = cast.user("us_member").email or "us-member@example.org"
    if not cast.user("us_member").email:
        type(cast.user("us_member")).objects.filter(pk=cast.user("us_member").pk).update(email=email)
    before = _state()
    with pytest.raises(ActionRefused):
        actions.invite(lead, cast.talks, email=email.upper(), role="member", party=cast.parties["us"])
    with pytest.raises(ActionRefused):
        actions.invite(lead, cast.talks, email="new-adviser@example.org", role="member",
                       party=cast.parties["us"])
    assert _state() == before


def test_a_head_invites_into_their_own_delegation_only_and_only_when_allowed(cast: Cast) -> None:
    from wasit import policy

    head = viewer_for(cast.user("us_head"))
    with pytest.raises(policy.Forbidden):
        actions.invite(head, cast.talks, email="a@example.org", role="member", party=cast.parties["us"])
    type(cast.talks).objects.filter(pk=cast.talks.pk).update(heads_may_invite=True)
    cast.talks.refresh_from_db()
    head = viewer_for(cast.user("us_head"))
    before = _state()
    with pytest.raises(ActionRefused):
        actions.invite(head, cast.talks, email="a@example.org", role="member", party=cast.parties["ir"])
    assert _state() == before
    invitation, _link = actions.invite(head, cast.talks, email="a@example.org", role="member",
                                       party=cast.parties["us"])
    assert invitation.party_id == cast.parties["us"].pk


def test_revoked_and_resent_links_stop_working(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    invitation, link = actions.invite(lead, cast.talks, email="b@example.org", role="observer",
                                      party=cast.parties["us"])
    token = link.rstrip("/").rsplit("/", 1)[1]
    _inv, new_link = actions.resend_invitation(lead, invitation)
    with pytest.raises(actions.InvitationInvalid):
        actions.accept_with_new_account(token, username="bee", password="a long pass phrase 42")
    actions.revoke_invitation(lead, invitation)
    with pytest.raises(actions.InvitationInvalid):
        actions.accept_with_new_account(new_link.rstrip("/").rsplit("/", 1)[1], username="bee",
                                        password="a long pass phrase 42")
    assert not Membership.objects.filter(user__username="bee").exists()


def test_the_last_lead_mediator_cannot_be_removed(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    with pytest.raises(ActionRefused):
        actions.remove_seat(lead, cast.seat_of("mediator"))
    assert cast.seat_of("mediator").active
