"""Names and notes from a file are data on every screen (#13 items 5 and 6): markup in
them is shown as written, never parsed (no MarkupError, no hidden text), and escape
sequences and bidi overrides are shown as signs, never sent to the terminal."""

from __future__ import annotations

import html
import re
from pathlib import Path

from roster.exchange.bundle import read_bundle
from roster.services.duty import DutyLog
from roster.store import Store
from roster.tui.app import make_app
from tests.cli.test_cli_hostile_text import CHECKPOINT, NAME, NOTE
from tests.unit.dutylog.test_dutylog_fixtures import DAY, at, team_doc

SIZE = (160, 45)


def _screen_text(app: object) -> str:
    svg = app.export_screenshot()  # type: ignore[attr-defined]
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def _hostile(tmp_path: Path) -> None:
    doc = team_doc(DAY)
    doc["members"][0]["name"] = NAME
    doc["checkpoints"][0]["name"] = CHECKPOINT
    doc["team"]["name"] = "[blink]队[/blink]\x1b]0;t\x07"
    # a rotated template's crew name is drawn on the board's cells by hand (review round 2)
    doc["version"] = 2
    doc["crews"] = [{"id": "g1", "name": "CREW\x1b]0;PWN\x07", "members": ["m1"]}]
    doc["checkpoints"][0]["shifts"][0]["rotation"] = {"crews": ["g1"],
                                                      "from": DAY.isoformat()}
    store = Store(tmp_path)
    store.save(read_bundle(doc, source="test"), op="import")
    DutyLog(store, clock=lambda: at("10:00"), operator="[red]op").note(
        "cp-n", "incident", text=NOTE, member="m1", at=at("09:00"))


async def test_every_screen_shows_hostile_text_as_written(tmp_path: Path) -> None:
    _hostile(tmp_path)
    app = make_app(tmp_path, "en", DAY, operator="tester", poll_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        seen: dict[str, str] = {}
        for key, name in (("1", "board"), ("2", "coverage"), ("3", "people"),
                          ("4", "checkpoints"), ("5", "history")):
            await pilot.press(key)
            await pilot.pause()
            seen[name] = _screen_text(app)
        for name, text in seen.items():
            assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text, name
        assert "[bold red]张␛]0;pwned␇建国" in seen["people"]
        assert "北口␛[2J卡点" in seen["checkpoints"]
        assert "[blink]队[/blink]" in seen["board"]
        assert "CREW␛]0;PWN" in seen["board"]


async def test_the_desk_shows_a_hostile_note_as_written(tmp_path: Path) -> None:
    _hostile(tmp_path)
    app = make_app(tmp_path, "en", DAY, desk="cp-n", clock=lambda: at("10:00"),
                   poll_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = _screen_text(app)
        assert "\x1b" not in text
        assert "[/] x ␛]8;;http://evil." in text  # the log (cut by its column)
        assert re.search(r"\n 1 +\[bold red\]张␛\]0;pwned␇建国", text)  # the people table


async def test_a_notification_holding_data_is_shown_as_written(tmp_path: Path) -> None:
    _hostile(tmp_path)
    app = make_app(tmp_path, "en", DAY, operator="tester", poll_seconds=60)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.screen.notify("Saved: [/] x [bold]Y")  # a screen's notify goes through the app
        await pilot.pause(0.2)
        assert "Saved: [/] x [bold]Y" in _screen_text(app)
