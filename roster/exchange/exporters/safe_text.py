"""Text that goes into a spreadsheet must never become a formula.

A name, a note or a unit typed as ``=HYPERLINK(...)``, ``+1``, ``-2`` or ``@SUM(...)``
is run as a formula when Excel or LibreOffice opens a CSV file (spreadsheet formula
injection, OWASP "CSV Injection"), and openpyxl writes any string starting with ``=`` as
a formula unless told otherwise. The CSV writer prefixes such a value with an
apostrophe, which spreadsheets read as "this is text"; the XLSX writer stores it as a
string cell (see :func:`roster.exchange.exporters.xlsx_book`).
"""

from __future__ import annotations

#: First characters that make a spreadsheet read a cell as a formula (or a DDE call).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def csv_safe(value: str) -> str:
    """``value`` as a CSV field that a spreadsheet shows as text, never evaluates."""
    return f"'{value}" if is_formula_like(value) else value
