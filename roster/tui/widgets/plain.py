"""The widgets that show text, made to show it as data, never as markup.

Textual reads a ``str`` given to a Static, a Label, a DataTable cell or an option as
content markup: a member named ``[bold red]X`` would show as a bold ``X`` and a note
``[/] x`` would raise. The app never writes markup (it styles with ``Text`` and CSS), so
every screen builds its text widgets from these classes, and every ``str`` is shown
exactly as written. Control characters are made safe further down, by
``roster.terminal``, for every text the app draws.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable, Label, Static
from textual.widgets.data_table import ColumnKey


def _plain(value: Any) -> Any:
    return Text(value) if isinstance(value, str) else value


def _width(cell: Any) -> int:
    """How many terminal cells the widest line of ``cell`` takes."""
    text = cell.plain if isinstance(cell, Text) else str(cell if cell is not None else "")
    return max((cell_len(line) for line in text.splitlines()), default=0)


def plain(value: str) -> Text:
    """``value`` as text that is never markup (for an option's or a select's prompt)."""
    return Text(value)


class Plain(Static):
    """A Static whose text (given now or by ``update``) is never markup."""

    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(content, **kwargs)


class Caption(Label):
    """A Label whose text is never markup."""

    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(content, **kwargs)


class Table(DataTable[Any]):
    """A DataTable that never parses its cells, labels or headers as markup."""

    def add_column(self, label: Any, *, width: int | None = None, key: str | None = None,
                   default: Any = None) -> Any:
        return super().add_column(_plain(label), width=width, key=key, default=_plain(default))

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None,
                label: Any = None) -> Any:
        plain_cells = [_plain(c) for c in cells]
        row = super().add_row(*plain_cells, height=height, key=key, label=_plain(label))
        self._fit(plain_cells)
        return row

    def _fit(self, cells: list[Any]) -> None:
        """Widen the columns to these cells now.

        Textual measures new rows later, on idle; a table refilled while a form is on top
        of it could then keep only its headers' widths (names cut to two characters). The
        width of a column comes from its content, every time, so it is measured here.
        """
        for column, cell in zip(self.ordered_columns, cells, strict=False):
            if column.auto_width:
                column.content_width = max(column.content_width, _width(cell))

    def update_cell(self, row_key: Any, column_key: Any, value: Any, *,
                    update_width: bool = True) -> None:
        """Any new value widens its column (``update_width`` is always taken as True)."""
        cell = _plain(value)
        super().update_cell(row_key, column_key, cell, update_width=True)
        column = self.columns.get(column_key if not isinstance(column_key, str)
                                  else ColumnKey(column_key))
        if column is not None and column.auto_width:
            column.content_width = max(column.content_width, _width(cell))
