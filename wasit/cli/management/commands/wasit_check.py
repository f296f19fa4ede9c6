from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from wasit.cli.checks import pending_migrations, private_file_problems


class Command(BaseCommand):
    help = "Check the configuration, the data folder and the database, with one clear line each."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = 0

        def report(ok: bool, text: str) -> None:
            nonlocal problems
            self.stdout.write(("ok    " if ok else "FAIL  ") + text)
            problems += 0 if ok else 1

        data = settings.DATA_DIR
        report(os.access(data, os.W_OK), f"data folder {data} is writable")
        database = Path(connection.settings_dict["NAME"]) if connection.vendor == "sqlite" else None
        private = private_file_problems(Path(data), database)
        for problem in private:
            report(False, problem)
        if not private:
            report(True, "data folder, database and key files are private")
        report(not settings.DEBUG, "DEBUG is off")
        vendor = connection.vendor
        try:
            connection.ensure_connection()
            report(True, f"database ({vendor}) answers")
        except Exception as exc:  # noqa: BLE001 (any failure is reported, not raised)
            report(False, f"database ({vendor}) unreachable: {str(exc).strip().splitlines()[0]}")
            raise CommandError(f"{problems} problem(s) found") from None
        if vendor == "sqlite":
            with connection.cursor() as cur:
                cur.execute("PRAGMA journal_mode")
                mode_row = cur.fetchone()
            report(mode_row is not None and mode_row[0] == "wal", "SQLite runs in WAL mode")
        pending = pending_migrations()
        report(not pending, "database schema is up to date" if not pending
               else f"{len(pending)} migration(s) pending: run `wasit migrate`")
        issues = [m for m in checks.run_checks() if m.level >= checks.ERROR]
        report(not issues, "Django system checks pass" if not issues
               else f"{len(issues)} system check error(s): {issues[0]}")
        if not pending:
            from wasit.audit.verify import verify_database

            verdict = verify_database()
            report(verdict.ok, f"event log verifies ({verdict.checked} event(s), signed heads and witness)"
                   if verdict.ok else f"event log does not verify: {verdict.problem}")
        if problems:
            raise CommandError(f"{problems} problem(s) found")
        self.stdout.write("all checks passed")
