"""CSV read back with the csv module: the BOM, a row per assignment, the grid, no formulas."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from roster.exchange.exporters import EXPORTERS
from roster.exchange.exporters.grid import selected_assignments
from roster.exchange.exporters.safe_text import csv_safe, is_formula_like
from tests.unit.exchange.export_team import FORMULA_NAME, period_selection, team


def read(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the Chinese right
    assert b"\r\n" in data
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_one_row_per_assignment() -> None:
    b = team()
    sel = period_selection(b, 7)
    rows = read(EXPORTERS["csv"].render(b, sel, "zh"))
    assert rows[0][:9] == ["日期", "卡点", "开始", "结束", "姓名", "电话", "夜班", "锁定", "角色"]
    assert len(rows) - 1 == len(selected_assignments(b, sel))
    first = rows[1]
    assert first[:9] == ["2026-12-01", "南口卡点", "2026-12-01 00:00", "2026-12-02 00:00", "孙七",
                         "13800000006", "否", "否", "值班"]
    night = next(r for r in rows if r[4].endswith(FORMULA_NAME))
    assert night[2:4] == ["2026-12-01 20:00", "2026-12-02 08:00"] and night[6] == "是"
    locked = next(r for r in rows if r[4] == "张建国")
    assert locked[7] == "是"
    standby = next(r for r in rows if r[4] == "<b>王五</b>")
    assert standby[8] == "备班"


def test_formula_like_text_is_written_as_text() -> None:
    b = team()
    rows = read(EXPORTERS["csv"].render(b, period_selection(b, 1), "en"))
    night = next(r for r in rows[1:] if r[4].endswith(FORMULA_NAME))
    assert night[4] == "'" + FORMULA_NAME and night[5] == "'+8613800000003"
    assert not any(is_formula_like(v) for r in rows for v in r)
    assert csv_safe("-1") == "'-1" and csv_safe("@x") == "'@x" and csv_safe("张三") == "张三"


def test_grid_layout_is_the_printed_grid() -> None:
    b = team()
    sel = replace(period_selection(b, 7), layout="grid")
    rows = read(EXPORTERS["csv"].render(b, sel, "zh"))
    assert rows[0][0] == "东王村驻村工作队 · 北口卡点 值班表"
    assert rows[1] == ["日期", "星期", "08:00–20:00", "20:00–08:00 夜班"]
    assert rows[2] == ["2026-12-01", "周二", "张建国◆ 李秀英",
                       "'" + FORMULA_NAME + " / 备班：<b>王五</b>"]
    assert rows[4][1] == "周四 节假日"
    blank = rows.index([])
    assert rows[blank + 1][0].endswith("南口卡点 值班表")
