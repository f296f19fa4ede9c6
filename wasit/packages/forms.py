"""Forms parse and validate input; the actions decide and write."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wasit.packages.actions import LABELS, MAX_NOTE, MAX_TITLE, MAX_UPLOAD_BYTES
from wasit.packages.analysis import local

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a type only: django-stubs is a dev tool

LANGUAGES = [("en", "English"), ("ar", "العربية"), ("fa", "فارسی")]


def _unit_field(label: StrOrPromise, initial: float | None = None) -> forms.FloatField:
    return forms.FloatField(
        label=label, min_value=0.0, max_value=1.0, initial=initial,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1", "inputmode": "decimal",
                                         "class": "unit"}))


class DefineDomainForm(forms.Form):
    name = forms.CharField(label=_("Name (optional)"), required=False, max_length=MAX_TITLE,
                           widget=forms.TextInput(attrs={"dir": "auto"}))
    language = forms.ChoiceField(label=_("Language of the titles"), choices=LANGUAGES)
    issues = forms.CharField(
        label=_("Issues: one per line, the issue, a colon, then its options separated by semicolons"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto",
                                     "placeholder": _("Red Sea shipping: no change; partial halt; full halt")}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["language"].initial = (get_language() or "en")[:2]

    def parsed_issues(self) -> list[dict[str, object]]:
        """The lines as issues with titles in the chosen language (the action checks them)."""
        lang = self.cleaned_data["language"]
        issues: list[dict[str, object]] = []
        for line in self.cleaned_data["issues"].splitlines():
            if not line.strip():
                continue
            title, _sep, rest = line.partition(":")
            options = [o.strip() for o in rest.split(";") if o.strip()]
            issues.append({"title": {lang: title.strip()}, "options": [{lang: o} for o in options]})
        return issues


class GeniusUploadForm(forms.Form):
    file = forms.FileField(label=_("Genius domain file (XML)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large: at most %(limit)d bytes.")
                                        % {"limit": MAX_UPLOAD_BYTES})
        return upload


class SettingsForm(forms.Form):
    scores_hidden_from_mediators = forms.BooleanField(
        label=_("Keep the parties' scores from the mediators (the mediators see only the engine's results)"),
        required=False)


class ScoresForm(forms.Form):
    """One weight per issue, one value per option, the reservation value and a private note."""

    # Lazy: a class attribute is built once, at import, before any request's language is known.
    reservation = _unit_field(_("Reservation value: what walking away is worth to you (0 to 1)"))
    note = forms.CharField(label=_("Private note (only your delegation and, unless the talks say "
                                   "otherwise, the mediators read it)"),
                           required=False, max_length=MAX_NOTE,
                           widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))
    domain = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: object, issues: Sequence[Mapping[str, Any]],
                 latest: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.issues = issues
        weights = getattr(latest, "raw_weights", None)
        values = getattr(latest, "values", None)
        self.groups: list[tuple[str, str, list[str]]] = []
        for i, issue in enumerate(issues):
            title = local(issue["title"])
            self.fields[f"w-{i}"] = _unit_field(
                str(_("Weight of this issue (0 to 1)")),
                weights[i] if weights else round(1 / len(issues), 4))
            names = []
            for j, option in enumerate(issue["options"]):
                self.fields[f"v-{i}-{j}"] = _unit_field(local(option), values[i][j] if values else None)
                names.append(f"v-{i}-{j}")
            self.groups.append((title, f"w-{i}", names))
        if latest is not None:
            self.fields["reservation"].initial = getattr(latest, "reservation", None)

    def issue_fields(self) -> list[tuple[str, forms.BoundField, list[forms.BoundField]]]:
        return [(title, self[w], [self[v] for v in vs]) for title, w, vs in self.groups]

    def weights(self) -> list[float]:
        return [self.cleaned_data[f"w-{i}"] for i in range(len(self.issues))]

    def values(self) -> list[list[float]]:
        return [[self.cleaned_data[f"v-{i}-{j}"] for j in range(len(issue["options"]))]
                for i, issue in enumerate(self.issues)]


class ProposeForm(forms.Form):
    """One option per issue, and which solution it is (or the mediators' own choice)."""

    label = forms.ChoiceField(choices=list(LABELS.items()), initial="custom", widget=forms.HiddenInput)

    def __init__(self, *args: object, issues: Sequence[Mapping[str, Any]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.issues = issues
        for i, issue in enumerate(issues):
            self.fields[f"o-{i}"] = forms.TypedChoiceField(
                label=local(issue["title"]), coerce=int,
                choices=[(j, local(o)) for j, o in enumerate(issue["options"])])

    def package(self) -> list[int]:
        return [self.cleaned_data[f"o-{i}"] for i in range(len(self.issues))]
