"""Formatted spreadsheets (openpyxl) for officials: headers in the active language,
dates dd/mm/yyyy, sized columns and a frozen header row."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from awards.enums import DossierState, ProductGroup, Title

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd/mm/yyyy"
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")


def _local_date(value):
    """Excel has no time zones: the local calendar date of an aware datetime."""
    return timezone.localdate(value) if value else None


def _label(choices, value):
    return str(choices(value).label) if value in choices.values else value


def intake_columns(award_round):
    """(header, width, value of a dossier, is a date) for the intake list."""
    applicant = _("Candidate") if award_round.is_artisan else _("Facility")
    category = (
        (_("Title applied for"), 26, lambda d: _label(Title, d.title_sought), False)
        if award_round.is_artisan
        else (_("Product group"), 34, lambda d: _label(ProductGroup, d.product_group), False)
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
        (_("State"), 22, lambda d: _label(DossierState, d.state), False),
        (_("First submitted"), 14, lambda d: _local_date(d.submitted_at), True),
        (_("Last submitted"), 14, lambda d: _local_date(d.last_submitted_at), True),
        (_("Supplement deadline"), 14, lambda d: _local_date(d.supplement_deadline), True),
        (_("Paper set received"), 14, lambda d: _local_date(d.paper_received_at), True),
    ]


def intake_workbook(*, award_round, dossiers):
    """The (already filtered and ordered) intake list as xlsx bytes, one row per dossier.

    Columns: a running number, then ``intake_columns``; the header row is bold, shaded,
    frozen and carries an auto-filter; dates are real dates shown dd/mm/yyyy.
    """
    columns = intake_columns(award_round)
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Dossiers"))[:31]
    sheet.append([str(_("No."))] + [str(header) for header, *_rest in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    sheet.column_dimensions["A"].width = 6
    date_columns = []
    for index, (_header, width, _value, is_date) in enumerate(columns, start=2):
        sheet.column_dimensions[get_column_letter(index)].width = width
        if is_date:
            date_columns.append(index)
    for number, dossier in enumerate(dossiers.iterator(chunk_size=2000), start=1):
        sheet.append([number] + [value(dossier) for _header, _width, value, _d in columns])
        for index in date_columns:
            sheet.cell(row=number + 1, column=index).number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
