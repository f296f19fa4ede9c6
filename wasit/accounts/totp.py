"""Time-based one-time passwords (RFC 6238), on `cryptography`'s implementation."""

from __future__ import annotations

import base64
import secrets
import time
from urllib.parse import quote

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.twofactor import InvalidToken
from cryptography.hazmat.primitives.twofactor.totp import TOTP

STEP = 30
DIGITS = 6
# Accept the previous and next step too: phones' clocks drift.
WINDOW = 1


def new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def _totp(secret: str) -> TOTP:
    return TOTP(base64.b32decode(secret), DIGITS, hashes.SHA1(), STEP)  # noqa: S303 (RFC 6238 default; apps expect it)


def matching_step(secret: str, code: str, *, now: float | None = None) -> int | None:
    """The time step the code belongs to, or None. The caller refuses a step used before."""
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    moment = time.time() if now is None else now
    totp = _totp(secret)
    current = int(moment // STEP)
    for step in range(current - WINDOW, current + WINDOW + 1):
        try:
            totp.verify(code.encode(), step * STEP)
        except InvalidToken:
            continue
        return step
    return None


def code_at(secret: str, moment: float) -> str:
    return _totp(secret).generate(moment).decode()


def provisioning_uri(secret: str, *, account: str, issuer: str = "Wasit") -> str:
    return (f"otpauth://totp/{quote(issuer)}:{quote(account)}?secret={secret}&issuer={quote(issuer)}"
            f"&algorithm=SHA1&digits={DIGITS}&period={STEP}")
