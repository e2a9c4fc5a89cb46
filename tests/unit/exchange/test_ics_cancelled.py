"""A cancelled shift in a calendar, as calendar programs read it (the icalendar parser).

khal 0.14 keeps a cancelled event on import (pimutils/khal#1406) and lists it as
``CANCELLED 16:00-24:00 …``; a calendar that ignores STATUS shows it as a plain event. So
the cancellation also says so in its title, frees the time (TRANSP) and has no reminder.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from roster.exchange.exporters.ics_calendar import member_uid, render
from roster.exchange.exporters.selection import Selection
from tests.unit.exchange.export_team import period_selection, team

MADE = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)
#: A shift m2 had at the last export and no longer has (the roster has nobody at 03:00).
GONE_START = datetime(2026, 12, 2, 19, 0, tzinfo=UTC)
GONE = member_uid("m2", "cp-n", GONE_START)


def _selection(lang_summary: str) -> Selection:
    bundle = team()
    base = period_selection(bundle, days=7)
    before = {GONE: {"start": GONE_START.isoformat(),
                     "end": datetime(2026, 12, 2, 23, 0, tzinfo=UTC).isoformat(),
                     "summary": lang_summary, "sequence": 1_000_000, "cancelled": False}}
    return Selection(base.period, None, "m2", made_at=MADE, calendar_before=before)


@pytest.mark.parametrize(("lang", "summary", "title"), [
    ("zh", "北口卡点 值班", "已取消：北口卡点 值班"),
    ("en", "北口卡点 Duty", "Cancelled: 北口卡点 Duty"),
])
def test_a_cancelled_shift_says_so_everywhere_a_calendar_shows_it(lang: str, summary: str,
                                                                  title: str) -> None:
    events = list(Calendar.from_ical(render(team(), _selection(summary), lang)).walk("VEVENT"))
    gone = [e for e in events if str(e["UID"]) == GONE]
    assert len(gone) == 1 and len(events) > 1
    e = gone[0]
    assert str(e["STATUS"]) == "CANCELLED" and int(e["SEQUENCE"]) > 1_000_000
    assert str(e["SUMMARY"]) == title
    assert str(e["TRANSP"]) == "TRANSPARENT"  # the time is free again
    assert e.walk("VALARM") == []  # no reminder for a shift that is not yours
    assert e.decoded("DTSTART") == GONE_START
    # The shifts still on the roster are untouched: busy, reminded, their own title.
    for kept in (x for x in events if x is not e):
        assert "STATUS" not in kept and "TRANSP" not in kept and kept.walk("VALARM")
        assert not str(kept["SUMMARY"]).startswith(title.split(summary)[0])
