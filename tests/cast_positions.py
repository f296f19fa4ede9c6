"""What the positions add to the test cast (`tests/personas.py`); see `cast_agenda.py` for the pattern.

- {us_position}: the US's newest position on the first agenda issue; its
  demand carries the US canary, its red line the US red-line canary
  (the US lets the mediators read its red lines).
- {ir_position}: Iran's newest position on the first issue; its demand
  carries the IR canary. Iran's head keeps Iran's red lines from the
  mediators, and this version's red line carries `CANARY["ir_red_line"]`:
  no mediator, and no US delegate, may ever receive it.
- A mediators' assessment of the first issue whose note carries the
  mediators' canary, and a relay of the US position into the mediators' room.
- In the other talks: a position of its coastal state (recorded by the
  member `cast_people` seats), counterpart of both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model

from wasit.agenda.models import AgendaIssue
from wasit.policy import viewer_for
from wasit.positions import actions
from wasit.positions.queries import latest_version

if TYPE_CHECKING:
    from tests.personas import Cast


def build(cast: Cast) -> dict[str, tuple[Any, Any]]:
    from tests.personas import CANARY

    User = get_user_model()
    lead = viewer_for(cast.user("mediator"))
    first = AgendaIssue.objects.get(talks=cast.talks, position=1)
    us, ir = cast.parties["us"], cast.parties["ir"]
    us_position = actions.record_position(
        viewer_for(cast.user("us_member")), us, issue=first, base_version=latest_version(us, first),
        demand={"en": f"Restraint of every partner {CANARY['us']}"},
        red_line={"en": f"Our red line {CANARY['us_red_line']}"}, priority=5, applies_from=cast.rounds[3])
    ir_head = viewer_for(cast.user("ir_head"))
    actions.set_red_lines_barred(ir_head, ir, barred=True)
    ir_position = actions.record_position(
        ir_head, ir, issue=first, base_version=latest_version(ir, first),
        demand={"fa": f"مهار متقابل {CANARY['ir']}"}, offer={"en": "Talk with partners"},
        red_line={"en": f"Never {CANARY['ir_red_line']}"}, priority=4, applies_from=cast.rounds[3])
    actions.record_assessment(lead, first, base_version=1, gap="narrowing",
                              note={"en": f"Both edge closer {CANARY['mediators']}"})
    actions.relay_position(lead, us_position, room=cast.rooms["mediators"],
                           text="The US now asks for restraint of every partner.")
    other_issue = cast.extras["agenda_issue"][1]
    coast = viewer_for(User.objects.get(username="coast-member"))
    other_position = actions.record_position(
        coast, cast.other_party, issue=other_issue, base_version=None,
        demand={"en": f"Equidistance {CANARY['elsewhere']}"}, priority=3)
    return {"us_position": (us_position, other_position), "ir_position": (ir_position, other_position)}
