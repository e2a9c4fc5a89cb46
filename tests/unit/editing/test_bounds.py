"""#13 classes 9, 3, 10: every edit (the CLI's and the forms') refuses what the bundle reader
would refuse, naming the form field, so nothing saved can lock the folder."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roster.domain.errors import UserError
from roster.domain.model import Assignment, Leave, Member
from roster.domain.timeutil import format_instant, parse_instant, zone
from roster.domain.validate import validate
from roster.editing import edits
from roster.exchange.bundle import parse_bundle, to_doc
from roster.samples.demo import demo_bundle


@pytest.fixture
def bundle():
    return demo_bundle(date(2026, 12, 1))


@pytest.mark.parametrize(("values", "field"), [
    ({"name": "甲", "tags": "x" * 300}, "tags"),
    ({"name": "x" * 201}, "name"),
    ({"name": "甲", "unit": "u" * 20_000}, "unit"),
])
def test_member_form_refuses_what_the_reader_would(bundle, values, field):
    member = edits.parse_member(values, Member(id="m99", name=""))
    with pytest.raises(UserError) as err:
        edits.add_member(bundle, member)
    assert edits.field_of(err.value.problems[0]) == field


def test_checkpoint_form_refuses_a_long_location(bundle):
    cp = replace(bundle.checkpoints[0], location="l" * 10_001)
    with pytest.raises(UserError) as err:
        edits.update_checkpoint(bundle, cp)
    assert edits.field_of(err.value.problems[0]) == "location"


@pytest.mark.parametrize("field", ["days_off_after_nights", "max_consecutive_days"])
def test_rules_form_caps_the_day_counts(bundle, field):
    rules = edits.parse_rules({field: "1000000000", "night_start": "22:00",
                               "night_end": "06:00"}, bundle.rules)
    with pytest.raises(UserError) as err:
        edits.update_rules(bundle, rules)
    assert edits.field_of(err.value.problems[0]) == field


def test_a_leave_outside_the_years_is_refused(bundle):
    start = datetime(2199, 12, 31, 20, tzinfo=UTC)
    with pytest.raises(UserError) as err:
        edits.add_leave(bundle, bundle.members[0].id,
                        Leave(start, start + timedelta(days=1), "x"))
    assert "unavailable" in err.value.problems[0].where


def test_whatever_validate_accepts_the_reader_reads_back(bundle):
    """The store's save runs validate(): a bundle it passes is one parse_bundle takes."""
    big = replace(bundle, members=(*bundle.members,
                                   replace(bundle.members[0], id="m99", tags=("t" * 201,))))
    assert validate(big)
    assert parse_bundle(to_doc(big))[0] is None
    assert not validate(bundle)
    assert parse_bundle(to_doc(bundle))[0] is not None


_ZONES = ["Asia/Shanghai", "America/Los_Angeles", "Etc/GMT+12", "Etc/GMT-14", "UTC"]


@given(st.datetimes(min_value=datetime(1969, 12, 30), max_value=datetime(2200, 1, 2)),
       st.sampled_from(_ZONES), st.sampled_from(_ZONES))
def test_an_accepted_instant_reads_back_in_any_zone(wall, first, second):
    """The years hold for the instant (UTC), so a zone change never makes it unreadable."""
    text = wall.replace(microsecond=0, tzinfo=zone(first)).isoformat()
    try:
        value = parse_instant(text, zone(first))
    except Exception:  # refused where it enters: fine, it was never written
        return
    assert parse_instant(format_instant(value, zone(second)), zone(second)) == value


def test_an_assignment_ending_past_2199_is_refused_by_validate(bundle):
    late = Assignment(bundle.checkpoints[0].id, datetime(2199, 12, 31, 20, tzinfo=UTC),
                      datetime(2200, 1, 1, 4, tzinfo=UTC), bundle.members[0].id)
    problems = validate(replace(bundle, assignments=(*bundle.assignments, late)))
    assert [p.where for p in problems] == [f"assignments[{len(bundle.assignments)}]"]


def test_one_log_entry_is_checked_against_the_readers_limits(bundle):
    from roster.domain.bounds import entry_bounds
    from roster.domain.model import LogEntry

    now = datetime(2026, 12, 1, 8, tzinfo=UTC)
    ok = LogEntry("L1", now, now, bundle.checkpoints[0].id, "note", text="x" * 10_000)
    assert entry_bounds(ok) == []
    assert [p.where for p in entry_bounds(replace(ok, text="x" * 10_001))] == ["text"]
    early = datetime(1969, 12, 31, 16, tzinfo=UTC)
    assert [p.where for p in entry_bounds(replace(ok, at=early))] == ["at"]
