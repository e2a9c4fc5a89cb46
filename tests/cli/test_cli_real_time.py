"""The roster lives in real time: ``generate`` keeps shifts that have started, refuses a
period that is all past unless ``--include-past``, and a check-in typed ``--at HH:MM`` that
lands on yesterday says so."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from roster.domain.timeutil import zone
from roster.store import Store
from tests.cli.conftest import Run


def _team(run: Run, *members: str) -> None:
    assert run("init", "--team", "t").returncode == 0
    r = run("checkpoint", "add", "--id", "cp", "--name", "北口", "--pattern", "24h",
            "--first-start", "00:00")
    assert r.returncode == 0, r.stderr
    for name in members:
        assert run("member", "add", "--name", name).returncode == 0


def test_generate_keeps_the_shift_that_has_started(run: Run, tmp_path: Path) -> None:
    _team(run, "甲", "乙", "丙", "丁")
    data = tmp_path / "data"
    r = run("generate", "--days", "3", "--include-past")
    assert r.returncode == 0, r.stdout + r.stderr
    today = datetime.now(zone("Asia/Shanghai")).date()
    started = {(a.start, a.member) for a in Store(data).load().assignments
               if a.start.astimezone(zone("Asia/Shanghai")).date() == today}
    assert started  # today's 24-hour shift began at 00:00
    for seed in ("2", "3", "4"):
        r = run("generate", "--days", "3", "--seed", seed)
        assert r.returncode == 0, r.stderr
        assert "1 of the period's 3 shifts had started: kept as they were" in r.stdout
        now = {(a.start, a.member) for a in Store(data).load().assignments
               if a.start.astimezone(zone("Asia/Shanghai")).date() == today}
        assert now == started
        r = run("generate", "--days", "3", "--seed", seed, "--repair")
        assert r.returncode == 0, r.stderr


def test_a_period_all_in_the_past_is_refused_unless_asked(run: Run, tmp_path: Path) -> None:
    _team(run, "甲", "乙", "丙", "丁")
    data = tmp_path / "data"
    changes = len(Store(data).history())
    r = run("generate", "--start", "2020-01-06", "--days", "7")
    assert r.returncode == 2
    assert r.stderr.strip() == ("roster: --start 2020-01-06 --days 7: every shift of the period "
                                "has started and the past is kept as it is; add --include-past "
                                "to rebuild it anyway")
    assert len(Store(data).history()) == changes
    r = run("generate", "--start", "2020-01-06", "--days", "7", "--include-past")
    assert r.returncode == 0, r.stderr
    assert len(Store(data).load().assignments) == 7


def test_a_check_in_typed_for_later_today_says_it_is_yesterday(run: Run) -> None:
    _team(run, "甲", "乙")
    now = datetime.now(zone("Asia/Shanghai"))
    later = now + timedelta(minutes=30)
    if later.date() != now.date():
        pytest.skip("too close to midnight in Asia/Shanghai")
    at = f"{later:%H:%M}"
    r = run("log", "check-in", "--member", "m01", "--checkpoint", "cp", "--at", at)
    assert r.returncode == 0, r.stderr
    yesterday = now.date() - timedelta(days=1)
    assert f"{yesterday:%m-%d} {at}" in r.stdout
    assert f"(yesterday: {at} has not come yet today;" in r.stdout
    r = run("log", "check-in", "--member", "m02", "--checkpoint", "cp",
            "--at", f"{now - timedelta(minutes=1):%H:%M}")
    assert r.returncode == 0, r.stderr
    assert "yesterday" not in r.stdout  # a time already past today is today: no remark
