"""Bulk import and export of a round's product dossiers, and of administrative units.

The secretariat downloads a template, fills one row per product, uploads it, looks at a
dry-run preview (every problem named by sheet row and column) and confirms; the confirmed
write is all or nothing. A row may name a facility that is not registered yet: it is
created from the row's facility columns (name, type, commune code, representative).

Before a file reaches django-import-export it is checked here: a real .xlsx, not too big
once unpacked, not too many rows, and no cell longer than ``MAX_CELL_CHARS`` (a 10 MB cell
is refused at once, naming its row and column, instead of being parsed and validated).
"""

import datetime
import io
import re
import secrets
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields
from import_export.formats.base_formats import XLSX
from import_export.results import RowResult
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from awards.accounts import facility_with_registration_number, normalise_registration_number
from awards.enums import LOCAL_KINDS, FacilityType, ProductGroup
from awards.models import AdminUnit, Dossier, Facility, RoundEvent
from awards.resources import (
    AdminUnitResource,
    ChoiceWidget,
    DossierResource,
    TextWidget,
    _plain,
)
from awards.text import fold

#: Longest text accepted in one cell (a product description fits; a pasted book does not).
MAX_CELL_CHARS = 5000
#: Rows per file; a province's list is a few hundred.
MAX_ROWS = 5000
#: Largest upload, and largest total once the .xlsx (a zip) is unpacked.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
#: Uploaded files wait here between the preview and the confirmation.
STASH_DIR = "tmp/imports"
STASH_MAX_AGE_SECONDS = 24 * 3600
TOKEN_PATTERN = re.compile(r"[0-9a-f]{32}")

#: The template's fixed Vietnamese headers: the exchange format officials fill in, the same
#: whatever the interface language (like the motto block of official documents). Imports
#: also accept the translated column names and the field names.
VI_HEADERS = {
    "award_round": "Mã đợt bình chọn",
    "code": "Mã hồ sơ",
    "title": "Tên sản phẩm",
    "product_group": "Nhóm sản phẩm",
    "facility": "Mã số đăng ký kinh doanh",
    "facility_name": "Tên cơ sở",
    "facility_type": "Loại hình cơ sở",
    "commune": "Mã xã/phường",
    "street_address": "Địa chỉ",
    "representative": "Người đại diện",
    "facility_phone": "Điện thoại",
    "facility_email": "Thư điện tử",
    "description": "Mô tả sản phẩm",
    "raw_materials": "Nguyên liệu và nguồn gốc",
    "annual_revenue": "Doanh thu năm (đồng)",
    "jobs": "Số lao động",
    "state": "Trạng thái",
}
UNIT_VI_HEADERS = {
    "code": "Mã đơn vị",
    "name": "Tên đơn vị",
    "kind": "Loại đơn vị",
    "parent": "Mã đơn vị cấp trên",
    "region": "Vùng",
    "valid_from": "Hiệu lực từ",
    "valid_to": "Hiệu lực đến",
    "successor": "Mã đơn vị kế thừa",
}


class ImportFileError(Exception):
    """The file cannot be read or checked at all; ``problems`` name rows and columns."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.message = str(message)
        self.problems = list(problems)


@dataclass
class Problem:
    row: int | None  # the sheet's row number (the header is row 1); None for the file
    column: str
    message: str


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


# --- reading the file -----------------------------------------------------------------------


def _column_label(headers, index):
    header = _plain(headers[index]) if index < len(headers) else ""
    return header or _("column %(letter)s") % {"letter": get_column_letter(index + 1)}


def read_workbook(data):
    """The first sheet as a dataset without blank rows, and each kept row's sheet number.

    Raises ``ImportFileError`` for a file that is not an .xlsx, is too big, has too many
    rows, or has a cell longer than ``MAX_CELL_CHARS`` (naming every such cell).
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // 2**20}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFileError(_("This is not an Excel file (.xlsx).")) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _("The spreadsheet holds too much data (%(size)d MB once unpacked).")
            % {"size": unpacked // 2**20}
        )
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(
            _("The file could not be read as a spreadsheet: %(error)s") % {"error": error}
        ) from error
    try:
        return _rows_of(book.worksheets[0])
    finally:
        book.close()


def _rows_of(sheet):
    rows = sheet.iter_rows(values_only=True)
    headers = list(next(rows, None) or [])
    while headers and headers[-1] in (None, ""):
        headers.pop()
    if not headers:
        raise ImportFileError(_("The first sheet is empty: the first row must hold the headers."))
    problems = [
        Problem(1, _column_label(headers, i), _("The header is too long."))
        for i, header in enumerate(headers)
        if len(_plain(header)) > 200
    ]
    kept, numbers = [], []
    for number, values in enumerate(rows, start=2):
        values = list(values)[: len(headers)]
        values += [None] * (len(headers) - len(values))
        if all(value in (None, "") for value in values):
            continue
        for index, value in enumerate(values):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                problems.append(
                    Problem(
                        number,
                        _column_label(headers, index),
                        _("The cell holds %(length)s characters; at most %(max)s are allowed.")
                        % {"length": f"{len(value):,}".replace(",", "."), "max": MAX_CELL_CHARS},
                    )
                )
                values[index] = ""
        kept.append(values)
        numbers.append(number)
        if len(kept) > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)d rows; split it into several files.")
                % {"max": MAX_ROWS}
            )
    if problems:
        raise ImportFileError(_("Some cells are too long; nothing was imported."), problems)
    if not kept:
        raise ImportFileError(_("The file has headers but no rows."))
    dataset = tablib.Dataset(headers=[_plain(h) for h in headers])
    for values in kept:
        dataset.append(values)
    return dataset, numbers


# --- the round's dossier resource -----------------------------------------------------------


def _with_vi_aliases(resource, headers, aliases):
    for name, vi_header in headers.items():
        if name in resource.fields:
            aliases[fold(vi_header)] = resource.fields[name].column_name
    return aliases


class RoundDossierResource(DossierResource):
    """``DossierResource`` for one round, able to register the facility a row names.

    The round column may be left empty (the page's round is used); another round's code
    is a row error. A registration number that no facility has yet creates the facility
    from the row's facility columns; one already registered must name the same facility.
    """

    facility_name = fields.Field(column_name=gettext_lazy("facility name"), widget=TextWidget())
    facility_type = fields.Field(
        column_name=gettext_lazy("facility type"), widget=ChoiceWidget(FacilityType)
    )
    commune = fields.Field(column_name=gettext_lazy("commune or ward code"), widget=TextWidget())
    street_address = fields.Field(column_name=gettext_lazy("street address"), widget=TextWidget())
    representative = fields.Field(column_name=gettext_lazy("representative"), widget=TextWidget())
    facility_phone = fields.Field(
        column_name=gettext_lazy("facility phone number"), widget=TextWidget()
    )
    facility_email = fields.Field(
        column_name=gettext_lazy("facility e-mail address"), widget=TextWidget()
    )

    class Meta(DossierResource.Meta):
        fields = (
            "award_round", "code", "title", "product_group", "facility", "facility_name",
            "facility_type", "commune", "street_address", "representative", "facility_phone",
            "facility_email", "description", "raw_materials", "annual_revenue", "jobs", "state",
        )  # fmt: skip

    def __init__(self, *, award_round, sheet_rows=None, **kwargs):
        super().__init__(**kwargs)
        self.award_round = award_round
        self.sheet_rows = sheet_rows
        self._row_errors = {}
        self._numbers_seen = {}  # registration number -> (folded facility name, sheet row)
        self._products_seen = {}  # (registration number, folded title) -> sheet row

    def get_queryset(self):
        return super().get_queryset().filter(award_round=self.award_round)

    def column(self, name):
        return self.fields[name].column_name

    def sheet_row(self, row_number):
        if self.sheet_rows and 0 < row_number <= len(self.sheet_rows):
            return self.sheet_rows[row_number - 1]
        return row_number + 1

    def _header_aliases(self):
        return _with_vi_aliases(self, VI_HEADERS, super()._header_aliases())

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # Both identify a row; a template without them still imports (new codes, this round).
        for name in ("award_round", "code"):
            if self.column(name) not in dataset.headers:
                dataset.append_col([""] * len(dataset), header=self.column(name))

    # export: the facility's columns

    def _facility_value(self, dossier, attribute):
        facility = dossier.facility
        return getattr(facility, attribute) if facility is not None else ""

    def dehydrate_facility_name(self, dossier):
        return self._facility_value(dossier, "name")

    def dehydrate_facility_type(self, dossier):
        return self._facility_value(dossier, "facility_type")

    def dehydrate_commune(self, dossier):
        facility = dossier.facility
        return facility.unit.code if facility is not None else ""

    def dehydrate_street_address(self, dossier):
        return self._facility_value(dossier, "street_address")

    def dehydrate_representative(self, dossier):
        return self._facility_value(dossier, "representative")

    def dehydrate_facility_phone(self, dossier):
        return self._facility_value(dossier, "phone")

    def dehydrate_facility_email(self, dossier):
        return self._facility_value(dossier, "email")

    # import: round, facility and duplicates, checked before the row's fields

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        errors = {}
        self._fix_round(row, errors)
        self._resolve_facility(row, errors, self.sheet_row(kwargs.get("row_number", 0)))
        self._row_errors[kwargs.get("row_number")] = errors

    def _fix_round(self, row, errors):
        column = self.column("award_round")
        given = _plain(row.get(column))
        if given and given != self.award_round.code:
            errors["award_round"] = [
                _("This page imports into round “%(round)s”, not “%(given)s”.")
                % {"round": self.award_round.code, "given": given}
            ]
        row[column] = self.award_round.code

    def _resolve_facility(self, row, errors, sheet_row):
        column = self.column("facility")
        raw = _plain(row.get(column))
        if not raw:
            errors["facility"] = [_("Give the facility's registration or tax number.")]
            return
        try:
            number = normalise_registration_number(raw)
        except ValidationError as error:
            errors["facility"] = list(error.messages)
            return
        name = _plain(row.get(self.column("facility_name")))
        seen = self._numbers_seen.get(number)
        facility = facility_with_registration_number(number)
        if seen and name and fold(name) != seen[0]:
            errors["facility"] = [
                _(
                    "Registration number %(number)s is given for another facility in row "
                    "%(row)d; one number belongs to one facility."
                )
                % {"number": number, "row": seen[1]}
            ]
            return
        if facility is not None and name and fold(name) != fold(facility.name):
            errors["facility"] = [
                _(
                    "Registration number %(number)s is already registered to “%(name)s”; "
                    "one number belongs to one facility."
                )
                % {"number": number, "name": facility.name}
            ]
            return
        if facility is None:
            facility = self._new_facility(row, number, name, errors)
        if facility is None:
            return
        row[column] = facility.registration_number
        self._numbers_seen.setdefault(number, (fold(facility.name), sheet_row))
        self._check_duplicate_product(row, facility, number, errors, sheet_row)

    def _new_facility(self, row, number, name, errors):
        """Create the facility a row describes (inside the import's transaction)."""
        values = {key: _plain(row.get(self.column(key))) for key in self._facility_columns()}
        for key in ("facility_name", "facility_type", "commune", "representative"):
            if not values[key]:
                errors[key] = [
                    _("Registration number %(number)s is not registered yet: fill in this column.")
                    % {"number": number}
                ]
        try:
            facility_type = (
                self.fields["facility_type"].clean(row) if values["facility_type"] else ""
            )
        except ValueError as error:
            errors["facility_type"] = [str(error)]
        unit = None
        if values["commune"]:
            unit = (
                AdminUnit.objects.current()
                .filter(kind__in=LOCAL_KINDS, code=values["commune"])
                .first()
            )
            if unit is None:
                errors["commune"] = [
                    _("No current commune or ward has the code “%(code)s”.")
                    % {"code": values["commune"]}
                ]
        if errors:
            return None
        facility = Facility(
            facility_type=facility_type, name=name, registration_number=number, unit=unit,
            street_address=values["street_address"], representative=values["representative"],
            phone=values["facility_phone"], email=values["facility_email"],
        )  # fmt: skip
        try:
            facility.full_clean(exclude=["owner"])
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors[self._facility_error_key(key)] = messages
            return None
        facility.save()
        return facility

    def _facility_columns(self):
        return (
            "facility_name", "facility_type", "commune", "street_address", "representative",
            "facility_phone", "facility_email",
        )  # fmt: skip

    @staticmethod
    def _facility_error_key(key):
        return {
            "name": "facility_name", "unit": "commune", "phone": "facility_phone",
            "email": "facility_email", "registration_number": "facility",
        }.get(key, key)  # fmt: skip

    def _check_duplicate_product(self, row, facility, number, errors, sheet_row):
        title = fold(_plain(row.get(self.column("title"))))
        if not title:
            return
        earlier = self._products_seen.get((number, title))
        if earlier is not None:
            errors["title"] = [
                _("Row %(row)d already lists this product of this facility.") % {"row": earlier}
            ]
            return
        self._products_seen[(number, title)] = sheet_row
        code = _plain(row.get(self.column("code")))
        twins = Dossier.objects.filter(award_round=self.award_round, facility=facility)
        for other_code, other_title in twins.exclude(code=code).values_list("code", "title"):
            if fold(other_title) == title:
                errors["title"] = [
                    _("Dossier %(code)s of this round is already this product of this facility.")
                    % {"code": other_code}
                ]
                return

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        before = self._row_errors.pop(kwargs.get("row_number"), {})
        if before:
            # the facility problem explains itself; the widget's "no facility" adds nothing
            errors.pop("facility", None)
            for key, messages in before.items():
                errors[key] = messages
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not instance.title and "title" not in errors:
            errors["title"] = [_("Give the product's name.")]
        if not instance.product_group and "product_group" not in errors:
            errors["product_group"] = [
                _("Give the product group: %(groups)s.")
                % {"groups": ", ".join(ProductGroup.values)}
            ]
        super().validate_instance(instance, errors, validate_unique)


class UnitResourceWithVietnameseHeaders(AdminUnitResource):
    """``AdminUnitResource`` that also reads the template's Vietnamese headers."""

    class Meta(AdminUnitResource.Meta):
        pass

    def __init__(self, *, sheet_rows=None, **kwargs):
        super().__init__(**kwargs)
        self.sheet_rows = sheet_rows

    def _header_aliases(self):
        return _with_vi_aliases(self, UNIT_VI_HEADERS, super()._header_aliases())


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


# --- keeping the upload between the preview and the confirmation --------------------------


def _stash_dir():
    path = Path(settings.MEDIA_ROOT) / STASH_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def _stash_path(token):
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None
    return _stash_dir() / f"{token}.xlsx"


def stash_upload(data):
    """Keep ``data`` under a random name until confirmed; returns the token."""
    _forget_old_stashes()
    token = secrets.token_hex(16)
    _stash_path(token).write_bytes(data)
    return token


def load_stash(token):
    path = _stash_path(token)
    if path is None or not path.is_file():
        return None
    return path.read_bytes()


def drop_stash(token):
    path = _stash_path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def _forget_old_stashes():
    limit = time.time() - STASH_MAX_AGE_SECONDS
    for path in _stash_dir().glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:  # removed meanwhile by another request
            continue


def export_filename(award_round, suffix):
    return f"{award_round.code}-{suffix}-{datetime.date.today():%Y%m%d}.xlsx"
