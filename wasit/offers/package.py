"""The combined package of a match, drafted in each of the talks' languages from the moves' texts.

One sentence per offer: "<party> will <move> (<amount> <unit>), <move>; <party> will ...".
The sentence's frame is written here for the three languages of the talks (the moves'
texts are the mediators' own, in each language); another language gets the English frame
through gettext, to be translated in its catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from wasit.talks.localized import LocalText

# Arabic and Persian frames read with a move written as a verbal noun ("ضبط ..."), as menus are.
FRAMES = {
    "ar": "يلتزم الطرف {party} بما يلي: {moves}",
    "fa": "طرف {party} به این موارد متعهد می‌شود: {moves}",
}


def _local(values: Mapping[str, str], language: str) -> str:
    clean = {k: v for k, v in values.items() if isinstance(v, str) and v.strip()}
    return LocalText(**clean).best(language) if clean else ""


def _move(move_text: Mapping[str, str] | None, given: Mapping[str, Any] | None, language: str) -> str:
    text = _local(move_text or {}, language)
    if given is None:
        return text
    unit = given.get("unit") or ""
    return f"{text} ({given['amount']} {unit})".replace(" )", ")")


def package_text(offers: Sequence[tuple[Mapping[str, str], Mapping[str, Any]]],
                 moves: Mapping[str, Mapping[str, str]], languages: Sequence[str]) -> dict[str, str]:
    """`{language: text}` for the offers, each given as (its party's names, its `gives` JSON)."""
    out: dict[str, str] = {}
    for language in languages:
        with translation.override(language):
            frame = FRAMES.get(language) or _("%(party)s will %(moves)s").replace(
                "%(party)s", "{party}").replace("%(moves)s", "{moves}")
        separator = "؛ " if language in FRAMES else "; "
        sentences = [frame.format(party=_local(party, language),
                                  moves="، ".join(_move(moves.get(m), given, language) for m, given in gives.items())
                                  if language in FRAMES else
                                  ", ".join(_move(moves.get(m), given, language) for m, given in gives.items()))
                     for party, gives in offers]
        out[language] = separator.join(sentences) + "."
    return out
