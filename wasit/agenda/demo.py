"""The Muscat talks' agenda, for the demo (`wasit/demo/muscat.py` calls this)."""

from __future__ import annotations

from wasit.agenda import actions
from wasit.policy import Viewer
from wasit.talks.localized import LocalText
from wasit.talks.models import Talks

# (title, description), each in English, Arabic and Persian.
MUSCAT_AGENDA: list[tuple[LocalText, LocalText]] = [
    (LocalText(en="Regional restraint of allied groups", ar="ضبط الجماعات الحليفة في المنطقة",
               fa="مهار گروه‌های متحد در منطقه"),
     LocalText(en="Whether each side will restrain the armed groups allied with it across the region, "
                  "and how that would be verified.",
               ar="هل سيكبح كل طرف الجماعات المسلحة المتحالفة معه في أنحاء المنطقة، وكيف يمكن التحقق من ذلك.",
               fa="اینکه هر طرف گروه‌های مسلح متحد خود را در سراسر منطقه مهار می‌کند یا نه، "
                  "و این چگونه راستی‌آزمایی می‌شود.")),
    (LocalText(en="Red Sea shipping", ar="الملاحة في البحر الأحمر", fa="کشتیرانی در دریای سرخ"),
     LocalText(en="Safe passage for commercial ships through the Red Sea and the Bab al-Mandab strait.",
               ar="المرور الآمن للسفن التجارية عبر البحر الأحمر ومضيق باب المندب.",
               fa="عبور ایمن کشتی‌های تجاری از دریای سرخ و تنگهٔ باب‌المندب.")),
    (LocalText(en="The nuclear file", ar="الملف النووي", fa="پروندهٔ هسته‌ای"),
     LocalText(en="Limits on enrichment, on the stockpile of enriched uranium, and inspections.",
               ar="قيود على التخصيب وعلى مخزون اليورانيوم المخصب، وعمليات التفتيش.",
               fa="محدودیت‌های غنی‌سازی و ذخیرهٔ اورانیوم غنی‌شده، و بازرسی‌ها.")),
    (LocalText(en="Sanctions relief and funds held in Qatar", ar="تخفيف العقوبات والأموال المحتجزة في قطر",
               fa="کاهش تحریم‌ها و وجوه نگه‌داشته‌شده در قطر"),
     LocalText(en="Which sanctions are eased and in what order, and access to the funds held in Qatar "
                  "for humanitarian purchases.",
               ar="أي العقوبات تُخفَّف وبأي ترتيب، والوصول إلى الأموال المحتجزة في قطر لشراء السلع الإنسانية.",
               fa="کدام تحریم‌ها و به چه ترتیبی کاهش می‌یابد، و دسترسی به وجوه نگه‌داشته‌شده در قطر "
                  "برای خریدهای بشردوستانه.")),
    (LocalText(en="A Gaza ceasefire", ar="وقف إطلاق النار في غزة", fa="آتش‌بس در غزه"),
     LocalText(en="Each side's support for a ceasefire in Gaza; these talks do not negotiate its terms.",
               ar="دعم كل طرف لوقف إطلاق النار في غزة؛ ولا تتفاوض هذه المحادثات على شروطه.",
               fa="حمایت هر طرف از آتش‌بس در غزه؛ این مذاکرات دربارهٔ شرایط آن گفت‌وگو نمی‌کند.")),
]


def load_muscat_agenda(lead: Viewer, talks: Talks) -> None:
    """Put the Muscat agenda on the talks, as its lead mediator would."""
    for title, description in MUSCAT_AGENDA:
        actions.add_issue(lead, talks, title=title, description=description)
