"""The server's Ed25519 signing keys for the log's heads, kept outside the database.

`<data folder>/signing-keys.json` (mode 0600, beside the sealing keys in
`keys.json`) holds the private key in use and the public key of every key
ever used: a rotation (`wasit rotate-signing-key`) makes a new key primary
and drops the old private key, but keeps its public key, so heads signed
before still verify. Someone who copies the database alone cannot sign.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

FILE = "signing-keys.json"


@dataclass(frozen=True)
class SigningKeys:
    primary: str
    private: Ed25519PrivateKey
    public: dict[str, bytes]  # key id -> raw 32-byte public key, every key ever used

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self.private.sign(message)).decode("ascii")

    def to_json(self) -> str:
        raw = self.private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                         serialization.NoEncryption())
        return json.dumps({"primary": self.primary, "private": base64.b64encode(raw).decode(),
                           "public": {k: base64.b64encode(v).decode() for k, v in self.public.items()}},
                          indent=1)

    @classmethod
    def from_json(cls, text: str) -> SigningKeys:
        data = json.loads(text)
        private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(data["private"]))
        public = {k: base64.b64decode(v) for k, v in data["public"].items()}
        if public.get(data["primary"]) != _raw_public(private):
            raise ValueError(f"{FILE}: the primary key's public half is not listed under its id")
        return cls(primary=data["primary"], private=private, public=public)


def _raw_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def verify_signature(public: dict[str, bytes], key_id: str, message: bytes, signature: str) -> str:
    """'' when the signature holds, else why not (in words)."""
    raw = public.get(key_id)
    if raw is None:
        return f"it is signed with key {key_id!r}, which is not one of this server's signing keys"
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(base64.b64decode(signature), message)
    except (InvalidSignature, ValueError):
        return f"its signature does not verify under key {key_id!r} (forged or altered)"
    return ""


def fingerprint(raw_public: bytes) -> str:
    import hashlib

    return hashlib.sha256(raw_public).hexdigest()[:16]


def path() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / FILE


_lock = threading.Lock()
_cached: tuple[float, SigningKeys] | None = None


def _write(keys: SigningKeys) -> None:
    target = path()
    tmp = target.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(keys.to_json())
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)  # atomic: a crash leaves the old keys or the new ones


def signing_keys() -> SigningKeys:
    """The keys in force, generated on first use; a rotation on disk is seen on the next call."""
    global _cached
    target = path()
    with _lock:
        try:
            mtime = target.stat().st_mtime
        except FileNotFoundError:
            private = Ed25519PrivateKey.generate()
            _write(SigningKeys(primary="s1", private=private, public={"s1": _raw_public(private)}))
            mtime = target.stat().st_mtime
        if _cached is None or _cached[0] != mtime:
            _cached = (mtime, SigningKeys.from_json(target.read_text(encoding="utf-8")))
        return _cached[1]


def public_keys() -> dict[str, bytes]:
    """Every public key, without creating a key file (offline verification)."""
    target = path()
    if not target.exists():
        return {}
    return SigningKeys.from_json(target.read_text(encoding="utf-8")).public


def rotate() -> SigningKeys:
    old = signing_keys()
    n = len(old.public) + 1
    while f"s{n}" in old.public:
        n += 1
    private = Ed25519PrivateKey.generate()
    new = SigningKeys(primary=f"s{n}", private=private, public={**old.public, f"s{n}": _raw_public(private)})
    _write(new)
    return new
