"""Fields written in several languages: `title_en`, `title_ar`, `title_fa`.

Content (a talks' title, a venue) is written by people, so it is stored per
language rather than passed through gettext. The reader gets the active
language, falling back to English, then Arabic, then Persian.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

CONTENT_LANGUAGES = ("en", "ar", "fa")


@dataclass(frozen=True)
class LocalText:
    """A text in up to three languages; at least one must be given."""

    en: str = ""
    ar: str = ""
    fa: str = ""

    def as_fields(self, name: str) -> dict[str, str]:
        return {f"{name}_{lang}": getattr(self, lang).strip() for lang in CONTENT_LANGUAGES}

    def is_empty(self) -> bool:
        return not any(getattr(self, lang).strip() for lang in CONTENT_LANGUAGES)


class Localized:
    """Descriptor: `title = Localized()` reads `title_<active language>`."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, objtype: type | None = None) -> str:
        if obj is None:
            return self.name
        active = (get_language() or "en")[:2]
        order = [active, *[lang for lang in ("en", "ar", "fa") if lang != active]]
        for lang in order:
            value: str = getattr(obj, f"{self.name}_{lang}", "")
            if value:
                return value
        return ""

    def language_of(self, obj: Any) -> str:
        """The language the reader actually gets, for `lang` and `dir` attributes."""
        active = (get_language() or "en")[:2]
        for lang in [active, "en", "ar", "fa"]:
            if getattr(obj, f"{self.name}_{lang}", ""):
                return lang
        return active
