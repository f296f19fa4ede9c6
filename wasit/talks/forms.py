"""Forms parse and validate input; the actions decide and write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from wasit.policy import ActionRefused
from wasit.talks.localized import LocalText, content_languages
from wasit.talks.models import RoundFormat, RoundStatus, TalksStatus


class RoundStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(s.value, s.label) for s in (RoundStatus.HELD, RoundStatus.POSTPONED, RoundStatus.CANCELLED)],
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
    rescheduled_to = forms.DateField(label=_("New date"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))


# --- set-up: talks, parties, rounds -------------------------------------------


def language_name(code: str) -> str:
    """A content language's own name (العربية, English, فارسی), for the field labels."""
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


class LocalizedForm(forms.Form):
    """A form with one input per content language for each localised field.

    `localized` names the fields (e.g. title, venue); each becomes
    `<field>_<language>` in the languages given (the talks'), and
    `texts(field)` reads them back as one `LocalText`.
    """

    localized: dict[str, tuple[Promise, bool, bool]] = {}  # field -> (label, long text, required)

    def __init__(self, *args: Any, languages: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = list(languages)
        # The localised fields first, grouped by field, in the talks' languages.
        ordered: dict[str, forms.Field] = {}
        for name, (label, long_text, _required) in self.localized.items():
            for lang in self.languages:
                rtl = get_language_info(lang).get("bidi", False) if lang in _KNOWN else False
                attrs = {"dir": "rtl" if rtl else "ltr", "lang": lang}
                widget: forms.Widget = (forms.Textarea(attrs={**attrs, "rows": 3}) if long_text
                                        else forms.TextInput(attrs=attrs))
                ordered[f"{name}_{lang}"] = forms.CharField(
                    label=f"{label} ({language_name(lang)})", required=False,
                    max_length=5000 if long_text else 300, widget=widget, strip=True)
        self.fields = {**ordered, **self.fields}

    def texts(self, name: str, keep: LocalText | None = None) -> LocalText:
        """The field's texts; `keep`: the saved ones, kept for languages the form does not show."""
        shown = {lang: self.cleaned_data.get(f"{name}_{lang}", "") for lang in self.languages}
        kept = {lang: text for lang, text in (keep or LocalText()).items() if lang not in shown}
        return LocalText({**kept, **shown})

    def fill(self, name: str, text: LocalText) -> dict[str, str]:
        """Initial values for one localised field."""
        return {f"{name}_{lang}": text.get(lang, "") for lang in self.languages}

    def refuse(self, exc: ActionRefused) -> None:
        """Show an action's refusal next to its field (the first language's, for a localised one)."""
        field = exc.field
        if field in self.localized:
            field = f"{field}_{self.languages[0]}"
        self.add_error(field if field in self.fields else None, str(exc.message))


_KNOWN = {code for code, _name in settings.LANGUAGES}


def _language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in content_languages()]


class TalksForm(LocalizedForm):
    localized = {
        "title": (_("Title"), False, True),
        "mediator_org": (_("Mediating organisation"), False, True),
        "description": (_("Description"), True, False),
    }
    languages_used = forms.MultipleChoiceField(
        label=_("Languages of the talks"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages the talks' texts are written in; none ticked means all."))
    heads_may_invite = forms.BooleanField(
        label=_("Heads of delegation may invite members to their own delegation"), required=False)
    require_two_factor = forms.BooleanField(
        label=_("Everyone seated at these talks must use two-factor log-in"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages_used"].choices = _language_choices()  # type: ignore[attr-defined]


class NewTalksForm(TalksForm):
    status = forms.ChoiceField(label=_("Status"), choices=TalksStatus.choices, initial=TalksStatus.PREPARING)


class TalksStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=TalksStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
                             help_text=_("Every member of the talks reads it in the record."))


class PartyForm(LocalizedForm):
    localized = {"name": (_("Name"), False, True)}
    code = forms.CharField(label=_("Code"), max_length=32,
                           help_text=_("Short, unique in the talks: letters, digits and hyphens (e.g. us, ir)."),
                           widget=forms.TextInput(attrs={"dir": "ltr", "autocapitalize": "off"}))


class RoundForm(LocalizedForm):
    localized = {
        "title": (_("Title"), False, False),
        "venue": (_("Venue"), False, True),
        "agenda": (_("Agenda"), True, False),
    }
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    time_zone = forms.CharField(label=_("Time zone"), max_length=64, initial="UTC",
                                help_text=_("The venue's, as an IANA name: e.g. Asia/Muscat."),
                                widget=forms.TextInput(attrs={"dir": "ltr", "list": "time-zones"}))
    format = forms.ChoiceField(label=_("Format"), choices=RoundFormat.choices)
