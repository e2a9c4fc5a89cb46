"""``roster county``: many teams' bundles rolled up into one table (``shared/spec/cli.md``,
"The county roll-up").

It reads only the files it is given (and every ``*.json`` in the folders given), writes
nothing next to them and needs no ``--data``. Exit status: 0 every team fine; 1 a team
has a problem or a file could not be read; 2 no file could be read, or a bad flag.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from roster.cli.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Context,
    date_arg,
    day_of,
    days_arg,
    write_file,
)
from roster.cli.language import said
from roster.county import RollUp, find_bundles, nothing_read, roll_up
from roster.domain.errors import UserError
from roster.domain.messages import N_, msg
from roster.domain.timeutil import now_utc
from roster.i18n import say
from roster.reports.county_print import render_html
from roster.reports.county_report import render_json, render_text
from roster.reports.county_xlsx import render_xlsx

#: The formats the roll-up is written in, each a function of the roll-up and the language.
FORMATS: dict[str, Callable[[RollUp, str], bytes]] = {
    "html": render_html,
    "json": render_json,
    "txt": render_text,
    "xlsx": render_xlsx,
}


def register(sub: Any) -> None:
    p = sub.add_parser("county", help=N_("roll many teams' bundles up into one county table"))
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help=N_("bundle files, or folders holding them (every *.json, recursively)"))
    p.add_argument("--start", type=date_arg, metavar="YYYY-MM-DD",
                   help=N_("first day of the period (default: today in each team's zone)"))
    p.add_argument("--days", type=days_arg, default=1, metavar="N",
                   help=N_("days in the period (default 1)"))
    p.add_argument("--format", choices=sorted(FORMATS),
                   help=N_("write the table in this format (without it and without --out: "
                        "the county screen, or txt when not in a terminal; with --out: txt)"))
    p.add_argument("--out", metavar="PATH",
                   help=N_("the file to write (-: standard output; the default but for xlsx)"))
    p.add_argument("--workers", type=_workers, metavar="N",
                   help=N_("worker processes (default: one per processor)"))
    p.set_defaults(func=cmd_county)


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(said(msg("{text!r} is not a whole number",
                                                  text=text))) from None
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError(said(msg("{value}: choose 1 to 64", value=value)))
    return value


def _progress(ctx: Context) -> Callable[[int, int], None]:
    """A line on the terminal that counts the files read (a city takes a while)."""
    step = [0]

    def tell(done: int, total: int) -> None:
        if done == total or done >= step[0]:
            step[0] = done + max(1, total // 50)
            line = say(ctx.lang, "Reading bundles: {done}/{total}", done=done, total=total)
            sys.stderr.write(f"\r{line}" + ("\r\033[K" if done == total else ""))
            sys.stderr.flush()

    return tell


def _out(args: argparse.Namespace, ctx: Context) -> Path | None:
    """Where to write (None: standard output), refused before anything is read."""
    if args.format == "xlsx" and args.out is None:
        raise UserError(say(ctx.lang, "--format xlsx: give --out FILE.xlsx"))
    out = None if args.out in (None, "-") else Path(args.out)
    if out is not None and out.is_dir():
        raise UserError(say(ctx.lang, "--out {out}: is a folder; give a file name", out=out))
    return out


def _files(args: argparse.Namespace, out: Path | None) -> list[str]:
    files = find_bundles(args.paths)
    if out is None:
        return files
    # Last run's table, written among the bundles, is not a bundle.
    return [f for f in files if os.path.realpath(f) != os.path.realpath(out)]


def _write(ctx: Context, rollup: RollUp, data: bytes, out: Path | None, *,
           binary: bool) -> None:
    if out is None:  # the exact bytes into a pipe; on a terminal every unsafe character shown
        ctx.emit_file(data, binary=binary)
        return
    write_file(out, data)
    ctx.err.print(say(ctx.lang, "County roll-up of {teams} team(s) written → {out}",
                      teams=len(rollup.teams), out=out), markup=False, highlight=False)


def cmd_county(args: argparse.Namespace, ctx: Context) -> int:
    render = FORMATS[args.format or "txt"]
    out = _out(args, ctx)
    files = _files(args, out)
    # today/yesterday: the county office's own day (teams share its zone in practice).
    rollup = roll_up(files, day_of(args.start, datetime.now().astimezone().tzinfo or UTC),
                     args.days, now_utc().replace(microsecond=0),
                     workers=args.workers,
                     progress=_progress(ctx) if sys.stderr.isatty() else None)
    failed = nothing_read(files, rollup)
    if failed is not None:
        raise failed
    if args.format is None and args.out is None and sys.stdout.isatty():
        from roster.tui.county_app import make_county_app

        make_county_app(rollup, ctx.lang).run()
    else:
        _write(ctx, rollup, render(rollup, ctx.lang), out, binary=args.format == "xlsx")
    return EXIT_PROBLEMS if rollup.problems else EXIT_OK
