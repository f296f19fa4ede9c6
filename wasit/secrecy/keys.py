"""The keyring: named 256-bit keys, one of them primary (used to seal)."""

from __future__ import annotations

import base64
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "wsc1"


class KeyError_(Exception):  # noqa: N801 (KeyError is a builtin)
    """A sealed value cannot be opened: unknown key, wrong key, or altered ciphertext."""


@dataclass(frozen=True)
class Keyring:
    primary: str
    keys: dict[str, bytes]

    def to_json(self) -> str:
        return json.dumps({"primary": self.primary,
                           "keys": {k: base64.b64encode(v).decode() for k, v in self.keys.items()}},
                          indent=1)

    @classmethod
    def from_json(cls, text: str) -> Keyring:
        data = json.loads(text)
        keys = {k: base64.b64decode(v) for k, v in data["keys"].items()}
        if data["primary"] not in keys or any(len(v) != 32 for v in keys.values()):
            raise ValueError("the keyring needs 32-byte keys and a primary that is one of them")
        return cls(primary=data["primary"], keys=keys)

    def seal(self, plaintext: str, *, context: bytes) -> str:
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self.keys[self.primary]).encrypt(nonce, plaintext.encode("utf-8"), context)
        return f"{PREFIX}:{self.primary}:{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"

    def open(self, value: str, *, context: bytes) -> str:
        try:
            _prefix, kid, body = value.split(":", 2)
            raw = base64.urlsafe_b64decode(body)
            key = self.keys[kid]
            return AESGCM(key).decrypt(raw[:12], raw[12:], context).decode("utf-8")
        except KeyError:
            raise KeyError_(f"sealed with key {value.split(':')[1]!r}, which is not in the keyring") from None
        except Exception:  # noqa: BLE001 (any failure means the value cannot be trusted)
            raise KeyError_("a sealed value does not open: altered, or sealed with another key") from None


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX + ":")


_lock = threading.Lock()
_cached: Keyring | None = None
_checked_at = 0.0
_mtime = 0.0
# How often a running server looks for a rotated keyring on disk.
RELOAD_SECONDS = 1.0


def keyring_path() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / "keys.json"


def new_key_id(existing: dict[str, bytes]) -> str:
    n = len(existing) + 1
    while f"k{n}" in existing:
        n += 1
    return f"k{n}"


def write_keyring(ring: Keyring) -> None:
    path = keyring_path()
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(ring.to_json())
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)  # atomic: a crash leaves the old ring or the new one
    reset()


def keyring() -> Keyring:
    """The keyring in force, generated on first use (never committed anywhere).

    A server notices within `RELOAD_SECONDS` when `wasit rotate-key` has
    written a new keyring.
    """
    global _cached, _checked_at, _mtime
    now = time.monotonic()
    if _cached is not None and (now - _checked_at < RELOAD_SECONDS or os.environ.get("WASIT_ENCRYPTION_KEYS")):
        return _cached
    if _cached is not None:
        _checked_at = now
        try:
            if keyring_path().stat().st_mtime == _mtime:
                return _cached
        except OSError:
            return _cached
        reset()
    with _lock:
        if _cached is None:
            env = os.environ.get("WASIT_ENCRYPTION_KEYS")
            if env:
                _cached = Keyring.from_json(env)
            else:
                path = keyring_path()
                if not path.exists():
                    ring = Keyring(primary="k1", keys={"k1": AESGCM.generate_key(bit_length=256)})
                    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    with os.fdopen(fd, "w", encoding="utf-8") as fh:
                        fh.write(ring.to_json())
                _mtime = path.stat().st_mtime
                _cached = Keyring.from_json(path.read_text(encoding="utf-8"))
                _checked_at = time.monotonic()
    return _cached


def reset() -> None:
    global _cached
    with _lock:
        _cached = None
