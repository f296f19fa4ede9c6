"""The access matrix of the record: receipts, consistency proofs, reports of a forked log.

Merged into `matrix.py`'s tables; see there for the objects in URLs and the
cell values.

Decisions written here:
- every member of the talks, each party's delegation and the mediator team,
  downloads its own receipt (200) and fetches consistency proofs (200):
  they hold digests and hashes only, of the events that member was shown;
- someone without a seat gets 404 (the talks may not exist), an anonymous
  caller 401;
- a fork report from any member is refused when nothing forked (400: the
  heads the matrix posts are both the log's own), after the policy let it
  through; someone without a seat gets 404.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.access.cells import API, row
from tests.personas import Cast

ENTRY_POINTS: dict[str, tuple[str, str, str]] = {
    "API receipt": ("GET", "/api/v1/talks/{talks}/receipt", "get_receipt"),
    "API log consistency": ("GET", "/api/v1/talks/{talks}/log/consistency?from=1", "get_log_consistency"),
    "API report a fork": ("POST", "/api/v1/talks/{talks}/log/fork-reports", "report_fork"),
}

BY_KIND: dict[str, dict[str, object]] = {
    "API receipt": row(m=200, party=200, **API),
    "API log consistency": row(m=200, party=200, **API),
    "API report a fork": row(m=400, party=400, **API),
}


def _newest_head(_c: Cast) -> dict[str, object]:
    from wasit.audit.heads import latest_head

    head = latest_head()
    assert head is not None  # noqa: S101 (the cast wrote events)
    return head.to_dict()


BODIES: dict[str, Callable[[Cast], dict[str, object]]] = {
    "API report a fork": lambda c: {"held": _newest_head(c), "served": _newest_head(c), "problem": "a test"},
}

# Routes that show nothing of any talks and need no row.
PUBLIC_URL_NAMES: set[str] = set()
