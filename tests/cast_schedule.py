"""What the schedule adds to the test cast (`tests/personas.py`).

The schedule's routes name no object (each is the caller's own, or a
token), so there is nothing to return. The demo has already given the lead
mediator Hijri dates and the Iranian delegation Jalali ones
(`wasit.schedule.demo`); here the US head turns a calendar feed on and the
IR member makes one and turns it off, so that the policy's two faces have
rows to compare (`tests/policy/test_two_faces.py`). Their links are not
kept: a test that needs a working link makes its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.personas import Cast


def build(cast: Cast) -> dict[str, tuple[Any, Any]]:
    from wasit.policy import viewer_for
    from wasit.schedule import actions

    actions.make_feed_link(viewer_for(cast.user("us_head")), language="en")
    ir_member = viewer_for(cast.user("ir_member"))
    actions.make_feed_link(ir_member, language="fa")
    actions.turn_off_feed(ir_member)
    return {}
