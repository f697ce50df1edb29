"""Formatted spreadsheets (openpyxl) for officials: headers in the active language,
dates dd/mm/yyyy, sized columns and a frozen header row."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from awards.enums import DossierState, ProductGroup, Title

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd/mm/yyyy"
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")


def _local_date(value):
    """Excel has no time zones: the local calendar date of an aware datetime."""
    return timezone.localdate(value) if value else None


def _labels(choices):
    """value -> label in the active language, resolved once per export (not once per row)."""
    return {value: str(label) for value, label in choices.choices}


def intake_columns(award_round):
    """(header, width, value of a dossier, is a date) for the intake list."""
    applicant = _("Candidate") if award_round.is_artisan else _("Facility")
    titles, groups, states = _labels(Title), _labels(ProductGroup), _labels(DossierState)
    category = (
        (_("Title applied for"), 26, lambda d: titles.get(d.title_sought, d.title_sought), False)
        if award_round.is_artisan
        else (_("Product group"), 34, lambda d: groups.get(d.product_group, d.product_group), False)
    )

    def commune(dossier):
        applicant = dossier.applicant
        return applicant.unit.name if applicant is not None and applicant.unit_id else ""

    return [
        (_("Dossier code"), 14, lambda d: d.code, False),
        (_("Product or candidate name"), 40, lambda d: d.title, False),
        category,
        (applicant, 34, lambda d: str(d.applicant) if d.applicant else "", False),
        (_("Commune or ward"), 24, commune, False),
        (_("State"), 22, lambda d: states.get(d.state, d.state), False),
        (_("First submitted"), 14, lambda d: _local_date(d.submitted_at), True),
        (_("Last submitted"), 14, lambda d: _local_date(d.last_submitted_at), True),
        (_("Supplement deadline"), 14, lambda d: _local_date(d.supplement_deadline), True),
        (_("Paper set received"), 14, lambda d: _local_date(d.paper_received_at), True),
    ]


#: The columns the intake list reads (the big text fields stay in the database).
INTAKE_FIELDS = (
    "code", "title", "product_group", "title_sought", "state", "submitted_at",
    "last_submitted_at", "supplement_deadline", "paper_received_at", "facility__name",
    "facility__unit__name", "artisan__full_name", "artisan__unit__name",
)  # fmt: skip


def _header_cell(sheet, text):
    cell = WriteOnlyCell(sheet, value=str(text))
    cell.font = Font(bold=True)
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    return cell


def intake_workbook(*, award_round, dossiers):
    """The (already filtered and ordered) intake list as xlsx bytes, one row per dossier.

    Columns: a running number, then ``intake_columns``; the header row is bold, shaded,
    frozen and carries an auto-filter; dates are real dates shown dd/mm/yyyy. Written in
    openpyxl's streaming mode, so 10,000 rows take little memory.
    """
    columns = intake_columns(award_round)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(_("Dossiers"))[:31])
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = 6
    for index, (_header, width, _value, _is_date) in enumerate(columns, start=2):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_header_cell(sheet, _("No."))] + [_header_cell(sheet, h) for h, *_r in columns])
    count = 0
    rows = dossiers.only(*INTAKE_FIELDS).iterator(chunk_size=2000)
    for count, dossier in enumerate(rows, start=1):
        row = [count]
        for _header, _width, value, is_date in columns:
            if is_date:
                cell = WriteOnlyCell(sheet, value=value(dossier))
                cell.number_format = DATE_FORMAT
                row.append(cell)
            else:
                row.append(value(dossier))
        sheet.append(row)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns) + 1)}{count + 1}"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
