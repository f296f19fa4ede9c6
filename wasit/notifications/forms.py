"""Forms parse and validate input; the actions decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wasit.notifications.models import MailLanguage


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of my mails"), choices=MailLanguage.choices)
    relays = forms.BooleanField(label=_("Something was relayed into my room"), required=False)
    rounds = forms.BooleanField(label=_("A round I can see was postponed or rescheduled"), required=False)
    seats = forms.BooleanField(label=_("I was given a seat at talks, or removed from one"), required=False)
