"""Forms parse the negotiating-text pages' input; the actions decide and write.

Wording is checked by the actions alone (markup, bidi controls, lengths,
numbering), so a page and the API refuse with the same words. Texts a
person writes in one language at a time (a note, a comment, proposed
language) are stored under the language of the page they were written on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from wasit.positions.text import MAX_TEXT
from wasit.talks.models import Party
from wasit.texts.clauses import Clause
from wasit.texts.models import StanceKind, TextKind

LABELS = {
    "title": _("Title (%(language)s)"),
    "heading": _("Heading (%(language)s)"),
    "body": _("Clause (%(language)s)"),
    "alternatives": _("Bracketed alternatives, one per line (%(language)s)"),
}


def language_name(code: str) -> tuple[str, bool]:
    """The language's own name and whether it is written right to left."""
    try:
        info = get_language_info(code)
    except KeyError:
        return code, False
    return str(info["name_local"]), bool(info["bidi"])


def writing_language(languages: Sequence[str]) -> str:
    """The language a one-language text is stored under: the page's, if the talks use it."""
    active = (get_language() or "en")[:2]
    return active if active in languages else languages[0]


def _per_language(form: forms.Form, names: Sequence[str], languages: Sequence[str], *, rows: int = 3) -> None:
    for code in languages:
        name, rtl = language_name(code)
        for field in names:
            attrs = {"lang": code, "dir": "rtl" if rtl else "ltr", "maxlength": str(MAX_TEXT)}
            widget: forms.Widget = (forms.TextInput(attrs=attrs) if field in ("title", "heading")
                                    else forms.Textarea(attrs={**attrs, "rows": str(rows)}))
            form.fields[f"{field}_{code}"] = forms.CharField(
                label=LABELS[field] % {"language": name}, required=False, widget=widget, strip=False)


class _ClauseFields(forms.Form):
    """Number, heading, body and alternatives of one clause in each of the talks' languages."""

    number = forms.CharField(label=_("Number"), max_length=16, required=False,
                             widget=forms.TextInput(attrs={"size": "6", "dir": "ltr"}))
    TEXTS = ("heading", "body", "alternatives")

    def __init__(self, *args: Any, languages: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = list(languages)
        _per_language(self, self.TEXTS, self.languages)

    def local(self, name: str) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"{name}_{code}", "") for code in self.languages}

    def clause(self) -> dict[str, Any]:
        """The clause as `actions.edit_clause` takes it."""
        lines = {code: [line.strip() for line in self.cleaned_data.get(f"alternatives_{code}", "").splitlines()
                        if line.strip()] for code in self.languages}
        count = max((len(v) for v in lines.values()), default=0)
        alternatives = [{code: v[i] for code, v in lines.items() if i < len(v)} for i in range(count)]
        return {"number": self.cleaned_data.get("number", ""), "heading": self.local("heading"),
                "body": self.local("body"), "alternatives": alternatives}

    def by_language(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """The text fields grouped by language, for the template: (code, name, fields)."""
        return [(code, language_name(code)[0], [self[f"{name}_{code}"] for name in self.TEXTS])
                for code in self.languages]


def clause_initial(clause: Clause) -> dict[str, object]:
    initial: dict[str, object] = {"number": clause["number"], "key": clause["key"]}
    for code, text in clause["heading"].items():
        initial[f"heading_{code}"] = text
    for code, text in clause["body"].items():
        initial[f"body_{code}"] = text
    codes = {code for alternative in clause["alternatives"] for code in alternative}
    for code in codes:
        initial[f"alternatives_{code}"] = "\n".join(a.get(code, "") for a in clause["alternatives"])
    return initial


class ClauseForm(_ClauseFields):
    """Change, add (no `key`) or remove one clause; saving makes a new version."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)
    key = forms.CharField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note on this version (optional)"), required=False, max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": "2", "dir": "auto"}))

    def note_text(self) -> dict[str, str]:
        note = self.cleaned_data.get("note", "")
        return {writing_language(self.languages): note} if note else {}


class NewTextForm(_ClauseFields):
    """A new text: its title, kind, authoritative language, parties and first clause."""

    kind = forms.ChoiceField(label=_("Kind"), choices=TextKind.choices)
    authoritative_language = forms.ChoiceField(label=_("Authoritative language"))
    parties = forms.TypedMultipleChoiceField(label=_("Parties"), coerce=int,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, languages: Sequence[str], parties: Sequence[Party], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"parties": [p.pk for p in parties], "number": "1",
                                      "authoritative_language": languages[0] if languages else ""})
        super().__init__(*args, languages=languages, **kwargs)
        _per_language(self, ("title",), self.languages)
        self.fields["authoritative_language"].choices = [  # type: ignore[attr-defined]
            (code, language_name(code)[0]) for code in self.languages]
        self.fields["parties"].choices = [(p.pk, str(p.name)) for p in parties]  # type: ignore[attr-defined]

    def titles(self) -> list[forms.BoundField]:
        return [self[f"title_{code}"] for code in self.languages]


class SettingsForm(forms.Form):
    non_paper = forms.BooleanField(label=_("Non-paper: show no party as the proposer of any clause"),
                                   required=False)
    share_open_count = forms.BooleanField(label=_("Show the parties how many clauses are still open"),
                                          required=False)


class ShareForm(forms.Form):
    parties = forms.TypedMultipleChoiceField(label=_("Share this version with"), coerce=int,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, parties: Sequence[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].choices = [(p.pk, str(p.name)) for p in parties]  # type: ignore[attr-defined]


STANCE_CHOICES = [(StanceKind.ACCEPT, _("Accept")), (StanceKind.REJECT, _("Reject")),
                  (StanceKind.RESERVE, _("Reserve (pending instructions)"))]


class StancesForm(forms.Form):
    """One row per clause: a stance, a private comment to the mediators, optional proposed language."""

    def __init__(self, *args: Any, clauses: Sequence[Clause], languages: Sequence[str],
                 current: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clause_keys = [c["key"] for c in clauses]
        self.language = writing_language(languages)
        for clause in clauses:
            key = clause["key"]
            cell = (current or {}).get(key)
            self.fields[f"{key}-stance"] = forms.ChoiceField(
                label=_("Your stance"), choices=STANCE_CHOICES, required=False, widget=forms.RadioSelect,
                initial=cell.stance if cell is not None else None)
            self.fields[f"{key}-comment"] = forms.CharField(
                label=_("Comment to the mediators (no other party sees it)"), required=False,
                widget=forms.Textarea(attrs={"rows": "2", "dir": "auto", "maxlength": str(MAX_TEXT)}),
                initial=(cell.comment.get(self.language) or next(iter(cell.comment.values()), ""))
                if cell is not None and cell.comment else "")
            self.fields[f"{key}-proposed"] = forms.CharField(
                label=_("Language you propose for this clause (optional)"), required=False,
                widget=forms.Textarea(attrs={"rows": "2", "dir": "auto", "maxlength": str(MAX_TEXT)}),
                initial=(cell.proposed.get(self.language) or next(iter(cell.proposed.values()), ""))
                if cell is not None and cell.proposed else "")

    def row(self, key: str) -> tuple[forms.BoundField, forms.BoundField, forms.BoundField]:
        return self[f"{key}-stance"], self[f"{key}-comment"], self[f"{key}-proposed"]

    def stances(self) -> dict[str, dict[str, object]]:
        """The clauses given a stance, as `actions.mark_stances` takes them (the others are left as they are)."""
        out: dict[str, dict[str, object]] = {}
        for key in self.clause_keys:
            stance = self.cleaned_data.get(f"{key}-stance")
            if not stance:
                continue
            comment = self.cleaned_data.get(f"{key}-comment", "")
            proposed = self.cleaned_data.get(f"{key}-proposed", "")
            out[key] = {"stance": stance, "comment": {self.language: comment} if comment.strip() else {},
                        "proposed": {self.language: proposed} if proposed.strip() else {}}
        return out


class SignOffForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    code = forms.CharField(label=_("The six-digit code from your authenticator app"), required=False,
                           max_length=12, widget=forms.TextInput(attrs={
                               "autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}))

    def __init__(self, *args: Any, second_factor: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.second_factor = second_factor
        if not second_factor:
            del self.fields["code"]
