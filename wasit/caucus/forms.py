"""Forms parse and validate input; the actions decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wasit.caucus.models import RelayMode
from wasit.caucus.text import MAX_MESSAGE_CHARS, MAX_REASON_CHARS


class PostForm(forms.Form):
    text = forms.CharField(label=_("Message"), max_length=MAX_MESSAGE_CHARS, strip=False,
                           widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
    mediators_only = forms.BooleanField(label=_("For the mediators only (never relayed word for word)"),
                                        required=False)


class RelayForm(forms.Form):
    into = forms.TypedMultipleChoiceField(label=_("Relay into"), coerce=int,
                                          widget=forms.CheckboxSelectMultiple)
    mode = forms.ChoiceField(label=_("How"), choices=RelayMode.choices)
    text = forms.CharField(label=_("Text to carry (for a paraphrase or summary)"), required=False,
                           max_length=MAX_MESSAGE_CHARS, strip=False,
                           widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
    attributed = forms.BooleanField(label=_("Say which party it came from"), required=False)
    show_mode = forms.BooleanField(label=_("Say that it was paraphrased or summarised"), required=False)

    def __init__(self, *args: object, rooms: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["into"].choices = rooms  # type: ignore[attr-defined]


class WithholdForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept for the mediators)"), max_length=MAX_REASON_CHARS,
                             widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Into"), choices=[("ar", "العربية"), ("en", "English"),
                                                           ("fa", "فارسی")])
    text = forms.CharField(label=_("Translation"), max_length=MAX_MESSAGE_CHARS, strip=False,
                           widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))


class JointSessionForm(forms.Form):
    minutes = forms.IntegerField(label=_("Open for (minutes)"), min_value=1, max_value=24 * 60,
                                 initial=60)
