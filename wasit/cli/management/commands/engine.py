"""`wasit engine frontier DIR`: the package engine's own command line, run from `wasit`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wasit.engine.cli import main


class Command(BaseCommand):
    help = ("Run the package engine on a Genius domain folder: `wasit engine frontier DIR` prints the "
            "Pareto frontier's size and the Nash, Kalai–Smorodinsky, egalitarian and maximum-total "
            "packages. Needs no database.")
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("engine_args", nargs=argparse.REMAINDER,
                            help="the engine's arguments, e.g. `frontier DIR`")

    def handle(self, *args: Any, **options: Any) -> None:
        sys.stdout.flush()
        status = main(list(options["engine_args"]))
        if status:
            sys.exit(status)
