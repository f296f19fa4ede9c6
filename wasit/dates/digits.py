"""Western, Arabic-Indic and Persian digits."""

from __future__ import annotations

from enum import StrEnum


class Digits(StrEnum):
    WESTERN = "western"            # 0123456789
    ARABIC_INDIC = "arabic_indic"  # ٠١٢٣٤٥٦٧٨٩, read in Arabic
    PERSIAN = "persian"            # ۰۱۲۳۴۵۶۷۸۹, read in Persian (4, 5 and 6 differ from Arabic's)


_SETS = {
    Digits.WESTERN: "0123456789",
    Digits.ARABIC_INDIC: "٠١٢٣٤٥٦٧٨٩",
    Digits.PERSIAN: "۰۱۲۳۴۵۶۷۸۹",
}
_TABLES = {digits: str.maketrans("0123456789", chars) for digits, chars in _SETS.items()}


def native_digits(language: str) -> Digits:
    """The digits a language writes natively: Arabic-Indic in Arabic, Persian in Persian."""
    code = (language or "en")[:2].lower()
    return {"ar": Digits.ARABIC_INDIC, "fa": Digits.PERSIAN}.get(code, Digits.WESTERN)


def with_digits(text: str, digits: Digits | str) -> str:
    """`text` with its Western digits written in `digits` (other characters untouched)."""
    return text.translate(_TABLES[Digits(digits)])
