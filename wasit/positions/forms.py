"""Forms parse the positions pages' input; the actions decide and write.

Lengths and the priority's range are checked by the actions alone (the
browser is told them too), so the page and the API refuse with the same words.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from wasit.positions.models import PRIORITY_MAX, PRIORITY_MIN, Gap
from wasit.positions.queries import ShownAssessment, ShownPosition
from wasit.positions.text import MAX_TEXT
from wasit.talks.localized import content_languages
from wasit.talks.models import Round

LABELS = {
    "demand": _("Demand (%(language)s)"),
    "offer": _("What we could offer (%(language)s)"),
    "red_line": _("Red line (%(language)s)"),
    "notes": _("Notes (%(language)s)"),
    "note": _("Note (%(language)s)"),
}


def _language(code: str) -> tuple[str, bool]:
    """The language's own name and whether it is written right to left."""
    try:
        info = get_language_info(code)
    except KeyError:
        return code, False
    return str(info["name_local"]), bool(info["bidi"])


def _texts(form: forms.Form, names: tuple[str, ...]) -> None:
    """One text area per field and content language, grouped by language."""
    for code in form.languages:  # type: ignore[attr-defined]
        name, rtl = _language(code)
        for field in names:
            attrs = {"lang": code, "dir": "rtl" if rtl else "auto", "rows": "2", "maxlength": str(MAX_TEXT)}
            form.fields[f"{field}_{code}"] = forms.CharField(
                label=LABELS[field] % {"language": name}, required=False, widget=forms.Textarea(attrs=attrs))


class PositionForm(forms.Form):
    """A party's position on one issue: texts per language, a priority, the round it applies from."""

    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    priority = forms.IntegerField(label=_("Priority (1 lowest, 5 highest)"),
                                  widget=forms.NumberInput(attrs={"min": PRIORITY_MIN, "max": PRIORITY_MAX}))
    applies_from = forms.TypedChoiceField(label=_("Applies from round"), required=False, coerce=int,
                                          empty_value=None)

    TEXTS = ("demand", "offer", "red_line", "notes")

    def __init__(self, *args: Any, rounds: list[Round], current: ShownPosition | None = None,
                 base_version: int | None = None, **kwargs: Any) -> None:
        if "initial" not in kwargs:
            initial: dict[str, object] = {"base_version": base_version, "priority": 3}
            if current is not None:
                initial["priority"] = current.priority
                initial["applies_from"] = current.applies_from.pk if current.applies_from else ""
                for name in self.TEXTS:
                    value = getattr(current, name)
                    for code, text in (value.all if value is not None else {}).items():
                        initial[f"{name}_{code}"] = text
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.languages = content_languages()
        choices: list[tuple[object, object]] = [("", _("From the start of the talks"))]
        choices += [(r.pk, f"{r.number}. {r.title}") for r in rounds]
        self.fields["applies_from"].choices = choices  # type: ignore[attr-defined]
        _texts(self, self.TEXTS)

    def text(self, name: str) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"{name}_{code}", "") for code in self.languages}

    def by_language(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The text fields grouped by language, for the template."""
        return [(_language(code)[0], [self[f"{name}_{code}"] for name in self.TEXTS]) for code in self.languages]


class RedLinesForm(forms.Form):
    barred = forms.BooleanField(label=_("Keep our red lines from the mediators"), required=False)


class AssessmentForm(forms.Form):
    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    gap = forms.ChoiceField(label=_("Gap"), choices=Gap.choices)

    def __init__(self, *args: Any, current: ShownAssessment | None = None, **kwargs: Any) -> None:
        if "initial" not in kwargs:
            initial: dict[str, object] = {"base_version": current.version if current else None}
            if current is not None:
                initial["gap"] = current.gap
                for code, text in current.note.all.items():
                    initial[f"note_{code}"] = text
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.languages = content_languages()
        _texts(self, ("note",))

    def note(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"note_{code}", "") for code in self.languages}


class RelayForm(forms.Form):
    room = forms.TypedChoiceField(label=_("Post into"), coerce=int)
    text = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": "6", "dir": "auto"}))

    def __init__(self, *args: Any, rooms: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].choices = rooms  # type: ignore[attr-defined]
