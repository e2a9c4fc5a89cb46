"""The text table (aligned by display width) and the per-member duty notice."""

from __future__ import annotations

from rich.cells import cell_len

from roster.exchange.exporters import EXPORTERS
from tests.unit.exchange.export_team import period_selection, team


def columns_of(line: str, mark: str) -> list[int]:
    """Display columns at which ``mark`` appears in ``line``."""
    return [cell_len(line[:i]) for i, ch in enumerate(line) if ch == mark]


def test_the_table_lines_up_by_display_width() -> None:
    b = team()
    text = EXPORTERS["txt"].render(b, period_selection(b, 7), "zh").decode("utf-8")
    north = text.split("\n\n")[0].splitlines()
    assert north[0].startswith("东王村驻村工作队 · 北口卡点 值班表")
    header, rule, *body = north[1:9]
    assert header.startswith("日期") and "20:00-08:00 夜班" in header
    bars = columns_of(header, "|")
    assert bars and all(columns_of(row, "|") == bars for row in body)
    assert columns_of(rule, "+") == bars
    assert body[0].startswith("12-01 周二") and "张建国* 李秀英" in body[0]
    assert "12-03 周四 节假日" in body[2]
    assert "(缺1人)" in body[4]
    assert north[-1] == "* 人工指定"
    # Only characters of unambiguous width: no box drawing, en dash or star in the table.
    assert not any(ch in line for line in north[1:] for ch in "│─–—★◆·")


def test_a_member_gets_their_duty_notice() -> None:
    b = team()
    text = EXPORTERS["txt"].render(b, period_selection(b, 7, member="m2"), "zh").decode("utf-8")
    first, totals, lead = text.splitlines()
    assert first.startswith("李秀英: 12月1日周二 08:00–20:00 北口卡点；"
                            "12月2日周三 08:00–20:00 北口卡点")
    assert "12月5日" not in first  # the short day: 李秀英 is not on it
    assert totals == "共 6 个班（其中夜班 0 个），72 小时。"
    assert lead == "如需调班请联系带班领导 张建国 13800000001。"


def test_an_english_notice_with_nights_and_standby() -> None:
    b = team()
    night = EXPORTERS["txt"].render(b, period_selection(b, 2, member="m4"), "en").decode()
    assert night.startswith("<b>王五</b>: Dec 1 Tue 20:00–08:00 北口卡点 (standby); Dec 2 Wed")
    assert "0 shift(s) (0 at night), 0 hours; 2 on standby." in night
