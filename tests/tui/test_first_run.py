"""A real team from an empty folder, in the app, as a person does it: the team, two
checkpoints from presets, the county's spreadsheet of members, the first fortnight
generated, and a PDF for the wall; each step one change in the history, and the set-up
goes on where it stopped when the app opens again."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from roster.checker import check
from roster.store import Store
from roster.tui.dialogs.confirm import ConfirmDialog
from roster.tui.dialogs.import_members import ImportMembersDialog
from roster.tui.dialogs.setup_forms import NewCheckpointForm, TeamForm
from roster.tui.screens.checkpoints import CheckpointsScreen
from roster.tui.screens.first_run import FirstRunScreen
from roster.tui.widgets.forms import FormScreen
from tests.tui.conftest import DAY, SIZE, app_for, settle

MEMBERS = "姓名,手机号码,政治面貌\n" + "".join(
    f"队员{i:02d},1380000{i:04d},{'中共党员' if i % 3 == 0 else '群众'}\n" for i in range(1, 15))


async def _fill(pilot: object, values: dict[str, str]) -> None:
    screen = pilot.app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, FormScreen), screen
    for name, value in values.items():
        widget = screen.query_one(f"#field-{name}")
        widget.value = value  # type: ignore[attr-defined]
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_from_an_empty_folder_to_a_printed_fortnight(tmp_path: Path) -> None:
    data = tmp_path / "data"
    sheet = tmp_path / "county.csv"
    sheet.write_text(MEMBERS, encoding="utf-8")
    pdf = tmp_path / "fortnight.pdf"
    app = app_for(data, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        flow = app.screen
        assert isinstance(flow, FirstRunScreen) and flow.step == "team"

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TeamForm)
        await _fill(pilot, {"team": "北王村驻村工作队", "village": "北王村", "township": "王镇",
                            "timezone": "Mars/Olympus"})
        assert isinstance(app.screen, TeamForm)  # refused under the field, nothing saved
        assert app.screen.query_one("#error-timezone").display
        await _fill(pilot, {"timezone": "Asia/Shanghai", "lead": "张建国",
                            "phone": "13900000001"})
        assert app.screen is flow and flow.step == "checkpoints"

        await pilot.press("n")  # not yet: no checkpoint
        assert flow.step == "checkpoints"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NewCheckpointForm)
        await _fill(pilot, {"name": "北口卡点", "tags": "party=1"})
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#field-pattern", Select).value = "custom"
        await _fill(pilot, {"name": "南口卡点", "times": "07:00-19:00,19:00-07:00"})
        await pilot.press("n")
        assert flow.step == "members"

        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ImportMembersDialog)
        app.screen.query_one("#import-path", Input).value = str(sheet)
        await pilot.press("enter")  # preview
        await settle(pilot)
        await pilot.press("ctrl+s")  # import
        await settle(pilot)
        assert app.screen is flow
        await pilot.press("n")
        assert flow.step == "generate"

        await pilot.press("enter")
        await settle(pilot)
        assert flow.step == "print"

        flow.query_one("#setup-path", Input).value = str(pdf)
        flow.query_one("#setup-path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert flow.step == "done"
        await pilot.press("enter")  # to the board, on the fortnight
        await settle(pilot)
        assert not isinstance(app.screen, FirstRunScreen)

    assert pdf.read_bytes()[:5] == b"%PDF-"
    store = Store(data)
    bundle = store.load()
    assert bundle.team.lead == "m01" and len(bundle.members) == 15
    assert [c.name for c in bundle.checkpoints] == ["北口卡点", "南口卡点"]
    period = bundle.period(DAY, 14)
    report = check(bundle, period)
    assert not report.violations
    # Every shift of the fortnight is filled (the night running into its first morning
    # began the day before, outside it).
    assert not [g for g in report.gaps if g.start >= period.start], report.gaps[:3]
    ops = [c.op for c in reversed(store.history())]
    assert ops == ["init", "checkpoint-add", "checkpoint-add", "import-members", "generate"]


async def test_the_set_up_goes_on_where_it_stopped(tmp_path: Path) -> None:
    app = app_for(tmp_path, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await _fill(pilot, {"team": "队"})
        await pilot.press("escape")  # leave after the team
        await settle(pilot)
        assert not isinstance(app.screen, FirstRunScreen)
    again = app_for(tmp_path, "en")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, FirstRunScreen) and again.screen.step == "checkpoints"
        await pilot.press("u")  # each step is one change: undo takes the team's back
        await settle(pilot)
    assert [c.op for c in Store(tmp_path).history()][-1] == "init"


async def test_a_on_screen_4_adds_a_checkpoint_to_any_team(rostered_dir: Path) -> None:
    app = app_for(rostered_dir, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, CheckpointsScreen)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NewCheckpointForm)
        app.screen.query_one("#field-pattern", Select).value = "24h"
        await _fill(pilot, {"name": "西口卡点", "need": "2"})
    cp = Store(rostered_dir).load().checkpoints[-1]
    assert (cp.name, len(cp.shifts), cp.shifts[0].need) == ("西口卡点", 1, 2)
    assert cp.shifts[0].start == cp.shifts[0].end  # one 24-hour shift


async def test_g_asks_before_replacing_and_no_keeps_the_roster(rostered_dir: Path) -> None:
    before = Store(rostered_dir).load().assignments
    app = app_for(rostered_dir, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "people's shifts change" in app.screen.question
        await pilot.press("n")
        await settle(pilot)
    assert Store(rostered_dir).load().assignments == before


async def test_people_show_running_totals(tmp_path: Path) -> None:
    from datetime import date

    from textual.widgets import DataTable

    from roster.checker.totals import running_totals
    from roster.generator import generate
    from roster.samples.demo import demo_bundle

    bundle = demo_bundle(DAY)
    for monday in (date(2026, 11, 23), date(2026, 11, 30)):  # last week, then this one
        bundle = generate(bundle, bundle.period(monday, 7)).bundle
    Store(tmp_path).save(bundle, op="generate")
    totals = running_totals(bundle, bundle.period(date(2026, 11, 30), 7))
    app = app_for(tmp_path, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert "4 weeks before: shifts·nights·weekend" in labels
        first = bundle.members[0].id
        row = table.get_row(first)
        t = totals[first]
        assert t.recent.shifts > 0  # last week counts
        assert f"{t.recent.shifts}·{t.recent.nights}·{t.recent.weekend}" in [str(v) for v in row]
