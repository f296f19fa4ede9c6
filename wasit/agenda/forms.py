"""Forms parse the agenda pages' input; the actions decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from wasit.agenda.models import AgendaIssue
from wasit.agenda.text import MAX_DESCRIPTION, MAX_TITLE
from wasit.talks.localized import LocalText, content_languages


def _language(code: str) -> tuple[str, bool]:
    """The language's own name and whether it is written right to left."""
    try:
        info = get_language_info(code)
    except KeyError:
        return code, False
    return str(info["name_local"]), bool(info["bidi"])


class IssueForm(forms.Form):
    """A title and a description in each content language (the title in one at least).

    Lengths are checked by the action alone (the browser is told them too), so
    the page and the API refuse with the same words.
    """

    def __init__(self, *args: Any, issue: AgendaIssue | None = None, **kwargs: Any) -> None:
        if issue is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{f"title_{k}": v for k, v in LocalText(issue.title_i18n).items()},
                **{f"description_{k}": v for k, v in LocalText(issue.description_i18n).items()},
            }
        super().__init__(*args, **kwargs)
        self.languages = content_languages()
        for code in self.languages:
            name, rtl = _language(code)
            attrs = {"lang": code, "dir": "rtl" if rtl else "auto", "maxlength": str(MAX_TITLE)}
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name}, required=False,
                widget=forms.TextInput(attrs=attrs))
        for code in self.languages:
            name, rtl = _language(code)
            attrs = {"lang": code, "dir": "rtl" if rtl else "auto", "rows": "3",
                     "maxlength": str(MAX_DESCRIPTION)}
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": name}, required=False,
                widget=forms.Textarea(attrs=attrs))

    def title(self) -> LocalText:
        return LocalText({k: self.cleaned_data.get(f"title_{k}", "") for k in self.languages})

    def description(self) -> LocalText:
        return LocalText({k: self.cleaned_data.get(f"description_{k}", "") for k in self.languages})


class MoveForm(forms.Form):
    position = forms.IntegerField(label=_("New position"), min_value=1, max_value=10_000)
