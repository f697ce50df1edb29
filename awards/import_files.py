"""Reading an uploaded .xlsx safely, and keeping it between a preview and its confirmation.

A file is checked before django-import-export sees it: a real .xlsx, not too big once
unpacked, not too many rows, and no cell longer than ``MAX_CELL_CHARS`` (a 10 MB cell is
refused at once, naming its row and column, instead of being parsed and validated).
"""

import io
import re
import secrets
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from awards.resources import _plain

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
