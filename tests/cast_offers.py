"""What sealed offers and blind bids add to the test cast (`tests/personas.py`); see `cast_agenda.py`.

In the Muscat talks, besides what the demo loads (`wasit/offers/demo.py`: a revealed pair
and Iran's live unmatched offer), with moves on the first agenda issue; the settings end as
the defaults (the mediators do not read sealed offers, one live offer per party, 600 s
between a party's submissions: each party then already holds its limit), lifted while the
cast builds:
- {move}: "restrain allied groups from attacking shipping" (Iran's); with it on the
  menu: the US's "press for a ceasefire in Gaza", the US's "unfreeze funds held abroad"
  (USD) and Iran's "pause enrichment above 20%" (weeks), apart from the demo's moves;
- {offer_match}: a second Muscat pair (the demo's is the first), revealed: the US presses for a ceasefire if
  Iran restrains its allies at sea, and Iran the reverse (no canary: both parties
  and the mediators read it);
- {us_offer}: a live sealed US offer (funds against a pause of at least 12 weeks)
  whose note carries CANARY["us"] and CANARY["us_sealed"];
- {ir_offer}: a live sealed Iranian offer (a 4-week pause against the funds) that does
  NOT match the US one; its note carries CANARY["ir"] and CANARY["ir_sealed"];
- {contest}: a blind-bid contest, the US claimant and Iran respondent, where each side
  bid once in round 1 (figures CANARY["us_bid"] and CANARY["ir_bid"], which do not
  settle: round 2 is open).
In the other talks: a second party and two heads, a move each, a revealed pair and a
contest without bids (the "other" objects of every row).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from wasit.accounts.actions import create_user
from wasit.offers import actions
from wasit.offers.actions import Given, Required
from wasit.policy import SYSTEM, viewer_for
from wasit.talks import actions as talks_actions
from wasit.talks.localized import LocalText
from wasit.talks.models import Role

if TYPE_CHECKING:
    from tests.personas import Cast

LATER = dt.timedelta(days=30)


def build(cast: Cast) -> dict[str, tuple[Any, Any]]:
    from tests.personas import CANARY, PASSWORD

    lead = viewer_for(cast.user("mediator"))
    us, ir = cast.parties["us"], cast.parties["ir"]
    issue = cast.talks.agenda_issues.order_by("position").first()
    assert issue is not None  # noqa: S101 (the demo loads an agenda)
    actions.change_settings(lead, cast.talks, mediators_see_sealed=False, live_offers_per_party=2,
                            resubmit_seconds=0)
    restrain = actions.define_move(lead, cast.talks, issue_id=issue.pk, party_id=ir.pk, text={
        "en": "restrain allied groups from attacking shipping", "ar": "ضبط الجماعات الحليفة عن مهاجمة السفن"})
    ceasefire = actions.define_move(lead, cast.talks, issue_id=issue.pk, party_id=us.pk, text={
        "en": "press for a ceasefire in Gaza", "ar": "الضغط من أجل وقف إطلاق النار في غزة"})
    funds = actions.define_move(lead, cast.talks, issue_id=issue.pk, party_id=us.pk, unit="USD",
                                text={"en": "unfreeze funds held abroad"})
    pause = actions.define_move(lead, cast.talks, issue_id=issue.pk, party_id=ir.pk, unit="weeks",
                                text={"en": "pause enrichment above 20%"})
    us_head, ir_head = viewer_for(cast.user("us_head")), viewer_for(cast.user("ir_head"))
    later = timezone.now() + LATER
    actions.submit_offer(us_head, cast.talks, gives=[Given(ceasefire.pk)], requires=[Required(ir.pk, restrain.pk)],
                         expires_at=later)
    revealed = actions.submit_offer(ir_head, cast.talks, gives=[Given(restrain.pk)],
                                    requires=[Required(us.pk, ceasefire.pk)], expires_at=later)
    assert revealed.match is not None  # noqa: S101
    us_offer = actions.submit_offer(
        us_head, cast.talks, gives=[Given(funds.pk, "6000000000")],
        requires=[Required(ir.pk, pause.pk, at_least="12")], expires_at=later,
        note=f"Our ceiling on the funds {CANARY['us']} {CANARY['us_sealed']}").offer
    ir_offer = actions.submit_offer(
        ir_head, cast.talks, gives=[Given(pause.pk, "4")], requires=[Required(us.pk, funds.pk, at_least="6000000000")],
        expires_at=later, note=f"No more than a month {CANARY['ir']} {CANARY['ir_sealed']}").offer
    actions.change_settings(lead, cast.talks, mediators_see_sealed=False, live_offers_per_party=1,
                            resubmit_seconds=600)
    contest = actions.create_contest(lead, cast.talks, title={"en": "Funds released in the first tranche"},
                                     claimant_id=us.pk, respondent_id=ir.pk, unit="USD", gap_percent="5")
    actions.submit_bid(us_head, contest, figure=CANARY["us_bid"])
    actions.submit_bid(ir_head, contest, figure=CANARY["ir_bid"])
    contest.refresh_from_db()
    assert contest.current_round == 2  # noqa: S101 (the figures do not settle)

    # The other talks: a second party, a head for each, a revealed pair and a contest.
    other_lead = viewer_for(cast.other_talks.memberships.get(role=Role.LEAD_MEDIATOR).user)
    coast = cast.other_party
    port = talks_actions.add_party(other_lead, cast.other_talks, code="port", name=LocalText(en="Port authority"))
    heads = {}
    for code, party in (("coast", coast), ("port", port)):
        user = create_user(SYSTEM, username=f"{code}-head", password=PASSWORD, check_password=False)
        talks_actions.seat_member(other_lead, cast.other_talks, user_id=user.pk, role=Role.HEAD, party=party)
        heads[code] = viewer_for(user)
    survey = actions.define_move(other_lead, cast.other_talks, party_id=coast.pk,
                                 text={"en": f"share the survey {CANARY['elsewhere']}"})
    dredge = actions.define_move(other_lead, cast.other_talks, party_id=port.pk, text={"en": "stop dredging"})
    other_coast = actions.submit_offer(heads["coast"], cast.other_talks, gives=[Given(survey.pk)],
                                       requires=[Required(port.pk, dredge.pk)], expires_at=later,
                                       note=f"Survey note {CANARY['elsewhere']}").offer
    other_port = actions.submit_offer(heads["port"], cast.other_talks, gives=[Given(dredge.pk)],
                                      requires=[Required(coast.pk, survey.pk)], expires_at=later)
    assert other_port.match is not None  # noqa: S101
    other_contest = actions.create_contest(other_lead, cast.other_talks, title={"en": "Dredging fee"},
                                           claimant_id=coast.pk, respondent_id=port.pk)
    return {"move": (restrain, survey), "us_offer": (us_offer, other_coast), "ir_offer": (ir_offer, other_port.offer),
            "offer_match": (revealed.match, other_port.match), "contest": (contest, other_contest)}
