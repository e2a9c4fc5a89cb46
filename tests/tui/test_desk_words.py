"""The desk's words at 3 a.m. (#13 item 17): the withdraw dialog says which entry it
withdraws, and no status or kind is cut to a stub (``withd``) at 80 × 24 or 160 × 45,
in Chinese or English."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from roster.services.duty import DutyLog
from roster.tui.app import make_app
from roster.tui.dialogs.desk import WithdrawDialog
from tests.tui.test_desk import _desk, _setup
from tests.unit.dutylog.test_dutylog_fixtures import at

NOTE = "[bold]lamp[/bold] broken at the gate"


def _screen_text(app: object) -> str:
    svg = app.export_screenshot()  # type: ignore[attr-defined]
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("Time", "2026-12-01 08:20", "What", "incident", "Who", "张建国", "Count", "2")),
    ("zh", ("时间", "2026-12-01 08:20", "事项", "突发情况", "人员", "张建国", "数量", "2")),
])
@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_the_withdraw_dialog_shows_the_entry_it_withdraws(
        tmp_path: Path, lang: str, words: tuple[str, ...], size: tuple[int, int]) -> None:
    clock, store = _setup(tmp_path, "08:30")
    duty = DutyLog(store, clock=clock)
    duty.check_in("m1", "cp-n", at=at("08:00"))
    duty.note("cp-n", "incident", text=NOTE, count=2, member="m1", at=at("08:20"))
    app = make_app(tmp_path, lang, desk="cp-n", clock=clock, poll_seconds=60)
    async with app.run_test(size=size) as pilot:
        desk = _desk(app)
        entries = desk.table("desk-entries")
        row = next(i for i in range(entries.row_count) if NOTE in str(entries.get_row_at(i)[4]))
        entries.move_cursor(row=row)
        await pilot.press("d")
        assert isinstance(app.screen, WithdrawDialog)
        text = _screen_text(app)
        for word in words:
            assert word in text, (word, text)
        assert NOTE in text  # as written: markup in a note is data


async def test_the_history_dialog_shows_a_note_as_written(tmp_path: Path) -> None:
    clock, store = _setup(tmp_path, "08:30")
    DutyLog(store, clock=clock).note("cp-n", "incident", text=NOTE, member="m1",
                                     at=at("08:20"))
    app = make_app(tmp_path, "en", desk="cp-n", clock=clock, poll_seconds=60)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("h")
        assert NOTE in _screen_text(app)  # markup in a note is data, never parsed
