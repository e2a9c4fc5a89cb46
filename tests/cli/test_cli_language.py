"""The command line speaks the user's language: ``--help``, argparse's own words and the
flag checks (issue 13 item 17: ``--help`` was English only)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from roster.cli.language import lang_of
from tests.cli.conftest import Run


def test_help_in_chinese(run: Run) -> None:
    r = run("--lang", "zh", "--help")
    assert r.returncode == 0
    for words in ("用法：roster", "选项", "显示本帮助并退出", "显示版本号并退出",
                  "报告周期内的每个缺口和违规", "数据文件夹", "值班日志：签到签退"):
        assert words in r.stdout, words
    for english in ("usage:", "show this help", "report every gap", "data folder"):
        assert english not in r.stdout, english


def test_help_in_english(run: Run) -> None:
    r = run("--help", env={"ROSTER_LANG": "en"})
    assert r.returncode == 0
    assert "usage: roster" in r.stdout and "report every gap and rule violation" in r.stdout
    assert "用法" not in r.stdout and "卡点" not in r.stdout


def test_the_language_comes_from_the_environment_too(run: Run) -> None:
    r = run("check", "--help", env={"ROSTER_LANG": "zh"})
    assert r.returncode == 0
    assert "报告周期内的每个缺口和违规" in r.stdout and "周期第一天" in r.stdout


def test_a_subcommand_help_fits_80_cells_in_chinese(run: Run) -> None:
    """argparse counts a Chinese character as one column; the help is wrapped by cells."""
    r = run("--lang", "zh", "log", "note", "--help", env={"COLUMNS": "80"})
    assert r.returncode == 0 and "发生时间" in r.stdout
    wide = [line for line in r.stdout.splitlines() if cell_len(line) > 80]
    assert wide == []
    first = r.stdout.splitlines()
    # the usage's continuation lines start under the first flag, counted in cells
    assert cell_len(first[0][:first[0].index("[")]) == len(first[1]) - len(first[1].lstrip())


@pytest.mark.parametrize(("args", "words"), [
    (("check", "--days", "x"), "参数 --days：'x' 不是整数天数"),
    (("check", "--start", "2026-02-30"), "--start"),
    (("log",), "缺少必需的参数：COMMAND"),
    (("chek",), "无效的选项：'chek'"),
])
def test_a_bad_flag_is_one_line_in_chinese(run: Run, args: tuple[str, ...], words: str) -> None:
    r = run("--lang", "zh", *args)
    assert r.returncode == 2 and r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and words in lines[0] and "见 `roster" in lines[0], r.stderr
    assert "Traceback" not in r.stderr


def test_a_bad_date_is_said_in_chinese(run: Run) -> None:
    r = run("--lang", "zh", "check", "--start", "2026-02-30")
    english = run("check", "--start", "2026-02-30")
    assert r.returncode == english.returncode == 2
    assert r.stderr != english.stderr and "2026-02-30" in r.stderr


@pytest.mark.parametrize(("argv", "lang"), [
    (["--lang", "zh", "check"], "zh"),
    (["--lang=en", "check"], "en"),
    (["--data", "/tmp/x", "--lang", "zh", "--help"], "zh"),
    (["--data", "--lang", "--lang", "en"], "en"),  # a folder named --lang
])
def test_the_language_is_found_before_the_parser_is_built(argv: list[str], lang: str) -> None:
    assert lang_of(argv) == lang


def test_a_lang_after_the_command_is_not_the_global_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROSTER_LANG", "en")
    assert lang_of(["log", "note", "--text", "--lang", "zh"]) == "en"


def test_a_bad_time_is_said_in_chinese(run: Run, tmp_path: Path) -> None:
    """A refusal carried by a time error is said in the user's language, the flag named."""
    assert run("demo", "--empty").returncode == 0
    r = run("--lang", "zh", "log", "note", "--checkpoint", "cp-n", "--category", "other",
            "--text", "x", "--at", "25:99")
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert "--at 25:99" in r.stderr and "不是一天中的时刻" in r.stderr


@pytest.mark.parametrize("width", [10, 23, 40, 57])
def test_help_text_wraps_between_chinese_characters_by_cells(width: int) -> None:
    """Review round 2: `--pin` read 队长 PIN / 码：… because only spaces were breaks, and a
    Chinese sentence after a Latin word went whole to the next line."""
    from roster.cli.language import wrap_cells

    text = ("队长 PIN 码：设置后，修改排班的命令需要它（默认：$ROSTER_PIN）。"
            "data folder (default: $ROSTER_DATA)")
    lines = wrap_cells(text, width)
    assert all(cell_len(line) <= width for line in lines), lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[0] in "，。：）" for line in lines), lines
    assert not any(line.endswith("（") for line in lines), lines
    assert "folder" in " ".join(lines).split() or width < 10
    if width >= 23:
        assert cell_len(lines[0]) > width - 15  # filled up to the next word, not left short
