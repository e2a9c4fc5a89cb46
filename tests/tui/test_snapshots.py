"""Snapshots of the main screens in Chinese and English at a fixed size, day and roster.

The roster is the demo week as the generator made it once (``snapshot_team.json``, kept
as a file so that work on the generator does not move these pictures), then given one of
each state the board shows: a locked shift, a shift one short, one missing its party
member, one whose member is on leave. Update with
``pytest tests/tui/test_snapshots.py --snapshot-update`` after checking the change by eye.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from roster.domain.model import Bundle, Leave, shifts_in
from roster.editing import edits
from roster.exchange.bundle import load_bundle_file
from roster.rules.eligibility import rank
from roster.store import Store
from roster.tui.widgets.board import RosterBoard
from tests.tui.conftest import SIZE, app_for

MONDAY = date(2026, 11, 30)


TEAM = Path(__file__).with_name("snapshot_team.json")


def troubled() -> Bundle:
    b = load_bundle_file(TEAM)

    def key(day: int, checkpoint: str, template: int) -> Any:
        return next(s.key for s in shifts_in(b, MONDAY + timedelta(days=day), 1)
                    if s.checkpoint == checkpoint and s.template == template)

    def on(k: Any) -> list[str]:
        return [a.member for a in b.assignments if a.shift_key == k and a.role == "duty"]

    b = edits.set_locked(b, key(0, "cp-n", 0), True)
    b = edits.unassign(b, key(1, "cp-n", 0), on(key(1, "cp-n", 0))[0])
    k = key(2, "cp-n", 1)
    party = next(m for m in on(k) if "party" in b.member(m).tags)  # type: ignore[union-attr]
    shift = next(s for s in shifts_in(b, MONDAY + timedelta(days=2), 1) if s.key == k)
    without = edits.unassign(b, k, party)
    free = next(c.member.id for c in rank(without, b.period(MONDAY, 7), shift)
                if c.eligible and "party" not in c.member.tags)
    b = edits.assign(without, k, free)
    k = key(3, "cp-s", 0)
    b = edits.add_leave(b, on(k)[0], Leave(k[1], k[2], "县里开会"))
    return b


@pytest.fixture
def troubled_dir(tmp_path: Path) -> Path:
    Store(tmp_path).save(troubled(), op="edit", operator="test")
    return tmp_path


def cursor_at(row: int, col: int, *keys: str) -> Callable[[Pilot[None]], Any]:
    async def run(pilot: Pilot[None]) -> None:
        pilot.app.screen.query_one(RosterBoard).set_cursor(row, col)
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run


LANGS = ["zh", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_board(snap_compare: Any, troubled_dir: Path, lang: str) -> None:
    assert snap_compare(app_for(troubled_dir, lang), terminal_size=SIZE,
                        run_before=cursor_at(1, 0))


@pytest.mark.parametrize("lang", LANGS)
def test_slot_editor(snap_compare: Any, troubled_dir: Path, lang: str) -> None:
    assert snap_compare(app_for(troubled_dir, lang), terminal_size=SIZE,
                        run_before=cursor_at(1, 0, "enter"))


@pytest.mark.parametrize("lang", LANGS)
def test_problems_panel(snap_compare: Any, troubled_dir: Path, lang: str) -> None:
    assert snap_compare(app_for(troubled_dir, lang), terminal_size=SIZE,
                        run_before=cursor_at(0, 0, "p"))


@pytest.mark.parametrize("lang", LANGS)
def test_coverage_view(snap_compare: Any, troubled_dir: Path, lang: str) -> None:
    assert snap_compare(app_for(troubled_dir, lang), terminal_size=SIZE,
                        run_before=cursor_at(0, 0, "2"))


@pytest.mark.parametrize("lang", LANGS)
def test_people(snap_compare: Any, troubled_dir: Path, lang: str) -> None:
    assert snap_compare(app_for(troubled_dir, lang), terminal_size=SIZE,
                        run_before=cursor_at(0, 0, "3"))
