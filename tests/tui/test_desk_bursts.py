"""A burst of keys on the desk: a paste, a barcode scanner, a fast typist at 3 a.m.

Each key must do what it would do typed slowly, whatever the speed: land in the box the
keys before it moved the focus to, or open the dialog the next keys are typed into.
Before the desk handled its keys one at a time, ``/0001⏎2`` sent at once checked person 1
in... as ``0`` went to the list, the text after ``o`` was lost under the dialog, and a
paste on the desk did nothing (or kept only its first line in a box).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, TextArea

from roster.tui.app import make_app
from roster.tui.desk_app import make_desk_app
from roster.tui.dialogs.desk import HandoverDialog
from roster.tui.screens.desk import DeskScreen
from roster.tui.widgets.desk_input import KeyQueue
from tests.tui.test_desk import SIZE, _desk, _setup

NAMED = {"enter": "\r", "tab": "\t", "slash": "/", "space": " "}


async def _send(pilot: Pilot[None], how: str, *keys: str) -> None:
    """The keys as one burst: ``press`` (Pilot, one after another without a pause) or
    ``burst`` (all queued at once, before the app has handled the first: a scanner or a
    terminal's paste of keystrokes), or ``paste`` (one Paste event of their text)."""
    app = pilot.app
    if how == "press":
        await pilot.press(*keys)
    elif how == "burst":
        for key in keys:
            character = NAMED.get(key, key if len(key) == 1 else None)
            name = _character_to_key(key) if len(key) == 1 else key
            app.post_message(events.Key(name, character))
    else:
        app.post_message(events.Paste("".join(NAMED.get(k, k) for k in keys)))
    await _typed(pilot)


async def _typed(pilot: Pilot[None]) -> None:
    """Wait until the desk has handled every key sent (however loaded the machine)."""
    queue = KeyQueue.of(pilot.app)
    for _ in range(600):
        await pilot.pause(0.02)
        if not queue.busy and not queue.waiting:
            break
    await pilot.pause()


def _entries(desk: DeskScreen) -> list[list[str]]:
    table = desk.query_one("#desk-entries", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


@pytest.mark.parametrize("how", ["press", "burst", "paste"])
async def test_a_scanned_phone_then_an_action_key(tmp_path: Path, how: str) -> None:
    """``/0001⏎`` from a scanner checks 张建国 in; the ``2`` after it checks 李海燕 in."""
    clock, _ = _setup(tmp_path, "08:00")
    app = make_app(tmp_path, "en", desk="cp-n", clock=clock, poll_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        desk = _desk(app)
        await _send(pilot, how, "slash", *"0001", "enter", "2")
        assert desk.view is not None
        assert [r.checked_in for r in desk.view.rows] == [True, True]
        assert desk.query_one("#desk-find", Input).value == ""
        assert desk.focused is desk.query_one("#desk-people", DataTable)


@pytest.mark.parametrize("how", ["press", "burst", "paste"])
async def test_a_note_a_handover_and_the_next_note_in_one_burst(tmp_path: Path,
                                                                  how: str) -> None:
    clock, _ = _setup(tmp_path, "08:00")
    app = make_desk_app(tmp_path, "cp-n", "en", clock=clock, poll_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        desk = _desk(app)
        await _send(pilot, how, "1", "n", "tab", "5", "enter", *"all quiet", "enter",
                    "o", "tab", *"gate locked", "enter", *"radio")
        dialog = app.screen
        assert isinstance(dialog, HandoverDialog)  # the o after the note opened it ...
        assert dialog.query_one("#handover-text", Input).value == "gate locked"
        assert dialog.query_one("#handover-equipment", Input).value == "radio"  # ... in it
        rows = _entries(desk)  # the check-in and the note
        assert sorted(r[4:6] for r in rows) == [["", ""], ["5", "all quiet"]], rows
        assert desk.query_one("#note-count", Input).value == ""
        assert desk.query_one("#note-text", Input).value == ""
        await _send(pilot, "burst" if how == "paste" else how, "ctrl+s", "n", *"x")
        assert isinstance(app.screen, DeskScreen)
        assert any(r[5] == "gate locked" for r in _entries(desk))  # the handover
        # the n after it starts a note, and the x typed on the category is its text
        assert desk.focused is desk.query_one("#note-text", Input)
        assert desk.query_one("#note-text", Input).value == "x"


@pytest.mark.parametrize("how", ["press", "burst", "paste"])
async def test_text_typed_on_the_category_writes_the_note(tmp_path: Path, how: str) -> None:
    """``n`` then the text and Enter saves a note of the shown category; a digit first is
    its count. In the tent at night, 查车3辆 typed after n was lost on the closed list."""
    clock, _ = _setup(tmp_path, "08:00")
    app = make_desk_app(tmp_path, "cp-n", "zh", clock=clock, poll_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        desk = _desk(app)
        await _send(pilot, how, "n", *"查车3辆", "enter", "n", "7", "enter", *"ok", "enter")
        notes = sorted(r[2:] for r in _entries(desk))
        assert notes == [["车辆检查", "", "", "查车3辆"], ["车辆检查", "", "7", "ok"]], notes
        assert desk.query_one("#note-text", Input).value == ""
        assert isinstance(desk.query_one("#note-category", Select).value, str)


async def test_a_pasted_list_keeps_every_line_and_drops_control_characters(
        tmp_path: Path) -> None:
    clock, _ = _setup(tmp_path, "08:00")
    app = make_app(tmp_path, "en", desk="cp-n", clock=clock, poll_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        desk = _desk(app)
        await pilot.press("o")
        app.screen.query_one("#handover-items", TextArea).focus()
        await pilot.pause()
        app.post_message(events.Paste("lamp broken\nsign \x1b[2Jdown\u202e\n"))
        await _typed(pilot)
        items = app.screen.query_one("#handover-items", TextArea)
        assert items.text == "lamp broken\nsign [2Jdown\n"
        await pilot.press("escape", "escape")
        # a paste into the note's text box: its line break is Enter, as typed, so what
        # follows is a key of the desk again (2 checks number 2 in)
        desk.set_focus(desk.query_one("#note-text", Input))
        app.post_message(events.Paste("wire cut\r\n2"))
        await _typed(pilot)
        assert sorted(r[5] for r in _entries(desk)) == ["", "wire cut"]
        assert desk.view is not None and desk.view.rows[1].checked_in
        assert desk.focused is desk.query_one("#desk-people", DataTable)


async def test_a_list_in_a_dialog_and_the_note_category_list_in_one_burst(
        tmp_path: Path) -> None:
    """Closing an open item (its list, then its text) and a note whose category is picked
    from the open list: every key in one burst, at 80 × 24."""
    from roster.services.duty import DutyLog

    clock, store = _setup(tmp_path, "08:00")
    DutyLog(store, clock=clock).handover("cp-n", "m1", text="t", new_items=["lamp", "sign"])
    app = make_app(tmp_path, "en", desk="cp-n", clock=clock, poll_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = _desk(app)
        await _send(pilot, "burst", "x", "down", "enter", *"fixed", "ctrl+s",
                    "n", "enter", "down", "down", "enter", "tab", "7", "enter", *"ok", "enter")
        assert isinstance(app.screen, DeskScreen)
        assert desk.view is not None and [i.text for i in desk.view.open_items] == ["lamp"]
        rows = _entries(desk)
        assert ["open item closed", "fixed"] in [[r[2], r[5]] for r in rows], rows
        assert ["temperature anomaly", "7", "ok"] in [[r[2], r[4], r[5]] for r in rows], rows


async def test_the_mouse_moving_during_a_burst_changes_nothing(tmp_path: Path) -> None:
    """The mouse moving over the desk while the keys of a burst are handled."""
    import asyncio

    clock, _ = _setup(tmp_path, "08:00")
    app = make_app(tmp_path, "en", desk="cp-n", clock=clock, poll_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        desk = _desk(app)
        for key in ("n", "tab", "4", "enter", *"quiet", "enter", "2"):
            app.post_message(events.Key(key, "\r" if key == "enter" else
                                        "\t" if key == "tab" else key))
        queue = KeyQueue.of(app)
        for n in range(2000):
            app.post_message(events.MouseMove(None, 10 + n % 5, 10, 1, 0, 0, False, False,
                                              False, 10 + n % 5, 10))
            await asyncio.sleep(0)
            if n > 10 and not queue.busy and not queue.waiting:
                break
        await _typed(pilot)
        assert [r[4:6] for r in _entries(desk) if r[2] != "check-in"] == [["4", "quiet"]]
        assert desk.view is not None and desk.view.rows[1].checked_in
