"""Where Wasit keeps its data, and the secret key that lives there.

The data folder holds everything a deployment must back up and nothing the
repository ships: the SQLite database, the generated secret key and, later,
the encryption key. `WASIT_DATA_DIR` moves it; the default is `./data`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class DataFolderError(RuntimeError):
    """The data folder cannot be created, read or written."""


def data_dir() -> Path:
    return Path(os.environ.get("WASIT_DATA_DIR", "data")).resolve()


def ensure_data_dir(path: Path) -> Path:
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFolderError(f"cannot create the data folder {path}: {exc.strerror}") from exc
    if not os.access(path, os.W_OK | os.X_OK):
        raise DataFolderError(f"the data folder {path} is not writable")
    return path


def secret_key(path: Path) -> str:
    """Return the deployment's secret key, generating it on first use.

    The key is written with mode 0600 and never leaves the data folder, so a
    clone of the repository never carries a usable key.
    """
    env = os.environ.get("WASIT_SECRET_KEY")
    if env:
        return env
    key_file = path / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip()
    ensure_data_dir(path)
    key = secrets.token_urlsafe(50)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


def private_file(path: Path) -> Path:
    """Create `path` readable by its owner only, if it does not exist yet.

    SQLite gives its -wal and -shm files the database file's mode, so
    creating the database this way keeps all three private.
    """
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    return path
