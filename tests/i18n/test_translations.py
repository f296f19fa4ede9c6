"""Arabic and Persian are complete, and the compiled catalogues match their sources."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

WASIT = Path(__file__).resolve().parents[2] / "wasit"
LOCALE = WASIT / "locale"
# The project's catalogue and the apps' own (each app that has strings of its own).
CATALOGUES = [LOCALE, *sorted(WASIT.glob("*/locale"))]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _entries(po: Path) -> list[tuple[str, str, str]]:
    """(flags, msgid, msgstr) for every entry but the header; plurals are not used."""
    entries = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            if line.startswith(("msgid ", "msgstr ")):
                current, _, rest = line.partition(" ")
                fields[current] = ast.literal_eval(rest)
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            entries.append((flags, fields["msgid"], fields.get("msgstr", "")))
    return entries


def _catalogues(language: str) -> list[Path]:
    return [c / language / "LC_MESSAGES" / "django.po" for c in CATALOGUES]


def test_every_app_catalogue_has_both_languages() -> None:
    for catalogue in CATALOGUES:
        for language in ("ar", "fa"):
            assert (catalogue / language / "LC_MESSAGES" / "django.po").exists(), (catalogue, language)


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_every_string_is_translated_and_none_is_fuzzy(language: str) -> None:
    assert len(_entries(LOCALE / language / "LC_MESSAGES" / "django.po")) > 100
    entries = [e for po in _catalogues(language) for e in _entries(po)]
    assert not [m for f, m, s in entries if not s], "untranslated"
    assert not [m for f, m, s in entries if "fuzzy" in f], "fuzzy"


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_translations_keep_every_placeholder(language: str) -> None:
    for _flags, msgid, msgstr in (e for po in _catalogues(language) for e in _entries(po)):
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(msgstr)), msgid


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    for po in _catalogues(language):
        with po.with_suffix(".mo").open("rb") as fh:
            compiled = gettext.GNUTranslations(fh)
        for _flags, msgid, msgstr in _entries(po):
            assert compiled.gettext(msgid) == msgstr, f"stale {po.with_suffix('.mo')} for {msgid!r}: run msgfmt"


def test_persian_uses_persian_letters() -> None:
    text = "".join(s for po in _catalogues("fa") for _f, _m, s in _entries(po))
    assert "ي" not in text and "ك" not in text
