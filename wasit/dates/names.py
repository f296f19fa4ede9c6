"""Month names of the three calendars in English, Arabic and Persian.

Written out here rather than taken from each package, so that every
calendar has all three languages and the spelling is the one readers expect:
Arabic spells the Persian months with Arabic letters (ي, ك), Persian the
Hijri months with Persian ones (ی) and their usual joins.
"""

from __future__ import annotations

from wasit.dates.calendars import Calendar

LANGUAGES = ("en", "ar", "fa")

MONTHS: dict[Calendar, dict[str, tuple[str, ...]]] = {
    Calendar.GREGORIAN: {
        "en": ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"),
        "ar": ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
               "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
        "fa": ("ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت",
               "سپتامبر", "اکتبر", "نوامبر", "دسامبر"),
    },
    Calendar.HIJRI: {
        "en": ("Muharram", "Safar", "Rabi' al-Awwal", "Rabi' al-Thani", "Jumada al-Ula",
               "Jumada al-Akhirah", "Rajab", "Sha'ban", "Ramadan", "Shawwal", "Dhu al-Qa'dah",
               "Dhu al-Hijjah"),
        "ar": ("محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب",
               "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"),
        "fa": ("محرم", "صفر", "ربیع‌الاول", "ربیع‌الثانی", "جمادی‌الاول", "جمادی‌الثانی", "رجب",
               "شعبان", "رمضان", "شوال", "ذی‌القعده", "ذی‌الحجه"),
    },
    Calendar.JALALI: {
        "en": ("Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr", "Aban",
               "Azar", "Dey", "Bahman", "Esfand"),
        "ar": ("فروردين", "أرديبهشت", "خرداد", "تير", "مرداد", "شهريور", "مهر", "آبان", "آذر",
               "دي", "بهمن", "إسفند"),
        "fa": ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر",
               "دی", "بهمن", "اسفند"),
    },
}

# After the year, so that a reader knows which calendar a date is on. The
# Gregorian year goes unmarked: it is what every reader assumes.
ERAS: dict[Calendar, dict[str, str]] = {
    Calendar.GREGORIAN: {"en": "", "ar": "", "fa": ""},
    Calendar.HIJRI: {"en": "AH", "ar": "هـ", "fa": "ق"},
    Calendar.JALALI: {"en": "SH", "ar": "هـ.ش", "fa": "ش"},
}


def language_of(language: str) -> str:
    """One of "en", "ar", "fa" for a language code ("ar-om" is "ar"; unknown ones are "en")."""
    code = (language or "en")[:2].lower()
    return code if code in LANGUAGES else "en"


def month_name(calendar: Calendar | str, month: int, language: str) -> str:
    """The name of `month` (1-12) of `calendar` in `language`."""
    if not 1 <= month <= 12:
        raise ValueError(f"a month runs from 1 to 12, not {month}")
    return MONTHS[Calendar(calendar)][language_of(language)][month - 1]


def era(calendar: Calendar | str, language: str) -> str:
    return ERAS[Calendar(calendar)][language_of(language)]
