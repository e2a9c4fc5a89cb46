"""The synthetic county: every file a valid bundle of the sizes the issue names, the same
files from the same arguments, and a mix of teams with and without problems."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from roster.county import find_bundles, roll_up
from roster.exchange.bundle import load_bundle_file
from roster.samples.synthetic import main

DAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 2, 8, tzinfo=timezone(timedelta(hours=8)))


def test_a_county_of_valid_bundles(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    assert main(["county", "--teams", "40", "--out", str(folder), "--day", DAY.isoformat(),
                 "--now", NOW.isoformat()]) == 0
    files = find_bundles([folder])
    assert len(files) == 40
    bundles = [load_bundle_file(Path(f)) for f in files]
    assert all(12 <= len(b.members) <= 40 for b in bundles)
    assert all(1 <= len(b.checkpoints) <= 4 for b in bundles)
    assert len({b.team.id for b in bundles}) == 40
    assert all(b.team.township and Path(f).parent.name == b.team.township
               for f, b in zip(files, bundles, strict=True))
    assert all(e.at <= NOW for b in bundles for e in b.logs)
    assert all(b.assignments and b.logs and b.exported_at == NOW for b in bundles)
    rollup = roll_up(files, DAY, 1, NOW, workers=1)
    problems = [t.problems for t in rollup.teams]
    assert any(problems) and not all(problems)  # some have holes, some do not
    assert rollup.total.absent and rollup.total.late and rollup.total.unconfirmed_handovers
    assert not rollup.errors and not rollup.superseded


def test_the_same_arguments_give_the_same_files(tmp_path: Path) -> None:
    args = ["county", "--teams", "3", "--day", DAY.isoformat(), "--now", NOW.isoformat()]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    a, b = find_bundles([tmp_path / "a"]), find_bundles([tmp_path / "b"])
    assert [Path(p).read_bytes() for p in a] == [Path(p).read_bytes() for p in b]
    assert main([*args, "--seed", "1", "--out", str(tmp_path / "c")]) == 0
    c = find_bundles([tmp_path / "c"])
    assert [Path(p).read_bytes() for p in a] != [Path(p).read_bytes() for p in c]
