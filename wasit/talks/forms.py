"""Forms parse and validate input; the actions decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wasit.talks.models import RoundStatus


class RoundStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(s.value, s.label) for s in (RoundStatus.HELD, RoundStatus.POSTPONED, RoundStatus.CANCELLED)],
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
    rescheduled_to = forms.DateField(label=_("New date"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
