"""Bulk import and export of a round's product dossiers, and of administrative units.

The secretariat downloads a template, fills one row per product, uploads it, looks at a
dry-run preview (every problem named by sheet row and column) and confirms; the confirmed
write is all or nothing. A row may name a facility that is not registered yet: it is
created from the row's facility columns (name, type, commune code, representative).

The file checks and the upload stash live in ``awards.import_files``, the resources in
``awards.import_resources``; this module runs them and builds the template and the export.
"""

import datetime
import io
from dataclasses import dataclass, field

import openpyxl
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext as _
from import_export.formats.base_formats import XLSX
from import_export.results import RowResult
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from awards.enums import LOCAL_KINDS, FacilityType, ProductGroup
from awards.import_files import MAX_CELL_CHARS, ImportFileError, Problem, read_workbook
from awards.import_resources import (
    UNIT_VI_HEADERS,
    VI_HEADERS,
    RoundDossierResource,
    UnitResourceWithVietnameseHeaders,
)
from awards.models import AdminUnit, Dossier, RoundEvent
from awards.resources import _plain


@dataclass
class PreviewRow:
    number: int
    kind: str  # RowResult.IMPORT_TYPE_*
    code: str
    cells: list  # (header, value) pairs


@dataclass
class ImportReport:
    headers: list
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    written: bool = False

    @property
    def ok(self):
        return not self.problems

    @property
    def new(self):
        return self.totals.get(RowResult.IMPORT_TYPE_NEW, 0)

    @property
    def updated(self):
        return self.totals.get(RowResult.IMPORT_TYPE_UPDATE, 0)

    @property
    def unchanged(self):
        return self.totals.get(RowResult.IMPORT_TYPE_SKIP, 0)

    @property
    def bad_rows(self):
        return len({p.row for p in self.problems if p.row})


# --- running an import ----------------------------------------------------------------------


def _problems(result, resource, sheet_rows):
    columns = {}
    for name, resource_field in resource.fields.items():
        columns[name] = resource_field.column_name
        if resource_field.attribute:
            columns[resource_field.attribute] = resource_field.column_name

    def sheet_row(number):
        return sheet_rows[number - 1] if 0 < number <= len(sheet_rows) else number + 1

    problems = [Problem(None, "", str(error.error)) for error in result.base_errors]
    for invalid in result.invalid_rows:
        for key, messages in invalid.error_dict.items():
            column = "" if key == NON_FIELD_ERRORS else columns.get(key, key)
            for message in messages:
                problems.append(Problem(sheet_row(invalid.number), column, str(message)))
    for failed in result.error_rows:
        for error in failed.errors:
            problems.append(Problem(sheet_row(failed.number), "", str(error.error)))
    return sorted(problems, key=lambda p: (p.row or 0, p.column))


def _unknown_headers(dataset, resource):
    known = {f.column_name for f in resource.fields.values()}
    return [
        _("The column “%(header)s” is not recognised and is ignored.") % {"header": header}
        for header in dataset.headers
        if header and header not in known
    ]


def _run(resource, dataset, sheet_rows, *, dry_run):
    headers = [f.column_name for f in resource.get_import_fields() if not f.readonly]
    result = resource.import_data(
        dataset, dry_run=dry_run, raise_errors=False, retain_instance_in_row_result=True
    )
    report = ImportReport(headers=headers, totals=dict(result.totals))
    report.problems = _problems(result, resource, sheet_rows)
    report.warnings = _unknown_headers(dataset, resource)
    previews = []
    for index, row_result in enumerate(result.rows):
        if row_result.import_type in (RowResult.IMPORT_TYPE_ERROR, RowResult.IMPORT_TYPE_INVALID):
            continue
        values = dict(zip(dataset.headers, dataset[index], strict=False))
        instance = row_result.instance
        previews.append(
            PreviewRow(
                number=sheet_rows[index] if index < len(sheet_rows) else index + 2,
                kind=row_result.import_type,
                code=getattr(instance, "code", "") if instance is not None else "",
                cells=[(h, _plain(values.get(h))) for h in headers],
            )
        )
    # show only the columns the file fills in: a template has many optional ones
    filled = [i for i, h in enumerate(headers) if any(p.cells[i][1] for p in previews)]
    report.headers = [headers[i] for i in filled]
    for preview in previews:
        preview.cells = [preview.cells[i] for i in filled]
    report.rows = previews
    report.written = not dry_run and report.ok
    return report


def _read(data):
    try:
        return read_workbook(data), None
    except ImportFileError as error:
        problems = error.problems or [Problem(None, "", error.message)]
        if error.problems:
            problems = [Problem(None, "", error.message), *error.problems]
        return (None, None), ImportReport(headers=[], problems=problems)


def import_dossiers(*, award_round, data, by, dry_run):
    """Check (``dry_run``) or write the dossiers of an uploaded .xlsx into ``award_round``.

    1. Read and pre-check the file (size, rows, cell length) without touching the database.
    2. Run the round's resource: all rows, or nothing when any row has a problem.
    3. On a real write, log it on the round.
    Returns an ``ImportReport``; ``report.written`` tells whether anything was saved.
    """
    if not award_round.is_product:
        message = _("Bulk import is for product rounds; artisans file their own dossiers.")
        return ImportReport(headers=[], problems=[Problem(None, "", message)])
    (dataset, sheet_rows), refused = _read(data)
    if refused:
        return refused
    resource = RoundDossierResource(award_round=award_round, sheet_rows=sheet_rows)
    with transaction.atomic():
        report = _run(resource, dataset, sheet_rows, dry_run=dry_run)
        if report.written:
            RoundEvent.objects.create(
                award_round=award_round, action="dossiers_imported", by=by,
                data={"new": report.new, "updated": report.updated, "rows": len(dataset)},
            )  # fmt: skip
    return report


def import_units(*, data, dry_run):
    """Check or write an uploaded list of administrative units (all or nothing)."""
    (dataset, sheet_rows), refused = _read(data)
    if refused:
        return refused
    resource = UnitResourceWithVietnameseHeaders(sheet_rows=sheet_rows)
    return _run(resource, dataset, sheet_rows, dry_run=dry_run)


# --- template and export --------------------------------------------------------------------

EXAMPLE_ROW = {
    "code": "",
    "title": "Bình gốm men lam Biên Hòa",
    "product_group": "1",
    "facility": "3600123456",
    "facility_name": "Cơ sở Gốm Mỹ Thuật Tân Vạn",
    "facility_type": FacilityType.HOUSEHOLD.value,
    "street_address": "Số 12, khu phố 3",
    "representative": "Nguyễn Văn An",
    "facility_phone": "0912345678",
    "facility_email": "gomtanvan@example.vn",
    "description": "Bình gốm thủ công, men lam truyền thống, cao 40 cm.",
    "raw_materials": "Đất sét Tân Vạn, men tro",
    "annual_revenue": "250.000.000",
    "jobs": 8,
}


def _column_notes():
    return {
        "award_round": _("Code of the round; may be left empty."),
        "code": _("Leave empty for a new dossier: the next free code is given."),
        "title": _("Name of the product or product set (required)."),
        "product_group": _("Product group 1, 2, 3 or 4 (required); see the list below."),
        "facility": _("Business registration or tax number: 10 digits, or 13 for a branch."),
        "facility_name": _("Required when the facility is not registered in the system yet."),
        "facility_type": _("Required for a new facility; see the list below."),
        "commune": _("Code of the commune or ward; required for a new facility; see below."),
        "street_address": _("Optional."),
        "representative": _("Required for a new facility."),
        "facility_phone": _("Optional."),
        "facility_email": _("Optional."),
        "description": _("Optional, at most %(max)d characters.") % {"max": MAX_CELL_CHARS},
        "raw_materials": _("Optional."),
        "annual_revenue": _("In đồng, for example 250.000.000."),
        "jobs": _("A whole number."),
    }


def _bold_row(sheet, row=1):
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def template_columns():
    return [name for name in RoundDossierResource.Meta.fields if name != "state"]


def dossier_template_xlsx(*, award_round):
    """An .xlsx to fill in: Vietnamese headers, one example row, and a sheet explaining
    the columns, the product groups, the facility types and the communes' codes."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Ho so"
    columns = template_columns()
    sheet.append([VI_HEADERS[name] for name in columns])
    example = {**EXAMPLE_ROW, "award_round": award_round.code}
    commune = _communes_for(award_round).first()
    example["commune"] = commune.code if commune else ""
    sheet.append([example.get(name, "") for name in columns])
    _bold_row(sheet)
    for index, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(VI_HEADERS[name]) + 4)
    sheet.freeze_panes = "A2"

    guide = book.create_sheet("Huong dan")
    guide.append([_("Column"), _("What to write")])
    _bold_row(guide)
    notes = _column_notes()
    for name in columns:
        guide.append([VI_HEADERS[name], str(notes.get(name, ""))])
    guide.append([])
    guide.append([_("Product groups"), ""])
    guide.cell(guide.max_row, 1).font = Font(bold=True)
    for value, label in ProductGroup.choices:
        guide.append([value, str(label)])
    guide.append([])
    guide.append([_("Facility types"), ""])
    guide.cell(guide.max_row, 1).font = Font(bold=True)
    for value, label in FacilityType.choices:
        guide.append([value, str(label)])
    guide.append([])
    guide.append([_("Communes and wards (code, name)"), ""])
    guide.cell(guide.max_row, 1).font = Font(bold=True)
    for unit in _communes_for(award_round):
        guide.append([unit.code, unit.name])
    guide.column_dimensions["A"].width = 32
    guide.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _communes_for(award_round):
    """Current communes and wards of the round's province (all of them for other rounds)."""
    units = AdminUnit.objects.current().filter(kind__in=LOCAL_KINDS)
    province = award_round.unit.province if award_round.unit_id else None
    if province is not None:
        units = units.filter(parent=province)
    return units.order_by("name_sort")


def export_dossiers_xlsx(*, award_round):
    """The round's product dossiers as an .xlsx that imports back through the same page."""
    resource = RoundDossierResource(award_round=award_round)
    queryset = (
        Dossier.objects.filter(award_round=award_round)
        .select_related("award_round", "facility__unit")
        .order_by("code")
    )
    dataset = resource.export(queryset=queryset)
    return XLSX().export_data(dataset)


def unit_template_xlsx():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Don vi"
    sheet.append(list(UNIT_VI_HEADERS.values()))
    sheet.append(["75", "Đồng Nai", "province", "", "south", "01/07/2025", "", ""])
    sheet.append(["26041", "Phường Trấn Biên", "ward", "75", "", "01/07/2025", "", ""])
    _bold_row(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_filename(award_round, suffix):
    return f"{award_round.code}-{suffix}-{datetime.date.today():%Y%m%d}.xlsx"
