"""The duty desk driven headless with a fixed clock: a shift from check-in to handover.

One flow a cadre goes through (check in by the last digits of a phone, one key for the
next person, notes, the handover, the incoming member's confirmation), then the
forgiving parts: a refused write keeps the typed text, a correction keeps the original,
and a write from another terminal shows up by itself.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.widgets import DataTable, Input, Select, Static, TextArea

from roster.services.duty import DutyLog
from roster.store import Store
from roster.tui.app import make_app
from roster.tui.dialogs.desk import (
    ConfirmDialog,
    CorrectDialog,
    HandoverDialog,
    HistoryDialog,
)
from roster.tui.screens.desk import DeskScreen
from tests.unit.dutylog.test_dutylog_fixtures import DAY, at, team

SIZE = (120, 36)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _setup(tmp_path: Path, now: str) -> tuple[Clock, Store]:
    store = Store(tmp_path)
    store.save(team(), op="import")
    return Clock(at(now)), store


def _message(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    while not isinstance(screen, DeskScreen):
        screen = app.screen_stack[-2]  # type: ignore[attr-defined]
    return str(screen.query_one("#desk-message", Static).render())


def _desk(app: object) -> DeskScreen:
    return next(s for s in app.screen_stack if isinstance(s, DeskScreen))  # type: ignore


async def test_a_shift_from_check_in_to_confirmed_handover(tmp_path: Path) -> None:
    clock, store = _setup(tmp_path, "08:00")
    app = make_app(tmp_path, "zh", desk="cp-n", clock=clock, poll_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        desk = _desk(app)
        people = desk.query_one("#desk-people", DataTable)
        assert people.row_count == 2  # 张建国, 李海燕 on the day shift

        # check in by the last digits of a phone number
        await pilot.press("slash", "0", "1", "enter")
        assert "张建国 签到 08:00" in _message(app)
        assert desk.query_one("#desk-find", Input).value == ""
        # ... and the second person with one key
        clock.now = at("08:04")
        await pilot.press("2")  # the search gave the keys back
        assert "李海燕 签到 08:04" in _message(app)

        # notes: category, count, text
        clock.now = at("08:30")
        await pilot.press("n")
        desk.query_one("#note-category", Select).value = "person"
        desk.query_one("#note-count", Input).focus()
        await pilot.press("3", "enter")
        await pilot.press(*"ok", "enter")
        desk.query_one("#note-count", Input).focus()
        await pilot.press("1", "2", "enter", "enter")  # a count alone is a note too
        await pilot.pause()
        assert desk.query_one("#note-text", Input).value == ""
        entries = desk.query_one("#desk-entries", DataTable)
        assert entries.row_count == 4

        # the outgoing member hands over
        clock.now = at("15:55")
        desk.refresh_view()
        await pilot.press("o")  # the saved note gave the keys back
        dialog = app.screen
        assert isinstance(dialog, HandoverDialog)
        dialog.query_one("#handover-text", Input).value = "一切正常，北侧路灯坏了"
        dialog.query_one("#handover-equipment", Input).value = "测温枪 2 把"
        dialog.query_one("#handover-items", TextArea).text = "路灯报修\n还体温计"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, DeskScreen)
        alerts = str(desk.query_one("#desk-alerts", Static).render())
        assert "交接未确认" in alerts and "路灯报修" in alerts

        # the incoming member arrives (listed as the next shift) and confirms
        clock.now = at("15:58")
        desk.refresh_view()
        assert [r.role for r in desk.view.rows][-2:] == ["next", "next"]  # type: ignore
        await pilot.press("3")
        assert "王志刚 签到 15:58" in _message(app)
        clock.now = at("16:01")
        await pilot.press("c")
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.query_one("#confirm-member", Select).value == "m3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "王志刚 已确认交接" in _message(app)
        assert desk.view is not None and desk.view.unconfirmed == ()
        assert [i.text for i in desk.view.open_items] == ["路灯报修", "还体温计"]

    kinds = [(e.kind, e.category, e.member) for e in store.logs(DAY, DAY)]
    assert kinds == [("check_in", "", "m1"), ("check_in", "", "m2"),
                     ("note", "person", None), ("note", "person", None),
                     ("note", "handover", "m1"), ("check_in", "", "m3"),
                     ("note", "handover", "m3")]


async def test_a_refused_write_keeps_what_was_typed(tmp_path: Path) -> None:
    clock, _ = _setup(tmp_path, "09:00")
    app = make_app(tmp_path, "en", desk="cp-n", clock=clock, poll_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        desk = _desk(app)
        await pilot.press("slash", *"nobody", "enter")
        assert "Nobody matches" in _message(app)
        assert desk.query_one("#desk-find", Input).value == "nobody"
        await pilot.press("escape", "n")
        desk.query_one("#note-text", Input).focus()
        await pilot.press("enter")  # neither text nor count
        assert "empty" in _message(app)
        desk.query_one("#note-text", Input).value = "可疑车辆"
        desk.query_one("#note-count", Input).value = "-1"
        await pilot.press("enter")
        assert "negative" in _message(app)
        assert desk.query_one("#note-text", Input).value == "可疑车辆"
        await pilot.press("escape", "1", "1")  # in, then the second press checks out
        assert "checked out" in _message(app)
        await pilot.press("9")
        assert "no number 9" in _message(app)
    assert len(Store(tmp_path).logs(DAY, DAY)) == 2


async def test_a_correction_keeps_the_original_one_key_away(tmp_path: Path) -> None:
    clock, store = _setup(tmp_path, "09:00")
    DutyLog(store, clock=clock).note("cp-n", "vehicle", count=12, text="过往车辆")
    app = make_app(tmp_path, "zh", desk="cp-n", clock=clock, poll_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        desk = _desk(app)
        desk.query_one("#desk-entries", DataTable).focus()
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, CorrectDialog)
        dialog.query_one("#correct-count", Input).value = "21"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        row = desk.query_one("#desk-entries", DataTable).get_row_at(0)
        assert str(row[4]) == "21" and str(row[3]) == "已更正"
        await pilot.press("h")
        assert isinstance(app.screen, HistoryDialog)
        versions = [{k: v for line in version for k, v in line}
                    for version in app.screen.versions]
        assert [(v["数量"], v[""]) for v in versions] == [("12", "原始"), ("21", "更正")]
        await pilot.press("escape", "d")
        app.screen.query_one("#withdraw-reason", Input).value = "记错了"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "已撤销" in str(desk.query_one("#desk-entries", DataTable).get_row_at(0)[3])
    versions = store.logs(DAY, DAY)
    original = next(e for e in versions if e.corrects is None)
    assert len(versions) == 3 and original.count == 12  # nothing edited, nothing lost


async def test_a_write_from_another_terminal_shows_up_by_itself(tmp_path: Path) -> None:
    clock, _ = _setup(tmp_path, "08:00")
    app = make_app(tmp_path, "en", desk="cp-n", clock=clock, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        desk = _desk(app)
        assert desk.view is not None and not desk.view.rows[1].checked_in
        DutyLog(Store(tmp_path), clock=clock).check_in("m2", "cp-n")
        for _ in range(40):
            await pilot.pause(0.05)
            if desk.view.rows[1].checked_in:
                break
        assert desk.view.rows[1].checked_in
        assert "on duty since 08:00" in str(
            desk.query_one("#desk-people", DataTable).get_row_at(1)[4])


async def test_the_main_app_opens_the_desk(tmp_path: Path) -> None:
    from roster.tui.app import make_app

    Store(tmp_path).save(team(), op="import")
    app = make_app(tmp_path, "zh", DAY, desk="cp-n")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, DeskScreen)
