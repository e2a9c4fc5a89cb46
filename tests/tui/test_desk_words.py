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
        row = next(i for i in range(entries.row_count) if NOTE in str(entries.get_row_at(i)[5]))
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


def _night(tmp_path: Path) -> tuple[object, dict[str, str]]:
    """03:40 on the night shift: 王志刚 came an hour late; the log holds a note of each
    long kind, one corrected and one withdrawn. Returns the clock and the entries' ids."""
    clock, store = _setup(tmp_path, "01:00")
    duty = DutyLog(store, clock=clock, operator="值班员")
    duty.check_in("m3", "cp-n")
    clock.now = at("03:30")
    hot = duty.note("cp-n", "temperature", text="37.9 ℃", count=1, member="m3")
    seen = duty.note("cp-n", "person", text="visitors", count=4)
    typo = duty.note("cp-n", "vehicle", text="typo", count=9)
    clock.now = at("03:35")
    duty.correct(seen, count=5)
    duty.void(typo, "typed twice")
    clock.now = at("03:40")
    return clock, {"hot": hot.id, "seen": seen.id, "typo": typo.id}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_statuses_and_kinds_are_whole_words(tmp_path: Path, lang: str,
                                                  size: tuple[int, int]) -> None:
    from roster.i18n import say

    clock, _ = _night(tmp_path)
    app = make_app(tmp_path, lang, desk="cp-n", clock=clock, poll_seconds=60)
    async with app.run_test(size=size) as pilot:
        desk = _desk(app)
        await pilot.pause()
        text = _screen_text(app)
        words = [say(lang, "on duty (late {late_minutes} min)", late_minutes=60),
                 say(lang, "temperature anomaly"), say(lang, "people registered"),
                 say(lang, "vehicles checked"), say(lang, "withdrawn"), say(lang, "corrected")]
        for word in words:
            assert word in text, (word, size, lang)
        # the history of the corrected entry, and of the withdrawn one
        entries = desk.table("desk-entries")
        for kind, marks in (("people registered", ("original", "correction")),
                            ("vehicles checked", ("original", "withdrawn"))):
            row = next(i for i in range(entries.row_count)
                       if str(entries.get_row_at(i)[2]) == say(lang, kind))
            entries.move_cursor(row=row)
            await pilot.press("h")
            await pilot.pause()
            text = _screen_text(app)
            for word in (say(lang, kind), *(say(lang, m) for m in marks)):
                assert word in text, (word, size, lang)
            await pilot.press("escape")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_key_of_the_desk_shows_at_80_columns(tmp_path: Path, lang: str) -> None:
    from roster.tui.keys import DESK_KEYS

    clock, _ = _night(tmp_path)
    app = make_app(tmp_path, lang, desk="cp-n", clock=clock, poll_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = _screen_text(app)
        for key in DESK_KEYS:
            if key.show:
                assert f"{key.display or key.keys}{key.title(lang)}" in text, key.id
