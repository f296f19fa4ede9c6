"""The demo personas' calendars (`wasit/demo/muscat.py` calls this)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from wasit.policy import viewer_for
from wasit.schedule import actions
from wasit.schedule.models import CalendarChoice, DigitsChoice

# The Omani lead mediator reads Hijri dates with Arabic-Indic digits when the
# site is in Arabic; the Iranian delegation Jalali dates with Persian digits in
# Persian ("native": each language's own digits, Western ones in English).
CHOICES: dict[str, tuple[CalendarChoice, DigitsChoice]] = {
    "om-lead": (CalendarChoice.HIJRI, DigitsChoice.NATIVE),
    "ir-head": (CalendarChoice.JALALI, DigitsChoice.NATIVE),
    "ir-member": (CalendarChoice.JALALI, DigitsChoice.NATIVE),
    "ir-interpreter": (CalendarChoice.JALALI, DigitsChoice.NATIVE),
    "ir-observer": (CalendarChoice.JALALI, DigitsChoice.NATIVE),
}


def load_display_preferences(users: dict[str, AbstractBaseUser]) -> None:
    """Who reads dates on which calendar, with which digits, in the demo."""
    for username, (calendar, digits) in CHOICES.items():
        user = users.get(username)
        if user is not None:
            actions.save_display_preferences(viewer_for(user), calendar=calendar, digits=digits)
