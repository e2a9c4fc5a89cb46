"""``roster desk --checkpoint ID`` on the shared laptop: the desk and nothing else.

Every key the lead's app binds (screens, generate, repair, the board's desk key, undo,
export), Esc and the command palette are tried; none leads off the desk, and Esc on the
desk quits the app. The desk app does not even load the board or the generator.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

from textual.command import CommandPalette

from roster.store import Store
from roster.tui.desk_app import make_desk_app
from roster.tui.dialogs.confirm import ConfirmDialog
from roster.tui.dialogs.desk import HelpDialog
from roster.tui.keys import APP, BOARD
from roster.tui.screens.desk import DeskScreen
from tests.unit.dutylog.test_dutylog_fixtures import at, team

SIZE = (120, 36)


def _app(tmp_path: Path, now: datetime) -> object:
    Store(tmp_path).save(team(), op="import")
    return make_desk_app(tmp_path, "cp-n", "zh", operator="值班员", clock=lambda: now,
                         poll_seconds=60)


def _only_the_desk(app: object) -> None:
    stack = app.screen_stack  # type: ignore[attr-defined]
    assert isinstance(stack[0], DeskScreen) and stack[0].checkpoint_id == "cp-n"
    assert all(isinstance(s, DeskScreen | HelpDialog) or s.__class__.__module__.startswith(
        ("roster.tui.dialogs.desk", "roster.tui.dialogs.confirm", "textual."))
        for s in stack), stack


async def test_no_key_leads_off_the_desk(tmp_path: Path) -> None:
    app = _app(tmp_path, at("09:00"))
    lead_keys = [k.split(",")[0] for key in (*APP, *BOARD) for k in (key.keys,)
                 if not k.split(",")[0].isdigit()]
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        _only_the_desk(app)
        for key in [*lead_keys, "b", "g", "G", "1", "2", "3", "4", "5"]:
            await pilot.press(key)
            await pilot.pause()
            _only_the_desk(app)
            while len(app.screen_stack) > 1:  # type: ignore[attr-defined]
                await pilot.press("escape")  # close whatever desk dialog the key opened
                await pilot.pause()
        # Nothing in the roster changed on the way (the number keys checked people in).
        assert [c.op for c in Store(tmp_path).history()] == ["import"]


async def test_the_palette_offers_nothing_beyond_the_desk(tmp_path: Path) -> None:
    app = _app(tmp_path, at("09:00"))
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}  # type: ignore
        assert titles <= {"Quit", "Keys", "Theme"}, titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)  # type: ignore[attr-defined]
        await pilot.press(*"board", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        _only_the_desk(app)


async def test_esc_on_the_desk_asks_then_quits(tmp_path: Path) -> None:
    """Esc leaves a box, then asks before the desk closes (review round 2: one Esc too
    many closed the tent's desk at once); the key bar says esc quits."""
    app = _app(tmp_path, at("09:00"))
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        keys = str(app.screen.query_one("#desk-keys").render())  # type: ignore[attr-defined]
        assert "esc" in keys and keys.rstrip().endswith(("退出", "Quit")), keys
        await pilot.press("slash")  # into the find box: Esc first leaves the box
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # type: ignore[attr-defined]
        await pilot.press("n")  # stay
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ConfirmDialog)  # type: ignore
        await pilot.press("escape", "y")
        await pilot.pause()
        assert not app.is_running  # type: ignore[attr-defined]


def test_the_desk_app_does_not_load_the_board_or_the_generator() -> None:
    code = ("import sys, roster.tui.desk_app; "
            "print(sorted(m for m in sys.modules if m.startswith(('roster.tui.app', "
            "'roster.tui.screens.board', 'roster.tui.screens.slot', 'roster.generator', "
            "'roster.tui.screens.people', 'roster.tui.screens.checkpoints'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
