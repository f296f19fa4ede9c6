"""The exports of a text version: what a reader finds in the PDF and the DOCX."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import docx
import pytest
from django.utils import translation
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from PIL import Image
from pypdf import PdfReader

from tests.skips import skip_or_fail
from wasit.texts import export
from wasit.texts.document import ClauseDocument, Signatory, VersionDocument

pytestmark = pytest.mark.same_on_every_database

DIGEST = "9f2c" + "0123456789abcdef" * 3 + "a1b2c3d4e5f6"
ARABIC = "تلتزم الأطراف بوقف الهجمات على القواعد"
PERSIAN = "این توافق اجرا می\u200cشود"


def version(*, signed: bool = True, extra_clauses: int = 0) -> VersionDocument:
    clauses = [
        ClauseDocument("1", {"ar": "الالتزامات", "en": "Obligations", "fa": "تعهدات"},
                       {"ar": ARABIC, "en": "The parties shall cease attacks on the bases.",
                        "fa": PERSIAN},
                       proposed_by="Party North"),
        ClauseDocument("2", {"ar": "المهلة", "en": "Time limit", "fa": "مهلت"},
                       {"ar": "خلال 30 يوماً", "en": "Within 30 days", "fa": "ظرف ۳۰ روز"}),
        ClauseDocument("3", {"ar": "المراقبة", "en": "Monitoring", "fa": "نظارت"}, {},
                       alternatives=[{"ar": "بعثة", "en": "a mission", "fa": "هیئت"},
                                     {"ar": "لجنة", "en": "a committee", "fa": "کمیته"}]),
    ]
    clauses += [ClauseDocument(str(4 + i), {"en": f"Filler {i}"}, {"en": "Text. " * 60})
                for i in range(extra_clauses)]
    signatories = [Signatory("Party North", "Amina Haddad", dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC)),
                   Signatory("Party South", "Salim Rezaei", dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC))]
    return VersionDocument(
        talks_title={"en": "Northern talks", "ar": "محادثات الشمال", "fa": "گفتگوهای شمال"},
        title={"en": "Cessation of hostilities", "ar": "وقف الأعمال العدائية", "fa": "توقف مخاصمات"},
        version=3, authoritative_language="ar", clauses=clauses, digest=DIGEST,
        created_at=dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC),
        signatories=signatories if signed else [])


@pytest.fixture(autouse=True)
def english_reader() -> Iterator[None]:
    with translation.override("en"):
        yield


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_pdf_text_layer_holds_arabic_and_persian_in_reading_order() -> None:
    """Searching or copying the PDF finds the words as written, not reversed or scrambled."""
    for language in ("ar", "fa"):
        text = "\n".join(pdf_pages(export.render_pdf(version(), [language])))
        if language == "ar":
            assert ARABIC in text
            assert "خلال" in text and "يوماً" in text and "30" in text and "03" not in text
        else:
            # The zero-width non-joiner draws no glyph, so the text layer has none.
            assert PERSIAN.replace("\u200c", "") in text.replace("\u200c", "")


def test_the_pdf_embeds_its_own_fonts_and_no_system_font() -> None:
    reader = PdfReader(io.BytesIO(export.render_pdf(version(), ["ar", "en", "fa"])))
    fonts: list[Any] = [font.get_object() for page in reader.pages
                        for font in cast(Any, page["/Resources"])["/Font"].values()]
    assert fonts
    for font in fonts:
        # A composite (Type0) font keeps its file in its descendant's descriptor.
        descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font
                      else font)["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font["/BaseFont"]
        assert "Amiri" in str(font["/BaseFont"]), font["/BaseFont"]


def test_every_pdf_page_carries_the_version_and_digest_in_its_footer() -> None:
    pages = pdf_pages(export.render_pdf(version(extra_clauses=12), ["en"]))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert DIGEST in page, f"page {number}"
        assert "Version 3 of 1 December 2026" in page
        assert f"{number} / {len(pages)}" in page


def test_a_signed_pdf_lists_each_signatory_with_party_name_and_date() -> None:
    text = "\n".join(pdf_pages(export.render_pdf(version(), ["en"])))
    assert "Signatures" in text and "Signed" in text
    for party, name, day in (("Party North", "Amina Haddad", "2 December 2026"),
                             ("Party South", "Salim Rezaei", "3 December 2026")):
        assert any(party in line and name in line and day in line for line in text.splitlines())


def test_a_draft_pdf_shows_its_version_and_digest_and_no_signatures() -> None:
    text = "\n".join(pdf_pages(export.render_pdf(version(signed=False), ["en"])))
    assert "Version 3 of 1 December 2026" in text and "Draft, not signed" in text
    assert f"Digest (SHA-256): {DIGEST}" in text
    assert "Signatures" not in text


def test_the_pdf_shows_alternatives_in_brackets_and_who_proposed_a_clause() -> None:
    text = "\n".join(pdf_pages(export.render_pdf(version(), ["en"])))
    assert "[A] a mission / [B] a committee" in text
    # Only the first clause has a known proposer.
    assert text.count("Proposed by") == 1 and "Proposed by Party North" in text


def test_side_by_side_puts_every_language_in_its_column_and_marks_the_authoritative_one() -> None:
    shown = export.layout(version(), ["ar", "en", "fa"])
    assert [(c.language, c.rtl) for c in shown.columns] == [("ar", True), ("en", False), ("fa", True)]
    assert shown.columns[1].standing == "Translation"
    with translation.override("ar"):
        assert export.layout(version(), ["ar"]).columns[0].standing == translation.gettext(
            "Authoritative text")
    text = "\n".join(pdf_pages(export.render_pdf(version(), ["ar", "en", "fa"])))
    for words in ("تلتزم الأطراف", "The parties shall cease", "توافق اجرا",
                  "English", "العربي", "فارسی"):
        assert words in text


def test_an_arabic_pdf_is_drawn_right_aligned(tmp_path: Path) -> None:
    """For an Arabic reader everything hugs the right margin: ink at the right, none at the far left."""
    if shutil.which("pdftoppm") is None:
        skip_or_fail("needs pdftoppm (Debian's poppler-utils) to draw the page")
    with translation.override("ar"):
        (tmp_path / "ar.pdf").write_bytes(export.render_pdf(version(signed=False), ["ar"]))
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-singlefile", tmp_path / "ar.pdf",
                    tmp_path / "page"], check=True)
    page = Image.open(tmp_path / "page.png").convert("L")
    width, height = page.size
    # The top half holds titles and clauses; the footer is left out.
    body = page.crop((0, 0, width, height // 2))
    right = body.crop((width * 3 // 4, 0, width, body.height))
    left = body.crop((0, 0, width // 10, body.height))
    # One byte per pixel, 0 black to 255 white.
    assert min(right.tobytes()) < 100
    assert min(left.tobytes()) > 120  # the header's rule is light grey


def bidi(paragraph: Paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:bidi")) is not None


def rtl_runs(paragraph: Paragraph) -> list[bool]:
    return [bool(run.font.rtl) for run in paragraph.runs]


def test_the_docx_writes_arabic_and_persian_right_to_left() -> None:
    for language, body in (("ar", ARABIC), ("fa", PERSIAN)):
        document = docx.Document(io.BytesIO(export.render_docx(version(), [language])))
        paragraph = next(p for p in document.paragraphs if p.text == body)
        assert bidi(paragraph) and all(rtl_runs(paragraph))
        heading = next(p for p in document.paragraphs if p.text.endswith("\u200e  " + (
            "الالتزامات" if language == "ar" else "تعهدات")))
        assert heading.text == "\u200e1\u200e  " + heading.text.split("  ")[-1]
        # English labels in an Arabic document stay left to right.
        status = next(p for p in document.paragraphs if p.text.startswith("Version 3"))
        assert not bidi(status) and not any(rtl_runs(status))
    rfonts = document.styles["Normal"].element.rPr.rFonts
    assert rfonts.get(qn("w:cs")) == export.FONT_FAMILY


def test_the_docx_shows_alternatives_proposer_signatories_and_digest() -> None:
    document = docx.Document(io.BytesIO(export.render_docx(version(), ["en"])))
    texts = [p.text for p in document.paragraphs]
    assert "[A] a mission / [B] a committee" in texts
    assert texts.count("Proposed by Party North") == 1
    assert f"Digest (SHA-256): {DIGEST}" in texts
    assert DIGEST in document.sections[0].footer.paragraphs[0].text
    signatures = document.tables[-1]
    rows = [[cell.text for cell in row.cells] for row in signatures.rows]
    assert rows[0] == ["Party", "Name", "Signed on"]
    assert rows[1][:2] == ["Party North", "Amina Haddad"] and "2 December 2026" in rows[1][2]
    assert not any(p.text.startswith("Signatures") for p in docx.Document(io.BytesIO(
        export.render_docx(version(signed=False), ["en"]))).paragraphs)


def test_the_docx_side_by_side_is_a_table_with_a_column_per_language() -> None:
    document = docx.Document(io.BytesIO(export.render_docx(version(), ["ar", "en", "fa"])))
    table = document.tables[0]
    assert len(table.columns) == 3
    head = [cell.text for cell in table.rows[0].cells]
    assert head[0].startswith("العربيّة") and head[1] == "English · Translation"
    row = next(r for r in table.rows if "The parties" in r.cells[1].text)
    arabic, english, persian = row.cells
    assert arabic.paragraphs[1].text == ARABIC and bidi(arabic.paragraphs[1])
    assert persian.paragraphs[1].text == PERSIAN and bidi(persian.paragraphs[1])
    assert not bidi(english.paragraphs[1])


def test_the_docx_table_runs_right_to_left_for_an_arabic_reader() -> None:
    with translation.override("ar"):
        document = docx.Document(io.BytesIO(export.render_docx(version(), ["ar", "en"])))
    assert document.tables[0]._tbl.tblPr.find(qn("w:bidiVisual")) is not None


@pytest.mark.parametrize("languages", [[], ["ar", "ar"], ["xx"]])
def test_an_export_needs_known_distinct_languages(languages: list[str]) -> None:
    with pytest.raises(ValueError):
        export.layout(version(), languages)
