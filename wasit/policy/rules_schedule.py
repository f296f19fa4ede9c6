"""Rules of the schedule: each user's date display and private calendar feed.

Merged into `rules.RULES` and `rules.GLOBAL_RULES` at the end of `rules.py`;
this module must not import `rules.py`. Which rounds a feed carries is not
decided here: the feed asks `visible(viewer, Round)`, the same scope as the
talks' own round list.
"""

from __future__ import annotations

from typing import Any

from wasit.policy.decision import Decision, allow, deny
from wasit.policy.rules_base import GlobalRule, Rule
from wasit.policy.viewer import Viewer
from wasit.schedule.models import CalendarFeed, DisplayPreferences


def keep_own(viewer: Viewer, _obj: Any) -> Decision:
    # `can()` has already turned the anonymous viewer away.
    return allow("every user chooses how they read dates and keeps their own feed")


def own_row(viewer: Viewer, row: DisplayPreferences | CalendarFeed) -> Decision:
    if row.user_id is not None and row.user_id == viewer.user_id:
        return allow("one's own")
    return deny("another user's", visible=False)


RULES: dict[tuple[str, type], Rule] = {
    ("view", DisplayPreferences): own_row,
    ("edit", DisplayPreferences): own_row,
    ("view", CalendarFeed): own_row,
    ("edit", CalendarFeed): own_row,
}

GLOBAL_RULES: dict[str, GlobalRule] = {
    "keep_display_preferences": keep_own,
    "keep_calendar_feed": keep_own,
}
