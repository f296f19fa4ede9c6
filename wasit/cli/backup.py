"""Online, consistent backups and restores of the database and the data folder's keys.

SQLite is copied with its online backup API (a consistent snapshot while the
server runs); PostgreSQL with `pg_dump --format=custom`, restored with
`pg_restore`. The manifest records the chain's head, and a restore is
verified against it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from wasit.audit.verify import verify_database

MANIFEST = "manifest.json"
# The signing keys and the witness of the signed heads travel with the database they sign.
KEY_FILES = ("secret_key", "keys.json", "signing-keys.json", "witness.jsonl")


def _private_copy(source: Path, target: Path) -> None:
    """Copy `source` to `target`, created with mode 0600 from the start (never chmod after)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing target keeps its old mode otherwise
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out)


class BackupError(Exception):
    pass


def _database_url() -> str:
    params = connection.settings_dict
    user = params.get("USER") or ""
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = params.get("HOST") or "localhost"
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgresql://{auth}{host}{port}/{params['NAME']}"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def backup(dest: Path) -> dict[str, Any]:
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty; choose a new folder")
    old_umask = os.umask(0o077)  # the folder and every file in it, private from creation
    try:
        dest.mkdir(mode=0o700, parents=True, exist_ok=True)
        dest.chmod(0o700)  # an existing empty folder
        return _backup_into(dest)
    finally:
        os.umask(old_umask)


def _backup_into(dest: Path) -> dict[str, Any]:
    verdict = verify_database()
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        os.close(os.open(dest / "database.sqlite3", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        target = sqlite3.connect(dest / "database.sqlite3")
        with target:
            connection.connection.backup(target)
        target.close()
        database = "database.sqlite3"
    elif connection.vendor == "postgresql":
        database = "database.pgdump"
        argv = [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dest / database}",
                f"--dbname={_database_url()}"]
        subprocess.run(argv, check=True, capture_output=True, timeout=3600)  # noqa: S603 (no shell)
    else:
        raise BackupError(f"backups of {connection.vendor} are not supported")
    for name in KEY_FILES:
        source = Path(settings.DATA_DIR) / name
        if source.exists():
            _private_copy(source, dest / name)
    manifest = {"format": "wasit-backup", "version": 1, "created_at": timezone.now().isoformat(),
                "vendor": connection.vendor, "database": database, "events": verdict.checked,
                "head": verdict.head, "chain_ok": verdict.ok}
    fd = os.open(dest / MANIFEST, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(manifest, indent=1))
    return manifest


def _database_is_empty() -> bool:
    return "audit_event" not in connection.introspection.table_names()


def restore(source: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(f"{source} is not a Wasit backup (no readable {MANIFEST})") from None
    if manifest.get("format") != "wasit-backup":
        raise BackupError(f"{source} is not a Wasit backup")
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"this backup is of {manifest['vendor']}; the configured database is {connection.vendor}")
    if not _database_is_empty():
        raise BackupError("the target database is not empty; restore into a fresh data folder or database")
    if connection.vendor == "sqlite":
        connection.close()
        _private_copy(source / manifest["database"], Path(connection.settings_dict["NAME"]))
    else:
        connection.close()
        argv = [_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={_database_url()}",
                str(source / manifest["database"])]
        subprocess.run(argv, check=True, capture_output=True, timeout=3600)  # noqa: S603 (no shell)
    for name in KEY_FILES:
        if (source / name).exists():
            _private_copy(source / name, Path(settings.DATA_DIR) / name)
    verdict = verify_database(head=manifest["head"] if manifest["events"] else None)
    if not verdict.ok:
        raise BackupError(f"the restored chain does not verify: {verdict.problem}")
    return {"events": verdict.checked, "head": verdict.head}
