"""The Muscat talks: Oman mediating between the United States and Iran.

Drawn from the five press reports in `shared/seeds/` (2023-2024): a Geneva
meeting "only to listen to each side's views" (November 2023), a proximity
round in Muscat (January 2024) with the Americans and Iranians in separate
rooms and Omani officials moving between them, a second round set for
February and postponed, and a further round in Muscat in May 2024. The
reports give months, not days; the days below are placeholders. Accounts are
named by role, never after the real officials.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from wasit.accounts.actions import create_user
from wasit.agenda.demo import load_muscat_agenda
from wasit.offers.demo import load_muscat_offers
from wasit.packages import actions as packages
from wasit.policy import SYSTEM, Viewer, viewer_for
from wasit.positions.demo import load_muscat_positions
from wasit.schedule.demo import load_display_preferences
from wasit.talks import actions
from wasit.talks.localized import LocalText
from wasit.talks.models import Party, Role, RoundFormat, RoundStatus, Talks
from wasit.texts.demo import load_muscat_text

TITLE = LocalText(
    en="US–Iran indirect talks on regional de-escalation",
    ar="المحادثات غير المباشرة الأمريكية الإيرانية حول خفض التصعيد الإقليمي",
    fa="مذاکرات غیرمستقیم آمریکا و ایران درباره کاهش تنش منطقه‌ای",
)
MEDIATOR = LocalText(en="Sultanate of Oman", ar="سلطنة عُمان", fa="سلطنت عمان")
DESCRIPTION = LocalText(
    en=("Proximity talks hosted by Oman: each delegation sits in its own room and Omani "
        "officials carry messages between them. On the table: attacks on US forces in Iraq "
        "and Syria, Red Sea shipping, Iran's nuclear programme, a ceasefire in Gaza, and a "
        "direct security line to avoid a clash by mistake."),
    ar=("محادثات غير مباشرة تستضيفها سلطنة عُمان: يجلس كل وفد في غرفة منفصلة ويتنقل "
        "المسؤولون العُمانيون بين الغرفتين حاملين الرسائل. على الطاولة: الهجمات على القوات "
        "الأمريكية في العراق وسوريا، والملاحة في البحر الأحمر، والبرنامج النووي الإيراني، "
        "ووقف إطلاق النار في غزة، وخط اتصال أمني مباشر لتجنّب أي صدام عن طريق الخطأ."),
    fa=("مذاکرات غیرمستقیم به میزبانی عمان: هر هیئت در اتاقی جداگانه می‌نشیند و مقام‌های "
        "عمانی پیام‌ها را میان اتاق‌ها جابه‌جا می‌کنند. موضوعات: حمله به نیروهای آمریکایی در "
        "عراق و سوریه، کشتیرانی در دریای سرخ، برنامهٔ هسته‌ای ایران، آتش‌بس در غزه و یک خط "
        "ارتباط امنیتی مستقیم برای پرهیز از درگیری ناخواسته."),
)
PARTIES = {
    "us": LocalText(en="United States", ar="الولايات المتحدة", fa="ایالات متحده"),
    "ir": LocalText(en="Iran", ar="إيران", fa="ایران"),
}


@dataclass(frozen=True)
class Persona:
    username: str
    display_name: str
    role: Role | None  # None: no seat at the talks
    party: str | None = None
    operator: bool = False
    title: str = ""


PERSONAS: tuple[Persona, ...] = (
    Persona("operator", "Platform operator", None, operator=True),
    Persona("om-lead", "Lead mediator (Oman)", Role.LEAD_MEDIATOR, title="Foreign Ministry"),
    Persona("om-co", "Co-mediator (Oman)", Role.CO_MEDIATOR, title="Foreign Ministry"),
    Persona("us-head", "US head of delegation", Role.HEAD, "us", title="White House"),
    Persona("us-member", "US delegation member", Role.MEMBER, "us", title="Special Envoy's office"),
    Persona("us-observer", "US observer", Role.OBSERVER, "us"),
    Persona("ir-head", "Iranian head of delegation", Role.HEAD, "ir", title="Ministry of Foreign Affairs"),
    Persona("ir-member", "Iranian delegation member", Role.MEMBER, "ir"),
    Persona("ir-interpreter", "Iranian delegation interpreter", Role.INTERPRETER, "ir"),
    Persona("ir-observer", "Iranian observer", Role.OBSERVER, "ir"),
    Persona("outsider", "Someone with no seat", None),
)


@dataclass(frozen=True)
class RoundPlan:
    title: LocalText
    venue: LocalText
    starts_on: dt.date
    ends_on: dt.date
    format: RoundFormat
    # Places on the Muscat agenda (`wasit.agenda.demo.MUSCAT_AGENDA`, 1 is first), in the round's order.
    agenda: tuple[int, ...]
    status: RoundStatus
    time_zone: str = "Asia/Muscat"
    times: tuple[dt.time, dt.time] | None = None
    note: LocalText = LocalText()
    reason: str = ""
    requested_by: str | None = None  # a party's code, or "mediators"
    rescheduled_to: dt.date | None = None
    # The mediators' minutes, and a summary shared with each party (by code).
    minutes: str = ""
    summaries: tuple[tuple[str, str], ...] = ()


GENEVA = LocalText(en="Geneva", ar="جنيف", fa="ژنو")
MUSCAT = LocalText(en="Muscat", ar="مسقط", fa="مسقط")

# The agenda's places: 1 restraint of allied groups, 2 Red Sea shipping, 3 the
# nuclear file, 4 sanctions relief and funds in Qatar, 5 a Gaza ceasefire.
ROUNDS: tuple[RoundPlan, ...] = (
    RoundPlan(
        LocalText(en="Listening session", ar="جلسة استماع", fa="نشست شنیدن دیدگاه‌ها"),
        GENEVA, dt.date(2023, 11, 12), dt.date(2023, 11, 12), RoundFormat.LISTENING, (1, 2),
        RoundStatus.HELD, time_zone="Europe/Zurich", times=(dt.time(10, 0), dt.time(16, 0)),
        note=LocalText(
            en="Only to listen to each side's views on avoiding a wider war; a direct security line is raised.",
            ar="للاستماع فقط إلى وجهات نظر الجانبين بشأن تجنّب حرب أوسع؛ وطُرح خط اتصال أمني مباشر.",
            fa="تنها برای شنیدن دیدگاه‌های دو طرف دربارهٔ پرهیز از جنگی گسترده‌تر؛ خط ارتباط امنیتی مستقیم مطرح می‌شود.",
        ),
    ),
    RoundPlan(
        LocalText(en="First proximity round", ar="الجولة الأولى غير المباشرة", fa="نخستین دور غیرمستقیم"),
        MUSCAT, dt.date(2024, 1, 10), dt.date(2024, 1, 10), RoundFormat.PROXIMITY, (2, 1, 3),
        RoundStatus.HELD, times=(dt.time(9, 30), dt.time(19, 0)),
        minutes=("Both delegations in separate rooms; Omani officials carried messages all day. "
                 "The US pressed for an end to Red Sea attacks; Iran tied any restraint of partners "
                 "to a Gaza ceasefire. Neither side moved on the nuclear file. Agreed to meet again in "
                 "February."),
        summaries=(
            ("us", "Iran heard your request on Red Sea shipping and will answer through us before the "
                   "next round. Its condition, as we understand it, is progress on a Gaza ceasefire."),
            ("ir", "The US delegation heard your position on Gaza. It asks for a clear step on Red Sea "
                   "shipping first; we will carry your answer before the next round."),
        ),
    ),
    RoundPlan(
        LocalText(en="Second proximity round", ar="الجولة الثانية غير المباشرة", fa="دومین دور غیرمستقیم"),
        MUSCAT, dt.date(2024, 2, 20), dt.date(2024, 2, 20), RoundFormat.PROXIMITY, (1, 2, 4),
        RoundStatus.POSTPONED,
        note=LocalText(en="Follow-up of the January round.", ar="متابعة جولة يناير.", fa="پیگیری دور دی‌ماه."),
        reason=("The US head of delegation was drawn into the Gaza ceasefire and hostage-release "
                "negotiations. / انشغل رئيس الوفد الأمريكي بمفاوضات وقف إطلاق النار في غزة "
                "والإفراج عن الرهائن."),
        requested_by="us",
        rescheduled_to=dt.date(2024, 5, 14),
    ),
    RoundPlan(
        LocalText(en="Round after the April strikes", ar="جولة ما بعد هجمات أبريل", fa="دور پس از حملات فروردین"),
        MUSCAT, dt.date(2024, 5, 14), dt.date(2024, 5, 14), RoundFormat.PROXIMITY, (1, 5, 3),
        RoundStatus.HELD,
        note=LocalText(
            en="The first in ten months: risks of a wider regional war after the April attack on Israel.",
            ar="الأولى منذ عشرة أشهر: مخاطر حرب إقليمية أوسع بعد الهجوم على إسرائيل في أبريل.",
            fa="نخستین دور در ده ماه: خطر جنگ منطقه‌ای گسترده‌تر پس از حملهٔ فروردین به اسرائیل.",
        ),
    ),
)


def _load_rounds(lead: Viewer, talks: Talks, parties: dict[str, Party]) -> None:
    """The rounds from Geneva to May, each with its agenda, history and, for January, its minutes."""
    issues = {i.position: i.pk for i in talks.agenda_issues.all()}
    for plan in ROUNDS:
        start, end = plan.times or (None, None)
        round_ = actions.schedule_round(lead, talks, title=plan.title, venue=plan.venue,
                                        starts_on=plan.starts_on, ends_on=plan.ends_on,
                                        starts_time=start, ends_time=end, time_zone=plan.time_zone,
                                        format=plan.format, note=plan.note)
        actions.set_round_agenda(lead, round_, issues=[issues[place] for place in plan.agenda])
        if plan.status != RoundStatus.PLANNED:
            asked = parties.get(plan.requested_by or "") or plan.requested_by
            actions.change_round_status(lead, round_, status=plan.status, reason=plan.reason,
                                        rescheduled_to=plan.rescheduled_to, requested_by=asked)
        if plan.minutes:
            actions.save_minutes(lead, round_, text=plan.minutes, version=0)
        for code, text in plan.summaries:
            actions.save_summary(lead, round_, parties[code], text=text, version=0, share=True)


def _t(en: str, ar: str, fa: str) -> dict[str, str]:
    return {"en": en, "ar": ar, "fa": fa}


# The negotiation domain, from the agenda of the Muscat rounds: each option is a
# commitment one side could make or ask for.
DOMAIN_NAME = "Regional de-escalation package"
DOMAIN_ISSUES: list[dict[str, object]] = [
    {"title": _t("Red Sea shipping", "الملاحة في البحر الأحمر", "کشتیرانی در دریای سرخ"),
     "options": [
         _t("No commitment", "لا التزام", "بدون تعهد"),
         _t("Pause on attacks on commercial ships", "تعليق الهجمات على السفن التجارية",
            "توقف حمله به کشتی‌های تجاری"),
         _t("Full halt, monitored", "وقف كامل تحت المراقبة", "توقف کامل با نظارت"),
     ]},
    {"title": _t("Attacks on US forces", "الهجمات على القوات الأمريكية", "حمله به نیروهای آمریکایی"),
     "options": [
         _t("No commitment", "لا التزام", "بدون تعهد"),
         _t("Restraint of partners", "كبح الشركاء", "مهار شرکا"),
         _t("Verified halt", "وقف يمكن التحقق منه", "توقف قابل راستی‌آزمایی"),
     ]},
    {"title": _t("Nuclear programme", "البرنامج النووي", "برنامهٔ هسته‌ای"),
     "options": [
         _t("No limits", "بلا قيود", "بدون محدودیت"),
         _t("Enrichment capped at 60%", "سقف التخصيب عند 60٪", "سقف غنی‌سازی ۶۰ درصد"),
         _t("Cap and more inspections", "سقف وعمليات تفتيش إضافية", "سقف و بازرسی‌های بیشتر"),
         _t("Return to the 3.67% limit", "العودة إلى حد 3.67٪", "بازگشت به سقف ۳٫۶۷ درصد"),
     ]},
    {"title": _t("Gaza ceasefire", "وقف إطلاق النار في غزة", "آتش‌بس در غزه"),
     "options": [
         _t("Not part of these talks", "ليس جزءاً من هذه المحادثات", "خارج از این مذاکرات"),
         _t("Support for a temporary truce", "دعم هدنة مؤقتة", "حمایت از آتش‌بس موقت"),
         _t("Support for a lasting ceasefire", "دعم وقف دائم لإطلاق النار", "حمایت از آتش‌بس پایدار"),
     ]},
]

# (weights, values per option, reservation value) of each party: invented for the demo.
DEMO_SCORES: dict[str, tuple[list[float], list[list[float]], float]] = {
    "us": ([0.3, 0.35, 0.25, 0.1],
           [[0, 0.6, 1], [0, 0.5, 1], [0, 0.4, 0.7, 1], [0.2, 1, 0.8]], 0.3),
    "ir": ([0.3, 0.1, 0.45, 0.15],
           [[1, 0.5, 0.1], [1, 0.8, 0.3], [1, 0.75, 0.4, 0], [0, 0.5, 1]], 0.35),
}


def _load_packages(lead: Viewer, talks: Talks, parties: dict[str, Party], heads: dict[str, Viewer]) -> None:
    packages.define_domain(lead, talks, issues=DOMAIN_ISSUES, name=DOMAIN_NAME)
    for code, (weights, values, reservation) in DEMO_SCORES.items():
        packages.save_scores(heads[code], parties[code], weights=weights, values=values,
                             reservation=reservation)


def find_existing() -> Talks | None:
    return Talks.objects.filter(title_i18n__en=TITLE["en"]).first()


@transaction.atomic
def load(passwords: dict[str, str], *, check_passwords: bool = True) -> Talks:
    """Create the cast and the talks. `passwords` maps each persona's user name to its password."""
    users = {
        p.username: create_user(SYSTEM, username=p.username, password=passwords[p.username],
                                display_name=p.display_name, is_operator=p.operator,
                                check_password=check_passwords)
        for p in PERSONAS
    }
    # The system actor opens the talks and seats the named lead (as `wasit talks create --lead`).
    talks = actions.open_talks(SYSTEM, title=TITLE, mediator_org=MEDIATOR, description=DESCRIPTION,
                               lead_user_id=users["om-lead"].pk, lead_title="Foreign Ministry")
    lead = viewer_for(users["om-lead"])
    parties = {code: actions.add_party(lead, talks, code=code, name=name) for code, name in PARTIES.items()}
    for p in PERSONAS:
        if p.role is None or p.role == Role.LEAD_MEDIATOR:
            continue
        actions.seat_member(lead, talks, user_id=users[p.username].pk, role=p.role,
                            party=parties[p.party] if p.party else None, title=p.title)
    lead = viewer_for(users["om-lead"])
    # The agenda first: each round's agenda is made of its issues.
    load_muscat_agenda(lead, talks)
    _load_rounds(lead, talks, parties)
    heads = {"us": viewer_for(users["us-head"]), "ir": viewer_for(users["ir-head"])}
    load_muscat_positions(lead, talks, heads)
    load_muscat_text(lead, talks, heads)
    load_muscat_offers(lead, talks, heads)
    _load_packages(lead, talks, parties, heads)
    load_display_preferences(dict(users))
    return talks


def invite_newcomer(talks: Talks) -> str:
    """A pending invitation, for `wasit demo`: Iran's new legal counsel, invited in Persian.

    Its mail goes to the demo's mail sink like any other; the link is returned
    so that the demo can print it. Not part of `load()`: the tests' cast has no mail.
    """
    from wasit.invitations.actions import invite

    lead = viewer_for(talks.memberships.get(role=Role.LEAD_MEDIATOR).user)
    _invitation, link = invite(lead, talks, email="counsel@ir.example", role=Role.COUNSEL,
                               party=talks.parties.get(code="ir"), title="Legal counsel", language="fa")
    return link
