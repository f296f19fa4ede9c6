"""The Muscat talks' single negotiating text, for the demo (`wasit/demo/muscat.py` calls this).

A short framework on de-escalation, Arabic authoritative with an English
translation, drawn from the press reports in `shared/seeds/`: no attacks on
US bases in Iraq and Syria since 4 February; restraint of the allied groups
at sea, the Red Sea attacks on shipping; the funds held in Qatar, for
humanitarian purchases; the indirect talks continuing in Muscat; and the
direct security line the US offered in May. Where Iran proposed the
language, the clause carries it in Persian too.

Two versions, each shared with both parties. On the first, the US rejects
the open-ended bracket on restraint at sea and Iran rejects the clause on
the funds, proposing its own language; the second adopts both changes. On
it the US accepts every clause and Iran every clause but the one on the
funds, which its head reserves pending instructions from Tehran, with a
comment for the mediators alone: not yet agreed.
"""

from __future__ import annotations

from typing import Any

from wasit.policy import Viewer
from wasit.talks.models import Talks
from wasit.texts import actions


def _t(ar: str, en: str, fa: str | None = None) -> dict[str, str]:
    return {"ar": ar, "en": en, **({"fa": fa} if fa else {})}


TITLE = _t("إطار لخفض التصعيد الإقليمي", "A framework for regional de-escalation",
           "چارچوبی برای کاهش تنش منطقه‌ای")

BASES: dict[str, Any] = {"number": "1", "heading": _t("القواعد", "Bases"), "body": _t(
    "لا هجمات على القواعد الأمريكية في العراق وسوريا، استمراراً للهدوء القائم منذ 4 فبراير.",
    "No attacks on US bases in Iraq and Syria, continuing the calm in place since 4 February.")}
SEA_V1: dict[str, Any] = {"number": "2", "heading": _t("البحر", "At sea"), "body": _t(
    "يستخدم كل طرف نفوذه لدى الجماعات الحليفة له لضبط النفس في البحر، ومنه وقف الهجمات على السفن "
    "التجارية في البحر الأحمر،",
    "Each side uses its influence with the groups allied to it for restraint at sea, including an end to "
    "the attacks on commercial ships in the Red Sea,"),
    "alternatives": [_t("[أ] من تاريخ هذا الإطار.", "[A] from the date of this framework."),
                     _t("[ب] متى صمدت هدنة في غزة.", "[B] once a truce in Gaza holds.")]}
SEA_V2: dict[str, Any] = {**SEA_V1, "alternatives": [], "body": _t(
    "يستخدم كل طرف نفوذه لدى الجماعات الحليفة له لضبط النفس في البحر، ومنه وقف الهجمات على السفن "
    "التجارية في البحر الأحمر، بالتوازي مع الجهود للتوصل إلى هدنة في غزة.",
    "Each side uses its influence with the groups allied to it for restraint at sea, including an end to "
    "the attacks on commercial ships in the Red Sea, in step with the efforts towards a truce in Gaza.",
    "هر طرف از نفوذ خود بر گروه‌های هم‌پیمانش برای خویشتن‌داری در دریا، از جمله پایان دادن به حمله به "
    "کشتی‌های تجاری در دریای سرخ، هم‌گام با تلاش‌ها برای آتش‌بس در غزه استفاده می‌کند.")}
FUNDS_V1: dict[str, Any] = {"number": "3", "heading": _t("الأموال", "Funds"), "body": _t(
    "يُفرج عن الأموال المحتجزة في قطر لشراء السلع الإنسانية، دفعةً بعد دفعة تحت المراقبة.",
    "The funds held in Qatar are released for humanitarian purchases, one monitored disbursement at a time.")}
FUNDS_V2: dict[str, Any] = {**FUNDS_V1, "body": _t(
    "يُفرج عن الأموال المحتجزة في قطر لشراء السلع الإنسانية، دفعةً بعد دفعة تحت المراقبة، مع وصول "
    "مضمون إلى كل دفعة.",
    "The funds held in Qatar are released for humanitarian purchases, one monitored disbursement at a time, "
    "with guaranteed access to each.",
    "وجوه نگه‌داشته‌شده در قطر برای خریدهای بشردوستانه، هر بار یک پرداخت با نظارت و با دسترسی "
    "تضمین‌شده به هر پرداخت، آزاد می‌شود.")}
LINE: dict[str, Any] = {"number": "4", "heading": _t("خط الاتصال", "Security line"), "body": _t(
    "يُنشأ خط اتصال أمني مباشر لتجنّب أي خطأ قد يؤدي إلى صدام.",
    "A direct security line is set up to avoid any mistake that could lead to a clash.")}
TALKS: dict[str, Any] = {"number": "5", "heading": _t("المحادثات", "Talks"), "body": _t(
    "تستمر المحادثات غير المباشرة في مسقط بوساطة سلطنة عُمان.",
    "The indirect talks continue in Muscat, with the Sultanate of Oman as mediator.")}

RESERVE_COMMENT = _t(
    "بانتظار تعليمات طهران بشأن شروط المراقبة.", "Ad referendum: awaiting instructions from Tehran on the "
    "monitoring terms.", "در انتظار دستور تهران دربارهٔ شرایط نظارت.")


def load_muscat_text(lead: Viewer, talks: Talks, heads: dict[str, Viewer]) -> None:
    """The framework text in two versions, both shared with both parties, with each side's stances."""
    parties = {p.code: p for p in talks.parties.all()}
    us, ir = parties["us"].pk, parties["ir"].pk
    text = actions.create_text(
        lead, talks, title=TITLE, authoritative_language="ar", share_open_count=True,
        clauses=[BASES, SEA_V1, FUNDS_V1, {**LINE, "proposed_by": us}, TALKS],
        note={"en": "First draft, from the January and May rounds.", "ar": "المسودة الأولى."})
    v1 = text.versions.get(number=1)
    actions.share_version(lead, v1, party_ids=[us, ir])
    bases, sea, funds, line, talks_key = (c["key"] for c in v1.clauses)
    actions.mark_stances(heads["us"], v1, stances={
        bases: {"stance": "accept"}, funds: {"stance": "accept"}, line: {"stance": "accept"},
        talks_key: {"stance": "accept"},
        sea: {"stance": "reject", "comment": {"en": "Restraint at sea cannot wait for a truce: [A]."}}})
    actions.mark_stances(heads["ir"], v1, stances={
        bases: {"stance": "accept", "comment": {"fa": "نبود حمله از ۱۵ بهمن نشانهٔ حسن نیت است."}},
        sea: {"stance": "reject", "proposed": {"fa": SEA_V2["body"]["fa"]}},
        funds: {"stance": "reject", "comment": {"en": "No new step without guaranteed access to the funds."},
                "proposed": {"fa": FUNDS_V2["body"]["fa"]}},
        line: {"stance": "accept"}, talks_key: {"stance": "accept"}})
    clauses: list[dict[str, Any]] = [
        {**BASES, "key": bases}, {**SEA_V2, "key": sea, "proposed_by": ir},
        {**FUNDS_V2, "key": funds, "proposed_by": ir}, {**LINE, "key": line, "proposed_by": us},
        {**TALKS, "key": talks_key}]
    v2 = actions.save_version(lead, text, base_version=1, clauses=clauses, note={
        "en": "Iran's language on restraint at sea and on access to the funds adopted."})
    actions.share_version(lead, v2, party_ids=[us, ir])
    actions.mark_stances(heads["us"], v2, stances={k: {"stance": "accept"} for k in (bases, sea, funds, line,
                                                                                      talks_key)})
    actions.mark_stances(heads["ir"], v2, stances={
        bases: {"stance": "accept"}, sea: {"stance": "accept"}, line: {"stance": "accept"},
        talks_key: {"stance": "accept"}, funds: {"stance": "reserve", "comment": RESERVE_COMMENT}})
