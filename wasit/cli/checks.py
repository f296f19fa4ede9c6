"""Health questions the command line asks before it serves."""

from __future__ import annotations

import stat
from pathlib import Path

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


def private_file_problems(data: Path, database: Path | None) -> list[str]:
    """Files that hold secrets readable by group or others, and a data folder open to others."""
    problems = []
    if data.is_dir():
        mode = stat.S_IMODE(data.stat().st_mode)
        if mode & 0o007:
            problems.append(f"data folder {data} is accessible by others (mode {mode:o}): run `chmod 700 {data}`")
    files = [data / "secret_key", data / "keys.json", data / "signing-keys.json"]
    if database is not None:
        files += [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
    for path in files:
        if path.is_file():
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & 0o077:
                problems.append(f"{path} is readable by group or others (mode {mode:o}): run `chmod 600 {path}`")
    return problems
