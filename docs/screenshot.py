"""Make ``docs/board.png``, the README's picture of the roster board.

The demo week as the generator makes it, one shift locked and one member off sick (so
the board shows a gap and the problems panel lists it), drawn by the app itself
(``App.save_screenshot``, an SVG) and turned into a PNG with ``rsvg-convert`` (Debian:
``apt-get install librsvg2-bin``). Textual's SVG fits each run of text to its
*character* count, which squeezes Chinese (two cells a character) into half its room;
the runs are given their cell count instead before converting.

Run from the repository root: ``python docs/screenshot.py [--lang en]``.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rich.cells import cell_len  # noqa: E402

from roster.editing import edits  # noqa: E402
from roster.samples.demo import demo_bundle  # noqa: E402
from roster.generator import generate  # noqa: E402
from roster.domain.model import Leave, shifts_in  # noqa: E402
from roster.store import Store  # noqa: E402
from roster.tui.app import make_app  # noqa: E402

DAY = date(2026, 12, 1)
MONDAY = date(2026, 11, 30)


def prepare(data_dir: Path) -> None:
    bundle = demo_bundle(DAY)
    b = generate(bundle, bundle.period(MONDAY, 7), seed=0).bundle
    first = shifts_in(b, MONDAY, 1)[0]
    b = edits.set_locked(b, first.key, True)
    tuesday = shifts_in(b, DAY, 1)[1]
    sick = next(a.member for a in b.assignments if a.shift_key == tuesday.key)
    b = edits.mark_sick(b, sick, Leave(tuesday.start, tuesday.start + timedelta(days=1), "病假"))
    Store(data_dir).save(b, op="demo", operator="王振华")


async def shoot(data_dir: Path, svg: Path, lang: str) -> None:
    app = make_app(data_dir, lang, DAY, operator="王振华", poll_seconds=60)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("enter")  # to the first problem's cell
        await pilot.pause()
        app.save_screenshot(str(svg.name), str(svg.parent))


_TEXT = re.compile(r'(<text [^>]*?textLength=")([0-9.]+)("[^>]*>)([^<]*)(</text>)')


def fit_wide_text(svg: str) -> str:
    """Give each text run the length of its terminal cells (Chinese takes two each)."""

    def fix(m: re.Match[str]) -> str:
        content = html.unescape(m.group(4))
        chars = len(content)
        if not chars:
            return m.group(0)
        per_char = float(m.group(2)) / chars
        length = cell_len(content) * per_char
        return f"{m.group(1)}{length:.1f}{m.group(3)}{m.group(4)}{m.group(5)}"

    return _TEXT.sub(fix, svg)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "board.png")
    args = parser.parse_args()
    if shutil.which("rsvg-convert") is None:
        sys.exit("rsvg-convert not found (apt-get install librsvg2-bin)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        prepare(folder / "data")
        svg = folder / "board.svg"
        asyncio.run(shoot(folder / "data", svg, args.lang))
        svg.write_text(fit_wide_text(svg.read_text(encoding="utf-8")), encoding="utf-8")
        subprocess.run(["rsvg-convert", "-w", "1600", str(svg), "-o", str(args.out)],
                       check=True)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
