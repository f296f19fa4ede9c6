from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasit.invitations.actions import invite
from wasit.policy import SYSTEM, ActionRefused
from wasit.talks.models import Party, Role, Talks


class Command(BaseCommand):
    help = ("Invite an e-mail address to a seat at talks: the mail is queued for `wasit worker`, "
            "and the link is printed too, for an operator without mail.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email", help="the invitee's e-mail address")
        parser.add_argument("--talks", type=int, required=True, help="the talks' id")
        parser.add_argument("--role", required=True, help=f"one of: {', '.join(Role.values)}")
        parser.add_argument("--party", default=None, help="the party's code, for a delegation seat")
        parser.add_argument("--title", default="", help="the seat's title, e.g. 'Deputy foreign minister'")
        parser.add_argument("--language", default="en", choices=["en", "ar", "fa"],
                            help="the language of the mail")

    def handle(self, *args: Any, email: str, talks: int, role: str, party: str | None, title: str,
               language: str, **options: Any) -> None:
        found = Talks.objects.filter(pk=talks).first()
        if found is None:
            raise CommandError(f"no talks with id {talks}")
        seat_party = None
        if party is not None:
            seat_party = Party.objects.filter(talks=found, code=party.strip().lower()).first()
            if seat_party is None:
                codes = ", ".join(found.parties.values_list("code", flat=True)) or "none"
                raise CommandError(f"these talks have no party {party!r} (parties: {codes})")
        try:
            invitation, link = invite(SYSTEM, found, email=email, role=role, party=seat_party,
                                      title=title, language=language)
        except ActionRefused as exc:
            raise CommandError(str(exc.message)) from None
        self.stdout.write(f"invited {invitation.email} (invitation {invitation.pk}); the link, valid once:")
        self.stdout.write(link)
