"""The hash chain: how one event's digest is computed from its content.

The digest covers every column that carries meaning, serialised as canonical
JSON, plus the previous digest; editing, deleting, reordering or inserting
any event therefore breaks the chain at that event.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest(prev_hash: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(fields)).hexdigest()


def event_fields(
    *,
    id: int,
    kind: str,
    talks_id: int | None,
    actor_id: int | None,
    audience: str,
    payload: dict[str, Any],
    created_at: str,
) -> dict[str, Any]:
    return {
        "id": id,
        "kind": kind,
        "talks_id": talks_id,
        "actor_id": actor_id,
        "audience": audience,
        "payload": payload,
        "created_at": created_at,
    }
