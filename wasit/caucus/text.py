"""What a message text may contain, and how invisible controls are shown."""

from __future__ import annotations

import difflib
import re
import unicodedata

from django.utils.translation import gettext as _

from wasit.policy import ActionRefused

MAX_MESSAGE_CHARS = 8000
MAX_REASON_CHARS = 2000

# C0 controls other than tab, newline and carriage return, and DEL: never
# part of a message; NUL in particular breaks PostgreSQL text columns.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Direction controls and other invisible characters that can make text read
# differently from how it is stored (Trojan Source, CVE-2021-42574). Stored
# exactly; shown as visible marks.
INVISIBLE_CONTROLS = {
    "\u200b": "ZWSP", "\u200e": "LRM", "\u200f": "RLM",
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI", "\ufeff": "BOM",
    "\u061c": "ALM",
}


def clean_text(text: object, *, field: str = "text", limit: int = MAX_MESSAGE_CHARS,
               required: bool = True) -> str:
    """Validate a user-written text; return it unchanged or raise `ActionRefused`."""
    if not isinstance(text, str):
        raise ActionRefused(_("The text must be a string."), field=field)
    if required and not text.strip():
        raise ActionRefused(_("Write something first: the text is empty."), field=field)
    if len(text) > limit:
        raise ActionRefused(
            _("The text is too long: %(length)d characters, at most %(limit)d.")
            % {"length": len(text), "limit": limit}, field=field)
    if _FORBIDDEN.search(text):
        raise ActionRefused(_("The text contains control characters that cannot be stored."),
                            field=field)
    return text


def has_invisible_controls(text: str) -> bool:
    return any(ch in INVISIBLE_CONTROLS for ch in text)


# Letters Arabic and Persian writers use interchangeably: one near-copy must
# not pass for a paraphrase by swapping them.
_LETTER_VARIANTS = str.maketrans({
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "\u0640": None,  # tatweel
})

# Above this many characters, compare words rather than characters: the
# character measure is quadratic and long texts differ by words anyway.
_CHARACTER_MEASURE_LIMIT = 2000
NEAR_COPY_RATIO = 0.8


def normalise_for_comparison(text: str) -> str:
    """The text as a reader hears it: no case, diacritics, invisible marks,
    punctuation, digits or letter variants; single spaces between words."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_LETTER_VARIANTS)
    kept = []
    for ch in unicodedata.normalize("NFD", folded):
        category = unicodedata.category(ch)
        if category in ("Mn", "Me", "Cf", "Nd") or category.startswith(("P", "S")):
            continue  # diacritics (harakat), invisible controls, digits of every script, marks
        kept.append(ch if not ch.isspace() else " ")
    return " ".join("".join(kept).split())


def near_copy_ratio(candidate: str, original: str) -> float:
    """How much of `original` `candidate` repeats, from 0 to 1, after normalising both.

    Measure: difflib's ratio (2·matches / total length) over characters without
    spaces, or over words for long texts; and 1.0 when the whole original
    (of a sentence's length or more) sits inside the candidate.
    """
    a, b = normalise_for_comparison(candidate), normalise_for_comparison(original)
    if not a or not b:
        return 0.0
    if len(b) >= 20 and b in a:
        return 1.0
    if max(len(a), len(b)) <= _CHARACTER_MEASURE_LIMIT:
        x: str | list[str] = a.replace(" ", "")
        y: str | list[str] = b.replace(" ", "")
    else:
        x, y = a.split(), b.split()
    matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
    if matcher.quick_ratio() < NEAR_COPY_RATIO:  # an upper bound: cheap way out for real paraphrases
        return matcher.quick_ratio()
    return matcher.ratio()


def is_near_copy(candidate: str, original: str) -> bool:
    return near_copy_ratio(candidate, original) >= NEAR_COPY_RATIO
