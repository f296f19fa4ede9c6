"""What the rounds add to the test cast (`tests/personas.py`).

- {minuted_round}: the January round of the Muscat demo. Its minutes (the
  mediators' own) carry the mediators' canary; its summary for each party,
  shared with that party, carries that party's canary. In the other talks,
  its round, with minutes carrying the other talks' canary.

Built by calling actions on what the demo loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model

from wasit.policy import viewer_for
from wasit.talks import actions
from wasit.talks.models import PartySummary, RoundMinutes

if TYPE_CHECKING:
    from tests.personas import Cast


def build(cast: Cast) -> dict[str, tuple[Any, Any]]:
    from tests.personas import CANARY

    lead = viewer_for(cast.user("mediator"))
    january = cast.rounds[1]
    minutes = RoundMinutes.objects.get(round=january)
    actions.save_minutes(lead, january, text=f"{minutes.text} Between us: {CANARY['mediators']}",
                         version=minutes.version)
    for code in ("us", "ir"):
        summary = PartySummary.objects.get(round=january, party=cast.parties[code])
        actions.save_summary(lead, january, cast.parties[code], text=f"{summary.text} {CANARY[code]}",
                             version=summary.version, share=True)
    other_lead = viewer_for(get_user_model().objects.get(username="other-lead"))
    actions.save_minutes(other_lead, cast.other_round, text=f"Opening minutes {CANARY['elsewhere']}", version=0)
    actions.save_summary(other_lead, cast.other_round, cast.other_party,
                         text=f"For the coast {CANARY['elsewhere']}", version=0, share=True)
    return {"minuted_round": (january, cast.other_round)}
