"""Arabic and Persian are complete, and the compiled catalogues match their sources."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "wasit" / "locale"
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


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_every_string_is_translated_and_none_is_fuzzy(language: str) -> None:
    entries = _entries(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    assert not [m for f, m, s in entries if not s], "untranslated"
    assert not [m for f, m, s in entries if "fuzzy" in f], "fuzzy"


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_translations_keep_every_placeholder(language: str) -> None:
    for _flags, msgid, msgstr in _entries(LOCALE / language / "LC_MESSAGES" / "django.po"):
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(msgstr)), msgid


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for _flags, msgid, msgstr in _entries(folder / "django.po"):
        assert compiled.gettext(msgid) == msgstr, f"stale .mo for {msgid!r}: run msgfmt"


def test_persian_uses_persian_letters() -> None:
    text = "".join(s for _f, _m, s in _entries(LOCALE / "fa" / "LC_MESSAGES" / "django.po"))
    assert "ي" not in text and "ك" not in text
