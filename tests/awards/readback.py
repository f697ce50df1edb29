"""Read generated files back: PDF text (pypdf, NFC) and xlsx cells (openpyxl)."""

import unicodedata
from io import BytesIO

from openpyxl import load_workbook
from pypdf import PdfReader


def pdf_text(data):
    reader = PdfReader(BytesIO(data))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


def squeezed(text):
    """Without any whitespace: long tokens (hashes, URLs) may be wrapped across lines."""
    return "".join(text.split())


def xlsx_cells(data):
    """Every non-empty cell value of the first sheet, row by row."""
    book = load_workbook(BytesIO(data), read_only=True)
    sheet = book.worksheets[0]
    rows = [[c for c in row if c not in (None, "")] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def xlsx_text(data):
    return unicodedata.normalize(
        "NFC", "\n".join(" | ".join(str(c) for c in row) for row in xlsx_cells(data))
    )
