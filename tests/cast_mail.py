"""What the notifications adds to the test cast (`tests/personas.py`).

`build(cast)` runs once per test run, after the Muscat cast is built, and
returns name -> (object in the Muscat talks, its counterpart in the other
talks); URL templates in the access matrix use them as {name}. Build by
calling actions, never by writing models.

The notification routes name no object, so there is nothing to return; the
US head keeps saved preferences, so that the policy's two faces have a row
to compare (`tests/policy/test_two_faces.py`). The cast's users have no
e-mail address, so no test elsewhere gets a notification it did not ask for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.personas import Cast


def build(cast: Cast) -> dict[str, tuple[Any, Any]]:
    from wasit.notifications import actions
    from wasit.policy import viewer_for

    actions.save_preferences(viewer_for(cast.user("us_head")), language="ar", relays=True,
                             rounds=True, seats=False)
    return {}
