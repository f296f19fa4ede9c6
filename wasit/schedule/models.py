"""How dates are shown to each user (calendar, digits) and the private calendar feed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarChoice(models.TextChoices):
    GREGORIAN = "gregorian", _("Gregorian")
    HIJRI = "hijri", _("Hijri (Umm al-Qura)")
    JALALI = "jalali", _("Jalali (Solar Hijri)")


class DigitsChoice(models.TextChoices):
    WESTERN = "western", _("Western digits (0123456789)")
    # Arabic-Indic in Arabic, Persian in Persian, Western in English.
    NATIVE = "native", _("The digits of the language I read in (٠١٢٣ in Arabic, ۰۱۲۳ in Persian)")


class DisplayPreferences(models.Model):
    """The calendar and digits one user reads dates in, on every page, e-mail and export.

    Without a row: Gregorian with Western digits.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="display_preferences")
    calendar = models.CharField(max_length=16, choices=CalendarChoice.choices, default=CalendarChoice.GREGORIAN)
    digits = models.CharField(max_length=16, choices=DigitsChoice.choices, default=DigitsChoice.WESTERN)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"dates of user {self.user_id}: {self.calendar}, {self.digits} digits"


class CalendarFeed(models.Model):
    """One user's private calendar feed: the rounds they may see, at an unguessable URL.

    Only the SHA-256 of the token is kept (as for API tokens): the URL is
    shown when made and cannot be shown again. `digest` is empty while the
    feed is off; a new link replaces the digest, so the old URL dies at once.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_feed")
    digest = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # The language the events are written in: the one of the page the link was made on.
    language = models.CharField(max_length=8, default="en")
    made_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar feed of user {self.user_id} ({'on' if self.digest else 'off'})"
