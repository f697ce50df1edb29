"""``manage.py import_units units.xlsx [--dry-run]``: load administrative units from Excel.

All or nothing: when any row is invalid, nothing is written and every problem is printed
with its spreadsheet row number (the header is row 1); the command then exits with 1.
"""

from pathlib import Path

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import RowResult

from awards.resources import AdminUnitResource


def read_sheet(path):
    """The first sheet without blank rows, and the sheet row number of each kept row."""
    if path.suffix.lower() == ".csv":
        sheet = CSV().create_dataset(path.read_text(encoding="utf-8-sig"))
    else:
        sheet = XLSX().create_dataset(path.read_bytes())
    dataset = tablib.Dataset(headers=sheet.headers)
    sheet_rows = []
    for number, values in enumerate(sheet, start=2):
        if any(value not in (None, "") for value in values):
            dataset.append(values)
            sheet_rows.append(number)
    return dataset, sheet_rows


def row_problems(result, resource, sheet_rows):
    """Lines "Row N: column: message" for every invalid or failing row, in sheet order."""
    columns = {field.attribute: field.column_name for field in resource.fields.values()}
    problems = []
    for error in result.base_errors:
        problems.append((0, str(error.error)))
    for invalid in result.invalid_rows:
        row = sheet_rows[invalid.number - 1]
        for key, messages in invalid.error_dict.items():
            for message in messages:
                where = "" if key == NON_FIELD_ERRORS else f"{columns.get(key, key)}: "
                problems.append(
                    (row, _("Row %(row)d: %(problem)s") % {"row": row, "problem": where + message})
                )
    for failed in result.error_rows:
        row = sheet_rows[failed.number - 1]
        for error in failed.errors:
            problems.append(
                (row, _("Row %(row)d: %(problem)s") % {"row": row, "problem": error.error})
            )
    return [text for _row, text in sorted(problems, key=lambda item: item[0])]


class Command(BaseCommand):
    help = (
        "Import administrative units from an Excel file (first sheet, header in row 1). "
        "Nothing is written when any row is invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .xlsx file (or .csv)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, write nothing"
        )

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        try:
            dataset, sheet_rows = read_sheet(path)
        except Exception as error:  # openpyxl and tablib raise many kinds on a bad file
            raise CommandError(
                _("Could not read %(path)s as a spreadsheet: %(error)s")
                % {"path": path, "error": error}
            ) from error
        resource = AdminUnitResource()
        result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False)
        if result.has_errors() or result.has_validation_errors():
            for line in row_problems(result, resource, sheet_rows):
                self.stderr.write(line)
            bad_rows = len(result.invalid_rows) + len(result.error_rows)
            raise CommandError(
                _("Nothing was imported: %(count)d row(s) of %(total)d have errors.")
                % {"count": bad_rows, "total": len(dataset)}
            )
        totals = result.totals
        self.stdout.write(
            _(
                "%(new)d new, %(updated)d updated and %(skipped)d unchanged administrative "
                "units (%(total)d rows)."
            )
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
                "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
                "total": len(dataset),
            }
        )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
