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
from wasit.talks.models import Party, RoundFormat, RoundStatus, TalksStatus


class RoundStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(s.value, s.label) for s in (RoundStatus.HELD, RoundStatus.POSTPONED, RoundStatus.CANCELLED)],
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
    requested_by = forms.ChoiceField(label=_("Who asked for the postponement"), required=False)
    rescheduled_to = forms.DateField(label=_("New date (if there is one)"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, parties: Sequence[Party] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = {f"party-{p.pk}": p for p in parties}
        self.fields["requested_by"].choices = [  # type: ignore[attr-defined]
            ("", _("Not recorded")), ("mediators", _("The mediators")),
            *((key, str(p)) for key, p in self.parties.items())]

    def requester(self) -> Party | str | None:
        """The party that asked, "mediators", or None."""
        value = self.cleaned_data.get("requested_by") or ""
        return self.parties.get(value) or (value or None)


class RoundAgendaForm(forms.Form):
    """The round's agenda: a place (1, 2, 3...) for each agenda issue on it, blank for the others."""

    def __init__(self, *args: Any, issues: Sequence[Any], chosen: Sequence[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.issues = list(issues)
        places = {pk: i for i, pk in enumerate(chosen, start=1)}
        for issue in self.issues:
            self.fields[f"issue-{issue.pk}"] = forms.IntegerField(
                label=str(issue), required=False, min_value=1, max_value=len(self.issues),
                initial=places.get(issue.pk), widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def ordered(self) -> list[int]:
        """The chosen issue ids in the order of their places (ties by the agenda's order)."""
        placed = [(self.cleaned_data[f"issue-{i.pk}"], n, i.pk) for n, i in enumerate(self.issues)
                  if self.cleaned_data.get(f"issue-{i.pk}") is not None]
        return [pk for _place, _n, pk in sorted(placed)]


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("The mediators' minutes"), required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class SummaryForm(forms.Form):
    text = forms.CharField(label=_("Summary for this party"), required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}))
    share = forms.BooleanField(label=_("Share it with this party's delegation"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


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
        "note": (_("Note on the agenda"), True, False),
    }
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}),
                                help_text=_("The venue's local date."))
    starts_time = forms.TimeField(label=_("Starts at (optional)"), required=False,
                                  widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_time = forms.TimeField(label=_("Ends at (optional)"), required=False,
                                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                                help_text=_("Times are the venue's; leave both empty for whole days."))
    time_zone = forms.CharField(label=_("Time zone"), max_length=64, initial="UTC",
                                help_text=_("The venue's, as an IANA name: e.g. Asia/Muscat."),
                                widget=forms.TextInput(attrs={"dir": "ltr", "list": "time-zones"}))
    format = forms.ChoiceField(label=_("Format"), choices=RoundFormat.choices)
