"""Rules of notifications: preferences and the mail outbox.

Merged into `rules.RULES` and `rules.GLOBAL_RULES` at the end of `rules.py`;
this module must not import `rules.py`.
"""

from __future__ import annotations

from typing import Any

from wasit.notifications.models import Preferences
from wasit.policy.decision import Decision, allow, deny
from wasit.policy.rules_base import GlobalRule, Rule
from wasit.policy.viewer import Viewer


def keep_mail_preferences(viewer: Viewer, _obj: Any) -> Decision:
    # `can()` has already turned the anonymous viewer away.
    return allow("every user chooses their own mails")


def own_preferences(viewer: Viewer, prefs: Preferences) -> Decision:
    if prefs.user_id is not None and prefs.user_id == viewer.user_id:
        return allow("one's own preferences")
    return deny("another user's preferences", visible=False)


RULES: dict[tuple[str, type], Rule] = {
    ("view", Preferences): own_preferences,
    ("edit", Preferences): own_preferences,
}

GLOBAL_RULES: dict[str, GlobalRule] = {
    "keep_mail_preferences": keep_mail_preferences,
}
