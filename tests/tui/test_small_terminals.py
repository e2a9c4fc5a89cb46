"""Small terminals (#13 item 15): at 80 × 24 and 100 × 30 the board keeps its cursor in
view after a resize, shows whose shifts are whose however far it is scrolled, keeps days
on screen under the problems panel; the slot editor shows who can take the shift; and the
key bar always ends with Help, Commands and Quit, at any width, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable

from roster.i18n import say
from roster.tui.screens.slot import SlotScreen
from roster.tui.widgets.bars import KeyBar
from roster.tui.widgets.board import HEADER, LEFT, ROW, RosterBoard
from tests.tui.conftest import app_for, settle

SMALL = [(80, 24), (100, 30)]


def _board(app: object) -> RosterBoard:
    return app.screen.query_one(RosterBoard)  # type: ignore[attr-defined, no-any-return]


def _cursor_in_view(board: RosterBoard) -> bool:
    row, col = board.cursor
    x0 = LEFT + board._layout.starts[col] - int(board.scroll_x)
    x1 = x0 + board._layout.widths[col]
    y0 = HEADER + row * ROW - int(board.scroll_y)
    return (x0 >= LEFT and x1 <= board.size.width
            and y0 >= HEADER and y0 + ROW <= board.size.height)


@pytest.mark.parametrize("size", SMALL)
async def test_the_cursor_stays_on_screen_after_a_resize(rostered_dir: Path,
                                                        size: tuple[int, int]) -> None:
    app = app_for(rostered_dir, "en")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("end", "down", "down", "down", "down", "down", "down")
        await settle(pilot)
        board = _board(app)
        assert board.cursor == (6, 5) and _cursor_in_view(board)
        await pilot.resize_terminal(*size)
        await settle(pilot)
        await pilot.pause(0.1)
        assert _cursor_in_view(board), (board.scroll_x, board.scroll_y, board.size)


@pytest.mark.parametrize("size", SMALL)
async def test_the_checkpoint_names_stay_in_the_header(rostered_dir: Path,
                                                      size: tuple[int, int]) -> None:
    app = app_for(rostered_dir, "zh")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        board = _board(app)
        columns = board.grid.columns  # type: ignore[union-attr]
        starts = board._layout.starts
        for col in range(len(columns)):
            board.scroll_to(x=starts[col] + 2, animate=False, immediate=True)
            await pilot.pause()
            left = max(i for i, x in enumerate(starts) if x <= board.scroll_x)
            line = board.render_line(0).text
            assert columns[left].name in line, (col, board.scroll_x, line)


@pytest.mark.parametrize("size", SMALL)
async def test_the_problems_panel_leaves_days_on_the_board(demo_dir: Path,
                                                          size: tuple[int, int]) -> None:
    app = app_for(demo_dir, "en")  # no roster yet: many problems
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert app.screen.query_one("#problems").display
        days = (_board(app).size.height - HEADER) // ROW
        assert days >= 3, _board(app).size


@pytest.mark.parametrize("size", SMALL)
async def test_the_slot_editor_shows_who_can_take_it(rostered_dir: Path,
                                                    size: tuple[int, int]) -> None:
    app = app_for(rostered_dir, "en")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SlotScreen)
        table = app.screen.query_one("#candidates", DataTable)
        x = 0
        for column in table.ordered_columns:
            if str(column.label) == "Can take it":
                break
            x += column.get_render_width(table)
        assert x + len("Can take it") + 2 <= table.scrollable_content_region.width


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 45)])
async def test_the_key_bar_always_shows_help_commands_and_quit(
        rostered_dir: Path, lang: str, size: tuple[int, int]) -> None:
    app = app_for(rostered_dir, lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for screen_key in ("1", "3", "4"):
            await pilot.press(screen_key)
            await settle(pilot)
            await pilot.pause(0.1)
            bar = app.screen.query_one(KeyBar)
            text = str(bar.render())
            shown = bar.content_region.width
            for words, context in (("Help", "app.help"), ("Commands", "app.palette"),
                                   ("Quit", "app.quit")):
                word = say(lang, words, context=context)
                assert word in text, (screen_key, word, text)
                assert cell_len(text[:text.index(word) + len(word)]) <= shown, (word, text)
