"""The command palette reaches every action of every screen, in both languages (#13 item 16).

From the board, "sick", "leave", "pdf" and "打印" used to find nothing: the palette listed
only the current screen's keys. Now it lists every screen's keys and every export format;
choosing one goes to its screen and runs it there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Select

from roster.tui.commands import PALETTE_KEYS, SCREENS, commands
from roster.tui.dialogs.export import ExportDialog
from roster.tui.keys import APP
from roster.tui.screens.people import LeaveForm
from tests.tui.conftest import app_for, settle


async def _found(pilot: object, query: str) -> list[str]:
    """The titles the palette lists for ``query``, opened from the current screen."""
    app = pilot.app  # type: ignore[attr-defined]
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    await pilot.press(*query)  # type: ignore[attr-defined]
    for _ in range(4):  # the search runs in the background, after a short pause
        await pilot.pause(0.15)  # type: ignore[attr-defined]
    options = palette.query_one("CommandList")
    assert palette.query_one("CommandInput").value == query  # type: ignore[attr-defined]
    return [str(options.get_option_at_index(i).prompt)  # type: ignore[attr-defined]
            for i in range(options.option_count)]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("lang", "query", "expect"), [
    ("en", "sick", "People: Sick"),
    ("zh", "sick", "人员: 病假 · Sick"),
    ("en", "leave", "People: Leave"),
    ("zh", "leave", "人员: 请假 · Leave"),
    ("zh", "请假", "人员: 请假 · Leave"),
    ("en", "pdf", "PDF"),
    ("zh", "pdf", "PDF"),
    ("zh", "打印", "打印"),
    ("en", "rules", "Checkpoints & rules: Rules"),
    ("zh", "restore", "Restore"),
])
async def test_the_palette_finds_any_screens_action_from_the_board(
        rostered_dir: Path, lang: str, query: str, expect: str) -> None:
    app = app_for(rostered_dir, lang)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        found = await _found(pilot, query)
        assert any(expect in title for title in found), found


async def test_choosing_sick_goes_to_people_and_opens_the_sick_form(rostered_dir: Path) -> None:
    app = app_for(rostered_dir, "en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        found = await _found(pilot, "sick")
        assert found[0].startswith("People: Sick"), found
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "people"
        assert isinstance(app.screen, LeaveForm) and app.screen.sick


async def test_choosing_an_export_format_opens_the_export_on_it(rostered_dir: Path) -> None:
    app = app_for(rostered_dir, "zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        found = await _found(pilot, "pdf")
        assert "PDF" in found[0], found
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one("#export-format", Select).value == "pdf"


async def test_every_key_of_every_screen_is_a_command(rostered_dir: Path) -> None:
    app = app_for(rostered_dir, "zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for lang in ("zh", "en"):
            app.lang = lang
            titles = [c.title for c in commands(app)]
            for mode, table in SCREENS:
                for key in table:
                    if key.id in PALETTE_KEYS:
                        assert any(key.title(lang) in t for t in titles), (lang, mode, key.id)
            for key in APP:
                if key.id in PALETTE_KEYS:
                    assert any(key.title(lang) in t for t in titles), (lang, key.id)
