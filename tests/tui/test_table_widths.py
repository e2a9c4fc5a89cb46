"""Column widths come from the content, every time (#13 item 14).

In a terminal the People table collapsed to its headers' widths after a form was saved
(names cut to two characters, phones to four digits) and the template table first showed
``16:`` and ``party member×``: Textual measures new rows later, on idle, and a table refilled
at the wrong moment kept only its headers' widths. The app's tables measure each row as it
is added.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input

from roster.tui.widgets.plain import Table
from tests.tui.conftest import app_for, settle

SIZES = [(80, 24), (160, 45)]


def _too_narrow(table: DataTable[Any]) -> list[str]:
    """Cells wider than their column (what would be cut on screen)."""
    cut = []
    for row in range(table.row_count):
        for column, cell in zip(table.ordered_columns, table.get_row_at(row), strict=False):
            text = cell.plain if hasattr(cell, "plain") else str(cell)
            width = column.get_render_width(table) - 2 * table.cell_padding
            if cell_len(text) > width:
                cut.append(f"{text!r} in {width}")
    return cut


class _One(App[None]):
    def compose(self) -> ComposeResult:
        yield Table()


async def test_a_refilled_table_is_as_wide_as_its_content_at_once() -> None:
    app = _One()
    async with app.run_test() as pilot:
        table = app.query_one(Table)
        table.add_columns("Name", "Phone")
        table.add_row("王", "1")
        await pilot.pause()
        # refilled with no idle in between (a redraw under a form, a second signal)
        table.clear(columns=True)
        table.add_columns("名", "电话")
        table.add_row("王振华", "13803172461")
        table.update_cell_at((0, 0), "欧阳振华")
        assert _too_narrow(table) == []


@pytest.mark.parametrize("size", SIZES)
async def test_people_keep_their_widths_after_a_form_is_saved(
        rostered_dir: Path, size: tuple[int, int]) -> None:
    app = app_for(rostered_dir, "en")
    async with app.run_test(size=size) as pilot:
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#field-unit", Input).value = "县民政局驻北王村工作组"
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = app.screen.query_one("#members", DataTable)
        assert table.row_count == 20
        assert _too_narrow(table) == []


@pytest.mark.parametrize("size", SIZES)
async def test_checkpoints_and_templates_show_whole_cells(
        rostered_dir: Path, size: tuple[int, int]) -> None:
    app = app_for(rostered_dir, "en")
    async with app.run_test(size=size) as pilot:
        await pilot.press("4")
        await settle(pilot)
        for ident in ("#cps", "#templates"):
            assert _too_narrow(app.screen.query_one(ident, DataTable)) == [], ident
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#field-location", Input).value = "村道与县道交叉处往北五十米"
        await pilot.press("ctrl+s")
        await settle(pilot)
        for ident in ("#cps", "#templates"):
            assert _too_narrow(app.screen.query_one(ident, DataTable)) == [], ident
