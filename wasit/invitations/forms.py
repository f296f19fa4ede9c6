"""Forms of the people page and the accept page: they parse; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wasit.talks.models import Party, Role

LANGUAGE_CHOICES = [("en", "English"), ("ar", "العربية"), ("fa", "فارسی")]


class InviteForm(forms.Form):
    email = forms.CharField(label=_("E-mail address"), max_length=254,
                            widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Seat"), choices=Role.choices)
    party = forms.ModelChoiceField(label=_("Delegation"), queryset=Party.objects.none(), required=False,
                                   empty_label=_("None (mediator team)"))
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False,
                            widget=forms.TextInput(attrs={"dir": "auto"}))
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, parties: Any = None, roles: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parties is not None:
            self.fields["party"].queryset = parties  # type: ignore[attr-defined]
        if roles is not None:
            self.fields["role"].choices = roles  # type: ignore[attr-defined]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ResendForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=LANGUAGE_CHOICES,
                                 required=False)


class NewAccountForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150,
                               widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "username"}))
    display_name = forms.CharField(label=_("Your name as others see it"), max_length=150, required=False,
                                   widget=forms.TextInput(attrs={"dir": "auto"}))
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data
