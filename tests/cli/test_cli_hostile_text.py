"""Text from a bundle or a flag is data (#13 items 5 and 6): the terminal never obeys it
and Rich never reads it as markup, in every command that shows it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roster.domain.text import is_clean, json_safe, printable
from roster.exchange.bundle import read_bundle
from roster.store import Store
from tests.cli.conftest import Run
from tests.cli.test_cli_log import DAY, YESTERDAY
from tests.unit.dutylog.test_dutylog_fixtures import team_doc

#: What a hostile file or flag may hold: a window title, a screen clear, an OSC 8 link,
#: a C1 CSI, a bidi override and markup that would crash Rich or hide itself.
TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
LINK = "\x1b]8;;http://evil.example\x1b\\here\x1b]8;;\x1b\\"
NAME = f"[bold red]张{TITLE}建国\u202e"
CHECKPOINT = f"北口{CLEAR}卡点\x9b31m"
NOTE = f"[/] x {LINK} [link=http://evil.example]y[/link] :smile:"


def _hostile_team(tmp_path: Path) -> Path:
    doc = team_doc(YESTERDAY)
    doc["members"][0]["name"] = NAME
    doc["checkpoints"][0]["name"] = CHECKPOINT
    data = tmp_path / "data"
    Store(data).save(read_bundle(doc, source="test"), op="import")
    return data


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list):
        return [s for item in data for s in _strings(item)]
    return []


def _safe(text: str) -> None:
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in text, f"{bad!r} reached the terminal: {text!r}"


def test_printable_replaces_what_a_terminal_obeys() -> None:
    shown = printable(f"a{TITLE}b\u202ec\x00d\ud800e\tf\r\ng\x7f")
    assert shown == "a␛]0;pwned␇b\ufffdc␀d\ufffde\tf\ng\u2421"
    assert is_clean(shown) and not is_clean(TITLE) and is_clean("张建国 [bold]\t\n")


def test_json_safe_is_the_same_data() -> None:
    data = {"name": NAME, "note": NOTE, "odd": "\ud800"}
    dumped = json_safe(json.dumps(data, ensure_ascii=False))
    assert is_clean(dumped) and "张" in dumped
    assert json.loads(dumped) == data


@pytest.mark.parametrize("args", [
    ("log", "show", "--date", DAY),
    ("log", "show", "--date", DAY, "--json"),
    ("log", "report", "--date", DAY),
    ("log", "summary", "--start", DAY, "--days", "1"),
    ("log", "summary", "--start", DAY, "--days", "1", "--json"),
    ("check", "--start", DAY, "--days", "1"),
    ("check", "--start", DAY, "--days", "1", "--json"),
    ("history",),
])
def test_every_listing_shows_data_as_written_and_obeys_none_of_it(
        run: Run, tmp_path: Path, args: tuple[str, ...]) -> None:
    _hostile_team(tmp_path)
    noted = run("log", "note", "--checkpoint", "cp-n", "--category", "incident",
                "--text", NOTE, "--member", "m1", "--at", f"{DAY}T09:00")
    assert noted.returncode == 0, noted.stderr
    _safe(noted.stdout + noted.stderr)
    done = run(*args)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    _safe(done.stdout + done.stderr)
    out = done.stdout
    if "--json" in args:
        strings = set(_strings(json.loads(out)))  # the data, exactly
        if args[0] == "log":
            assert (NOTE if args[1] == "show" else NAME) in strings
    elif args[:2] == ("log", "show"):
        assert "[/] x" in out and "[link=http://evil.example]y[/link] :smile:" in out
        assert "[bold red]张␛]0;pwned␇建国" in out
    elif args[0] == "check" or args[:2] == ("log", "summary"):
        assert "[bold red]张" in out or "北口␛[2J卡点" in out


def test_a_hostile_flag_in_an_error_line_is_shown_not_obeyed(run: Run, tmp_path: Path) -> None:
    _hostile_team(tmp_path)
    done = run("log", "check-in", "--member", f"m9{TITLE}[red]", "--checkpoint", "cp-n",
               "--at", f"{DAY}T09:00")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    _safe(done.stderr)
    assert "[red]" in done.stderr
