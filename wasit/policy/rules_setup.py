"""Rules of talks set-up: talks settings and status, parties, rooms, rounds and the agenda.

Merged into `rules.RULES` and `rules.GLOBAL_RULES` at the end of `rules.py`;
this module must not import `rules.py`.
"""

from __future__ import annotations

from wasit.policy.rules_base import GlobalRule, Rule

RULES: dict[tuple[str, type], Rule] = {}

GLOBAL_RULES: dict[str, GlobalRule] = {}
