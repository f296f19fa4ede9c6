"""The Muscat talks' sealed offers, for the demo (`wasit/demo/muscat.py` calls this).

"The United States wants Iran to make concessions on the region first, while
Iran wants guarantees that it will get them before it opens up to any
dialogue": the mediators break the deadlock by holding each side's
conditional offer. On the first agenda issue the menu has Iran's restraint
of allied groups in the Red Sea, the United States' steps toward a ceasefire
in Gaza, the release of the funds held in Qatar (USD) and a pause in
enrichment above 60% (weeks). The US offers its steps toward a ceasefire if
Iran restrains its allies at sea; Iran offers the reverse: the two match and
are revealed at once. Iran's third offer, a four-week pause against the
funds, matches nothing and stays sealed (nobody but Iran reads it).

The talks allow two live offers per party (one per side of this issue); the
wait between submissions is lifted while the demo loads and set back to 600 s.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from wasit.offers import actions
from wasit.offers.actions import Given, Required
from wasit.policy import Viewer
from wasit.talks.models import Talks


def _t(ar: str, en: str, fa: str) -> dict[str, str]:
    return {"ar": ar, "en": en, "fa": fa}


RESTRAIN = _t("ضبط الجماعات الحليفة عن مهاجمة السفن في البحر الأحمر",
              "restrain allied groups from attacking shipping in the Red Sea",
              "بازداشتن گروه‌های هم‌پیمان از حمله به کشتی‌ها در دریای سرخ")
CEASEFIRE = _t("اتخاذ خطوات نحو وقف إطلاق النار في غزة", "take steps toward a ceasefire in Gaza",
               "برداشتن گام‌هایی به سوی آتش‌بس در غزه")
FUNDS = _t("الإفراج عن الأموال المحتجزة في قطر", "release the funds held in Qatar", "آزاد کردن وجوه نگه‌داشته‌شده در قطر")
PAUSE = _t("تعليق التخصيب فوق 60%", "pause enrichment above 60%", "توقف غنی‌سازی بالای ۶۰ درصد")


def load_muscat_offers(lead: Viewer, talks: Talks, heads: dict[str, Viewer]) -> None:
    """The menu, a matched and revealed pair, and a third offer that stays sealed."""
    parties = {p.code: p for p in talks.parties.all()}
    us, ir = parties["us"].pk, parties["ir"].pk
    issue = talks.agenda_issues.order_by("position").first()
    issue_id = issue.pk if issue is not None else None
    actions.change_settings(lead, talks, mediators_see_sealed=False, live_offers_per_party=2, resubmit_seconds=0)
    restrain = actions.define_move(lead, talks, text=RESTRAIN, issue_id=issue_id, party_id=ir)
    ceasefire = actions.define_move(lead, talks, text=CEASEFIRE, issue_id=issue_id, party_id=us)
    funds = actions.define_move(lead, talks, text=FUNDS, issue_id=issue_id, party_id=us, unit="USD")
    pause = actions.define_move(lead, talks, text=PAUSE, issue_id=issue_id, party_id=ir, unit="weeks")
    expiry = timezone.now() + dt.timedelta(days=30)
    actions.submit_offer(heads["us"], talks, gives=[Given(ceasefire.pk)], requires=[Required(ir, restrain.pk)],
                         expires_at=expiry, note="Only if the restraint at sea is verifiable.")
    actions.submit_offer(heads["ir"], talks, gives=[Given(pause.pk, "4")],
                         requires=[Required(us, funds.pk, at_least="6000000000")], expires_at=expiry,
                         note="A month's pause at most, and only against the whole of the funds.")
    actions.submit_offer(heads["ir"], talks, gives=[Given(restrain.pk)], requires=[Required(us, ceasefire.pk)],
                         expires_at=expiry)
    actions.change_settings(lead, talks, mediators_see_sealed=False, live_offers_per_party=2, resubmit_seconds=600)
