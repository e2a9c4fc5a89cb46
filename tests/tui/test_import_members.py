"""Importing members from a spreadsheet on the People screen, and the export dialog's layouts.

The import dialog must never save before the lead has seen a clean preview (or ticked
"skip bad rows"), and what it saves must be one undoable, recorded change.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from roster.store import Store
from roster.tui.dialogs.export import ExportDialog
from roster.tui.dialogs.import_members import ImportMembersDialog
from tests.tui.conftest import SIZE, app_for, settle

HEADER = "姓名,电话,单位,党员\n"
CLEAN = HEADER + "赵新一,13900000001,县水利局,是\n钱新二,13900000002,县教育局,否\n"
BAD = (HEADER + "赵新一,13900000001,县水利局,是\n钱新二,12345,县教育局,否\n"
       "孙新三,13900000003,县卫健委,否\n")


def _names(data_dir: Path) -> list[str]:
    return [m.name for m in Store(data_dir).load().members]


async def _open(pilot: Pilot[None], path: Path) -> ImportMembersDialog:
    """People screen, ``i``, type the path, Enter: the dialog showing its preview."""
    await pilot.press("3", "i")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ImportMembersDialog)
    dialog.query_one("#import-path", Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()
    return dialog


def _text(dialog: ImportMembersDialog, ident: str) -> str:
    return str(dialog.query_one(ident, Static).render())


async def test_a_clean_file_imports_and_undo_takes_it_back(demo_dir: Path,
                                                           tmp_path_factory: object) -> None:
    folder = Path(str(tmp_path_factory.mktemp("in")))  # type: ignore[attr-defined]
    path = folder / "名单.csv"
    path.write_text(CLEAN, encoding="utf-8-sig")
    before = _names(demo_dir)
    app = app_for(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await _open(pilot, path)
        preview = dialog.query_one("#import-preview", DataTable)
        assert preview.display and preview.row_count == 2
        assert "新增" in str(preview.get_row_at(0)[-1])
        assert _names(demo_dir) == before  # a preview saves nothing
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ImportMembersDialog)
        assert _names(demo_dir) == [*before, "赵新一", "钱新二"]
        table = app.screen.query_one("#members", DataTable)
        shown = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert {"赵新一", "钱新二"} <= set(shown)
        added = Store(demo_dir).load().members[-2]
        assert "party" in added.tags and added.unit == "县水利局"
        await pilot.press("u")
        await settle(pilot)
        assert _names(demo_dir) == before
        assert table.row_count == len(before)
    ops = [c.op for c in Store(demo_dir).history()]
    assert "import-members" in ops


async def test_bad_rows_block_the_import_until_skipped(demo_dir: Path,
                                                       tmp_path_factory: object) -> None:
    folder = Path(str(tmp_path_factory.mktemp("in")))  # type: ignore[attr-defined]
    path = folder / "members.csv"
    path.write_text(BAD, encoding="utf-8")
    before = _names(demo_dir)
    app = app_for(demo_dir, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await _open(pilot, path)
        assert "row 3" in _text(dialog, "#import-problems")
        assert dialog.query_one("#import-preview", DataTable).row_count == 2
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and _names(demo_dir) == before
        assert "1 bad row(s) (3)" in _text(dialog, "#import-error")
        dialog.query_one("#import-skip-bad", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not dialog
        assert _names(demo_dir) == [*before, "赵新一", "孙新三"]
    last = Store(demo_dir).history()[0]
    assert last.op == "import-members" and "1 bad row(s) skipped" in last.summary


async def test_a_missing_file_is_an_error_next_to_the_path(demo_dir: Path) -> None:
    before = _names(demo_dir)
    app = app_for(demo_dir, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await _open(pilot, demo_dir / "nowhere.csv")
        assert "no such file" in _text(dialog, "#import-path-error")
        assert not dialog.query_one("#import-preview", DataTable).display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not dialog
    assert _names(demo_dir) == before


async def test_export_dialog_offers_the_csv_grid(rostered_dir: Path,
                                                 tmp_path_factory: object) -> None:
    out = Path(str(tmp_path_factory.mktemp("out"))) / "week.csv"  # type: ignore[attr-defined]
    app = app_for(rostered_dir, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        layout = dialog.query_one("#export-layout", Select)
        assert not layout.display  # json has one layout
        dialog.query_one("#export-format", Select).value = "csv"
        await pilot.pause()
        assert layout.display and layout.value == "rows"
        layout.value = "grid"
        dialog.query_one("#export-path", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
    first = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert "·" in first  # the grid starts with a checkpoint's title, not a header of columns
