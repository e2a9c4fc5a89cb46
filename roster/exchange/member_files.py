"""Reading a member list file (.csv or .xlsx) into rows of cells, within sane sizes.

A member list is one team's people: a few dozen rows, a county's whole list a few
thousand. A file far past that is a mistake or an attack (a 200,000-row CSV, a 794 KB
workbook that unpacks to 314 MB, a 100 MB cell, an XML entity bomb), and is refused
with one line before it costs minutes and gigabytes. The limits are stated in the
README ("Your data is safe"):

- a file of at most :data:`MAX_FILE_BYTES`; a workbook that unpacks to at most
  :data:`MAX_UNPACKED_BYTES`;
- at most :data:`MAX_ROWS` rows and :data:`MAX_COLUMNS` columns;
- at most :data:`MAX_CELL_CHARS` characters in a cell.

Anything the readers (csv, openpyxl) raise on a damaged file (a truncated sheet, bad
XML, an entity bomb) is the one-line "not a readable workbook" refusal, never a
traceback.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from roster.domain.errors import UserError
from roster.domain.messages import msg

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 1000

Cells = list[list[object]]


def _too_big(path: Path | str) -> UserError:
    return UserError(msg("{path}: larger than {mb} MB; a member list is one team's people "
                         "(split the file)", path=path, mb=MAX_FILE_BYTES // (1024 * 1024)))


def _too_many_rows(path: Path | str) -> UserError:
    return UserError(msg("{path}: more than {rows} rows; a member list is one team's people "
                         "(split the file)", path=path, rows=MAX_ROWS))


def _check_row(path: Path | str, number: int, cells: list[object]) -> None:
    if number > MAX_ROWS:
        raise _too_many_rows(path)
    if len(cells) > MAX_COLUMNS:
        raise UserError(msg("{path}: row {row} has more than {columns} columns", path=path,
                            row=number, columns=MAX_COLUMNS))
    for cell in cells:
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            raise UserError(msg("{path}: row {row} has a cell longer than {chars} characters",
                                path=path, row=number, chars=MAX_CELL_CHARS))


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refused past :data:`MAX_FILE_BYTES` before it is read."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _too_big(path)
    return path.read_bytes()


def csv_rows(text: str, source: str) -> Cells:
    """The rows of CSV text (the dialect sniffed: comma, tab or semicolon)."""
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows: Cells = []
    try:
        for cells in reader:
            _check_row(source, reader.line_num, list(cells))
            rows.append(list(cells))
    except csv.Error as exc:
        # The csv module's own limit (131,072 characters in a field) and broken quoting.
        raise UserError(msg("{path}: row {row} cannot be read ({reason})", path=source,
                            row=reader.line_num, reason=str(exc))) from None
    return rows


def _unpacked_size(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return sum(info.file_size for info in archive.infolist())


def xlsx_rows(path: Path) -> Cells:
    """The rows of the workbook's active sheet (values, not formulas)."""
    from openpyxl import load_workbook

    if path.stat().st_size > MAX_FILE_BYTES:
        raise _too_big(path)
    try:
        if _unpacked_size(path) > MAX_UNPACKED_BYTES:
            raise UserError(msg("{path}: unpacks to more than {mb} MB; a member list is one "
                                "team's people", path=path,
                                mb=MAX_UNPACKED_BYTES // (1024 * 1024)))
        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            ws = wb.active if wb.active is not None else wb.worksheets[0]
            rows: Cells = []
            for number, values in enumerate(ws.iter_rows(values_only=True),  # type: ignore[union-attr]
                                            start=1):
                cells = list(values)
                _check_row(path, number, cells)
                rows.append(cells)
            return rows
        finally:
            wb.close()
    except (UserError, FileNotFoundError, PermissionError, IsADirectoryError):
        raise
    except Exception as exc:
        # A hostile or damaged file can make the zip and XML readers raise anything.
        raise UserError(msg("{path}: not a readable .xlsx workbook ({exc})", path=path,
                            exc=" ".join(f"{type(exc).__name__}: {exc}".split())[:200])) from None
