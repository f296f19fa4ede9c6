"""The Muscat talks' positions and the mediators' map, for the demo (`wasit/demo/muscat.py` calls this).

Grounded in the press reports in `shared/seeds/`: in January the US asks Iran
to restrain the groups allied with it and to use its influence on the
Houthis to end the Red Sea attacks, and raises the expanding nuclear
programme; Iran answers that it cannot give orders to its partners, that
the region reacts to the war in Gaza, and that it wants guarantees before
any concession. By May, after the April strikes, the US asks for restraint
of every partner and offers a direct security line; Iran points to the
pause in attacks on US bases since 4 February and offers to urge restraint
once a Gaza truce holds. The rounds are found by number: 2 is January, 4 is May.
"""

from __future__ import annotations

from wasit.agenda.models import AgendaIssue
from wasit.policy import Viewer
from wasit.positions import actions
from wasit.talks.models import Round, Talks

JANUARY, MAY = 2, 4


def _t(en: str, ar: str, fa: str) -> dict[str, str]:
    return {"en": en, "ar": ar, "fa": fa}


# party -> agenda position (1-5) -> [(round number, demand, offer, red line, priority)], oldest first.
# A later entry given as None keeps the earlier text.
Entry = tuple[int, dict[str, str] | None, dict[str, str] | None, dict[str, str] | None, int]
POSITIONS: dict[str, dict[int, list[Entry]]] = {
    "us": {
        1: [(JANUARY,
             _t("Iran restrains the militias it arms in Iraq and Syria from attacking US forces.",
                "أن تكبح إيران الميليشيات التي تسلّحها في العراق وسوريا عن مهاجمة القوات الأمريكية.",
                "ایران شبه‌نظامیانی را که در عراق و سوریه مسلح می‌کند از حمله به نیروهای آمریکایی باز دارد."),
             _t("Keep working to restrain Israel and avoid a wider war.",
                "مواصلة العمل على لجم إسرائيل وتجنّب حرب أوسع.",
                "ادامهٔ تلاش برای مهار اسرائیل و پرهیز از جنگی گسترده‌تر."),
             _t("No attack on US forces goes unanswered.", "لا هجوم على القوات الأمريكية يمرّ بلا رد.",
                "هیچ حمله‌ای به نیروهای آمریکایی بی‌پاسخ نمی‌ماند."), 5),
            (MAY,
             _t("After the April strikes, Iran uses its influence on all its partners, Hezbollah included, "
                "to prevent a regional war.",
                "بعد هجمات أبريل، أن تستخدم إيران نفوذها على جميع شركائها، ومنهم حزب الله، لمنع حرب إقليمية.",
                "پس از حملات فروردین، ایران از نفوذ خود بر همهٔ شرکایش، از جمله حزب‌الله، برای جلوگیری از "
                "جنگ منطقه‌ای استفاده کند."),
             _t("A direct security line to avoid any mistake that could lead to a clash.",
                "خط أمني مباشر لتجنّب أي خطأ قد يؤدي إلى صدام.",
                "یک خط امنیتی مستقیم برای پرهیز از هر اشتباهی که به درگیری بینجامد."),
             None, 5)],
        2: [(JANUARY,
             _t("Iran uses its influence on the Houthis to end the attacks on ships in the Red Sea.",
                "أن تستخدم إيران نفوذها على الحوثيين لإنهاء الهجمات على السفن في البحر الأحمر.",
                "ایران از نفوذ خود بر حوثی‌ها برای پایان دادن به حمله به کشتی‌ها در دریای سرخ استفاده کند."),
             {},
             _t("Freedom of navigation is not negotiable.", "حرية الملاحة غير قابلة للتفاوض.",
                "آزادی کشتیرانی قابل مذاکره نیست."), 5),
            (MAY, None,
             _t("Ease the pressure on Yemen's ports once the attacks stop.",
                "تخفيف الضغط على موانئ اليمن بمجرد توقف الهجمات.",
                "کاهش فشار بر بنادر یمن به محض توقف حملات."),
             None, 4)],
        3: [(JANUARY,
             _t("Stop expanding enrichment and restore the inspections.",
                "وقف توسيع التخصيب وإعادة عمليات التفتيش.",
                "توقف گسترش غنی‌سازی و بازگرداندن بازرسی‌ها."),
             {},
             _t("Iran must never acquire a nuclear weapon.", "يجب ألا تمتلك إيران سلاحاً نووياً أبداً.",
                "ایران هرگز نباید به سلاح هسته‌ای دست یابد."), 4)],
        4: [(JANUARY,
             _t("The funds in Qatar stay frozen while the attacks continue.",
                "تبقى الأموال في قطر مجمّدة ما دامت الهجمات مستمرة.",
                "تا زمانی که حملات ادامه دارد، وجوه در قطر مسدود می‌ماند."),
             _t("Humanitarian use of the funds, monitored.", "استخدام إنساني للأموال تحت المراقبة.",
                "استفادهٔ بشردوستانه از وجوه، با نظارت."),
             {}, 3),
            (MAY, None,
             _t("Release for humanitarian purchases, one monitored disbursement at a time.",
                "الإفراج عنها لشراء السلع الإنسانية، دفعةً بعد دفعة تحت المراقبة.",
                "آزادسازی برای خریدهای بشردوستانه، هر بار یک پرداخت با نظارت."),
             None, 3)],
        5: [(JANUARY,
             _t("Gaza is not part of these talks; Iran should use its ties with Hamas to free the dual-national "
                "hostages.",
                "غزة ليست جزءاً من هذه المحادثات؛ وعلى إيران أن تستخدم علاقاتها مع حماس للإفراج عن الرهائن "
                "مزدوجي الجنسية.",
                "غزه بخشی از این مذاکرات نیست؛ ایران باید از روابطش با حماس برای آزادی گروگان‌های "
                "دوتابعیتی استفاده کند."),
             {}, {}, 2),
            (MAY,
             _t("Support for the ceasefire and hostage-release deal under negotiation.",
                "دعم اتفاق وقف إطلاق النار والإفراج عن الرهائن قيد التفاوض.",
                "حمایت از توافق آتش‌بس و آزادی گروگان‌ها که در دست مذاکره است."),
             None, None, 3)],
    },
    "ir": {
        1: [(JANUARY,
             _t("The US stops holding Iran responsible for every attack in the region.",
                "أن تكفّ واشنطن عن تحميل إيران مسؤولية كل هجوم في المنطقة.",
                "آمریکا از مسئول دانستن ایران برای هر حمله‌ای در منطقه دست بردارد."),
             _t("Iran can talk with its partners; it cannot give them orders.",
                "تستطيع إيران التحدث مع شركائها، لا إملاء الأوامر عليهم.",
                "ایران می‌تواند با شرکایش گفت‌وگو کند، نه اینکه به آنها دستور دهد."),
             _t("No guarantee that US forces will never be attacked.",
                "لا ضمانات بعدم تعرّض القوات الأمريكية لأي هجوم.",
                "هیچ تضمینی برای اینکه نیروهای آمریکایی هرگز هدف حمله قرار نگیرند."), 4),
            (MAY, None,
             _t("Urge partners to restraint if the attacks on them stop; no attack on US bases since "
                "4 February shows good faith.",
                "حثّ الشركاء على ضبط النفس إن توقفت الهجمات عليهم؛ وعدم مهاجمة القواعد الأمريكية منذ "
                "4 فبراير دليل حسن نية.",
                "ترغیب شرکا به خویشتن‌داری در صورت توقف حمله به آنها؛ نبود حمله به پایگاه‌های آمریکا از "
                "۱۵ بهمن نشانهٔ حسن نیت است."),
             None, 4)],
        2: [(JANUARY,
             _t("A ceasefire in Gaza first: the Houthis act in support of the Palestinians.",
                "وقف إطلاق النار في غزة أولاً: الحوثيون يتحركون دعماً للفلسطينيين.",
                "نخست آتش‌بس در غزه: حوثی‌ها در حمایت از فلسطینیان عمل می‌کنند."),
             _t("Carry the US message to the Houthis.", "نقل الرسالة الأمريكية إلى الحوثيين.",
                "رساندن پیام آمریکا به حوثی‌ها."),
             {}, 3),
            (MAY, None,
             _t("Encourage a pause in attacks on commercial ships once a Gaza truce holds.",
                "تشجيع وقف الهجمات على السفن التجارية بمجرد صمود هدنة في غزة.",
                "تشویق به توقف حمله به کشتی‌های تجاری به محض برقراری آتش‌بس در غزه."),
             None, 3)],
        3: [(JANUARY,
             _t("Sanctions relief before any limit on enrichment.", "تخفيف العقوبات قبل أي قيد على التخصيب.",
                "کاهش تحریم‌ها پیش از هر محدودیتی بر غنی‌سازی."),
             {},
             _t("No halt to enrichment.", "لا وقف للتخصيب.", "توقف غنی‌سازی در کار نیست."), 5),
            (MAY, None,
             _t("Cap enrichment at 60% and accept more inspections, against guarantees.",
                "تحديد سقف التخصيب عند 60٪ وقبول مزيد من التفتيش، مقابل ضمانات.",
                "سقف غنی‌سازی ۶۰ درصد و پذیرش بازرسی‌های بیشتر، در برابر تضمین‌ها."),
             None, 5)],
        4: [(JANUARY,
             _t("Unfreeze the funds held in Qatar, with guarantees before any concession.",
                "الإفراج عن الأموال المحتجزة في قطر، مع ضمانات قبل أي تنازل.",
                "آزادسازی وجوه نگه‌داشته‌شده در قطر، با تضمین پیش از هر امتیازی."),
             {}, {}, 5),
            (MAY, None, None,
             _t("No new step without guaranteed access to the funds.",
                "لا خطوة جديدة دون وصول مضمون إلى الأموال.",
                "هیچ گام تازه‌ای بدون دسترسی تضمین‌شده به وجوه."), 5)],
        5: [(JANUARY,
             _t("A full ceasefire in Gaza and an end to US support for the war.",
                "وقف شامل لإطلاق النار في غزة وإنهاء الدعم الأمريكي للحرب.",
                "آتش‌بس کامل در غزه و پایان حمایت آمریکا از جنگ."),
             {},
             _t("Iran cannot stand against the peoples of the region on Palestine.",
                "لا يمكن لإيران أن تقف ضد شعوب المنطقة في القضية الفلسطينية.",
                "ایران نمی‌تواند در مسئلهٔ فلسطین در برابر مردم منطقه بایستد."), 5),
            (MAY,
             _t("A lasting ceasefire in Gaza; a temporary truce only as a first step.",
                "وقف دائم لإطلاق النار في غزة؛ وهدنة مؤقتة خطوة أولى فقط.",
                "آتش‌بس پایدار در غزه؛ آتش‌بس موقت فقط به‌عنوان گام نخست."),
             None, None, 5)],
    },
}

# agenda position -> (gap, note), the mediators' reading after May.
ASSESSMENTS: dict[int, tuple[str, dict[str, str]]] = {
    1: ("narrowing", _t("Both now speak of restraint; the security line is a first common step.",
                        "كلاهما يتحدث الآن عن ضبط النفس؛ والخط الأمني أول خطوة مشتركة.",
                        "هر دو اکنون از خویشتن‌داری سخن می‌گویند؛ خط امنیتی نخستین گام مشترک است.")),
    2: ("narrowing", _t("Iran links the Red Sea to a Gaza truce; the US offer on the ports may bridge it.",
                        "إيران تربط البحر الأحمر بهدنة في غزة؛ وقد يسدّ العرض الأمريكي بشأن الموانئ الفجوة.",
                        "ایران دریای سرخ را به آتش‌بس غزه گره می‌زند؛ پیشنهاد آمریکا دربارهٔ بنادر شاید پل بزند.")),
    3: ("wide", _t("Who moves first is the whole question: limits first, or guarantees first.",
                   "المسألة كلها من يبدأ أولاً: القيود أولاً أم الضمانات أولاً.",
                   "همهٔ مسئله این است که چه کسی نخست گام بردارد: محدودیت‌ها یا تضمین‌ها.")),
    4: ("bridgeable", _t("Monitored humanitarian disbursements meet both sides' terms.",
                         "الدفعات الإنسانية تحت المراقبة تلبّي شروط الطرفين.",
                         "پرداخت‌های بشردوستانه با نظارت شرایط هر دو طرف را برآورده می‌کند.")),
    5: ("wide", _t("Outside these talks' remit; both now support a ceasefire in some form.",
                   "خارج نطاق هذه المحادثات؛ وكلاهما يدعم الآن وقفاً لإطلاق النار بشكل ما.",
                   "خارج از دامنهٔ این مذاکرات؛ هر دو اکنون به شکلی از آتش‌بس حمایت می‌کنند.")),
}


def load_muscat_positions(lead: Viewer, talks: Talks, heads: dict[str, Viewer]) -> None:
    """Each side's positions on the agenda issues across the rounds; the mediators' assessment."""
    rounds = {r.number: r for r in Round.objects.filter(talks=talks, number__in=(JANUARY, MAY))}
    issues = {i.position: i for i in AgendaIssue.objects.filter(talks=talks)}
    for code, by_issue in POSITIONS.items():
        party = talks.parties.get(code=code)
        for position, entries in by_issue.items():
            issue = issues[position]
            base: int | None = None
            texts: dict[str, dict[str, str]] = {}
            for number, demand, offer, red_line, priority in entries:
                for name, value in (("demand", demand), ("offer", offer), ("red_line", red_line)):
                    if value is not None:
                        texts[name] = value
                saved = actions.record_position(
                    heads[code], party, issue=issue, base_version=base, demand=texts["demand"],
                    offer=texts["offer"], red_line=texts["red_line"], priority=priority,
                    applies_from=rounds.get(number))
                base = saved.version
    for position, (gap, note) in ASSESSMENTS.items():
        actions.record_assessment(lead, issues[position], base_version=None, gap=gap, note=note)
