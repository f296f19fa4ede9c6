from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    """The answer to one question, with the reason for logs and tests.

    `visible` says whether the viewer may know the object exists at all: a
    refusal of something invisible must look exactly like "not found".
    The reason is never shown to a party.
    """

    allowed: bool
    reason: str
    visible: bool = True

    def __bool__(self) -> bool:
        return self.allowed


def allow(reason: str) -> Decision:
    return Decision(True, reason)


def deny(reason: str, *, visible: bool = True) -> Decision:
    return Decision(False, reason, visible)
