"""Forms parse and validate input; the actions decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wasit.schedule.models import CalendarChoice, DigitsChoice


class DisplayForm(forms.Form):
    calendar = forms.ChoiceField(label=_("Calendar"), choices=CalendarChoice.choices,
                                 widget=forms.RadioSelect)
    digits = forms.ChoiceField(label=_("Digits"), choices=DigitsChoice.choices, widget=forms.RadioSelect)
