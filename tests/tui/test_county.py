"""The county screen under Pilot: the table of teams, its filters, a team's board opened
from its file to read only (nothing can change the file), and snapshots of the screen."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from roster.county import RollUp, find_bundles, roll_up
from roster.tui.county_app import CountyApp, make_county_app
from roster.tui.screens.county import CountyScreen, strip_text
from tests.tui.conftest import SIZE, settle
from tests.unit.county.county_fixtures import county_doc, quiet_doc, write
from tests.unit.dutylog.test_dutylog_fixtures import DAY, at

NOW = at("12:00", DAY + timedelta(days=2))


def _county(folder: Path) -> RollUp:
    write(folder / "城关镇" / "north.json",
          county_doc(team_id="north", exported_at=at("09:00", DAY + timedelta(days=1))))
    write(folder / "城关镇" / "east.json",
          county_doc(team_id="east", name="东营村驻村工作队", village="东营村",
                     exported_at=at("09:30", DAY + timedelta(days=1))))
    write(folder / "河口乡" / "quiet.json", quiet_doc(township="河口乡"))
    write(folder / "河口乡" / "west.json",
          county_doc(team_id="west", name="西李村驻村工作队", village="西李村",
                     township="河口乡", exported_at=at("10:00", DAY + timedelta(days=1))))
    return roll_up(find_bundles([folder]), DAY, 1, NOW, workers=1)


def _state(folder: Path) -> list[tuple[str, str]]:
    return sorted((str(p.relative_to(folder)), hashlib.sha256(p.read_bytes()).hexdigest())
                  for p in folder.rglob("*") if p.is_file())


def _teams(app: CountyApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, CountyScreen)
    return [t.team for t in screen.shown]


async def test_the_table_and_its_filters(tmp_path: Path) -> None:
    app = make_county_app(_county(tmp_path), "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 4
        assert _teams(app)[-1] == "南李村驻村工作队"  # no problems: last
        await pilot.press("t")
        assert sorted(_teams(app)) == ["东营村驻村工作队", "北王村驻村工作队"]
        await pilot.press("t")
        assert sorted(_teams(app)) == ["南李村驻村工作队", "西李村驻村工作队"]
        await pilot.press("p")
        assert _teams(app) == ["西李村驻村工作队"] and table.row_count == 1
        await pilot.press("t")  # after the last township: all of them again
        assert len(_teams(app)) == 3
        await pilot.press("p")
        assert table.row_count == 4


async def test_enter_opens_a_teams_board_that_nothing_can_change(tmp_path: Path) -> None:
    rollup = _county(tmp_path)
    before = _state(tmp_path)
    app = make_county_app(rollup, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        wanted = rollup.teams[1]
        assert app.session.bundle is not None
        assert app.session.bundle.team.id == wanted.team_id
        assert app.current_mode == "board" and app.session.period is not None
        assert app.session.period.first_day <= DAY
        assert app.session.report is not None and app.session.report.gaps
        await pilot.press("g")  # generate: refused at once
        await pilot.press("enter")  # the slot editor ...
        await settle(pilot)
        await pilot.press("a")  # ... add someone: refused, nothing written
        await settle(pilot)
        await pilot.press("escape", "b")  # the duty desk: refused
        await settle(pilot)
        assert not app.apply_edit(lambda b: b, "nothing")
        messages = [n.message for n in app._notifications]
        assert any("read only" in m for m in messages)
        assert app.session.bundle.assignments == app.read_only.load().assignments  # type: ignore[union-attr]
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CountyScreen)
    assert _state(tmp_path) == before


def test_the_strip_shows_where_the_hours_went_wrong() -> None:
    assert strip_text("x" * 8 + "!" * 12 + "." * 4, 1).plain == "✗" * 8 + "!" * 12 + "·" * 4
    three_days = strip_text("." * 24 + "?" * 24 + ".." + "x" + "." * 21, 3).plain
    assert three_days == "·" * 8 + "│" + "?" * 8 + "│" + "✗" + "·" * 7


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_county_screen(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    app = make_county_app(_county(tmp_path), lang)

    async def ready(pilot: Any) -> None:
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)
