"""What every command shares: the context it runs in, flag types, periods, safe file writes."""

from __future__ import annotations

import argparse
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.console import Console

from roster.domain.errors import UserError
from roster.domain.model import Bundle, Period
from roster.domain.timeutil import TimeError, parse_date, today
from roster.i18n import Lang, pick
from roster.store import Store

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_FAILED = 2


@dataclass
class Context:
    data_dir: Path
    lang: Lang
    operator: str
    out: Console
    err: Console

    def say(self, zh: str, en: str) -> None:
        self.out.print(pick(self.lang, zh, en))

    def store(self) -> Store:
        return Store(self.data_dir)


def date_arg(text: str) -> date:
    try:
        return parse_date(text)
    except TimeError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def days_arg(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 1 <= days <= 366:
        raise argparse.ArgumentTypeError(f"{days} days: choose 1 to 366")
    return days


def add_period(p: argparse.ArgumentParser, *, default_all: bool = False) -> None:
    what = "everything" if default_all else "today"
    p.add_argument("--start", type=date_arg, metavar="YYYY-MM-DD",
                   help=f"first day of the period (default: {what})")
    p.add_argument("--days", type=days_arg, metavar="N", help="days in the period (default 7)")


def period_of(args: argparse.Namespace, bundle: Bundle, *,
               default_all: bool = False) -> Period | None:
    if args.start is None and args.days is None and default_all:
        return None
    start = args.start if args.start is not None else today(bundle.tz)
    return bundle.period(start, args.days or 7)


def write_file(path: Path, data: bytes) -> None:
    """Write atomically: a half-written export must never replace a good one."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{path}: the folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder; give a file name") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot be written ({exc.strerror})") from None
