"""`wasit talks create` and `wasit talks list`, for operators who script."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wasit.policy import SYSTEM, ActionRefused
from wasit.talks import actions
from wasit.talks.localized import LocalText, content_languages
from wasit.talks.models import Talks, TalksStatus


class Command(BaseCommand):
    help = ("Open talks with their lead mediator (`wasit talks create --title-en ... --org-en ... "
            "--lead USERNAME`), or list every talks (`wasit talks list`).")

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create", help="open talks; --lead becomes their lead mediator")
        for lang in content_languages():
            create.add_argument(f"--title-{lang}", default="", help=f"the title in {lang}")
            create.add_argument(f"--org-{lang}", default="", help=f"the mediating organisation in {lang}")
            create.add_argument(f"--description-{lang}", default="", help=f"the description in {lang}")
        create.add_argument("--lead", required=True, help="the username of the lead mediator")
        create.add_argument("--status", default=TalksStatus.PREPARING.value,
                            help=f"one of: {', '.join(TalksStatus.values)} (default: preparing)")
        create.add_argument("--languages", default="",
                            help="the talks' content languages, comma-separated (default: all)")
        create.add_argument("--heads-may-invite", action="store_true",
                            help="heads of delegation may invite to their own delegation")
        create.add_argument("--require-two-factor", action="store_true",
                            help="everyone seated must use two-factor log-in")
        listing = sub.add_parser("list", help="every talks: id, status, title, lead mediator")
        listing.add_argument("--json", action="store_true", help="one JSON object a line")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "create":
            self._create(options)
        else:
            self._list(json_lines=options["json"])

    def _texts(self, options: dict[str, Any], name: str) -> LocalText:
        return LocalText({lang: options.get(f"{name}_{lang}") or "" for lang in content_languages()})

    def _create(self, options: dict[str, Any]) -> None:
        lead = get_user_model().objects.filter(username=options["lead"], is_active=True).first()
        if lead is None:
            raise CommandError(f"no active user {options['lead']!r}: create the account first")
        languages = [code.strip() for code in options["languages"].split(",") if code.strip()]
        try:
            talks = actions.open_talks(
                SYSTEM, title=self._texts(options, "title"), mediator_org=self._texts(options, "org"),
                description=self._texts(options, "description"), status=options["status"],
                languages=languages, heads_may_invite=options["heads_may_invite"],
                require_two_factor=options["require_two_factor"], lead_user_id=lead.pk)
        except ActionRefused as exc:
            flag = {"title": "--title-*", "mediator_org": "--org-*", "description": "--description-*"}
            where = flag.get(exc.field or "", f"--{(exc.field or '').replace('_', '-')}") if exc.field else ""
            raise CommandError(f"{where}: {exc.message}" if where else str(exc.message)) from None
        self.stdout.write(f"opened talks {talks.pk}: {talks.title} (lead mediator: {lead.get_username()})")

    def _list(self, *, json_lines: bool) -> None:
        for talks in Talks.objects.prefetch_related("memberships__user").order_by("id"):
            leads = [m.user.get_username() for m in talks.memberships.all()
                     if m.role == "lead_mediator" and m.active]
            if json_lines:
                self.stdout.write(json.dumps({"id": talks.pk, "status": talks.status, "title": talks.title_i18n,
                                              "lead": leads[0] if leads else None}, ensure_ascii=False))
            else:
                self.stdout.write(f"{talks.pk}\t{talks.status}\t{talks.title}\t{', '.join(leads) or '-'}")
