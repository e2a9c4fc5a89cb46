"""ICS parsed back with icalendar: events, the team's time zone, UIDs stable across exports."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from icalendar import Calendar

from roster.domain.errors import UserError
from roster.exchange.exporters import EXPORTERS
from roster.exchange.exporters.selection import Selection
from roster.services.export import prepare
from tests.unit.exchange.export_team import period_selection, team

ONE = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
TWO = datetime(2026, 12, 3, 9, 15, tzinfo=UTC)


def events(sel: Selection, made: datetime = ONE, bundle: Any = None) -> tuple[Calendar, list[Any]]:
    b = bundle or team()
    data = EXPORTERS["ics"].render(b, replace(sel, made_at=made), "zh")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded as RFC 5545 says
    cal = Calendar.from_ical(data)
    return cal, list(cal.walk("VEVENT"))


def test_a_members_calendar_in_the_team_zone() -> None:
    b = team()
    cal, evs = events(period_selection(b, 7, member="m4"))
    assert str(cal["VERSION"]) == "2.0" and "checkpoint-roster" in str(cal["PRODID"])
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert len(evs) == 7  # 王五: seven nights on standby
    first = min(evs, key=lambda e: e.decoded("DTSTART"))
    start = first.decoded("DTSTART")
    assert first["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert (start.hour, start.utcoffset().total_seconds()) == (20, 8 * 3600)
    assert first.decoded("DTEND") - start == (datetime(2026, 12, 2, 8) - datetime(2026, 12, 1, 20))
    assert str(first["SUMMARY"]) == "北口卡点 备班（夜班）"
    assert str(first["LOCATION"]) == "北口 & 桥头 <东>"
    assert "同班：=HYPERLINK" in str(first["DESCRIPTION"])
    assert first.walk("VALARM")  # a reminder before each shift


def test_uids_are_stable_across_exports_and_updates() -> None:
    b = team()
    sel = period_selection(b, 14, member="m2")
    _, one = events(sel, ONE)
    _, two = events(sel, TWO)
    uids = [str(e["UID"]) for e in one]
    assert len(set(uids)) == len(uids) == 13
    assert uids == [str(e["UID"]) for e in two]
    assert all(int(t["SEQUENCE"]) > int(o["SEQUENCE"]) for o, t in zip(one, two, strict=True))
    # Move one shift away: the others keep their UIDs, so a re-import updates them.
    moved = replace(b, assignments=tuple(a for a in b.assignments
                                         if not (a.member == "m2" and a.start.day == 2)))
    _, three = events(sel, TWO, moved)
    assert {str(e["UID"]) for e in three} < set(uids)


def test_a_checkpoints_calendar_names_everyone_on_each_shift() -> None:
    b = team()
    _, evs = events(period_selection(b, 7, checkpoint="cp-n"))
    assert len(evs) == 14
    day = next(e for e in evs if e.decoded("DTSTART").hour == 8)
    assert str(day["SUMMARY"]) == "北口卡点 张建国 李秀英"
    assert str(day["UID"]).startswith("shift-cp-n-")


def test_a_calendar_needs_a_member_or_a_checkpoint() -> None:
    b = team()
    with pytest.raises(UserError, match="--member / --checkpoint"):
        prepare(None, b, EXPORTERS["ics"], period_selection(b, 7), "en")
