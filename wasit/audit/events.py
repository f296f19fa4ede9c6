"""The base of every typed event.

Each domain app declares its event kinds as frozen dataclasses in its own
`events.py`. The class docstring is the kind's documentation:
`docs/events.md` is generated from these classes and a test keeps it current.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

# Every kind registers itself here so docs and the verifier can list them.
REGISTRY: dict[str, type[DomainEvent]] = {}


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Base class: `kind` names the event; fields are its payload."""

    kind: ClassVar[str] = ""
    talks_id: int | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.kind:
            if cls.kind in REGISTRY and REGISTRY[cls.kind] is not cls:
                raise RuntimeError(f"event kind {cls.kind!r} declared twice")
            REGISTRY[cls.kind] = cls

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name == "talks_id":
                continue
            value = getattr(self, f.name)
            if isinstance(value, datetime | date):
                value = value.isoformat()
            out[f.name] = value
        return out


def all_kinds() -> dict[str, type[DomainEvent]]:
    """Every event kind of every installed app (importing each app's `events`)."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    for config in apps.get_app_configs():
        name = f"{config.name}.events"
        if config.name.startswith("wasit.") and find_spec(name) is not None:
            import_module(name)
    return dict(REGISTRY)
