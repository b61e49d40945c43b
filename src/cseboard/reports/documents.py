"""Marked documents as plain blocks, rendered to DOCX (python-docx) and PDF (fpdf2)."""

# Reports describe their content once (headings, paragraphs, lists, tables) and get both formats
# with the protective marking in the header and footer of every page. Record text is only ever
# written as text runs: nothing is interpreted as markup, HTML or a field.

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode, XPos, YPos

from cseboard.models.values import LONDON

__all__ = [
    "FILLS",
    "Block",
    "Bullets",
    "Cell",
    "Document",
    "Heading",
    "Image",
    "Paragraph",
    "Table",
    "render_docx",
    "render_pdf",
    "uk_date",
    "uk_time",
]

FILLS: dict[str, str] = {
    "red": "F4B6B6",
    "amber": "FFD99A",
    "green": "BFE3C0",
    "grey": "D9D9D9",
    "header": "DCE3EC",
}
"""Cell fills by name (hex RGB). Colours always accompany text: never the only signal."""

_MARKING_RGB = (153, 0, 0)
_DOCX_SIDE_MM = 15.0
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts/dejavu"),
)


def uk_time(moment: datetime | None, *, empty: str = "") -> str:
    """UK wall-clock time as partners read it, e.g. ``03/10/2026 21:15``."""
    return moment.astimezone(LONDON).strftime("%d/%m/%Y %H:%M") if moment else empty


def uk_date(moment: datetime | None, *, empty: str = "") -> str:
    """UK calendar day, e.g. ``03/10/2026``."""
    return moment.astimezone(LONDON).strftime("%d/%m/%Y") if moment else empty


@dataclass(frozen=True)
class Cell:
    """A table cell with an optional named fill (see :data:`FILLS`) and bold text."""

    text: str
    fill: str | None = None
    bold: bool = False


@dataclass(frozen=True)
class Heading:
    text: str
    level: Literal[1, 2] = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``note`` is small grey text for handling notes and explanations."""

    text: str
    style: Literal["normal", "note", "strong"] = "normal"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    """Rows of text cells under a header row; ``widths`` are relative column widths.

    ``empty`` is printed instead of the table when there are no rows, so a reader can tell
    "nothing to report" from a missing section.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str | Cell, ...], ...]
    widths: tuple[float, ...] | None = None
    empty: str = "None."


@dataclass(frozen=True)
class Image:
    """A picture (PNG bytes) across the text width, with a caption under it.

    A picture taller than a page is scaled down to fit one; it never splits across pages.
    """

    png: bytes
    caption: str = ""


Block = Heading | Paragraph | Bullets | Table | Image


@dataclass(frozen=True)
class Document:
    """A marked document: title, optional subtitle lines, blocks; landscape for wide tables."""

    title: str
    marking: str
    blocks: tuple[Block, ...]
    subtitle: tuple[str, ...] = ()
    footer_note: str = ""
    landscape: bool = False
    meta: dict[str, str] = field(default_factory=dict)


def _clean(text: object) -> str:
    """Text safe for XML and PDF writers: control characters dropped, never interpreted."""
    return _XML_UNSAFE.sub("", str(text))


def _cell(value: str | Cell) -> Cell:
    return value if isinstance(value, Cell) else Cell(value)


def _widths(table: Table, total: float) -> list[float]:
    weights = list(table.widths or (1.0,) * len(table.columns))
    scale = total / sum(weights)
    return [w * scale for w in weights]


# -- DOCX --------------------------------------------------------------------------------------


def _shade(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _page_field(paragraph: DocxParagraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) so page numbers are right however the pack reflows."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def _marking_paragraph(paragraph: DocxParagraph, marking: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(marking)
    run.bold = True
    run.font.size = Pt(10)
    run.font.color.rgb = RGBColor(*_MARKING_RGB)


def render_docx(doc: Document) -> bytes:
    """The document as a .docx file, marked in the header and footer of every page."""
    word = new_docx()
    section = word.sections[0]
    page_mm = (297.0, 210.0) if doc.landscape else (210.0, 297.0)
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(page_mm[0]), Mm(page_mm[1])
    section.left_margin = section.right_margin = Mm(_DOCX_SIDE_MM)
    section.top_margin = section.bottom_margin = Mm(18)
    section.different_first_page_header_footer = False
    _marking_paragraph(section.header.paragraphs[0], doc.marking)
    footer = section.footer.paragraphs[0]
    _marking_paragraph(footer, doc.marking)
    note = footer.add_run(
        f"   {_clean(doc.footer_note)}   Page " if doc.footer_note else "   Page "
    )
    note.font.size = Pt(8)
    _page_field(footer, "PAGE")
    footer.add_run(" of ").font.size = Pt(8)
    _page_field(footer, "NUMPAGES")

    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    properties = word.core_properties
    properties.title = _clean(doc.title)
    properties.subject = doc.marking
    properties.keywords = doc.marking
    for key, value in doc.meta.items():
        if key == "author":
            properties.author = _clean(value)

    word.add_heading(_clean(doc.title), level=0)
    for line in doc.subtitle:
        word.add_paragraph(_clean(line))
    usable = page_mm[0] - 2 * _DOCX_SIDE_MM
    for block in doc.blocks:
        if isinstance(block, Heading):
            word.add_heading(_clean(block.text), level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph()
            run = paragraph.add_run(_clean(block.text))
            if block.style == "strong":
                run.bold = True
            elif block.style == "note":
                run.font.size = Pt(8.5)
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        elif isinstance(block, Bullets):
            style = "List Number" if block.numbered else "List Bullet"
            for item in block.items:
                word.add_paragraph(_clean(item), style=style)
        elif isinstance(block, Image):
            _docx_image(word, block, usable, page_mm[1] - 2 * 18.0 - 20.0)
        else:
            _docx_table(word, block, usable)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _fit(png: bytes, width: float, height: float) -> tuple[float, float]:
    """The picture's size (same units as the box) to fill ``width``, within ``height``."""
    from PIL import Image as PillowImage

    with PillowImage.open(io.BytesIO(png)) as picture:
        pixels_w, pixels_h = picture.size
    scaled = width * pixels_h / max(pixels_w, 1)
    if scaled <= height:
        return width, scaled
    return height * pixels_w / max(pixels_h, 1), height


def _docx_image(word: object, image: Image, usable_mm: float, height_mm: float) -> None:
    from docx.document import Document as DocxDocument

    assert isinstance(word, DocxDocument)
    width, _ = _fit(image.png, usable_mm, height_mm)
    word.add_picture(io.BytesIO(image.png), width=Mm(width))
    if image.caption:
        run = word.add_paragraph().add_run(_clean(image.caption))
        run.font.size = Pt(8.5)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _docx_table(word: object, table: Table, usable_mm: float) -> None:
    from docx.document import Document as DocxDocument

    assert isinstance(word, DocxDocument)
    if not table.rows:
        word.add_paragraph(_clean(table.empty))
        return
    grid = word.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.autofit = False
    widths = [Mm(w) for w in _widths(table, usable_mm)]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width  # the grid widths (LibreOffice reads these; Word the cells')
    for i, title in enumerate(table.columns):
        cell = grid.rows[0].cells[i]
        cell.width = widths[i]
        run = cell.paragraphs[0].add_run(_clean(title))
        run.bold = True
        run.font.size = Pt(9)
        _shade(cell, FILLS["header"])
    for row in table.rows:
        cells = grid.add_row().cells
        for i, value in enumerate(row):
            item = _cell(value)
            cells[i].width = widths[i]
            run = cells[i].paragraphs[0].add_run(_clean(item.text))
            run.font.size = Pt(9)
            run.bold = item.bold
            if item.fill:
                _shade(cells[i], FILLS.get(item.fill, item.fill))
    # Repeat the header row on every page the table spans.
    header_properties = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_properties.append(repeat)
    word.add_paragraph()


# -- PDF ---------------------------------------------------------------------------------------


def _unicode_font() -> tuple[Path, Path] | None:
    """DejaVu Sans (regular, bold) when the machine has it: names in any Latin script."""
    for folder in _FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


_FALLBACK = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "*",
        "\u0141": "L",
        "\u0142": "l",
        "\u0110": "D",
        "\u0111": "d",
        "\u0131": "i",
        "\u0152": "OE",
        "\u0153": "oe",
    }
)


def _latin1(text: str) -> str:
    """For the built-in PDF fonts (Latin-1 only): transliterate, then replace what is left."""
    text = text.translate(_FALLBACK)
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)


class _Pdf(FPDF):
    def __init__(self, doc: Document) -> None:
        super().__init__(orientation="L" if doc.landscape else "P", unit="mm", format="A4")
        self.doc = doc
        fonts = _unicode_font()
        if fonts is not None:
            self.add_font("body", "", str(fonts[0]))
            self.add_font("body", "B", str(fonts[1]))
            self.body_font = "body"
            self.latin_only = False
        else:
            self.body_font = "helvetica"
            self.latin_only = True
        self.set_margins(15, 18, 15)
        self.set_auto_page_break(True, margin=18)
        self.set_title(self.safe(doc.title))
        self.set_subject(doc.marking)
        self.set_keywords(doc.marking)
        self.set_creator("cseboard")
        if "author" in doc.meta:
            self.set_author(self.safe(doc.meta["author"]))

    def safe(self, value: object) -> str:
        cleaned = _clean(value)
        return _latin1(cleaned) if self.latin_only else cleaned

    def lines(self, width: float, height: float, text: str) -> None:
        """Left-aligned wrapped text (record text is never justified or parsed as markup)."""
        self.multi_cell(
            width, height, self.safe(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def header(self) -> None:
        self.set_font(self.body_font, "B", 10)
        self.set_text_color(*_MARKING_RGB)
        self.set_y(7)
        self.cell(0, 5, self.doc.marking, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_y(18)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(self.body_font, "B", 10)
        self.set_text_color(*_MARKING_RGB)
        self.cell(0, 5, self.doc.marking, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(self.body_font, "", 7.5)
        self.set_text_color(90, 90, 90)
        note = f"{self.safe(self.doc.footer_note)}   " if self.doc.footer_note else ""
        self.cell(0, 4, f"{note}Page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _rgb(fill: str) -> tuple[int, int, int]:
    value = FILLS.get(fill, fill)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def render_pdf(doc: Document) -> bytes:
    """The document as a PDF (A4), marked in the header and footer of every page."""
    pdf = _Pdf(doc)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font(pdf.body_font, "B", 16)
    pdf.lines(width, 8, doc.title)
    pdf.set_font(pdf.body_font, "", 9.5)
    for line in doc.subtitle:
        pdf.lines(width, 5, line)
    pdf.ln(2)
    for block in doc.blocks:
        if isinstance(block, Heading):
            size: float = 13 if block.level == 1 else 11
            # Keep a heading with the start of what follows it (no orphan at a page foot).
            if pdf.will_page_break(40 if block.level == 1 else 28):
                pdf.add_page()
            pdf.ln(3 if block.level == 1 else 1.5)
            pdf.set_font(pdf.body_font, "B", size)
            pdf.set_text_color(31, 56, 100)
            pdf.lines(width, size * 0.5, block.text)
            pdf.set_text_color(0, 0, 0)
            pdf.ln(1)
        elif isinstance(block, Paragraph):
            style = "B" if block.style == "strong" else ""
            size = 8.0 if block.style == "note" else 9.5
            pdf.set_font(pdf.body_font, style, size)
            if block.style == "note":
                pdf.set_text_color(85, 85, 85)
            pdf.lines(width, size * 0.5, block.text)
            pdf.set_text_color(0, 0, 0)
            pdf.ln(1.5)
        elif isinstance(block, Bullets):
            pdf.set_font(pdf.body_font, "", 9.5)
            for n, item in enumerate(block.items, start=1):
                mark = f"{n}." if block.numbered else "-"
                pdf.cell(7, 5, mark)
                pdf.lines(width - 7, 5, item)
            pdf.ln(1.5)
        elif isinstance(block, Image):
            _pdf_image(pdf, block, width)
        else:
            _pdf_table(pdf, block, width)
    return bytes(pdf.output())


def _pdf_image(pdf: _Pdf, image: Image, width: float) -> None:
    w, h = _fit(image.png, width, pdf.eph - 12)
    if pdf.will_page_break(h + 8):
        pdf.add_page()
    pdf.image(io.BytesIO(image.png), w=w, h=h)
    if image.caption:
        pdf.set_font(pdf.body_font, "", 8.0)
        pdf.set_text_color(85, 85, 85)
        pdf.lines(width, 4, image.caption)
        pdf.set_text_color(0, 0, 0)
    pdf.ln(2)


def _pdf_table(pdf: _Pdf, table: Table, width: float) -> None:
    pdf.set_font(pdf.body_font, "", 8.5)
    if not table.rows:
        pdf.lines(width, 5, table.empty)
        pdf.ln(1.5)
        return
    headings = FontFace(emphasis="BOLD", fill_color=_rgb("header"))
    with pdf.table(
        col_widths=tuple(_widths(table, width)),
        width=width,
        align="LEFT",
        text_align="LEFT",
        line_height=4.2,
        headings_style=headings,
        cell_fill_mode=TableCellFillMode.NONE,
        repeat_headings=1,
        padding=1,
    ) as grid:
        header = grid.row()
        for title in table.columns:
            header.cell(pdf.safe(title))
        for values in table.rows:
            row = grid.row()
            for value in values:
                item = _cell(value)
                style = None
                if item.fill or item.bold:
                    style = FontFace(
                        emphasis="BOLD" if item.bold else None,
                        fill_color=_rgb(item.fill) if item.fill else None,
                    )
                row.cell(pdf.safe(item.text), style=style)
    pdf.ln(3)
