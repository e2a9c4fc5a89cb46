"""How long printing a month for a county-scale team takes, to PDF and to Excel.

The target (the issue): a month of the large synthetic team (100 checkpoints x 3 shifts
x 31 days x 2 people, 1,000 members) exported to PDF and to XLSX in under 10 s each on
a 2-core machine. The month is 500 printed pages (100 checkpoints x 5 week-pages: four
full weeks and three days) and a workbook of 101 sheets.

Each figure is the whole export as ``roster export`` runs it after loading: the grid
built, the document drawn, the font subset and embedded, the file's bytes made (the
write itself is not counted). Shared machines are noisy, so each format runs a few
times and the best and the median are shown.

Run from the repository root: ``python bench/bench_export.py [--runs N] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from roster.exchange.bundle import read_bundle  # noqa: E402
from roster.exchange.exporters import EXPORTERS  # noqa: E402
from roster.exchange.exporters.selection import Selection  # noqa: E402
from roster.samples.synthetic import make_team  # noqa: E402

TARGET = 10.0
FIRST = date(2026, 12, 1)
DAYS = 31


def _pages(name: str, data: bytes) -> str:
    if name == "pdf":
        from pypdf import PdfReader

        return f"{len(PdfReader(io.BytesIO(data)).pages)} pages"
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return f"{len(book.sheetnames)} sheets"
    finally:
        book.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per format (default 3)")
    parser.add_argument("--out", type=Path, help="also write the files into this folder")
    args = parser.parse_args(argv)

    began = time.perf_counter()
    bundle = read_bundle(make_team(checkpoints=100, members=1000, days=DAYS, start=FIRST,
                                   assignments=True), "synthetic team")
    print(f"team: {len(bundle.checkpoints)} checkpoints, {len(bundle.members)} members, "
          f"{len(bundle.assignments)} assignments over {DAYS} days "
          f"(built in {time.perf_counter() - began:.1f} s)")
    selection = Selection(bundle.period(FIRST, DAYS),
                          made_at=datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    slow = False
    for name in ("pdf", "xlsx"):
        exporter = EXPORTERS[name]
        times: list[float] = []
        data = b""
        for _ in range(max(1, args.runs)):
            start = time.perf_counter()
            data = exporter.render(bundle, selection, "zh")
            times.append(time.perf_counter() - start)
        best, median = min(times), statistics.median(times)
        mark = "ok  " if best < TARGET else "SLOW"
        slow |= best >= TARGET
        print(f"{mark} {name:4}  best {best:5.2f} s  median {median:5.2f} s  "
              f"(target {TARGET:.0f} s)  {_pages(name, data)}, {len(data) / 1e6:.1f} MB")
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"month{exporter.suffix}").write_bytes(data)
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
