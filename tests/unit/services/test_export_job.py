"""The registry and the steps around an export: refusals, empty selections, the print memory."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from roster.domain.errors import StoreError
from roster.exchange.exporters import EXPORTERS
from roster.i18n import render
from roster.services.export import EmptyExport, empty_reason, finish, prepare
from roster.store import Store
from roster.store.files import KEEP_PRINTS, PRINTS_FILE
from tests.unit.exchange.export_team import period_selection, team


def test_the_registry_describes_each_format() -> None:
    assert set(EXPORTERS) == {"json", "pdf", "html", "xlsx", "csv", "ics", "txt"}
    for name, e in EXPORTERS.items():
        assert e.name == name and e.suffix == f".{name}" and e.title("zh") and e.title("en")
        assert callable(e.render)
    assert [e.name for e in EXPORTERS.values() if e.printed] == ["pdf", "html"]
    assert EXPORTERS["ics"].needs_one_of == ("member", "checkpoint")
    assert EXPORTERS["csv"].layouts == ("rows", "grid")
    assert EXPORTERS["json"].whole_by_default


def test_empty_selections_say_what_is_empty() -> None:
    b = team()
    assert empty_reason(b, period_selection(b, 7)) is None
    nobody = render(empty_reason(b, period_selection(b, 7, member="m5")), "en")
    assert nobody == "赵六 (m5) has no shifts in 2026-12-01 to 2026-12-07; no file written"
    late = render(empty_reason(b, period_selection(b, 3, first=date(2026, 12, 20),
                                                   checkpoint="cp-s")), "zh")
    assert late.startswith("南口卡点（cp-s）在 2026-12-20 至 2026-12-22")
    assert "no assignments in 2027-01-01" in render(
        empty_reason(b, period_selection(b, 7, first=date(2027, 1, 1))), "en")
    with pytest.raises(EmptyExport):
        prepare(None, b, EXPORTERS["txt"], period_selection(b, 7, member="m5"), "en")
    # The bundle always has the team to hand on, even for an empty period.
    assert prepare(None, b, EXPORTERS["json"], period_selection(b, 1, first=date(2027, 1, 1)),
                   "en").data


def test_a_print_remembers_its_cells_and_the_next_marks_changes(tmp_path: Path) -> None:
    b = team()
    store = Store(tmp_path / "data")
    store.save(b, op="import")
    sel = period_selection(b, 7)
    first = prepare(store, b, EXPORTERS["html"], sel, "zh")
    assert (first.pages, first.compared, first.changed) == (2, 0, 0)
    finish(store, first)
    assert (tmp_path / "data" / PRINTS_FILE).is_file()

    moved = replace(b, assignments=tuple(a for a in b.assignments
                                         if not (a.member == "m2" and a.start.day == 3)))
    second = prepare(store, moved, EXPORTERS["html"], sel, "zh")
    assert (second.compared, second.changed) == (2, 1)
    assert b'class="changed"' in second.data
    finish(store, second)
    # Printed again unchanged: nothing is marked any more.
    third = prepare(store, moved, EXPORTERS["html"], sel, "zh")
    assert (third.compared, third.changed) == (2, 0)
    # Another period, or a sheet for one member, is not compared with this one.
    assert prepare(store, moved, EXPORTERS["html"], period_selection(b, 14), "zh").compared == 0
    one = prepare(store, moved, EXPORTERS["html"], period_selection(b, 7, member="m1"), "zh")
    assert one.compared == 0 and one.memory == {}
    # Non-printed formats neither compare nor remember.
    assert prepare(store, moved, EXPORTERS["xlsx"], sel, "zh").memory == {}


def test_the_print_memory_keeps_the_newest_records(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.remember_prints({f"k{i}": {"cells": {}} for i in range(KEEP_PRINTS + 5)})
    store.remember_prints({"k0": {"cells": {"a": ["b"]}}})
    kept = store.print_memory([f"k{i}" for i in range(KEEP_PRINTS + 5)])
    assert len(kept) == KEEP_PRINTS
    assert "k1" not in kept and kept["k0"]["cells"] == {"a": ["b"]}
    assert store.print_memory([]) == {}


def test_a_damaged_print_memory_is_reported_and_left_alone(tmp_path: Path) -> None:
    store = Store(tmp_path)
    (tmp_path / PRINTS_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match=PRINTS_FILE):
        store.print_memory(["x"])
    with pytest.raises(StoreError, match=PRINTS_FILE):
        store.remember_prints({"x": {"cells": {}}})
    assert (tmp_path / PRINTS_FILE).read_text(encoding="utf-8") == "{not json"
