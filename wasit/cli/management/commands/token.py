from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wasit.accounts import queries
from wasit.accounts.actions import issue_token, revoke_token
from wasit.policy import SYSTEM, ActionRefused, NotFound


class Command(BaseCommand):
    help = ("Issue an API bearer token for a user and print it (it is shown once, never stored); "
            "or list a user's tokens (--list), or revoke one by id or label (--revoke).")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="the account the token speaks for")
        parser.add_argument("--label", default="command line", help="what the token is for")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--list", action="store_true", help="list the user's tokens")
        group.add_argument("--revoke", metavar="LABEL_OR_ID", help="revoke the user's token with this id or label")

    def handle(self, *args: Any, username: str, label: str, list: bool = False,  # noqa: A002
               revoke: str | None = None, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if list:
            for t in queries.tokens_of(user.pk):
                state = f"revoked {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "in use"
                self.stdout.write(f"{t.pk}\t{t.label}\t{t.created_at:%Y-%m-%d %H:%M}\t{state}")
            return
        try:
            if revoke is not None:
                row = queries.find_own_token(user.pk, revoke)
                if row is None:
                    raise CommandError(f"{username!r} has no token {revoke!r}")
                revoke_token(SYSTEM, token_id=row.pk)
                self.stdout.write(f"revoked token {row.pk} ({row.label})")
                return
            token = issue_token(SYSTEM, user_id=user.pk, label=label)
        except ActionRefused as exc:
            raise CommandError(str(exc.message)) from None
        except NotFound:
            raise CommandError(f"{username!r} has no token {revoke!r}") from None
        self.stdout.write(token)
