"""Builders for paper score-sheet tests: a judge's exported sheet filled in with given rows."""

from io import BytesIO

from openpyxl import load_workbook

from scoring.paper import HEADER_ROW, export_workbook

#: Columns of the export for ``RuleSetFactory``'s four sub-criteria (English source strings).
HEADERS = [
    "Dossier code", "Product or candidate name", "1.1 (max 30)", "1.2 (max 30)",
    "2.1 (max 20)", "2.2 (max 20)", "Comment",
]  # fmt: skip
FIRST = HEADER_ROW + 1


def filled_sheet(member, rows):
    """Export ``member``'s sheet, clear its data rows and write ``rows`` (lists from column A)."""
    workbook = load_workbook(BytesIO(export_workbook(member=member)))
    sheet = workbook.worksheets[0]
    for offset in range(sheet.max_row - HEADER_ROW):
        for column in range(1, len(HEADERS) + 1):
            sheet.cell(row=FIRST + offset, column=column).value = None
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=FIRST + offset, column=column, value=value)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def paper_row(dossier, points=(25, 20.5, 15, 10.25), comment="Đẹp, tinh xảo"):
    """One filled row: code, name, the four points (total 70.75) and a comment."""
    return [dossier.code, dossier.title, *points, comment]
