"""What the agenda adds to the test cast (`tests/personas.py`).

`build(cast)` runs once per test run, after the Muscat cast is built, and
returns name -> (object in the Muscat talks, its counterpart in the other
talks); URL templates in the access matrix use them as {name}. Build by
calling actions, never by writing models.

- {agenda_issue}: the first issue of the Muscat agenda (the demo loads five);
  in the other talks, an issue its own lead added.
- {withdrawn_agenda_issue}: an issue added and withdrawn, in each talks.

The agenda is shared with every party, so it carries no party's canary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model

from wasit.agenda import actions
from wasit.agenda.models import AgendaIssue
from wasit.policy import viewer_for
from wasit.talks.localized import LocalText

if TYPE_CHECKING:
    from tests.personas import Cast


def build(cast: Cast) -> dict[str, tuple[Any, Any]]:
    from tests.personas import CANARY

    lead = viewer_for(cast.user("mediator"))
    other_lead = viewer_for(get_user_model().objects.get(username="other-lead"))
    first = AgendaIssue.objects.get(talks=cast.talks, position=1)
    withdrawn = actions.withdraw_issue(lead, actions.add_issue(
        lead, cast.talks, title=LocalText(en="Prisoner exchange", ar="تبادل السجناء", fa="تبادل زندانیان")))
    other = actions.add_issue(other_lead, cast.other_talks,
                              title=LocalText(en=f"Boundary line {CANARY['elsewhere']}"),
                              description=LocalText(en=f"Where the line runs {CANARY['elsewhere']}"))
    other_withdrawn = actions.withdraw_issue(other_lead, actions.add_issue(
        other_lead, cast.other_talks, title=LocalText(en="Fishing rights")))
    return {"agenda_issue": (first, other), "withdrawn_agenda_issue": (withdrawn, other_withdrawn)}
