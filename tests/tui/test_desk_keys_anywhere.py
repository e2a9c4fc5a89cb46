"""The desk at 3 a.m.: a key does what it says wherever the cursor is, except in a text box.

After a search or a saved note the next key is an action again (it used to be typed into
the box it came from); every dialog opens on its first field; Esc always leaves a box.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Select, TextArea

from roster.services.duty import DutyLog
from roster.tui.app import make_app
from roster.tui.dialogs.desk import ConfirmDialog, HandoverDialog
from roster.tui.screens.desk import DeskScreen
from tests.tui.test_desk import SIZE, _desk, _setup
from tests.tui.test_desk_bursts import _typed
from tests.unit.dutylog.test_dutylog_fixtures import at


async def test_after_a_search_and_a_note_the_next_key_is_an_action(tmp_path: Path) -> None:
    clock, _ = _setup(tmp_path, "08:00")
    app = make_app(tmp_path, "zh", desk="cp-n", clock=clock, poll_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        desk = _desk(app)
        await pilot.press("slash", "0", "1", "enter")  # checks 张建国 in
        find = desk.query_one("#desk-find", Input)
        await pilot.press("n")  # a note, not an "n" in the search box
        assert find.value == ""
        assert isinstance(desk.focused, Select) and desk.focused.id == "note-category"
        await pilot.press("tab", "3", "enter", *"ok", "enter")
        await pilot.pause()
        text = desk.query_one("#note-text", Input)
        assert text.value == "" and desk.query_one("#desk-entries", DataTable).row_count == 2
        clock.now = at("15:55")
        await pilot.press("o")  # the handover, not an "o" in the note
        assert text.value == ""
        assert isinstance(app.screen, HandoverDialog)


async def test_the_handover_and_confirm_dialogs_open_on_their_first_field(
        tmp_path: Path) -> None:
    clock, store = _setup(tmp_path, "15:50")
    DutyLog(store, clock=clock).check_in("m1", "cp-n")
    app = make_app(tmp_path, "en", desk="cp-n", clock=clock, poll_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        dialog = app.screen
        assert isinstance(dialog, HandoverDialog)
        assert dialog.focused is dialog.query_one("#handover-member", Select)
        await pilot.press("tab", *"all quiet")
        assert dialog.query_one("#handover-text", Input).value == "all quiet"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("c")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.focused is dialog.query_one("#confirm-handover", Select)


async def test_escape_leaves_every_box_and_only_then_the_desk(tmp_path: Path) -> None:
    clock, _ = _setup(tmp_path, "08:00")
    app = make_app(tmp_path, "zh", desk="cp-n", clock=clock, poll_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        desk = _desk(app)
        for ident in ("#desk-find", "#note-category", "#note-count", "#note-text"):
            desk.query_one(ident).focus()
            await pilot.press("escape")
            assert isinstance(app.screen, DeskScreen), ident
            assert desk.focused is desk.query_one("#desk-people", DataTable), ident
        desk.query_one("#desk-entries", DataTable).focus()
        await pilot.press("2")  # a number works from the entries list too
        assert desk.view is not None and desk.view.rows[1].checked_in
        await pilot.press("o")
        assert isinstance(app.screen, HandoverDialog)
        app.screen.query_one("#handover-items", TextArea).focus()
        await pilot.press("escape")  # out of the items box, the dialog stays
        assert isinstance(app.screen, HandoverDialog)


async def test_the_desk_only_app_lays_out_the_note_boxes_on_screen(tmp_path: Path) -> None:
    """``roster desk`` (the desk-only app) read the desk's stylesheet only through the
    screen, which a default screen does not do: the note's text box was off screen."""
    from roster.tui.desk_app import make_desk_app

    clock, _ = _setup(tmp_path, "08:00")
    for size in ((80, 24), (160, 45)):
        app = make_desk_app(tmp_path, "cp-n", "en", clock=clock, poll_seconds=60)
        async with app.run_test(size=size) as pilot:
            desk = _desk(app)
            for ident in ("#note-category", "#note-count", "#note-text", "#desk-find"):
                region = desk.query_one(ident).region
                assert region.width >= 5 and region.right <= size[0], (size, ident, region)
            entries = desk.query_one("#desk-entries", DataTable)
            before = entries.row_count
            await pilot.press("slash", "0", "1", "enter", "n", "tab", "3", "enter",
                              *"quiet", "enter")
            await pilot.pause()
            assert entries.row_count == before + 2, size  # checked in or out, and the note


async def _burst(pilot: object, *keys: str) -> None:
    """Keys as a fast typist (or a paste of keystrokes) sends them: all queued at once,
    before the app has handled the first (Pilot's ``press`` waits after each)."""
    from textual import events

    app = pilot.app  # type: ignore[attr-defined]
    for key in keys:
        character = "\r" if key == "enter" else (key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))
    await _typed(pilot)  # type: ignore[arg-type]


async def test_keys_typed_ahead_land_where_enter_sent_them(tmp_path: Path) -> None:
    clock, _ = _setup(tmp_path, "08:00")
    app = make_app(tmp_path, "en", desk="cp-n", clock=clock, poll_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        desk = _desk(app)
        await pilot.press("slash")
        await _burst(pilot, "0", "1", "enter", "n")  # check in, then a note
        assert desk.view is not None and desk.view.rows[0].checked_in
        assert desk.query_one("#desk-find", Input).value == ""
        assert desk.focused is desk.query_one("#note-category", Select)
        await pilot.press("tab")
        await _burst(pilot, "5", "enter", *"quiet", "enter", "o")
        entries = desk.query_one("#desk-entries", DataTable)
        assert entries.row_count == 2, desk.query_one("#note-count", Input).value
        assert any("quiet" in str(entries.get_row_at(i)[5]) for i in range(2))
        assert isinstance(app.screen, HandoverDialog)  # the o after the note
