"""With the lead's PIN set, the board asks for it once per app session before the first
change; a wrong PIN saves nothing; without a PIN nothing asks."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from roster.store import Store
from roster.store.pin import PinGuard
from roster.tui.dialogs.pin import PinDialog
from tests.tui.conftest import SIZE, app_for, settle


async def test_the_board_asks_for_the_pin_once(rostered_dir: Path) -> None:
    PinGuard(Store(rostered_dir)).set("2468")
    changes = len(Store(rostered_dir).history())
    app = app_for(rostered_dir, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("L")  # lock the shift under the cursor
        await pilot.pause()
        assert isinstance(app.screen, PinDialog)
        app.screen.query_one(Input).value = "1111"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PinDialog)
        assert "wrong PIN" in str(app.screen.query_one("#pin-error", Static).render())
        assert len(Store(rostered_dir).history()) == changes
        app.screen.query_one(Input).value = "2468"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, PinDialog)
        assert len(Store(rostered_dir).history()) == changes + 1  # the lock, once allowed
        await pilot.press("L")  # unlock: asked once per session only
        await settle(pilot)
        assert not isinstance(app.screen, PinDialog)
        assert len(Store(rostered_dir).history()) == changes + 2


async def test_no_pin_no_question(rostered_dir: Path) -> None:
    app = app_for(rostered_dir, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        assert not isinstance(app.screen, PinDialog)
        assert Store(rostered_dir).history()[0].op != "generate"
