"""What the single negotiating text adds to the test cast (`tests/personas.py`); see `cast_agenda.py`.

- {text}: a framework text of the Muscat talks, concerning both parties,
  with three versions:
  - {text_shared} (version 1), shared with both parties; Iran reserved on
    clause 2 with a comment carrying Iran's canary (no US delegate may see
    it) and the US accepted every clause;
  - {text_us_version} (version 2), clause 2 reworded, shared with the US
    alone (Iran must not learn it exists); the US accepted clause 1 and
    rejected clause 2 with a comment carrying the US canary;
  - {text_draft} (version 3), with a clause carrying the mediators' canary,
    shared with nobody.
- {signed_text}: a one-clause minute both parties accepted and both heads
  signed off (a frozen text).
- In the other talks: a text shared with its coastal state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model

from wasit.policy import viewer_for
from wasit.texts import actions

if TYPE_CHECKING:
    from tests.personas import Cast


def clause(number: str, en: str, **more: Any) -> dict[str, Any]:
    return {"number": number, "heading": {}, "body": {"en": en}, **more}


def build(cast: Cast) -> dict[str, tuple[Any, Any]]:
    from tests.personas import CANARY, PASSWORD

    User = get_user_model()
    lead = viewer_for(cast.user("mediator"))
    us, ir = cast.parties["us"], cast.parties["ir"]
    text = actions.create_text(
        lead, cast.talks, title={"en": "Framework for de-escalation", "ar": "إطار لخفض التصعيد"},
        authoritative_language="en", clauses=[
            clause("1", "The parties refrain from attacks on each other's forces.",
                   body={"en": "The parties refrain from attacks on each other's forces.",
                         "ar": "تمتنع الأطراف عن مهاجمة قوات بعضها."}),
            clause("2", "Funds held abroad are released for humanitarian purchases.",
                   alternatives=[{"en": "under monitoring"}, {"en": "without conditions"}]),
        ])
    v1 = text.versions.get(number=1)
    actions.share_version(lead, v1, party_ids=[us.pk, ir.pk])
    keys = [c["key"] for c in v1.clauses]
    actions.mark_stances(viewer_for(cast.user("us_member")), v1,
                         stances={k: {"stance": "accept"} for k in keys})
    actions.mark_stances(viewer_for(cast.user("ir_head")), v1, stances={
        keys[0]: {"stance": "accept"},
        keys[1]: {"stance": "reserve", "comment": {"en": f"Pending Tehran {CANARY['ir']}"}}})
    v2 = actions.edit_clause(lead, text, base_version=1, key=keys[1], clause={
        "body": {"en": "Funds held abroad are released in stages for humanitarian purchases."}})
    actions.share_version(lead, v2, party_ids=[us.pk])
    actions.mark_stances(viewer_for(cast.user("us_head")), v2, stances={
        keys[0]: {"stance": "accept"},
        keys[1]: {"stance": "reject", "comment": {"en": f"Stages too slow {CANARY['us']}"}}})
    v3 = actions.edit_clause(lead, text, base_version=2, key=None, clause=clause(
        "3", f"The mediators keep a channel open {CANARY['mediators']}"))
    minute = actions.create_text(lead, cast.talks, title={"en": "Minute of the Geneva session"},
                                 authoritative_language="en", kind="minute",
                                 clauses=[clause("1", "The parties met in Geneva and will meet again in Muscat.")])
    signed = minute.versions.get(number=1)
    actions.share_version(lead, signed, party_ids=[us.pk, ir.pk])
    for persona in ("us_head", "ir_head"):
        actions.mark_stances(viewer_for(cast.user(persona)), signed,
                             stances={c["key"]: "accept" for c in signed.clauses})
    for persona in ("us_head", "ir_head"):
        actions.sign_off(viewer_for(cast.user(persona)), signed, password=PASSWORD)
    other_lead = viewer_for(User.objects.get(username="other-lead"))
    other = actions.create_text(other_lead, cast.other_talks, title={"en": "Maritime minute"},
                                authoritative_language="en", clauses=[clause("1", f"Equidistance {CANARY['elsewhere']}")])
    other_v1 = other.versions.get(number=1)
    actions.share_version(other_lead, other_v1, party_ids=[cast.other_party.pk])
    return {"text": (text, other), "text_shared": (v1, other_v1), "text_us_version": (v2, other_v1),
            "text_draft": (v3, other_v1), "signed_text": (minute, other)}
