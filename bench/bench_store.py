"""How fast the store is where it matters: a duty-desk append and loading a county-size team.

The issue sets two targets: one duty-log append (with fsync) must cost about the same
after a year of logs as on day one (medians within 2x), and loading the large synthetic
team (1,000 members, 100 checkpoints, a month of assignments) must take under a second.
Run by hand from the repository root; it prints figures and exits 1 if a target is missed:

    python bench/bench_store.py [--dir FOLDER] [--appends 200] [--loads 5]

``--dir`` puts the scratch stores on a disk of your choice (fsync cost is the disk's);
by default they go in a temporary folder.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a plain checkout

from timing import median_ms, timed  # bench/timing.py, beside this script

from roster.domain.model import LogEntry
from roster.domain.timeutil import instant_at, parse_time_of_day
from roster.exchange.bundle import log_to_doc, read_bundle
from roster.samples.synthetic import make_team
from roster.store import AtomicJSONStorage, Store, shard_tables

YEAR_START = date(2025, 12, 1)
DAYS = 365
# A checkpoint's day: 3 shifts x 2 people checking in and out, plus notes through the day.
ENTRIES_PER_CHECKPOINT_DAY = 64
KINDS = ("check_in", "check_out", "note", "note")


def _entry(ident: str, at: datetime, checkpoint: str, member: str, i: int) -> LogEntry:
    kind = KINDS[i % len(KINDS)]
    note = kind == "note"
    return LogEntry(id=ident, at=at, recorded_at=at, checkpoint=checkpoint,
                    kind=kind,  # type: ignore[arg-type]
                    member=member, category="vehicle" if note else "",
                    count=(i % 7) + 1 if note else None,
                    text="检查过往车辆，登记外来人员" if note else "")


def _small_store(folder: Path) -> Store:
    store = Store(folder)
    store.save(read_bundle(make_team(checkpoints=3, members=30, days=31), "synthetic"),
               op="import", operator="bench")
    return store


def _fill_year(store: Store) -> int:
    """A year of logs for 3 checkpoints, one shard per day, written straight through the
    store's storage class (70,000 single appends would take minutes and measure nothing)."""
    bundle = store.load()
    tz = bundle.tz
    checkpoints = [c.id for c in bundle.checkpoints]
    members = [m.id for m in bundle.members]
    total = 0
    for d in range(DAYS):
        day = YEAR_START + timedelta(days=d)
        midnight = instant_at(day, parse_time_of_day("00:00"), tz)
        docs = []
        for c, cp in enumerate(checkpoints):
            for i in range(ENTRIES_PER_CHECKPOINT_DAY):
                at = midnight + timedelta(seconds=(i * 86400) // ENTRIES_PER_CHECKPOINT_DAY + c)
                entry = _entry(f"y{d}-{c}-{i}", at, cp, members[(i + c) % len(members)], i)
                docs.append(log_to_doc(entry, tz))
        AtomicJSONStorage(store.shard_path(day)).write(shard_tables(docs))
        total += len(docs)
    return total


def _time_appends(store: Store, day: date, count: int, tag: str) -> list[float]:
    bundle = store.load()
    tz = bundle.tz
    cp, member = bundle.checkpoints[0].id, bundle.members[0].id
    start = instant_at(day, parse_time_of_day("08:00"), tz)
    times = []
    for i in range(count):
        entry = _entry(f"{tag}-{i}", start + timedelta(seconds=30 * i), cp, member, i)
        t0 = time.perf_counter()
        added = store.append_log(entry)
        times.append(time.perf_counter() - t0)
        assert added
    return times


def bench_appends(root: Path, count: int) -> bool:
    print(f"Duty-log append (lock, read the day's shard, write a temp file, fsync, rename, "
          f"fsync the folder); median of {count}")
    empty = _small_store(root / "empty")
    day_one = _time_appends(empty, YEAR_START, count, "a")

    year = _small_store(root / "year")
    t0 = time.perf_counter()
    filled = _fill_year(year)
    fill_s = time.perf_counter() - t0
    next_day = YEAR_START + timedelta(days=DAYS)
    after_year = _time_appends(year, next_day, count, "b")
    busy_day = _time_appends(year, YEAR_START + timedelta(days=200), count, "c")

    ratio = median_ms(after_year) / median_ms(day_one)
    print(f"  empty store, day one:                  {median_ms(day_one):7.2f} ms")
    print(f"  after a year ({filled:,} entries in {DAYS} shards, filled in {fill_s:.1f} s), "
          f"the next day:")
    print(f"                                         {median_ms(after_year):7.2f} ms"
          f"   ratio {ratio:.2f} (target < 2)")
    print(f"  for reference, into a day already holding {3 * ENTRIES_PER_CHECKPOINT_DAY} "
          f"entries: {median_ms(busy_day):.2f} ms "
          "(an append rewrites its own day's shard only)")

    t_logs = timed(lambda: year.logs(next_day, next_day), 5)
    t_all = timed(lambda: year.load(logs=True), 1)
    t_token = timed(year.token, 50)
    print(f"  logs() for one day: {median_ms(t_logs):.1f} ms; load(logs=True) of the whole "
          f"year: {t_all[0]:.2f} s; token(): {median_ms(t_token):.2f} ms")
    return ratio < 2


def bench_load(root: Path, repeat: int) -> bool:
    doc = make_team(checkpoints=100, members=1000, days=31, assignments=True)
    bundle = read_bundle(doc, "synthetic")
    folder = root / "large"
    store = Store(folder)
    t_save = timed(lambda: store.save(bundle, op="import", operator="bench"), 1)[0]
    size = (folder / "team.json").stat().st_size
    print(f"Large synthetic team: {len(bundle.members):,} members, "
          f"{len(bundle.checkpoints)} checkpoints, {len(bundle.assignments):,} assignments, "
          f"team.json {size / 1e6:.1f} MB")
    t_load = timed(store.load, repeat)
    t_open_load = timed(lambda: Store(folder).load(), repeat)
    t_save2 = timed(lambda: store.save(bundle, op="generate", operator="bench"), 1)[0]
    print(f"  load(): median of {repeat} {median_ms(t_load):.0f} ms; Store(dir) + load(): "
          f"{median_ms(t_open_load):.0f} ms (target < 1000 ms)")
    print(f"  save(): {t_save * 1000:.0f} ms into an empty store, {t_save2 * 1000:.0f} ms "
          "with a backup of the previous roster")
    return statistics.median(t_open_load) < 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="where to make the scratch stores")
    parser.add_argument("--appends", type=int, default=200)
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-store-") as tmp:
        root = Path(tmp)
        ok_append = bench_appends(root, args.appends)
        ok_load = bench_load(root, args.loads)
    print("targets met" if ok_append and ok_load else "TARGET MISSED")
    return 0 if ok_append and ok_load else 1


if __name__ == "__main__":
    sys.exit(main())
