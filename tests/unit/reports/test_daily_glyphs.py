"""The daily report's PDF warnings: the roster PDF's rule, for everything the page prints."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from roster.dutylog.report import day_report
from roster.exchange.exporters.fonts import FontFile, cjk_font
from roster.reports.daily_glyphs import unprintable_in_report
from roster.reports.daily_report import blocks
from tests.unit.dutylog.test_dutylog_fixtures import DAY, at, cin, note, team


def _report(name: str = "张建国", text: str = "过往车辆"):  # type: ignore[no-untyped-def]
    b = team()
    b = replace(b, members=tuple(replace(m, name=name) if m.id == "m1" else m
                                 for m in b.members))
    entries = [cin("m1", at("07:55")), note("incident", at("09:00"), text=text, member="m1")]
    return day_report(b, entries, DAY, at("09:00", DAY + timedelta(days=1)))


def _words(messages: list[object]) -> list[str]:
    from roster.i18n import render

    return [render(m, "en") for m in messages]


def test_a_name_and_a_note_are_named_once_each() -> None:
    warnings = _words(unprintable_in_report(_report("刘䶮", "拦下 𠀀A123 𠀀"), "zh"))
    assert len(warnings) == 2, warnings
    assert warnings[0].startswith("member 刘䶮 (m1): ") and "U+4DAE" in warnings[0]
    assert warnings[1].startswith("log entry ") and "09:00" in warnings[1]
    assert warnings[1].count("U+20000") == 1
    assert _words(unprintable_in_report(_report(), "zh")) == []


def test_whatever_else_prints_blank_is_said_too(tmp_path: Path) -> None:
    """With a font that has the names but not the report's own words (值班日报), those
    are said as well: nothing on the page prints blank unsaid."""
    report = _report("刘䶮")
    printed = "\n".join(b.text for b in blocks(report, "zh"))
    keep = {c for c in "".join(report.names.values()) + report.team if c not in "值"}
    keep |= set("0123456789:-–·() ")
    font = tmp_path / "few.ttf"
    options = subset.Options()
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    source = cjk_font()
    face = TTFont(str(source.path), fontNumber=source.index)
    sub.populate(unicodes=[ord(c) for c in keep])
    sub.subset(face)
    face.save(str(font))
    assert "值" in printed
    warnings = _words(unprintable_in_report(report, "zh", FontFile(path=font)))
    assert warnings[0].startswith("member 刘䶮 (m1)")
    other = [w for w in warnings if w.startswith("other text of the daily report")]
    assert len(other) == 1 and "值 (U+503C)" in other[0] and "䶮" not in other[0], warnings
