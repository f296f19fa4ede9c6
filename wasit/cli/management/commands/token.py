from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wasit.accounts.actions import issue_token
from wasit.policy import SYSTEM, ActionRefused


class Command(BaseCommand):
    help = "Issue an API bearer token for a user and print it (it is shown once, never stored)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="the account the token speaks for")
        parser.add_argument("--label", default="command line", help="what the token is for")

    def handle(self, *args: Any, username: str, label: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        try:
            token = issue_token(SYSTEM, user_id=user.pk, label=label)
        except ActionRefused as exc:
            raise CommandError(str(exc.message)) from None
        self.stdout.write(token)
