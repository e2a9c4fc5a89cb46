"""The roll-up of many files: one row per team, the newest file wins, broken files are
listed and the rest still counted, the same figures in worker processes as in one."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from roster.county import find_bundles, nothing_read, roll_up
from tests.unit.county.county_fixtures import county_doc, quiet_doc, write
from tests.unit.dutylog.test_dutylog_fixtures import DAY, at

LATER = at("12:00", DAY + timedelta(days=2))
OLD, NEW = at("09:00", DAY + timedelta(days=1)), at("10:00", DAY + timedelta(days=1))


def _county(folder: Path) -> None:
    write(folder / "城关镇" / "north.json", county_doc(team_id="t-north", exported_at=NEW))
    write(folder / "城关镇" / "old" / "north-monday.json",
          county_doc(team_id="t-north", exported_at=OLD))
    write(folder / "河口乡" / "quiet.json", quiet_doc(township="河口乡"))
    write(folder / "broken.json", {"format": "something else", "version": 1})
    (folder / "notes.txt").write_text("not a bundle", encoding="utf-8")
    (folder / "half.json").write_text('{"format": "checkpoint-roster", "ver', encoding="utf-8")


def test_find_bundles_walks_folders_and_keeps_paths_as_given(tmp_path: Path) -> None:
    _county(tmp_path / "c")
    given = tmp_path / "c"
    files = find_bundles([given, given / "河口乡" / "quiet.json", given / "missing.json"])
    assert files == [str(given / name) for name in (
        "broken.json", "half.json", "城关镇/north.json", "城关镇/old/north-monday.json",
        "河口乡/quiet.json", "missing.json")]


def test_one_row_per_team_problems_first_and_what_was_left_out(tmp_path: Path) -> None:
    _county(tmp_path)
    rollup = roll_up(find_bundles([tmp_path]), DAY, 1, LATER, workers=1)
    assert rollup.teams[0].team_id == "t-north"
    assert [t.problems > 0 for t in rollup.teams] == [True, False]
    north = rollup.teams[0]
    assert north.file.endswith("城关镇/north.json") and north.exported_at == NEW
    assert [(s.file.endswith("north-monday.json"), s.team_id) for s in rollup.superseded] \
        == [(True, "t-north")]
    assert sorted(Path(e.file).name for e in rollup.errors) == ["broken.json", "half.json"]
    assert all(str(e.error).startswith(e.file) and "\n" not in str(e.error)
               for e in rollup.errors)
    assert rollup.problems
    assert [(name, t.teams) for name, t in rollup.townships()] == [("城关镇", 1), ("河口乡", 1)]
    assert rollup.total.problems == north.problems and rollup.total.with_problems == 1
    assert nothing_read(find_bundles([tmp_path]), rollup) is None


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")])
def test_the_newer_export_wins_whichever_file_comes_first(tmp_path: Path,
                                                          order: tuple[str, str]) -> None:
    stamps = {"a": OLD, "b": NEW}
    files = [str(write(tmp_path / f"{n}.json", county_doc(exported_at=stamps[n])))
             for n in order]
    rollup = roll_up(files, DAY, 1, LATER, workers=1)
    assert [t.file for t in rollup.teams] == [str(tmp_path / "b.json")]
    assert [s.file for s in rollup.superseded] == [str(tmp_path / "a.json")]


def test_a_file_without_export_time_is_older_and_equal_times_keep_the_first(
        tmp_path: Path) -> None:
    plain = str(write(tmp_path / "plain.json", county_doc()))
    stamped = str(write(tmp_path / "stamped.json", county_doc(exported_at=OLD)))
    again = str(write(tmp_path / "again.json", county_doc(exported_at=OLD)))
    rollup = roll_up([plain, stamped, again], DAY, 1, LATER, workers=1)
    assert [t.file for t in rollup.teams] == [stamped]
    assert [s.file for s in rollup.superseded] == [plain, again]


def test_a_renamed_team_is_still_one_team_and_a_new_one_is_added(tmp_path: Path) -> None:
    a = str(write(tmp_path / "a.json", county_doc(team_id="t1", exported_at=OLD)))
    b = str(write(tmp_path / "b.json", county_doc(team_id="t1", name="北王村工作队",
                                                  exported_at=NEW)))
    c = str(write(tmp_path / "c.json", county_doc(team_id="t2", exported_at=OLD)))
    rollup = roll_up([a, b, c], DAY, 1, LATER, workers=1)
    assert sorted((t.team_id, t.team) for t in rollup.teams) == [
        ("t1", "北王村工作队"), ("t2", "北王村驻村工作队")]


def test_worker_processes_give_the_same_roll_up(tmp_path: Path) -> None:
    _county(tmp_path)
    for n in range(6):
        write(tmp_path / "more" / f"{n}.json",
              county_doc(team_id=f"t{n}", township=f"乡{n % 2}", exported_at=OLD))
    files = find_bundles([tmp_path])
    assert roll_up(files, DAY, 2, LATER, workers=2) == roll_up(files, DAY, 2, LATER, workers=1)


def test_nothing_readable_is_one_error(tmp_path: Path) -> None:
    bad = [str(write(tmp_path / "new.json", {"format": "checkpoint-roster", "version": 99})),
           str(tmp_path / "gone.json")]
    rollup = roll_up(bad, DAY, 1, LATER, workers=1)
    error = nothing_read(bad, rollup)
    assert error is not None and "newer than this program reads" in str(error)
    assert "(and 1 more)" in str(error)
    assert nothing_read([], roll_up([], DAY, 1, LATER)) is not None


def test_version_1_files_roll_up_with_an_id_made_from_the_name(tmp_path: Path) -> None:
    doc = county_doc()
    doc["version"] = 1
    del doc["team"]["township"]
    path = write(tmp_path / "v1.json", doc)
    rollup = roll_up([str(path)], DAY, 1, LATER, workers=1)
    assert rollup.teams[0].team_id.startswith("team-") and rollup.teams[0].township == ""
    assert json.loads(path.read_text(encoding="utf-8")) == doc  # read, never written


def test_a_file_failing_in_an_unforeseen_way_is_listed_not_fatal(tmp_path, monkeypatch):
    """#13 class 10: one file that crashes the reader never takes down the roll-up."""
    from datetime import UTC, datetime

    from roster.county import rollup

    def boom(path):
        raise RuntimeError("x" * 500)

    monkeypatch.setattr(rollup, "load_bundle_file", boom)
    result = rollup.read_team((str(tmp_path / "a.json"), None, 7, datetime.now(UTC)))
    assert isinstance(result, rollup.Unreadable)
    assert "RuntimeError" in str(result.error) and len(str(result.error)) < 300
