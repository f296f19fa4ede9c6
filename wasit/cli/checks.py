"""Health questions the command line asks before it serves."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def pending_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _backwards in plan]


def require_migrated() -> None:
    pending = pending_migrations()
    if pending:
        raise CommandError(
            f"the database needs {len(pending)} migration(s); run `wasit migrate` first"
        )
