"""One version of a negotiating text as PDF (WeasyPrint) and DOCX (python-docx).

Both renderers read only a `VersionDocument` and lay it out the same way:
one language as running text, or several side by side, one column per
language and one row per clause. Fixed labels come from gettext in the
reader's language (the caller activates it); the label that says which
column is the authoritative text is in that column's own language.

The fonts are Amiri (OFL-1.1, from the `fontpkg-amiri` package): one family
for Arabic, Persian and Latin, embedded in every PDF, so a PDF looks the
same whatever fonts the server has. Amiri composes each letter as one glyph
(Noto's Arabic fonts build letters from dotless bodies and dot marks), which
keeps the PDF's text layer searchable and copyable in logical order.
"""

from __future__ import annotations

import io
import string
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_DIRECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import _Footer
from docx.shared import Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from wasit.schedule.templatetags.wasit_dates import calendar_datetime, calendar_digits
from wasit.texts.document import ClauseDocument, VersionDocument

FONT_FAMILY = "Amiri"
MISSING = "—"


@cache
def font_files() -> dict[int, Path]:
    """The font files by weight (400, 700), from the installed font package."""
    return {weight: fontpkg.path(FONT_FAMILY, weight=weight) for weight in (400, 700)}


# ---------------------------------------------------------------------------
# The layout both renderers share
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One language of the export: its direction, its name and its standing, in itself."""

    language: str
    rtl: bool
    name: str
    standing: str  # "Authoritative text" or "Translation", in this language


@dataclass(frozen=True)
class Wording:
    """A clause in one language: heading, body, and the bracketed alternatives as (letter, text)."""

    column: Column
    heading: str
    body: str
    alternatives: list[tuple[str, str]]


@dataclass(frozen=True)
class Row:
    """A clause: its number, the attribution (in the reader's language) and one wording per column."""

    number: str
    proposed_by: str
    wordings: list[Wording]


@dataclass(frozen=True)
class SignatureLine:
    party: str
    name: str
    signed_on: str


@dataclass(frozen=True)
class Layout:
    """What an export prints, with every label already translated."""

    reader_language: str
    reader_rtl: bool
    columns: list[Column]
    titles: list[tuple[Column, str, str]]  # (column, talks title, text title)
    status: str
    rows: list[Row]
    signatures: list[SignatureLine]
    digest_label: str
    digest: str
    labels: dict[str, str]

    @property
    def side_by_side(self) -> bool:
        return len(self.columns) > 1


def _language_info(language: str) -> tuple[bool, str]:
    try:
        info = translation.get_language_info(language)
    except KeyError:
        raise ValueError(f"unknown language {language!r}") from None
    return bool(info["bidi"]), str(info["name_local"])


def _columns(doc: VersionDocument, languages: list[str]) -> list[Column]:
    if not languages:
        raise ValueError("export at least one language")
    if len(set(languages)) != len(languages):
        raise ValueError(f"a language is repeated in {languages!r}")
    columns = []
    for language in languages:
        rtl, name = _language_info(language)
        with translation.override(language):
            standing = (_("Authoritative text") if language == doc.authoritative_language
                        else _("Translation"))
        columns.append(Column(language, rtl, name, standing))
    return columns


def _wording(clause: ClauseDocument, column: Column) -> Wording:
    language = column.language
    letters = string.ascii_uppercase
    alternatives = [(letters[i % 26], alternative.get(language) or MISSING)
                    for i, alternative in enumerate(clause.alternatives)]
    body = clause.body.get(language, "")
    # A clause that is only alternatives has no body; a missing translation shows a dash.
    if not body and not alternatives:
        body = MISSING
    return Wording(column, clause.heading.get(language, ""), body, alternatives)


def layout(doc: VersionDocument, languages: list[str]) -> Layout:
    """The export's content for the active (reader's) language."""
    columns = _columns(doc, languages)
    reader = translation.get_language() or "en"
    reader_rtl = translation.get_language_bidi()
    created = calendar_datetime(doc.created_at)
    status = [_("Version %(number)s of %(date)s") % {
        "number": calendar_digits(doc.version), "date": created}]
    if doc.non_paper:
        status.append(_("Non-paper"))
    status.append(_("Signed") if doc.signed else _("Draft, not signed"))
    rows = [Row(clause.number,
                _("Proposed by %(party)s") % {"party": clause.proposed_by} if clause.proposed_by else "",
                [_wording(clause, column) for column in columns])
            for clause in doc.clauses]
    titles = [(column, doc.talks_title.get(column.language, ""), doc.title.get(column.language, ""))
              for column in columns]
    signatures = [SignatureLine(s.party, s.name, calendar_datetime(s.signed_at))
                  for s in doc.signatories]
    return Layout(
        reader_language=reader, reader_rtl=reader_rtl, columns=columns, titles=titles,
        status=" · ".join(status), rows=rows, signatures=signatures,
        digest_label=_("Digest (SHA-256)"), digest=doc.digest,
        labels={"signatures": _("Signatures"), "party": _("Party"), "name": _("Name"),
                "signed_on": _("Signed on")},
    )


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------


def render_html(doc: VersionDocument, languages: list[str]) -> str:
    """The HTML that the PDF is printed from (also handy to look at in a browser)."""
    fonts = {weight: path.as_uri() for weight, path in font_files().items()}
    return render_to_string("texts/export.html", {
        "layout": layout(doc, languages), "font_regular": fonts[400], "font_bold": fonts[700],
        "font_family": FONT_FAMILY})


def render_pdf(doc: VersionDocument, languages: list[str]) -> bytes:
    """The version as a PDF, its fonts embedded, the digest in every page's footer."""
    # Imported here: loading WeasyPrint and Pango takes most of a second, paid by PDF exports only.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_html(doc, languages)
    # The template names its fonts by file URL and loads nothing else.
    allowed = {path.as_uri() for path in font_files().values()}

    class FontsOnly(URLFetcher):  # type: ignore[misc]
        # Nothing a clause says can make the renderer fetch a URL: only the font files load.
        def fetch(self, url: str, headers: object = None) -> object:
            if url not in allowed:
                raise ValueError(f"the export loads its fonts only, not {url}")
            return super().fetch(url, headers)

    pdf: bytes = HTML(string=html, base_url=str(font_files()[400].parent),
                      url_fetcher=FontsOnly(allowed_protocols=["file"])).write_pdf()
    return pdf


# ---------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------

# The elements that may follow <w:bidi> in <w:pPr> (ECMA-376 order).
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
               "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
# A left-to-right mark on each side keeps "[A]" or "3(b)" in one piece inside right-to-left text.
LRM = "\u200e"


def _isolated(text: str, rtl: bool) -> str:
    """`text` kept left to right as one piece when it stands in right-to-left text."""
    return f"{LRM}{text}{LRM}" if rtl else text


def _paragraph_direction(paragraph: Paragraph, rtl: bool) -> None:
    if rtl:
        paragraph._p.get_or_add_pPr().insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def _run(paragraph: Paragraph, text: str, language: str, rtl: bool, *, bold: bool = False,
         italic: bool = False) -> Run:
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
        run.font.cs_bold = True
    if italic:
        run.italic = True
    if rtl:
        run.font.rtl = True
        run.font.complex_script = True
        lang = OxmlElement("w:lang")
        lang.set(qn("w:bidi"), language)
        run._r.get_or_add_rPr().insert_element_before(lang, *_AFTER_LANG)
    return run


def _say(container: DocxDocument | _Cell | _Footer, text: str, language: str, rtl: bool, *,
         bold: bool = False, italic: bool = False, size: float | None = None,
         paragraph: Paragraph | None = None) -> Paragraph:
    """A paragraph of one language's text, right to left where it reads so."""
    if paragraph is None:
        paragraph = container.add_paragraph()
    _paragraph_direction(paragraph, rtl)
    run = _run(paragraph, text, language, rtl, bold=bold, italic=italic)
    if size is not None:
        run.font.size = Pt(size)
    return paragraph


def _lines(text: str) -> Iterator[str]:
    yield from (text.split("\n") if text else [])


def _wording_docx(cell: _Cell | DocxDocument, number: str, wording: Wording,
                  paragraph: Paragraph | None = None) -> None:
    column = wording.column
    language, rtl = column.language, column.rtl
    title = paragraph if paragraph is not None else cell.add_paragraph()
    _paragraph_direction(title, rtl)
    if number:
        shown = _isolated(number, rtl)
        _run(title, f"{shown}  " if wording.heading else shown, language, rtl, bold=True)
    if wording.heading:
        _run(title, wording.heading, language, rtl, bold=True)
    for line in _lines(wording.body):
        _say(cell, line, language, rtl)
    if wording.alternatives:
        p = cell.add_paragraph()
        _paragraph_direction(p, rtl)
        for i, (letter, text) in enumerate(wording.alternatives):
            if i:
                _run(p, " / ", language, rtl)
            _run(p, _isolated(f"[{letter}]", rtl) + " ", language, rtl, bold=True)
            _run(p, text, language, rtl)


def render_docx(doc: VersionDocument, languages: list[str]) -> bytes:
    """The version as a Word document: right-to-left paragraphs for ar/fa, a table side by side."""
    shown = layout(doc, languages)
    reader, reader_rtl = shown.reader_language, shown.reader_rtl
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT_FAMILY
    # python-docx sets the Latin fonts only; the complex-script font is the one Arabic uses.
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), FONT_FAMILY)
    normal.font.size = Pt(11)
    section = document.sections[0]
    if reader_rtl:
        section._sectPr.append(OxmlElement("w:bidi"))
    footer = section.footer.paragraphs[0]
    _say(section.footer, f"{shown.status} · {shown.digest_label}: ", reader, reader_rtl, size=8,
         paragraph=footer)
    _run(footer, _isolated(shown.digest, reader_rtl), reader, reader_rtl).font.size = Pt(8)

    for column, talks, title in shown.titles:
        if talks:
            _say(document, talks, column.language, column.rtl)
        if title:
            _say(document, title, column.language, column.rtl, bold=True, size=16)
    _say(document, shown.status, reader, reader_rtl, italic=True)

    if shown.side_by_side:
        table = document.add_table(rows=1, cols=len(shown.columns))
        table.style = "Table Grid"
        if reader_rtl:
            table.table_direction = WD_TABLE_DIRECTION.RTL
        for cell, column in zip(table.rows[0].cells, shown.columns, strict=True):
            _say(cell, f"{column.name} · {column.standing}", column.language, column.rtl,
                 bold=True, paragraph=cell.paragraphs[0])
        for row in shown.rows:
            if row.proposed_by:
                merged = table.add_row().cells
                whole = merged[0].merge(merged[-1])
                _say(whole, row.proposed_by, reader, reader_rtl, italic=True, size=9,
                     paragraph=whole.paragraphs[0])
            cells = table.add_row().cells
            for cell, wording in zip(cells, row.wordings, strict=True):
                _wording_docx(cell, row.number, wording, paragraph=cell.paragraphs[0])
    else:
        column = shown.columns[0]
        _say(document, column.standing, column.language, column.rtl, italic=True)
        for row in shown.rows:
            _wording_docx(document, row.number, row.wordings[0])
            if row.proposed_by:
                _say(document, row.proposed_by, reader, reader_rtl, italic=True, size=9)

    if shown.signatures:
        _say(document, shown.labels["signatures"], reader, reader_rtl, bold=True, size=13)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        if reader_rtl:
            table.table_direction = WD_TABLE_DIRECTION.RTL
        heads = (shown.labels["party"], shown.labels["name"], shown.labels["signed_on"])
        for cell, head in zip(table.rows[0].cells, heads, strict=True):
            _say(cell, head, reader, reader_rtl, bold=True, paragraph=cell.paragraphs[0])
        for line in shown.signatures:
            for cell, value in zip(table.add_row().cells, (line.party, line.name, line.signed_on),
                                   strict=True):
                _say(cell, value, reader, _looks_rtl(value, reader_rtl),
                     paragraph=cell.paragraphs[0])
    digest = _say(document, f"{shown.digest_label}: ", reader, reader_rtl, size=9)
    _run(digest, _isolated(shown.digest, reader_rtl), reader, reader_rtl).font.size = Pt(9)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _looks_rtl(text: str, default: bool) -> bool:
    """Whether a name of unknown language starts in Arabic script (HTML's dir="auto", roughly)."""
    for char in text:
        if "\u0590" <= char <= "\u08ff" or "\ufb1d" <= char <= "\ufeff":
            return True
        if char.isalpha():
            return False
    return default
