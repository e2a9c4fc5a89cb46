"""The check report as printed: both languages, local times, names, aligned CJK columns."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console

from roster.checker import Report, check
from roster.domain.model import Bundle
from roster.reports.check_report import (
    describe_gap,
    describe_violation,
    format_span,
    render_report,
)
from tests.unit.checker.checker_fixtures import at, cp, on, person, round_the_clock, team, tpl, week


def _team() -> Bundle:
    return team(
        checkpoints=[round_the_clock(need=2, name="北口卡点"),
                     cp("cp-s", tpl("08:00", "16:00", tags={"party": 1}, standby=1),
                        name="南口卡点")],
        members=[person("m1", name="张建国", tags=["party"]),
                 person("m2", name="李丽娟", no_nights=True,
                        leave=[(at(1, "00:00"), at(2, "00:00"))]),
                 person("m3", name="Wang Wei")],
        assignments=[on("cp-n", 0, "08:00", "16:00", "m1"),
                     on("cp-n", 0, "16:00", "00:00", "m2"),
                     on("cp-n", 1, "00:00", "08:00", "m2"),
                     on("cp-s", 1, "08:00", "16:00", "m3"),
                     on("cp-s", 1, "08:00", "16:00", "m3", role="standby"),
                     on("cp-x", 1, "08:00", "16:00", "m9")])


def _text(report: Report, bundle: Bundle, lang: str, width: int = 160,
          **limit: int | None) -> str:
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None)
    console.print(render_report(report, bundle, lang, **limit))
    return console.export_text()


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return _team()


@pytest.fixture(scope="module")
def report(bundle: Bundle) -> Report:
    return check(bundle, week(bundle, 0, 2))


def test_chinese_report(bundle: Bundle, report: Report) -> None:
    text = _text(report, bundle, "zh")
    assert text.splitlines()[0] == "2026-12-01 至 2026-12-02：11 处缺口，5 项违规。"
    for words in ("缺口（按卡点）", "违规（按队员）", "北口卡点", "12-01 周二 08:00–16:00",
                  "需 2 人，已排 1 人", "休息 0 小时（至少 12 小时）",
                  "调走：12-02 周三 00:00–08:00",
                  "李丽娟", "值班与备班重叠 8 小时", "无此队员、无此卡点", "可排："):
        assert words in text, words


def test_english_report(bundle: Bundle, report: Report) -> None:
    text = _text(report, bundle, "en", width=240)
    assert text.splitlines()[0] == "2026-12-01 to 2026-12-02: 11 gaps, 5 violations."
    for words in ("Gaps by checkpoint", "Violations by member", "12-01 Tue 08:00–16:00",
                  "1 of 2 needed", "0 h rest (at least 12 h)", "move: 12-02 Wed 00:00–08:00",
                  "no such member, no such checkpoint", "could take it:", "(standby)"):
        assert words in text, words


def test_cjk_columns_line_up(bundle: Bundle, report: Report) -> None:
    """Each table's time column starts at the same terminal cell on every row."""
    for lang, marker, split in (("zh", "12-0", "违规（按队员）"),
                                ("en", "12-0", "Violations by member")):
        text = _text(report, bundle, lang, width=240)
        for table in text.split(split):
            starts = {cell_len(line[:line.index(marker)]) for line in table.splitlines()
                      if marker in line and "–" in line}
            assert len(starts) == 1, (lang, starts)


def test_violations_grouped_by_member_in_team_order(bundle: Bundle, report: Report) -> None:
    text = _text(report, bundle, "zh")
    body = text[text.index("违规（按队员）"):]
    assert body.index("李丽娟") < body.index("Wang Wei") < body.index("m9")
    assert body.count("李丽娟") == 1  # the name heads its group once


def test_limit_keeps_the_summary_whole(bundle: Bundle, report: Report) -> None:
    text = _text(report, bundle, "en", limit=2)
    assert "11 gaps, 5 violations" in text
    assert "… and 11 more" in text and "… and 3 more" in text


def test_clean_report_says_so() -> None:
    b = team(checkpoints=[cp("cp-a", tpl("00:00", "00:00"))], members=[person("m1")],
             assignments=[on("cp-a", -1, "00:00", "00:00", "m1")])
    report = check(b, week(b, -1, 1))
    text = _text(report, b, "zh")
    assert "没有缺口，没有违规" in text and "违规（按队员）" not in text


def test_spans_of_a_day_or_more_show_both_ends(bundle: Bundle) -> None:
    tz = bundle.tz
    a = bundle.assignments[0]
    assert format_span(a.start, a.end, tz, "zh") == "12-01 周二 08:00–16:00"
    day_long = format_span(a.start, a.start.replace(day=2), tz, "en")
    assert day_long == "12-01 Tue 08:00 – 12-02 Wed 08:00"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_item_has_words(bundle: Bundle, report: Report, lang: str) -> None:
    for g in report.gaps:
        assert describe_gap(g, lang)
    for v in report.violations:
        assert describe_violation(v, bundle.tz, lang)


def test_default_rows_cap_a_long_report() -> None:
    b = team(checkpoints=[round_the_clock(need=2)], members=[person("m1")])
    report = check(b, week(b, 0, 70), suggest=False)  # 210 understaffed shifts
    assert len(report.gaps) == 210
    text = _text(report, b, "en")
    assert "210 gaps" in text and "… and 10 more" in text
    assert "… and" not in _text(report, b, "en", limit=None)


def test_a_shift_short_twice_is_one_gap_and_its_words_stay_whole() -> None:
    """Two shifts each short of people and of a tag read as 2 gaps, not 4 (issue 13 item 17);
    each shift's time is written once, and at 80 columns no problem's name is cut."""
    b = team(checkpoints=[cp("cp-n", tpl("08:00", "20:00", need=2, tags={"party": 1}),
                             tpl("20:00", "08:00", need=2, tags={"party": 1}), name="North")],
             members=[person("m1", name="A")])
    report = check(b, week(b, 0, 1))
    assert len(report.gaps) == 4 and report.gap_places == 2
    text = _text(report, b, "en", width=80)
    assert text.splitlines()[0] == "2026-12-01 to 2026-12-01: 2 gaps, 0 violations."
    assert text.count("08:00–20:00") == 1 and text.count("20:00–08:00") == 1
    assert "understaffed" in text and "qualification" in text and "…" not in text
    assert "2 处缺口" in _text(report, b, "zh", width=80)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_at_80_columns_names_and_words_stay_whole(lang: str) -> None:
    """Review round 2 of #13 item 17: at 80 columns the suggestions split names over two
    lines (张建/国) and the detail lost a word under "…"."""
    names = ["王振华", "李国强", "张建国", "刘海燕", "陈志刚"]
    b = team(checkpoints=[cp("cp-n", tpl("08:00", "16:00", need=2, tags={"party": 1},
                                         standby=1), name="北口卡点")],
             members=[person(f"m{i}", name=n) for i, n in enumerate(names)])
    report = check(b, week(b, 0, 3))
    text = _text(report, b, lang, width=80)
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert "…" not in text
    cells = " ".join(lines)
    for name in names:
        assert name in cells  # never 张建 at a line end and 国 on the next
    if lang == "zh":
        assert "已排" in text
