"""Text written by people in several languages: a talks' title, a party's name, a venue.

Content is stored as one JSON object per field, `{"en": "...", "ar": "...",
"fa": "..."}`, in a column named `<field>_i18n`, so that adding French or
Turkish is a setting (`WASIT_CONTENT_LANGUAGES`), not a schema migration.
It is not passed through gettext: people write it, in the languages their
talks use. The reader gets the active language, then the others in the
order of the setting.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language


def content_languages() -> tuple[str, ...]:
    """The languages content may be written in, in fallback order."""
    return tuple(getattr(settings, "WASIT_CONTENT_LANGUAGES", ("en", "ar", "fa")))


class LocalText(Mapping[str, str]):
    """A text in one or more languages: `LocalText(en="Muscat", ar="مسقط")`.

    Immutable and hashable (it is used as a default argument). Blank entries
    are dropped; unknown language codes are kept so that the action can
    refuse them with a clear message (`unknown_languages`).
    """

    __slots__ = ("_items",)

    def __init__(self, values: Mapping[str, str] | None = None, /, **by_language: str) -> None:
        merged = {**(values or {}), **by_language}
        self._items = tuple(sorted((str(k), str(v).strip()) for k, v in merged.items() if str(v).strip()))

    def __getitem__(self, language: str) -> str:
        return dict(self._items)[language]

    def __iter__(self) -> Iterator[str]:
        return iter(k for k, _v in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LocalText):
            return self._items == other._items
        return isinstance(other, Mapping) and dict(self._items) == dict(other)

    def __repr__(self) -> str:
        return f"LocalText({dict(self._items)!r})"

    def as_fields(self, name: str) -> dict[str, dict[str, str]]:
        """The model field values: `{"<name>_i18n": {...}}`."""
        return {f"{name}_i18n": dict(self._items)}

    def is_empty(self) -> bool:
        return not self._items

    def unknown_languages(self) -> list[str]:
        known = set(content_languages())
        return [k for k in self if k not in known]

    def best(self, language: str | None = None) -> str:
        """The text in `language` (default: the active one), else the first in fallback order."""
        return _pick(dict(self._items), language)


def _pick(values: Mapping[str, str], language: str | None = None) -> str:
    active = (language or get_language() or "en")[:2]
    for lang in (active, *content_languages(), *values):
        value = values.get(lang, "")
        if value:
            return str(value)
    return ""


def LocalizedField(**options: Any) -> models.JSONField[Any, Any]:  # noqa: N802 (reads as a field class)
    """The JSON column behind a `Localized` attribute: language code -> text."""
    return models.JSONField(default=dict, blank=True, **options)


class Localized:
    """Descriptor: `title = Localized()` reads `title_i18n` in the active language."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, objtype: type | None = None) -> str:
        if obj is None:
            return self.name
        return _pick(getattr(obj, f"{self.name}_i18n", None) or {})

    def language_of(self, obj: Any) -> str:
        """The language the reader actually gets, for `lang` and `dir` attributes."""
        values = getattr(obj, f"{self.name}_i18n", None) or {}
        active = (get_language() or "en")[:2]
        for lang in (active, *content_languages(), *values):
            if values.get(lang):
                return str(lang)
        return active

    def all(self, obj: Any) -> LocalText:
        """Every language's text, e.g. to fill an edit form."""
        return LocalText(getattr(obj, f"{self.name}_i18n", None) or {})
