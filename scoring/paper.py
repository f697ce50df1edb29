"""Paper and offline score sheets: a per-judge xlsx to fill in, and importing it back.

The export lists the judge's dossiers (their assignments; a judge with none gets every dossier
of the round in scoring they are not conflicted with), one row each, with a column per
scored criterion (its maximum in the header, an Excel data validation between 0 and the
maximum) and a comment column; the header rows are protected, the point cells are not.
A hidden sheet names the round and the judge, so a file cannot be imported for someone else.

The import reads a filled file in two steps: ``read_paper_sheet`` is the dry run (nothing is
written) and reports every problem with its row and column; ``import_paper_sheet`` re-checks
and, only when there is no problem at all, saves and submits every row's sheet through the
sheet services in one transaction, marked as entered by the secretary on behalf of the judge.
"""

import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from awards import access
from awards.enums import DossierState
from awards.errors import DomainError
from awards.models import Dossier, RoundEvent
from awards.text import nfc
from scoring.assignments import SCORING_ROLES
from scoring.conflicts import conflicted_dossier_ids
from scoring.enums import PanelKind, SheetStatus
from scoring.models import Assignment, ScoreSheet
from scoring.sheets import (
    format_points,
    get_or_start_sheet,
    leaf_criteria,
    parse_points,
    save_draft,
    scoring_problems,
    submit_sheet,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Row (1-based) of the table header; the judge's dossiers follow from the next row.
HEADER_ROW = 6
FIRST_CRITERION_COLUMN = 3
META_SHEET = "vinhdanh"
FORMAT_VERSION = 1
#: Refuse uploads larger than this, and workbooks that unpack to more than ``MAX_UNPACKED``.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNPACKED = 40 * 1024 * 1024
IMPORTED = "paper_sheets_imported"
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
_CODE_IN_HEADER = re.compile(r"^\s*([^\s(]+)")


# --- which dossiers are on a judge's paper sheet -------------------------------------------


def paper_members(award_round):
    """The round's scoring jury seats (not the jury's secretary), ordered by jury and name."""
    from scoring.models import PanelMember

    return (
        PanelMember.objects.filter(
            panel__award_round=award_round, panel__kind=PanelKind.JURY, role__in=SCORING_ROLES
        )
        .select_related("user", "panel")
        .order_by("panel__name", "user__full_name", "pk")
    )


def uses_assignments(member):
    """True when the judge has assignments; otherwise the sheet lists the round's dossiers."""
    return Assignment.objects.filter(member=member).exists()


def paper_dossiers(*, member):
    """The dossiers on ``member``'s paper sheet, by code (conflicted ones never)."""
    conflicted = conflicted_dossier_ids(member=member)
    qs = Dossier.objects.filter(award_round_id=member.panel.award_round_id)
    if uses_assignments(member):
        hidden = (DossierState.WITHDRAWN, DossierState.REJECTED, DossierState.DISQUALIFIED)
        qs = qs.filter(assignments__member=member).exclude(state__in=hidden)
    else:
        qs = qs.filter(state=DossierState.IN_SCORING)
    return list(qs.exclude(pk__in=conflicted).distinct().order_by("code"))


def _max_text(value):
    text = format_points(value)
    return text.rstrip("0").rstrip(".")


def criterion_header(criterion):
    return _("%(code)s (max %(max)s)") % {
        "code": criterion.code,
        "max": _max_text(criterion.max_points),
    }


# --- export ----------------------------------------------------------------------------------


def export_filename(member):
    return f"phieu-cham-{member.panel.award_round.code}-{member.pk}.xlsx"


def export_workbook(*, member):
    """The judge's paper score sheet as xlsx bytes (see the module docstring for the layout)."""
    award_round = member.panel.award_round
    criteria = leaf_criteria(award_round.rule_set)
    dossiers = paper_dossiers(member=member)
    workbook = Workbook()
    ws = workbook.active
    ws.title = _("Score sheet")[:31]
    last_column = FIRST_CRITERION_COLUMN + len(criteria)  # the comment column
    title = member.title or member.user.job_title
    judge = f"{member.user.display_name}" + (f" — {title}" if title else "")
    today = formats.date_format(timezone.localdate(), "d/m/Y")
    ws["A1"] = award_round.name
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = f"{_('Judge')}: {judge}"
    ws["A3"] = f"{_('Date')}: {today}"
    ws["A4"] = f"{_('Jury')}: {member.panel.name}"
    for row in range(1, 5):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
    ws["A5"] = _(
        "Enter points with at most two decimals; leave no cell empty. Do not change the codes."
    )
    ws["A5"].font = Font(italic=True, size=9)
    ws.merge_cells(start_row=5, start_column=1, end_row=5, end_column=last_column)

    headers = [_("Dossier code"), _("Product or candidate name")]
    headers += [criterion_header(c) for c in criteria]
    headers.append(_("Comment"))
    for column, text in enumerate(headers, start=1):
        cell = ws.cell(row=HEADER_ROW, column=column, value=text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")

    first, last = HEADER_ROW + 1, HEADER_ROW + max(len(dossiers), 1)
    for offset, dossier in enumerate(dossiers):
        row = first + offset
        ws.cell(row=row, column=1, value=dossier.code)
        ws.cell(row=row, column=2, value=dossier.title).alignment = Alignment(wrap_text=True)
        for column in range(FIRST_CRITERION_COLUMN, last_column + 1):
            cell = ws.cell(row=row, column=column)
            cell.protection = Protection(locked=False)
            if column < last_column:
                cell.number_format = "0.00"
    for index, criterion in enumerate(criteria):
        letter = get_column_letter(FIRST_CRITERION_COLUMN + index)
        check = DataValidation(
            type="decimal", operator="between", formula1="0",
            formula2=format_points(criterion.max_points), allow_blank=True,
            showErrorMessage=True, errorTitle=_("Points out of range"),
            error=_("Enter points between 0 and %(max)s.") % {"max": _max_text(criterion.max_points)},
        )  # fmt: skip
        ws.add_data_validation(check)
        check.add(f"{letter}{first}:{letter}{last}")

    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 40
    for index in range(len(criteria)):
        ws.column_dimensions[get_column_letter(FIRST_CRITERION_COLUMN + index)].width = 13
    ws.column_dimensions[get_column_letter(last_column)].width = 40
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=FIRST_CRITERION_COLUMN)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    meta = workbook.create_sheet(META_SHEET)
    meta.append(["format", FORMAT_VERSION])
    meta.append(["round", award_round.code])
    meta.append(["member", member.pk])
    meta.append(["criteria", ",".join(c.code for c in criteria)])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading a filled sheet (the dry run) -------------------------------------------------


@dataclass(frozen=True)
class PaperError:
    row: int | None
    column: str | None
    header: str
    message: str

    def __str__(self):
        if self.row and self.column:
            where = _("Row %(row)d, column %(column)s") % {"row": self.row, "column": self.column}
            if self.header:
                where = f"{where} ({self.header})"
            return f"{where}: {self.message}"
        if self.row:
            return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


@dataclass
class PaperRow:
    row: int
    dossier: Dossier
    points: dict  # criterion id -> Decimal
    comment: str


@dataclass
class PaperPreview:
    member: object
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    criteria: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors and bool(self.rows)


class PaperImportInvalid(DomainError):
    """The file has problems; ``errors`` lists each with its row and column."""

    def __init__(self, errors):
        errors = list(errors)
        super().__init__(
            _("The file has %(n)d problem(s); nothing was saved.") % {"n": len(errors)},
            problems=[str(e) for e in errors],
        )
        self.errors = errors


def _open_workbook(data):
    if len(data) > MAX_UPLOAD_BYTES:
        raise PaperImportInvalid(
            [PaperError(None, None, "", _("The file is too large for a score sheet."))]
        )
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise PaperImportInvalid(
                    [PaperError(None, None, "", _("The file is too large for a score sheet."))]
                )
        return load_workbook(BytesIO(data), read_only=True, data_only=True)
    except PaperImportInvalid:
        raise
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise PaperImportInvalid(
            [PaperError(None, None, "", _("This is not an Excel workbook (.xlsx)."))]
        ) from None


def _meta(workbook):
    if META_SHEET not in workbook.sheetnames:
        return {}
    return {
        str(row[0]): row[1]
        for row in workbook[META_SHEET].iter_rows(values_only=True)
        if row and row[0] is not None and len(row) > 1
    }


def _cell_points(value, maximum):
    """``(Decimal | None, message | None)`` for a point cell as openpyxl read it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, _("No points given.")
    if isinstance(value, bool):
        return None, _("The cell holds a yes/no value, not a number.")
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None, _("Enter a number.")
        return parse_points(number, maximum=maximum)
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        try:
            Decimal(text)
        except InvalidOperation:
            return None, _("The cell holds text (“%(text)s”), not a number.") % {
                "text": value.strip()[:30]
            }
        return parse_points(text, maximum=maximum)
    return None, _("The cell holds a date or another value, not a number.")


def _header_columns(header, criteria, errors):
    """Map column index (1-based) to criterion from the header row; find the comment column."""
    by_code = {c.code: c for c in criteria}
    columns, comment_column = {}, None
    cells = list(header)
    last_filled = max((i for i, v in enumerate(cells, start=1) if v not in (None, "")), default=0)
    for index in range(FIRST_CRITERION_COLUMN, last_filled + 1):
        text = str(cells[index - 1] or "").strip()
        match = _CODE_IN_HEADER.match(text)
        code = match.group(1) if match else ""
        if code in by_code and code not in {c.code for c in columns.values()}:
            columns[index] = by_code[code]
        elif index == last_filled:
            comment_column = index
        else:
            errors.append(
                PaperError(
                    HEADER_ROW,
                    get_column_letter(index),
                    text,
                    _("This column is not a criterion of the round's score sheet."),
                )
            )
    missing = [c for c in criteria if c not in columns.values()]
    for criterion in missing:
        errors.append(
            PaperError(
                HEADER_ROW,
                None,
                "",
                _("The column for criterion %(code)s is missing.") % {"code": criterion.code},
            )
        )
    return columns, comment_column


def _code_problems(*, code, dossier, first_row, allowed, conflicted, submitted):
    """Sentences about a row's dossier code (column A); empty when the dossier may be scored."""
    if not code:
        return [_("The dossier code is missing.")]
    if first_row is not None:
        return [
            _("Dossier %(code)s appears twice (first in row %(row)d).")
            % {"code": code, "row": first_row}
        ]
    if dossier is None:
        return [_("No dossier with the code %(code)s in this round.") % {"code": code}]
    if dossier.pk in conflicted:
        return [
            _("The judge declared a conflict of interest with dossier %(code)s.") % {"code": code}
        ]
    if dossier.pk not in allowed:
        return [_("Dossier %(code)s is not assigned to this judge.") % {"code": code}]
    problems = list(scoring_problems(dossier=dossier))
    if dossier.pk in submitted:
        problems.append(
            _(
                "The judge's sheet for %(code)s is already submitted; reopen it before entering "
                "a correction."
            )
            % {"code": code}
        )
    return problems


def read_paper_sheet(*, member, data):
    """The dry run: parse ``data`` (xlsx bytes) for ``member`` and return a ``PaperPreview``.

    Nothing is written. Every problem is reported with its row and column: a file exported for
    another judge or round; missing or unknown criterion columns; per row, a missing, unknown,
    repeated, unassigned or conflicted dossier code, a dossier not open for scoring or whose
    sheet is already submitted; per point cell, an empty cell, text, a negative value, a value
    above the criterion's maximum or more than two decimals. Fully empty rows are skipped.
    """
    award_round = member.panel.award_round
    criteria = leaf_criteria(award_round.rule_set)
    preview = PaperPreview(member=member, criteria=criteria)
    try:
        workbook = _open_workbook(data)
    except PaperImportInvalid as error:
        preview.errors = error.errors
        return preview
    try:
        meta = _meta(workbook)
        if meta.get("round") not in (None, award_round.code):
            preview.errors.append(
                PaperError(None, None, "", _("This file was exported for another round."))
            )
        if meta.get("member") not in (None, member.pk):
            preview.errors.append(
                PaperError(None, None, "", _("This file was exported for another judge."))
            )
        sheet = workbook.worksheets[0]
        rows = list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))
    finally:
        workbook.close()
    if not rows:
        preview.errors.append(PaperError(None, None, "", _("The file holds no score table.")))
        return preview
    header = [str(v).strip() if v is not None else "" for v in rows[0]]
    columns, comment_column = _header_columns(rows[0], criteria, preview.errors)
    if preview.errors:
        return preview

    allowed = {d.pk for d in paper_dossiers(member=member)}
    conflicted = conflicted_dossier_ids(member=member)
    in_round = {
        d.code: d
        for d in Dossier.objects.filter(award_round=award_round).select_related("award_round")
    }
    submitted = set(
        ScoreSheet.objects.filter(member=member, status=SheetStatus.SUBMITTED).values_list(
            "dossier_id", flat=True
        )
    )
    seen = {}
    for number, values in enumerate(rows[1:], start=HEADER_ROW + 1):
        values = list(values) + [None] * (len(header) - len(values))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        errors = preview.errors
        before = len(errors)
        code = str(values[0]).strip() if values[0] is not None else ""
        dossier = in_round.get(code)
        for problem in _code_problems(
            code=code, dossier=dossier, first_row=seen.get(code), allowed=allowed,
            conflicted=conflicted, submitted=submitted,
        ):  # fmt: skip
            errors.append(PaperError(number, "A", header[0] if header else "", problem))
        if code and code not in seen:
            seen[code] = number
        points = {}
        for column, criterion in columns.items():
            value, problem = _cell_points(values[column - 1], criterion.max_points)
            if problem:
                errors.append(
                    PaperError(number, get_column_letter(column), header[column - 1], problem)
                )
            else:
                points[criterion.pk] = value
        comment = values[comment_column - 1] if comment_column else None
        if len(errors) == before:
            preview.rows.append(
                PaperRow(
                    row=number,
                    dossier=dossier,
                    points=points,
                    comment=nfc(str(comment)) if comment is not None else "",
                )
            )
    if not preview.errors and not preview.rows:
        preview.errors.append(PaperError(None, None, "", _("The file holds no filled rows.")))
    return preview


# --- writing (the confirmed import) ---------------------------------------------------------


def import_paper_sheet(*, member, data, by):
    """Save and submit every row of a filled paper sheet for ``member``; return the sheets.

    Steps, all in one transaction (a problem anywhere writes nothing): check that ``by`` is the
    round's secretariat; run the dry run again and refuse with every problem if there is any;
    for each row, give the judge the dossier if they had no assignments at all (their paper
    sheet then listed the round's dossiers in scoring), get or start the judge's sheet, save
    the points and comment and submit it through the sheet services with ``by`` as the person
    who entered it (``ScoreSheet.entered_by``: on behalf of the judge); log the import.
    """
    award_round = member.panel.award_round
    if not access.is_round_secretariat(by, award_round):
        raise DomainError(_("Only the round's secretariat may import paper score sheets."))
    preview = read_paper_sheet(member=member, data=data)
    if not preview.ok:
        raise PaperImportInvalid(preview.errors)
    sheets = []
    with transaction.atomic():
        add_assignments = not uses_assignments(member)
        for row in preview.rows:
            if add_assignments:
                Assignment.objects.get_or_create(
                    member=member, dossier=row.dossier, defaults={"assigned_by": by}
                )
            try:
                sheet = get_or_start_sheet(member=member, dossier=row.dossier)
                sheet = save_draft(sheet=sheet, points=row.points, comment=row.comment, by=by)
                sheet = submit_sheet(sheet=sheet, by=by)
            except DomainError as error:
                raise PaperImportInvalid([PaperError(row.row, None, "", error.message)]) from None
            sheets.append(sheet)
        RoundEvent.objects.create(
            award_round=award_round, action=IMPORTED, by=by,
            data={
                "member": member.pk, "dossier_ids": [r.dossier.pk for r in preview.rows],
                "sheet_ids": [s.pk for s in sheets], "assignments_added": add_assignments,
            },
        )  # fmt: skip
    return sheets
