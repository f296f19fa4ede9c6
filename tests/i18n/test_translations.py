"""Arabic and Persian are complete, and the compiled catalogues match their sources."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path
from typing import NamedTuple

import pytest

WASIT = Path(__file__).resolve().parents[2] / "wasit"
LOCALE = WASIT / "locale"
# The project's catalogue and the apps' own (each app that has strings of its own).
CATALOGUES = [LOCALE, *sorted(WASIT.glob("*/locale"))]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


class Entry(NamedTuple):
    flags: str
    msgid: str
    msgstr: str
    # A plural entry's forms (msgstr[0], msgstr[1]...); empty for a singular one.
    forms: tuple[str, ...] = ()
    plural: str = ""


def _entries(po: Path) -> list[Entry]:
    """Every entry but the header; a plural entry's `msgstr` is its forms joined."""
    entries = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            if line.startswith(("msgid ", "msgid_plural ", "msgstr ", "msgstr[")):
                current, _, rest = line.partition(" ")
                fields[current] = ast.literal_eval(rest)
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if not fields.get("msgid"):
            continue
        forms = tuple(fields[k] for k in sorted(k for k in fields if k.startswith("msgstr[")))
        if forms:
            text = "" if not all(forms) else " | ".join(forms)
            entries.append(Entry(flags, fields["msgid"], text, forms, fields.get("msgid_plural", "")))
        else:
            entries.append(Entry(flags, fields["msgid"], fields.get("msgstr", "")))
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
    assert not [e.msgid for e in entries if not e.msgstr], "untranslated"
    assert not [e.msgid for e in entries if "fuzzy" in e.flags], "fuzzy"


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_translations_keep_every_placeholder(language: str) -> None:
    for entry in (e for po in _catalogues(language) for e in _entries(po)):
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        if not entry.forms:
            assert wanted == set(PLACEHOLDER.findall(entry.msgstr)), entry.msgid
            continue
        # A plural form may leave the count out ("one version" in words), never add one;
        # the form for many keeps them all.
        for form in entry.forms:
            assert set(PLACEHOLDER.findall(form)) <= wanted, entry.msgid
        assert set(PLACEHOLDER.findall(entry.forms[-1])) == wanted, entry.msgid


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    for po in _catalogues(language):
        with po.with_suffix(".mo").open("rb") as fh:
            compiled = gettext.GNUTranslations(fh)
        for entry in _entries(po):
            stale = f"stale {po.with_suffix('.mo')} for {entry.msgid!r}: run msgfmt"
            if not entry.forms:
                assert compiled.gettext(entry.msgid) == entry.msgstr, stale
                continue
            for n in range(0, 120):
                shown = compiled.ngettext(entry.msgid, entry.plural, n)
                assert shown in entry.forms, stale


def test_persian_uses_persian_letters() -> None:
    text = "".join(e.msgstr for po in _catalogues("fa") for e in _entries(po))
    assert "ي" not in text and "ك" not in text
