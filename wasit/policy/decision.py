from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


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
    # A refusal the user may read (translatable), e.g. "these talks are concluded";
    # `require` raises `Forbidden` with it. Most refusals have none.
    message: str | Promise | None = None

    def __bool__(self) -> bool:
        return self.allowed


def allow(reason: str) -> Decision:
    return Decision(True, reason)


def deny(reason: str, *, visible: bool = True, message: str | Promise | None = None) -> Decision:
    return Decision(False, reason, visible, message)
