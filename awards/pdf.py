"""Shared building blocks for the official PDF documents (reportlab + bundled Noto fonts).

The standard PDF fonts (Helvetica, Times) have no Vietnamese glyphs, so every style here
uses the Noto families bundled in ``awards/fonts`` (SIL OFL), registered once on first use.
Text drawn through ``para`` is NFC-normalised and XML-escaped, so data typed by people
("Gốm & Sứ <Biên Hòa>") can never break the Paragraph markup.

The page follows the layout of Decree 30/2020/NĐ-CP approximately: A4 portrait, 30 mm left
margin, 20 mm elsewhere, the issuing body and the national motto side by side at the top.
"""

import datetime
import threading
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from django.utils import timezone
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from awards.text import nfc

FONT_DIR = Path(__file__).resolve().parent / "fonts"

SANS = "NotoSans"
SERIF = "NotoSerif"
_FONT_FILES = {
    SANS: "NotoSans-Regular.ttf",
    f"{SANS}-Bold": "NotoSans-Bold.ttf",
    f"{SANS}-Italic": "NotoSans-Italic.ttf",
    f"{SANS}-BoldItalic": "NotoSans-BoldItalic.ttf",
    SERIF: "NotoSerif-Regular.ttf",
    f"{SERIF}-Bold": "NotoSerif-Bold.ttf",
    f"{SERIF}-Italic": "NotoSerif-Italic.ttf",
}
# NotoSerif ships without a bold italic here: <b><i> in serif text falls back to bold.
_FAMILIES = {
    SANS: (SANS, f"{SANS}-Bold", f"{SANS}-Italic", f"{SANS}-BoldItalic"),
    SERIF: (SERIF, f"{SERIF}-Bold", f"{SERIF}-Italic", f"{SERIF}-Bold"),
}

#: Official documents are dated in Vietnam's time, whatever zone a request activated.
DOCUMENT_TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")

PAGE_SIZE = A4
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
#: Width between the margins (160 mm on A4).
CONTENT_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT

# Fixed texts of the official layout: document content in Vietnamese, not UI strings.
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
PAGE_LABEL = "Trang"

_registered = False
_lock = threading.Lock()


def register_fonts():
    """Register the Noto fonts and their bold/italic families once (safe to call often)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, file in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
        for family, (normal, bold, italic, bold_italic) in _FAMILIES.items():
            pdfmetrics.registerFontFamily(
                family, normal=normal, bold=bold, italic=italic, boldItalic=bold_italic
            )
        _registered = True


# --- styles ---------------------------------------------------------------------------------

_styles = None


def styles():
    """The shared paragraph styles, by name (built once, after the fonts are registered)."""
    global _styles
    if _styles is None:
        register_fonts()
        _styles = _build_styles()
    return _styles


def _build_styles():
    def style(name, **kwargs):
        kwargs.setdefault("fontName", SERIF)
        kwargs.setdefault("fontSize", 12)
        kwargs.setdefault("leading", kwargs["fontSize"] * 1.3)
        return ParagraphStyle(name, **kwargs)

    return {
        "title": style("title", fontName=f"{SERIF}-Bold", fontSize=14, alignment=TA_CENTER,
                       spaceBefore=6 * mm, spaceAfter=4 * mm),
        "subtitle": style("subtitle", fontName=f"{SERIF}-Bold", alignment=TA_CENTER,
                          spaceAfter=3 * mm),
        "normal": style("normal", spaceAfter=1.5 * mm),
        "label": style("label", fontName=f"{SERIF}-Bold"),
        "note": style("note", fontName=f"{SERIF}-Italic", fontSize=10),
        "small": style("small", fontName=SANS, fontSize=9),
        "table_header": style("table_header", fontName=f"{SANS}-Bold", fontSize=9,
                              alignment=TA_CENTER),
        "table_cell": style("table_cell", fontName=SANS, fontSize=9),
        "table_cell_center": style("table_cell_center", fontName=SANS, fontSize=9,
                                   alignment=TA_CENTER),
        "table_cell_right": style("table_cell_right", fontName=SANS, fontSize=9,
                                  alignment=TA_RIGHT),
        # file names and the like: long words without spaces may break anywhere
        "table_cell_code": style("table_cell_code", fontName=SANS, fontSize=8,
                                 wordWrap="CJK"),
        "checksum": style("checksum", fontName=SANS, fontSize=6.5, leading=8, wordWrap="CJK"),
        "header_body": style("header_body", fontName=f"{SERIF}-Bold", alignment=TA_CENTER,
                             leading=15),
        "header_number": style("header_number", alignment=TA_CENTER, fontSize=12),
        "header_nation": style("header_nation", fontName=f"{SERIF}-Bold", alignment=TA_CENTER,
                               leading=15),
        "header_motto": style("header_motto", fontName=f"{SERIF}-Bold", fontSize=13,
                              alignment=TA_CENTER),
        "header_date": style("header_date", fontName=f"{SERIF}-Italic", alignment=TA_CENTER),
    }  # fmt: skip


# --- text -----------------------------------------------------------------------------------


def clean(value):
    """Text for a PDF: ``str`` of the value, NFC-normalised, trimmed; None becomes ""."""
    return nfc("" if value is None else str(value))


def para(value, style="normal"):
    """A Paragraph of plain text: NFC, XML-escaped, line breaks kept. ``style`` may be a name."""
    if isinstance(style, str):
        style = styles()[style]
    text = escape(clean(value)).replace("\r\n", "\n").replace("\n", "<br/>")
    return Paragraph(text, style)


def markup(template, style="normal", **values):
    """A Paragraph from trusted markup (``<b>``, ``<i>``) with escaped, NFC ``{values}``."""
    if isinstance(style, str):
        style = styles()[style]
    safe = {key: escape(clean(value)) for key, value in values.items()}
    return Paragraph(nfc(template).format(**safe), style)


# --- formats --------------------------------------------------------------------------------


def local(value):
    """An aware datetime in Vietnam's time; naive values are taken as already local."""
    if timezone.is_naive(value):
        return value
    return timezone.localtime(value, DOCUMENT_TIMEZONE)


def format_date(value):
    """dd/mm/yyyy for a date or datetime (datetimes in Vietnam's time); "" for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = local(value).date()
    return f"{value:%d/%m/%Y}"


def format_datetime(value):
    """HH:MM dd/mm/yyyy in Vietnam's time; "" for None."""
    if value is None:
        return ""
    return f"{local(value):%H:%M %d/%m/%Y}"


def format_number(value, decimals=0):
    """Vietnamese separators: 1234567 -> "1.234.567"; 1234.5 with decimals=1 -> "1.234,5"."""
    if value is None:
        return ""
    text = f"{Decimal(str(value)):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_file_size(size):
    """A byte count for people: "512 B", "12,3 KB", "1,5 MB" (1 KB = 1024 bytes)."""
    if size is None:
        return ""
    if size < 1024:
        return f"{format_number(size)} B"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{format_number(size, 1)} {unit}"
    raise AssertionError("unreachable")


def date_line(place, date):
    """ "Đồng Nai, ngày 22 tháng 11 năm 2026" as Decree 30/2020 writes it.

    Days below 10 and months below 3 take a leading zero ("ngày 05 tháng 02"). Without a
    date the line is left with blanks to be filled in by hand.
    """
    if date is None:
        line = "ngày      tháng      năm      "
    else:
        if isinstance(date, datetime.datetime):
            date = local(date).date()
        month = f"{date.month:02d}" if date.month < 3 else str(date.month)
        line = f"ngày {date.day:02d} tháng {month} năm {date.year}"
    place = clean(place)
    return f"{place}, {line}" if place else line[0].upper() + line[1:]


# --- layout blocks --------------------------------------------------------------------------


def _rule(text, style, ratio):
    """A centred line under ``text``, ``ratio`` of the text's width."""
    width = pdfmetrics.stringWidth(clean(text), style.fontName, style.fontSize) * ratio
    return HRFlowable(width=width, thickness=0.6, color="black", hAlign="CENTER",
                      spaceBefore=0.5 * mm, spaceAfter=1.5 * mm)  # fmt: skip


def official_header(*, issuing_body_lines, number_line, place, date):
    """The top block of an official document, as flowables.

    Left column: the issuing body lines (bold, centred, a short rule below) and the number
    line ("Số: 12/QĐ-UBND", or any identifier; omitted when empty). Right column: the
    national name and motto (a rule below as wide as the motto), and the italic
    "place, ngày … tháng … năm …" line level with the number line.
    """
    s = styles()
    body_lines = [clean(line) for line in issuing_body_lines if clean(line)]
    left = [para(line, s["header_body"]) for line in body_lines]
    if body_lines:
        left.append(_rule(max(body_lines, key=len), s["header_body"], 0.4))
    right = [
        para(NATIONAL_NAME, s["header_nation"]),
        para(NATIONAL_MOTTO, s["header_motto"]),
        _rule(NATIONAL_MOTTO, s["header_motto"], 1.0),
    ]
    number = para(number_line, s["header_number"]) if clean(number_line) else ""
    dated = para(date_line(place, date), s["header_date"])
    left_width = 62 * mm
    table = Table(
        [[left, right], [number, dated]],
        colWidths=[left_width, CONTENT_WIDTH - left_width],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # centres the rules under the text
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm),
            ]
        )
    )
    return [table, Spacer(1, 4 * mm)]


def facts_table(rows, *, label_width=60 * mm):
    """A borderless two-column table of (label, value) pairs; values may be flowables."""
    s = styles()
    data = [
        [para(label, s["label"]), value if not isinstance(value, str) else para(value)]
        for label, value in rows
    ]
    table = Table(data, colWidths=[label_width, CONTENT_WIDTH - label_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5 * mm),
            ]
        )
    )
    return table


def grid_table(header, rows, *, col_widths):
    """A ruled table with a bold repeated header row; cells are strings or flowables."""
    s = styles()
    data = [[para(cell, s["table_header"]) for cell in header]]
    data += [
        [para(cell, s["table_cell"]) if isinstance(cell, str) else cell for cell in row]
        for row in rows
    ]
    table = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("VALIGN", (0, 1), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm),
            ]
        )
    )
    return table


# --- the document ---------------------------------------------------------------------------


def _draw_footer(canvas, doc):
    canvas.saveState()
    canvas.setFont(SANS, 9)
    canvas.drawCentredString(
        MARGIN_LEFT + CONTENT_WIDTH / 2, MARGIN_BOTTOM / 2, f"{PAGE_LABEL} {doc.page}"
    )
    canvas.restoreState()


def build_pdf(flowables, *, title, author="VinhDanh"):
    """Lay ``flowables`` out on A4 pages with "Trang N" footers and return the PDF bytes."""
    register_fonts()
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=clean(title),
        author=clean(author),
        creator="VinhDanh",
        lang="vi",
        # the canvas would otherwise start every page in Helvetica (no Vietnamese glyphs)
        initialFontName=SERIF,
        initialFontSize=12,
    )
    doc.build(list(flowables), onFirstPage=_draw_footer, onLaterPages=_draw_footer)
    return buffer.getvalue()
