"""`wasit invite`: prints a link that works; bad input is one clear line, a non-zero exit, nothing written."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.personas import Cast
from wasit.audit.models import Event
from wasit.invitations import actions
from wasit.invitations.models import Invitation
from wasit.notifications.models import Mail
from wasit.talks.models import Membership, Role


def _state() -> tuple[int, int, int]:
    return Invitation.objects.count(), Mail.objects.count(), Event.objects.count()


def test_the_printed_link_seats_the_invitee(cast: Cast) -> None:
    out = StringIO()
    call_command("invite", "Adviser@Example.org", talks=cast.talks.pk, role="expert", party="US",
                 title="Maritime adviser", language="ar", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("invited Adviser@example.org")
    link = lines[-1]
    invitation = Invitation.objects.get(email="Adviser@example.org")
    assert invitation.mail is not None and invitation.mail.language == "ar" and link in invitation.mail.text
    seat, _user = actions.accept_with_new_account(link.rstrip("/").rsplit("/", 1)[1], username="adviser",
                                                  password="a long pass phrase 42")
    assert (seat.talks_id, seat.role, seat.party_id, seat.title) == (
        cast.talks.pk, Role.EXPERT, cast.parties["us"].pk, "Maritime adviser")
    assert Membership.objects.get(user__username="adviser").active


@pytest.mark.parametrize(("args", "words"), [
    ({"role": "ambassador", "party": "us"}, "Unknown role"),
    ({"role": "member", "party": "coast"}, "no party 'coast'"),
    ({"role": "member", "party": None}, "must belong to a party"),
    ({"role": "co_mediator", "party": "ir"}, "belongs to no party"),
    ({"role": "member", "party": "us", "email": "not an address"}, "not a valid e-mail"),
    ({"role": "member", "party": "us", "email": "x@example.org", "title": "a\u202eb"}, "text-direction"),
    ({"role": "member", "party": "us", "talks": 999_999}, "no talks with id 999999"),
])
def test_bad_input_is_one_clear_line_and_writes_nothing(
        cast: Cast, args: dict[str, object], words: str) -> None:
    options = {"talks": cast.talks.pk, "title": "", **args}
    email = str(options.pop("email", "someone@example.org"))
    before = _state()
    with pytest.raises(CommandError) as refused:
        call_command("invite", email, stdout=StringIO(), **options)
    message = str(refused.value)
    assert words in message and "\n" not in message.strip()
    assert refused.value.returncode != 0
    assert _state() == before


def test_the_other_talks_party_is_refused_even_by_its_code(cast: Cast) -> None:
    before = _state()
    with pytest.raises(CommandError, match="parties: "):
        call_command("invite", "x@example.org", talks=cast.talks.pk, role="member",
                     party=cast.other_party.code, stdout=StringIO())
    assert _state() == before
