"""Who may see or do what: the only place in Wasit that decides it.

Two faces from one set of rules:

- `can(viewer, verb, obj)` answers for one object with a `Decision`;
  `require()` raises `NotFound` (hidden or missing: the same) or `Forbidden`.
- `visible(viewer, Model)` returns the queryset of what the viewer may see.

`audience(event)` computes who may see an event; the live stream, exports
and notifications ask it and decide nothing themselves.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.functional import Promise

from wasit.policy.audience import Audience, audience
from wasit.policy.decision import Decision, deny
from wasit.policy.errors import ActionRefused, Forbidden, NotFound
from wasit.policy.viewer import ANONYMOUS, SYSTEM, Viewer, viewer_for

M = TypeVar("M", bound=Model)

__all__ = [
    "ANONYMOUS", "SYSTEM", "ActionRefused", "Audience", "Decision", "Forbidden", "NotFound",
    "Viewer", "audience", "can", "can_follow", "require", "viewer_for", "visible", "get_visible",
]


def can(viewer: Viewer, verb: str, obj: Any = None) -> Decision:
    from wasit.policy.rules import GLOBAL_RULES, RULES

    if viewer.system:
        return Decision(True, "the system acts for the operator")
    if not viewer.is_authenticated:
        return deny("not logged in", visible=False)
    rule = GLOBAL_RULES.get(verb) if obj is None else RULES.get((verb, type(obj)))
    if rule is None:
        return deny(f"no rule for {verb} on {type(obj).__name__}", visible=False)
    return rule(viewer, obj)


def can_follow(viewer: Viewer, talks_id: int) -> Decision:
    """May the viewer open the live stream of this talks (known by id alone)?

    The stream's question, asked before it subscribes; `visible` is False for
    a talks the viewer may not know of, which answers 404.
    """
    from wasit.policy.rules import follow_talks

    if viewer.system:
        return Decision(True, "the system acts for the operator")
    if not viewer.is_authenticated:
        return deny("not logged in", visible=False)
    return follow_talks(viewer, talks_id)


def require(viewer: Viewer, verb: str, obj: Any = None, *, message: str | Promise | None = None) -> None:
    """Raise `NotFound` or `Forbidden` (with `message`, shown to the user) unless allowed."""
    decision = can(viewer, verb, obj)
    if decision.allowed:
        return
    if not decision.visible:
        raise NotFound
    message = message if message is not None else decision.message
    raise Forbidden(message) if message is not None else Forbidden


def visible(viewer: Viewer, model: type[M]) -> QuerySet[M]:
    from wasit.policy.scopes import NOTHING, SCOPES

    qs: QuerySet[M] = model._default_manager.all()
    if viewer.system:
        return qs
    scope = SCOPES.get(model)
    if scope is None or not viewer.is_authenticated:
        return qs.filter(NOTHING)
    return qs.filter(scope(viewer))


def get_visible(viewer: Viewer, model: type[M], pk: Any, *, verb: str = "view") -> M:
    """Fetch one object by id for the viewer, or raise `NotFound`.

    Malformed ids, missing rows and rows the viewer may not see all raise
    the same error.
    """
    try:
        pk_int = int(pk)
    except (TypeError, ValueError):
        raise NotFound from None
    if not 0 < pk_int < 2**63:
        raise NotFound
    obj = visible(viewer, model).filter(pk=pk_int).first()
    if obj is None:
        raise NotFound
    require(viewer, verb, obj)
    return obj
