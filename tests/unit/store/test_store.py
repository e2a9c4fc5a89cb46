"""The store in one process: round trips, permissions, refusals, backups and undo.

What happens with a second process (kill -9, two writers) is in test_store_processes.py.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import roster.store as store_module
from roster.domain.errors import BundleError, StoreError
from roster.domain.model import Bundle, Member
from roster.exchange.bundle import to_doc
from roster.store import AtomicJSONStorage, Store, default_data_dir
from tests.unit.store.store_worker import LOG_DAY, log_entry, make_bundle


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data: Path) -> Store:
    return Store(data)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in _files(folder)}


# --- round trips -----------------------------------------------------------------------------


def test_an_empty_store_has_no_team(store: Store, data: Path) -> None:
    assert store.is_empty()
    with pytest.raises(StoreError, match=r"no team in .*roster demo"):
        store.load()
    assert store.history() == []
    assert not (data / "team.json").exists()  # nothing is written by merely opening


def test_save_then_load_gives_the_same_bundle(store: Store, data: Path) -> None:
    bundle = make_bundle(5)
    store.save(bundle, op="import", operator="张建国")
    assert not store.is_empty()
    loaded = Store(data).load()
    assert to_doc(loaded) == to_doc(bundle)
    assert loaded == bundle


def test_unknown_keys_survive(store: Store) -> None:
    store.save(make_bundle(2), op="import")
    doc = to_doc(store.load())
    assert doc["x_exported_by"] == "县委组织部"
    assert doc["rules"]["x_rule_note"] == "试行"
    assert doc["members"][0]["x_wechat"] == "zjg01"


def test_chinese_text_is_stored_as_utf8_not_escaped(store: Store, data: Path) -> None:
    store.save(make_bundle(1), op="import")
    assert "北王村驻村工作队" in (data / "team.json").read_text(encoding="utf-8")


def test_save_replaces_the_roster(store: Store) -> None:
    store.save(make_bundle(6), op="import")
    store.save(make_bundle(2), op="generate")
    assert len(store.load().assignments) == 2


def test_logs_round_trip_across_day_shards(store: Store, data: Path) -> None:
    store.save(make_bundle(1), op="import")
    # 23:30 on 1 Dec and 00:30 on 2 Dec Shanghai time fall on different local days.
    late = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)
    early = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)
    entries = [log_entry("b", early), log_entry("a", late), log_entry("c", LOG_DAY)]
    for e in entries:
        assert store.append_log(e)
    shards = sorted(p.name for p in (data / "logs").iterdir())
    assert shards == ["2026-12-01.json", "2026-12-02.json"]
    assert [e.id for e in store.logs()] == ["c", "a", "b"]
    assert [e.id for e in store.load(logs=True).logs] == ["c", "a", "b"]
    assert store.logs(date(2026, 12, 2), date(2026, 12, 2)) == [entries[0]]
    assert [e.id for e in store.logs(last_day=date(2026, 12, 1))] == ["c", "a"]
    assert store.logs()[0] == entries[2]


def test_logs_only_reads_the_shards_in_range(store: Store, data: Path) -> None:
    store.save(make_bundle(1), op="import")
    store.append_log(log_entry("old", LOG_DAY))
    store.append_log(log_entry("new", LOG_DAY + timedelta(days=10)))
    (data / "logs" / "2026-12-01.json").write_text("{broken", encoding="utf-8")
    assert [e.id for e in store.logs(date(2026, 12, 11), date(2026, 12, 11))] == ["new"]


def test_a_file_named_like_an_impossible_day_is_not_a_shard(store: Store, data: Path) -> None:
    # Someone copied "2026-13-45.json" into logs/: the store never writes such a name, so it
    # is left alone like any other stray file instead of stopping every read of the log.
    store.save(make_bundle(1), op="import")
    store.append_log(log_entry("a", LOG_DAY))
    stray = data / "logs" / "2026-13-45.json"
    stray.write_text("{}", encoding="utf-8")
    assert [e.id for e in store.logs()] == ["a"]
    assert stray.read_text(encoding="utf-8") == "{}"


def test_a_log_id_already_in_its_shard_is_refused(store: Store, data: Path) -> None:
    store.save(make_bundle(1), op="import")
    assert store.append_log(log_entry("e1"))
    shard = data / "logs" / "2026-12-01.json"
    before = shard.read_bytes()
    assert not store.append_log(log_entry("e1", text="又一次"))
    assert shard.read_bytes() == before
    assert [e.text for e in store.logs()] == ["检查车辆 e1"]


def test_save_merges_bundle_logs_and_never_deletes_one(store: Store) -> None:
    store.save(make_bundle(1), op="import")
    store.append_log(log_entry("desk"))
    bundle = replace(make_bundle(1), logs=(log_entry("imported"), log_entry("desk")))
    store.save(bundle, op="import")
    store.save(make_bundle(1), op="generate")  # no logs in it: none removed
    assert sorted(e.id for e in store.logs()) == ["desk", "imported"]


def test_an_invalid_log_entry_is_refused_before_writing(store: Store, data: Path) -> None:
    store.save(make_bundle(1), op="import")
    with pytest.raises(BundleError, match="kind"):
        store.append_log(replace(log_entry("x"), kind="shout"))  # type: ignore[arg-type]
    assert not (data / "logs" / "2026-12-01.json").exists()


def test_an_invalid_log_entry_in_a_saved_bundle_writes_nothing(store: Store,
                                                                data: Path) -> None:
    store.save(make_bundle(1), op="import")
    before = _snapshot(data)
    bad = replace(log_entry("x2", LOG_DAY + timedelta(days=3)), checkpoint="")
    bundle = replace(make_bundle(2), logs=(log_entry("x1"), bad))
    with pytest.raises(BundleError, match="checkpoint"):
        store.save(bundle, op="import")
    assert _snapshot(data) == before


def test_a_data_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data"
    path.write_text("", encoding="utf-8")
    with pytest.raises(StoreError, match="is not a folder"):
        Store(path)


def test_append_log_needs_a_team(store: Store) -> None:
    with pytest.raises(StoreError, match="no team"):
        store.append_log(log_entry("e1"))


def test_an_invalid_roster_is_not_saved(store: Store, data: Path) -> None:
    store.save(make_bundle(1), op="import")
    before = _snapshot(data)
    twin = Member(id="m1", name="张建国")
    bad = replace(make_bundle(1), members=(*make_bundle(1).members, twin))
    with pytest.raises(BundleError, match="duplicate member id"):
        store.save(bad, op="edit")
    assert _snapshot(data) == before


def test_update_applies_a_change_and_an_exception_changes_nothing(store: Store,
                                                                  data: Path) -> None:
    store.save(make_bundle(2), op="import")

    def rename(b: Bundle) -> Bundle:
        return replace(b, team=replace(b.team, name="南王村驻村工作队"))

    new = store.update(rename, op="edit", operator="张建国", summary="改名")
    assert store.load().team.name == "南王村驻村工作队" == new.team.name
    before = _snapshot(data)

    def fail(b: Bundle) -> Bundle:
        raise RuntimeError("the operator pressed cancel")

    with pytest.raises(RuntimeError):
        store.update(fail, op="edit")
    assert _snapshot(data) == before


# --- permissions -----------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_folders_are_0700_and_files_0600(tmp_path: Path) -> None:
    data = tmp_path / "a" / "b" / "data"
    store = Store(data)
    store.save(make_bundle(3), op="import")
    store.save(make_bundle(4), op="generate")
    store.append_log(log_entry("e1"))
    for folder in (tmp_path / "a", tmp_path / "a" / "b", data, data / "logs", data / "backups"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    files = _files(data)
    assert {p.name for p in files} >= {"team.json", ".lock", "2026-12-01.json", "000002.json"}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_importing_the_store_creates_nothing(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "xdg"),
           "ROSTER_DATA": str(tmp_path / "data")}
    subprocess.run([sys.executable, "-c", "import roster.store"], env=env, check=True,
                   cwd=tmp_path)
    assert list(tmp_path.iterdir()) == []


# --- refusals: newer schema, corrupt files ---------------------------------------------------


def _bump_schema(path: Path, schema: int) -> None:
    tables = json.loads(path.read_text(encoding="utf-8"))
    tables["meta"]["1"]["schema"] = schema
    path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")


def test_a_store_written_by_a_newer_version_is_refused(store: Store, data: Path) -> None:
    store.save(make_bundle(1), op="import")
    team = data / "team.json"
    _bump_schema(team, 2)
    before = team.read_bytes()
    with pytest.raises(StoreError, match=r"team\.json: was written by a newer") as info:
        Store(data).load()
    assert "\n" not in str(info.value)
    with pytest.raises(StoreError, match="newer"):
        store.save(make_bundle(2), op="import")
    assert team.read_bytes() == before


def test_a_log_shard_written_by_a_newer_version_is_refused(store: Store, data: Path) -> None:
    store.save(make_bundle(1), op="import")
    store.append_log(log_entry("e1"))
    shard = data / "logs" / "2026-12-01.json"
    _bump_schema(shard, 9)
    before = shard.read_bytes()
    with pytest.raises(StoreError, match=r"2026-12-01\.json: was written by a newer"):
        store.append_log(log_entry("e2"))
    with pytest.raises(StoreError, match="newer"):
        store.logs()
    assert shard.read_bytes() == before


CORRUPTIONS = {
    "truncated": b'{"meta": {"1": {"schema": 1}}, "team": {"1": {"na',
    "not utf-8": b'{"meta": {"1": {"schema": 1, "app": "\xff\xfe"}}}',
    "not tables": b"[1, 2, 3]",
    "a table of numbers": b'{"meta": {"1": 5}}',
    "no meta": b'{"team": {"1": {"name": "x"}}}',
}


@pytest.mark.parametrize("content", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_corrupt_team_file_is_named_and_never_written(store: Store, data: Path,
                                                        content: bytes) -> None:
    store.save(make_bundle(2), op="import")
    team = data / "team.json"
    team.write_bytes(content)
    before = _snapshot(data)
    attempts = [
        lambda: Store(data).load(),
        store.load,
        store.is_empty,
        lambda: store.save(make_bundle(3), op="import"),
        lambda: store.update(lambda b: b, op="edit"),
        store.undo,
        lambda: store.restore(1),
        store.history,
    ]
    for attempt in attempts:
        with pytest.raises(StoreError) as info:
            attempt()
        message = str(info.value)
        assert str(team) in message and "\n" not in message
        if "newer" not in message and "no team" not in message:
            assert "left untouched" in message
    assert _snapshot(data) == before
    assert team.read_bytes() == content


def test_a_bundle_file_copied_over_team_json_is_explained(store: Store, data: Path) -> None:
    (data / "team.json").write_text(json.dumps(to_doc(make_bundle(1))), encoding="utf-8")
    with pytest.raises(StoreError, match=r"bundle file.*roster import"):
        store.load()


def test_valid_json_with_a_damaged_record_names_file_and_field(store: Store,
                                                               data: Path) -> None:
    store.save(make_bundle(2), op="import")
    team = data / "team.json"
    tables = json.loads(team.read_text(encoding="utf-8"))
    tables["members"]["2"]["max_hours_per_week"] = "很多"
    team.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    before = team.read_bytes()
    with pytest.raises(StoreError, match=r"team\.json: members\[1\]\.max_hours_per_week"):
        store.load()
    with pytest.raises(StoreError, match="max_hours_per_week"):
        store.update(lambda b: b, op="edit")
    assert team.read_bytes() == before


def test_a_corrupt_log_shard_is_named_and_never_written(store: Store, data: Path) -> None:
    store.save(make_bundle(1), op="import")
    store.append_log(log_entry("e1"))
    shard = data / "logs" / "2026-12-01.json"
    shard.write_bytes(b'{"meta": {"1": {"schema": 1}}, "logs": {"1": {"id": "e1", "at": ')
    before = _snapshot(data)
    with pytest.raises(StoreError, match=r"2026-12-01\.json: is corrupt or unreadable"):
        store.append_log(log_entry("e2"))
    with pytest.raises(StoreError, match=r"2026-12-01\.json"):
        store.logs()
    with pytest.raises(StoreError, match=r"2026-12-01\.json"):
        store.save(replace(make_bundle(1), logs=(log_entry("e3"),)), op="import")
    assert _snapshot(data) == before
    # other days still take entries
    assert store.append_log(log_entry("e4", LOG_DAY + timedelta(days=1)))


def test_a_log_record_with_a_bad_field_names_the_shard(store: Store, data: Path) -> None:
    store.save(make_bundle(1), op="import")
    store.append_log(log_entry("e1"))
    shard = data / "logs" / "2026-12-01.json"
    tables = json.loads(shard.read_text(encoding="utf-8"))
    tables["logs"]["1"]["kind"] = "shout"
    shard.write_text(json.dumps(tables), encoding="utf-8")
    with pytest.raises(StoreError, match=r"2026-12-01\.json: logs\[0\]\.kind"):
        store.logs()


def test_the_storage_refuses_to_write_over_a_file_it_could_not_read(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(b"{oops")
    storage = AtomicJSONStorage(path)
    with pytest.raises(StoreError, match="corrupt"):
        storage.read()
    with pytest.raises(StoreError, match="corrupt"):
        storage.write({"t": {}})
    assert path.read_bytes() == b"{oops"


def test_the_storage_treats_a_missing_file_as_empty_and_an_empty_one_as_damage(
        tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    storage = AtomicJSONStorage(path)
    assert storage.read() is None
    assert not path.exists()  # unlike TinyDB's JSONStorage, opening does not create it
    storage.write({"t": {"1": {"名": "值"}}})
    assert storage.read() == {"t": {"1": {"名": "值"}}}
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]  # no temp file left
    # Writes rename whole files into place, so a 0-byte file is damage (#13 item 1).
    path.write_bytes(b"")
    fresh = AtomicJSONStorage(path)
    with pytest.raises(StoreError, match=r"x\.json.*empty"):
        fresh.read()
    with pytest.raises(StoreError):
        fresh.write({"t": {}})
    assert path.read_bytes() == b""


def test_an_empty_team_file_is_reported_and_no_backup_number_is_used_twice(
        tmp_path: Path) -> None:
    store = Store(tmp_path)
    for n in range(3):
        store.save(make_bundle(n + 1), op="edit")
    backups = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert backups == ["000002.json", "000003.json"]
    team = tmp_path / "team.json"
    team.write_bytes(b"")
    with pytest.raises(StoreError, match=r"team\.json.*empty"):
        Store(tmp_path).is_empty()
    with pytest.raises(StoreError):
        Store(tmp_path).save(make_bundle(9), op="import")
    assert team.read_bytes() == b""
    # The lead moves the damaged file aside and starts again: numbers go on from the
    # backups, which stay as they were.
    team.rename(tmp_path / "team.damaged.json")
    change = Store(tmp_path).save(make_bundle(9), op="import")
    assert change.seq == 4
    assert (tmp_path / "backups" / "000002.json").exists()


def test_a_batch_reads_once_and_writes_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    path = tmp_path / "x.json"
    storage = AtomicJSONStorage(path)
    storage.write({"t": {}})
    calls: list[str] = []
    real_read, real_write = storage._read_file, storage._write_file
    monkeypatch.setattr(storage, "_read_file", lambda: calls.append("r") or real_read())
    monkeypatch.setattr(storage, "_write_file", lambda d: calls.append("w") or real_write(d))
    from tinydb import TinyDB

    db = TinyDB(storage=lambda: storage)
    with storage.batch():
        for i in range(10):
            db.table("t").insert({"i": i})
        assert len(db.table("t")) == 10
        assert calls == ["r"]
    assert calls == ["r", "w"]
    assert len(AtomicJSONStorage(path).read()["t"]) == 10  # type: ignore[index]


# --- backups, history, undo, restore ---------------------------------------------------------


def test_undo_walks_back_through_the_changes(store: Store, data: Path) -> None:
    first, second = make_bundle(1), make_bundle(2)
    store.save(first, op="import", operator="张建国", summary="导入")
    store.save(second, op="generate", operator="李海燕", summary="排班 12月")
    undo = store.undo(operator="王志刚")
    assert undo.op == "undo" and undo.restores == 2 and undo.operator == "王志刚"
    assert to_doc(store.load()) == to_doc(first)
    undo = store.undo()  # walks further back: before the import there was no team
    assert undo.restores == 1
    assert store.is_empty()
    with pytest.raises(StoreError, match="nothing to undo"):
        store.undo()
    history = store.history()
    assert [(c.seq, c.op, c.operator) for c in history] == [
        (4, "undo", ""), (3, "undo", "王志刚"), (2, "generate", "李海燕"), (1, "import", "张建国")]
    assert history[2].summary == "排班 12月"
    assert "李海燕" in history[1].summary
    assert all(c.at.tzinfo is not None for c in history)


def test_undo_after_a_new_change_undoes_that_change(store: Store) -> None:
    store.save(make_bundle(1), op="import")
    store.save(make_bundle(2), op="generate")
    store.undo()
    store.save(make_bundle(3), op="edit")
    store.undo()
    assert len(store.load().assignments) == 1
    store.undo()
    assert store.is_empty()


def test_restore_brings_back_any_recorded_state_and_can_be_undone(store: Store) -> None:
    for n in (1, 2, 3):
        store.save(make_bundle(n), op="edit")
    change = store.restore(2, operator="张建国")
    assert change.op == "restore" and change.restores == 2
    assert len(store.load().assignments) == 1
    store.restore(4)  # the state before the restore, i.e. a redo
    assert len(store.load().assignments) == 3
    store.undo()  # undoes the second restore
    assert len(store.load().assignments) == 1
    with pytest.raises(StoreError, match="no change 99"):
        store.restore(99)


def test_backups_are_whole_team_files_with_their_change(store: Store, data: Path) -> None:
    store.save(make_bundle(1), op="import")
    store.save(make_bundle(2), op="generate", operator="李海燕", summary="排班")
    backup = json.loads((data / "backups" / "000002.json").read_text(encoding="utf-8"))
    assert backup["backup"]["1"]["op"] == "generate"
    assert backup["backup"]["1"]["operator"] == "李海燕"
    assert len(backup["assignments"]) == 1
    assert not (data / "backups" / "000001.json").exists()  # nothing before the import


def test_the_rolling_limit_keeps_the_newest_backups(data: Path) -> None:
    store = Store(data)
    bundle = make_bundle(1)
    for _ in range(store_module.KEEP_BACKUPS + 5):
        store.save(bundle, op="edit")
    seqs = sorted(int(p.stem) for p in (data / "backups").iterdir())
    assert seqs == list(range(6, 56))
    history = store.history()
    assert len(history) == 50 and history[0].seq == 55 and history[-1].seq == 6
    store.restore(6)
    with pytest.raises(StoreError, match="no change 5 "):
        store.restore(5)


def test_a_missing_backup_is_reported(store: Store, data: Path) -> None:
    store.save(make_bundle(1), op="import")
    store.save(make_bundle(2), op="generate")
    (data / "backups" / "000002.json").unlink()
    with pytest.raises(StoreError, match=r"000002\.json: the backup .* is missing"):
        store.undo()


def test_a_damaged_backup_is_refused_and_the_roster_kept(store: Store, data: Path) -> None:
    store.save(make_bundle(1), op="import")
    store.save(make_bundle(2), op="generate")
    (data / "backups" / "000002.json").write_text("{", encoding="utf-8")
    with pytest.raises(StoreError, match=r"000002\.json: is corrupt"):
        store.undo()
    assert len(store.load().assignments) == 2


# --- change detection, temp files ------------------------------------------------------------


def test_the_token_changes_with_every_write(store: Store) -> None:
    tokens = [store.token()]
    store.save(make_bundle(1), op="import")
    tokens.append(store.token())
    store.append_log(log_entry("e1"))
    tokens.append(store.token())
    store.append_log(log_entry("e2"))
    tokens.append(store.token())
    store.append_log(log_entry("e3", LOG_DAY - timedelta(days=30)))  # an old day
    tokens.append(store.token())
    store.save(make_bundle(1), op="edit")
    tokens.append(store.token())
    assert len(set(tokens)) == len(tokens)
    assert store.token() == tokens[-1]  # and stays put when nothing happens
    store.load(logs=True)
    assert store.token() == tokens[-1]


def test_stray_temp_files_are_ignored_and_cleaned(store: Store, data: Path) -> None:
    store.save(make_bundle(1), op="import")
    store.save(make_bundle(1), op="edit")
    store.append_log(log_entry("e1"))
    strays = [data / ".team.json.abc.tmp", data / "logs" / ".2026-12-01.json.x.tmp",
              data / "backups" / ".000002.json.y.tmp"]
    for p in strays:
        p.write_bytes(b"{half a fi")
    assert len(store.load(logs=True).logs) == 1
    Store(data)
    assert not any(p.exists() for p in strays)


# --- where the data lives --------------------------------------------------------------------


def test_default_data_dir_prefers_the_flag_then_the_environment(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ROSTER_DATA", str(tmp_path / "env"))
    assert default_data_dir(str(tmp_path / "flag")) == tmp_path / "flag"
    assert default_data_dir(None) == tmp_path / "env"
    monkeypatch.setenv("ROSTER_DATA", "")
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_data_dir",
                        lambda name, appauthor=None: str(tmp_path / "platform" / name))
    assert default_data_dir(None) == tmp_path / "platform" / "checkpoint-roster"
    monkeypatch.delenv("ROSTER_DATA")
    assert default_data_dir(None) == tmp_path / "platform" / "checkpoint-roster"
    assert default_data_dir("~/roster").parts[-1] == "roster"
    assert "~" not in str(default_data_dir("~/roster"))


def test_an_import_after_a_zone_change_files_no_entry_twice(store: Store) -> None:
    """bounds3's finding (review round 2): the same team imported again with another time
    zone filed its log entries again under the neighbouring day, and the next export failed
    with "duplicate log id"."""
    at = datetime(2026, 12, 2, 16, 30, tzinfo=UTC)  # 00:30 on 12-03 in Shanghai
    bundle = replace(make_bundle(2), logs=(log_entry("01LOGZONE0000000000000000A", at),))
    store.save(bundle, op="import")
    moved = replace(bundle, team=replace(bundle.team, timezone="America/Los_Angeles"))
    store.save(moved, op="import")  # 08:30 on 12-02 there
    logs = store.load(logs=True).logs
    assert [e.id for e in logs] == ["01LOGZONE0000000000000000A"]
    # and a changed entry under that id is still refused, wherever it is filed
    other = replace(moved, logs=(replace(moved.logs[0], text="另一条"),))
    with pytest.raises(StoreError, match="another entry with this id"):
        store.save(other, op="import")
