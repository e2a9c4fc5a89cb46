"""What every command shares: the context it runs in, flag types, periods, safe file writes
(:func:`write_file` lives with the export service, which the TUI uses too)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import Any

from rich.console import Console

from roster.cli.language import said
from roster.domain.errors import UserError
from roster.domain.messages import N_, msg
from roster.domain.model import Bundle, Period
from roster.domain.text import json_safe, printable
from roster.domain.timeutil import (
    FIRST_YEAR,
    LAST_YEAR,
    TimeError,
    TimeOfDay,
    in_years,
    instant_at,
    parse_date,
    today,
)
from roster.i18n import Lang, render, say
from roster.services.export import write_file
from roster.store import Store

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_PROBLEMS", "Context", "RelativeDay", "add_period",
           "date_arg", "day_of", "days_arg", "is_stdout", "period_of", "write_file"]

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

    def tell(self, text: str, /, *, context: str = "", **fields: Any) -> None:
        """Print ``text`` (a catalog id) in the user's language; the values are data, never
        Rich markup (a checkpoint named "[red]北口" prints as typed)."""
        self.out.print(say(self.lang, text, context=context, **fields), markup=False,
                       highlight=False)

    def emit_json(self, data: object) -> None:
        """``data`` as JSON on standard output: characters a terminal would obey are
        written as ``\\u001b``-style escapes (the same data, nothing obeyed)."""
        sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")

    def emit_text(self, text: str) -> None:
        """A finished text (a report) on standard output, every unsafe character shown."""
        sys.stdout.write(printable(text))

    def emit_file(self, data: bytes, *, binary: bool) -> None:
        """A file's bytes on standard output (``--out -``): as they are into a pipe; a text
        file on a terminal with every unsafe character shown; a binary file (PDF, XLSX) is
        never sent to a terminal."""
        if not sys.stdout.isatty():
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        elif binary:
            raise UserError(msg("--out -: this format is a binary file and standard output is "
                                "a terminal; pipe it to a program or give a file name"))
        else:
            self.emit_text(data.decode("utf-8", errors="replace"))

    def words(self, words: object) -> str:
        """What the core said (a message, a problem, an error) in the user's language."""
        return render(words, self.lang)

    def store(self) -> Store:
        return Store(self.data_dir)


@dataclass(frozen=True)
class RelativeDay:
    """``today``, ``yesterday`` or ``tomorrow`` as typed: a day counted in the team's own
    time zone once the team is known (:func:`day_of`), not in the laptop's."""

    offset: int

    def on(self, tz: tzinfo) -> date:
        return today(tz) + timedelta(days=self.offset)


#: The words a date flag takes besides YYYY-MM-DD, in both languages.
RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1, "今天": 0, "昨天": -1, "明天": 1}


def is_stdout(path: Path | None) -> bool:
    """``--out -`` means standard output, as Unix tools read it."""
    return path is not None and str(path) == "-"


def date_arg(text: str) -> date | RelativeDay:
    if text.strip().lower() in RELATIVE:
        return RelativeDay(RELATIVE[text.strip().lower()])
    try:
        return parse_date(text)
    except TimeError as exc:
        raise argparse.ArgumentTypeError(said(exc)) from None


def day_of(value: date | RelativeDay | None, tz: tzinfo) -> date | None:
    """A date flag's day: as given, or ``today``/``yesterday`` in ``tz``."""
    return value.on(tz) if isinstance(value, RelativeDay) else value


def days_arg(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(said(msg("{text!r} is not a whole number of days",
                                                  text=text))) from None
    if not 1 <= days <= 366:
        raise argparse.ArgumentTypeError(said(msg("{days} days: choose 1 to 366", days=days)))
    return days


def add_period(p: argparse.ArgumentParser, *, default_all: bool = False) -> None:
    p.add_argument("--start", type=date_arg, metavar="YYYY-MM-DD",
                   help=N_("first day of the period, or today/yesterday (default: everything)")
                   if default_all else
                   N_("first day of the period, or today/yesterday (default: today)"))
    p.add_argument("--days", type=days_arg, metavar="N", help=N_("days in the period (default 7)"))


def period_of(args: argparse.Namespace, bundle: Bundle, *,
               default_all: bool = False) -> Period | None:
    if args.start is None and args.days is None and default_all:
        return None
    start = day_of(args.start, bundle.tz) or today(bundle.tz)
    days = args.days or 7
    # Its shifts start on its days and end at the latest a day after the last one; every
    # instant of them must be one the readers take back (in UTC, whatever the zone).
    first = instant_at(start, TimeOfDay(0), bundle.tz)
    last = instant_at(start + timedelta(days=days + 1), TimeOfDay(0), bundle.tz)
    if not (in_years(first) and in_years(last)):
        raise UserError(msg("--start {start} --days {days}: the period's shifts would run "
                            "outside the years {first}–{last} (in the team's zone {zone})",
                            start=start, days=days, first=FIRST_YEAR, last=LAST_YEAR,
                            zone=bundle.team.timezone))
    return bundle.period(start, days)
