"""``roster log``: the duty log from a script or a second terminal, checked like the desk.

``check-in``, ``check-out``, ``note`` and ``report`` are the commands ``shared/spec/cli.md``
fixes; ``handover``, ``confirm``, ``close``, ``correct``, ``void``, ``show`` and
``summary`` do from the command line what the desk does with a key. Every write goes
through :class:`roster.services.duty.DutyLog`, so a refused entry is refused in the same
words as on the desk. Exit status: 0 written (or a report with no problems); 1 nothing
written because it was already there (a second check-in), or a report that found
problems; 2 refused, with one line saying why.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from roster.cli.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Context,
    add_period,
    date_arg,
    day_of,
    is_stdout,
    period_of,
    write_file,
)
from roster.cli.language import current_lang, said
from roster.domain.errors import UserError
from roster.domain.messages import N_, msg
from roster.domain.model import NOTE_CATEGORIES, Bundle, LogEntry
from roster.domain.text import printable
from roster.domain.timeutil import TimeError, format_instant, local_date
from roster.dutylog.checks import find_version
from roster.dutylog.entries import (
    Versioned,
    is_clock_time,
    parse_when,
    resolve,
    ulid_time,
)
from roster.i18n import say
from roster.i18n.duty_words import CATEGORY_NAMES, category_name, entry_label
from roster.reports.daily_report import REPORT_FORMATS
from roster.services.duty import CARRY_DAYS, DutyLog, DutyRefused


def register(sub: Any) -> None:
    log = sub.add_parser("log", help=N_("the duty log: check in and out, notes, the daily report"))
    cmds = log.add_subparsers(dest="log_command", metavar="COMMAND", required=True,
                              parser_class=type(log))

    p = cmds.add_parser("check-in", help=N_("a member arrives at a checkpoint"))
    _who(p, member_required=True)
    p.set_defaults(func=cmd_check_in)

    p = cmds.add_parser("check-out", help=N_("a member leaves a checkpoint"))
    _who(p, member_required=True)
    p.set_defaults(func=cmd_check_out)

    p = cmds.add_parser("note", help=N_("a note: vehicles checked, people registered, ..."))
    _who(p, member_required=False)
    p.add_argument("--category", required=True, choices=NOTE_CATEGORIES,
                   help="; ".join(f"{k}: {category_name(k, current_lang())}"
                                  for k in CATEGORY_NAMES))
    p.add_argument("--text", default="", help=N_("what happened"))
    p.add_argument("--count", type=_count, metavar="N", help=N_("how many (vehicles, people, ...)"))
    p.set_defaults(func=cmd_note)

    p = cmds.add_parser("handover", help=N_("the outgoing member hands the shift over"))
    _who(p, member_required=True)
    p.add_argument("--text", required=True, help=N_("anything unusual the next shift should know"))
    p.add_argument("--equipment", default="", help=N_("equipment handed on"))
    p.add_argument("--item", action="append", default=[], metavar="TEXT",
                   help=N_("an open item for the next shift (repeat for several)"))
    p.set_defaults(func=cmd_handover)

    p = cmds.add_parser("confirm", help=N_("the incoming member confirms a handover"))
    p.add_argument("--handover", required=True, metavar="ID", help=N_("the handover's id"))
    p.add_argument("--member", required=True, metavar="ID", help=N_("the incoming member"))
    p.add_argument("--text", default="", help=N_("a remark"))
    p.add_argument("--at", metavar="INSTANT", help=_AT_HELP)
    p.set_defaults(func=cmd_confirm)

    p = cmds.add_parser("close", help=N_("close open items of a checkpoint"))
    p.add_argument("--checkpoint", required=True, metavar="ID")
    p.add_argument("--item", action="append", required=True, metavar="ID",
                   help=N_("an open item's id (see `roster log show`; repeat for several)"))
    p.add_argument("--member", metavar="ID")
    p.add_argument("--text", default="", help=N_("how it was closed"))
    p.add_argument("--at", metavar="INSTANT", help=_AT_HELP)
    p.set_defaults(func=cmd_close)

    p = cmds.add_parser("correct", help=N_("correct an entry (a new version; the old one is kept)"))
    p.add_argument("entry", metavar="ID", help=N_("the entry's id"))
    p.add_argument("--at", metavar="INSTANT", help=_AT_HELP)
    p.add_argument("--member", metavar="ID")
    p.add_argument("--category", choices=NOTE_CATEGORIES)
    p.add_argument("--count", type=_count, metavar="N")
    p.add_argument("--text")
    p.set_defaults(func=cmd_correct)

    p = cmds.add_parser("void", help=N_("withdraw an entry made by mistake (it stays in history)"))
    p.add_argument("entry", metavar="ID", help=N_("the entry's id"))
    p.add_argument("--reason", default="")
    p.set_defaults(func=cmd_void)

    p = cmds.add_parser("show", help=N_("list a day's entries with their ids and corrections"))
    p.add_argument("--date", type=date_arg, metavar="YYYY-MM-DD",
                   help=N_("the day, or today/yesterday (default: today)"))
    p.add_argument("--checkpoint", metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = cmds.add_parser("report", help=N_("the daily duty report"))
    p.add_argument("--date", type=date_arg, metavar="YYYY-MM-DD",
                   help=N_("the day, or today/yesterday (default: today)"))
    p.add_argument("--format", default="txt", choices=sorted(REPORT_FORMATS))
    p.add_argument("--out", type=Path, metavar="PATH", help=N_("default: standard output"))
    p.set_defaults(func=cmd_report)

    p = cmds.add_parser("summary", help=N_("planned versus actual for a period, per member"))
    add_period(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_summary)


_AT_HELP = N_("when it happened, if not now: an instant (without an offset: the team's "
              "zone) or HH:MM (the latest such time)")


def _who(p: argparse.ArgumentParser, *, member_required: bool) -> None:
    p.add_argument("--member", required=member_required, metavar="ID",
                   help=N_("the member's id (see `roster member`, or the People screen)"))
    p.add_argument("--checkpoint", required=True, metavar="ID", help=N_("the checkpoint's id"))
    p.add_argument("--at", metavar="INSTANT", help=_AT_HELP)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(said(msg("{text!r} is not a whole number",
                                                  text=text))) from None
    if value < 0:
        raise argparse.ArgumentTypeError(said(msg("{value}: a count cannot be negative",
                                                  value=value)))
    return value


def _log(ctx: Context) -> DutyLog:
    return DutyLog(ctx.store(), operator=ctx.operator)


def _at(log: DutyLog, text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return parse_when(text, log.bundle().tz, log.now())
    except TimeError as exc:
        raise UserError(msg("--at {text}: {why}", text=text, why=exc)) from None


def _written(ctx: Context, log: DutyLog, entry: LogEntry, done: str,
             typed: str | None = None) -> int:
    """The line after a write: what was done (words), to whom, where, when, the entry's id;
    and, when ``--at HH:MM`` (``typed``) was read as yesterday, says so: at 03:00 that is
    usually a typing slip."""
    bundle = log.bundle()
    who = bundle.member(entry.member) if entry.member else None
    cp = bundle.checkpoint(entry.checkpoint)
    when = f"{entry.at.astimezone(bundle.tz):%m-%d %H:%M}"
    names = " ".join(x for x in ((who.name if who else ""), (cp.name if cp else "")) if x)
    line = say(ctx.lang, "{done}: {names} {when} (id {id})", done=done, names=names,
               when=when, id=entry.id)
    if typed is not None and is_clock_time(typed) and \
            local_date(entry.at, bundle.tz) < local_date(log.now(), bundle.tz):
        line += say(ctx.lang, " (yesterday: {at} has not come yet today; if you meant another "
                    "day, `roster log correct {id} --at ...`)", at=typed.strip(), id=entry.id)
    ctx.out.print(line, markup=False, highlight=False)
    return EXIT_OK


def _run(ctx: Context, action: Any) -> LogEntry | None:
    try:
        entry: LogEntry = action()
    except DutyRefused as exc:
        if exc.warning:
            ctx.err.print(f"roster: {ctx.words(exc)}", markup=False, highlight=False)
            return None
        raise
    return entry


def cmd_check_in(args: argparse.Namespace, ctx: Context) -> int:
    log = _log(ctx)
    entry = _run(ctx, lambda: log.check_in(args.member, args.checkpoint, _at(log, args.at)))
    if entry is None:
        return EXIT_PROBLEMS
    return _written(ctx, log, entry, say(ctx.lang, "Checked in"), args.at)


def cmd_check_out(args: argparse.Namespace, ctx: Context) -> int:
    log = _log(ctx)
    entry = _run(ctx, lambda: log.check_out(args.member, args.checkpoint, _at(log, args.at)))
    if entry is None:
        return EXIT_PROBLEMS
    return _written(ctx, log, entry, say(ctx.lang, "Checked out"), args.at)


def cmd_note(args: argparse.Namespace, ctx: Context) -> int:
    log = _log(ctx)
    entry = log.note(args.checkpoint, args.category, text=args.text, count=args.count,
                     member=args.member, at=_at(log, args.at))
    return _written(ctx, log, entry, say(ctx.lang, "Noted ({category})",
                                         category=category_name(args.category, ctx.lang)))


def cmd_handover(args: argparse.Namespace, ctx: Context) -> int:
    log = _log(ctx)
    entry = log.handover(args.checkpoint, args.member, text=args.text,
                         equipment=args.equipment, new_items=args.item, at=_at(log, args.at))
    return _written(ctx, log, entry, say(ctx.lang, "Handed over"))


def cmd_confirm(args: argparse.Namespace, ctx: Context) -> int:
    log = _log(ctx)
    entry = _run(ctx, lambda: log.confirm(args.handover, args.member, text=args.text,
                                          at=_at(log, args.at)))
    if entry is None:
        return EXIT_PROBLEMS
    return _written(ctx, log, entry, say(ctx.lang, "Handover confirmed"))


def cmd_close(args: argparse.Namespace, ctx: Context) -> int:
    log = _log(ctx)
    entry = log.close_items(args.checkpoint, args.item, member=args.member, text=args.text,
                            at=_at(log, args.at))
    return _written(ctx, log, entry, say(ctx.lang, "Closed"))


def _find(log: DutyLog, ident: str) -> LogEntry:
    """The version in force of the entry ``ident`` (any of its versions' ids)."""
    # An id is a ULID whose first characters are the time it was made; the entry
    # happened then or (typed late) a little before. A hand-made id: the last two weeks.
    made = ulid_time(ident)
    last = made.astimezone(log.bundle().tz).date() if made is not None else log.today()
    first = last - timedelta(days=CARRY_DAYS + 1 if made is not None else 14)
    found = find_version(resolve(log.entries(first, last + timedelta(days=1))), ident)
    if found is not None:
        return found.entry
    raise UserError(msg("no log entry {ident} found", ident=ident))


def cmd_correct(args: argparse.Namespace, ctx: Context) -> int:
    log = _log(ctx)
    target = _find(log, args.entry)
    changes: dict[str, Any] = {}
    at = _at(log, args.at)
    if at is not None:
        changes["at"] = at
    for name in ("member", "category", "count", "text"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value
    if not changes:
        raise UserError(say(ctx.lang,
                            "nothing to correct: give --at, --member, --category, --count or "
                            "--text"))
    entry = log.correct(target, **changes)
    return _written(ctx, log, entry, say(ctx.lang, "Corrected"))


def cmd_void(args: argparse.Namespace, ctx: Context) -> int:
    log = _log(ctx)
    entry = log.void(_find(log, args.entry), args.reason)
    return _written(ctx, log, entry, say(ctx.lang, "Withdrawn"))


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    log = _log(ctx)
    bundle = log.bundle()
    if args.checkpoint is not None and bundle.checkpoint(args.checkpoint) is None:
        raise UserError(msg("--checkpoint {checkpoint}: no such checkpoint",
                            checkpoint=args.checkpoint))
    day = day_of(args.date, log.bundle().tz) or log.today()
    rows = [v for v in resolve(log.entries(day, day))
            if args.checkpoint is None or v.entry.checkpoint == args.checkpoint]
    if args.json:
        ctx.emit_json(_show_json(rows, bundle.tz))
    else:
        ctx.out.print(_show_table(rows, bundle, day, ctx.lang, ctx.out.width))
    return EXIT_OK


def _show_json(rows: list[Versioned], tz: tzinfo) -> list[dict[str, Any]]:
    return [{"id": v.root, "versions": [
        {"id": e.id, "at": format_instant(e.at, tz),
         "recorded_at": format_instant(e.recorded_at, tz), "kind": e.kind,
         "category": e.category, "member": e.member, "count": e.count, "text": e.text,
         **e.extra} for e in v.history], "void": v.void} for v in rows]


_LOG_COLUMNS = (N_("at", context="log column"), N_("where", context="log column"),
                N_("who", context="log column"), N_("what", context="log column"),
                N_("count", context="log column"), N_("text", context="log column"))
_TEXT = 6  # the column that takes the room left, folding


def _show_cells(rows: list[Versioned], bundle: Bundle, lang: str) -> list[tuple[str, ...]]:
    tz = bundle.tz
    names = {m.id: m.name for m in bundle.members}
    cells: list[tuple[str, ...]] = []
    for v in rows:
        e = v.entry
        mark = say(lang, "withdrawn") if v.void else (
            say(lang, "corrected ×{value}", value=len(v.history) - 1)
            if v.corrected else "")
        row = (v.root, f"{e.at.astimezone(tz):%H:%M}", e.checkpoint,
               names.get(e.member or "", e.member or ""), entry_label(e, lang),
               "" if e.count is None else str(e.count), e.text, mark)
        # as the terminal will show them (a control character is a sign one cell wide),
        # so the widths measured are the widths drawn
        cells.append(tuple(printable(c) for c in row))
    return cells


def _show_widths(cells: list[tuple[str, ...]], headers: tuple[str, ...],
                 width: int) -> dict[int, int]:
    """The width of each column shown (an empty one gives its room to the text).

    Names, kinds, marks are never cut or split (吴桂… and chec… at 80 columns): their
    columns are as wide as their longest value (a kind may wrap between its words when the
    text would get less than 12), and the text takes the rest, folding.
    """
    from rich.cells import cell_len

    keep = [i for i in range(len(headers)) if i in (0, 1, 4) or any(row[i] for row in cells)]

    def widest(index: int, *, word: bool = False) -> int:
        texts = [row[index] for row in cells]
        parts = [w for t in texts for w in t.split()] if word else texts
        return max((cell_len(p) for p in [*parts, headers[index]]), default=1)

    widths = {i: widest(i) for i in keep if i != _TEXT}
    # a cell of padding either side of each column, one between columns, and two edges
    room = width - sum(widths.values()) - 3 * len(keep) - 1
    if room < 12 and 4 in widths:
        room += widths[4] - widest(4, word=True)
        widths[4] = widest(4, word=True)
    if _TEXT in keep:
        widths[_TEXT] = max(room, 8)
    return dict(sorted(widths.items()))


def _show_table(rows: list[Versioned], bundle: Bundle, day: date, lang: str,
                width: int) -> Any:
    from rich import box
    from rich.table import Table

    cells = _show_cells(rows, bundle, lang)
    headers = (say(lang, "id"), *(say(lang, w, context="log column") for w in _LOG_COLUMNS), "")
    table = Table(title=say(lang, "Duty log {day}", day=day), box=box.SIMPLE_HEAD,
                  title_justify="left")
    widths = _show_widths(cells, headers, width)
    for index, column_width in widths.items():
        table.add_column(headers[index], width=column_width, overflow="fold")
    for row in cells:
        table.add_row(*(row[i] for i in widths))
    return table


def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    log = _log(ctx)
    fmt = REPORT_FORMATS[args.format]
    if args.out is None and args.format == "pdf":
        raise UserError(msg("--format pdf: give --out FILE.pdf (or --out - into a pipe)"))
    report = log.day_report(day_of(args.date, log.bundle().tz) or log.today())
    data = fmt.render(report, ctx.lang)
    if args.out is None:  # printed: a text to read, every unsafe character shown
        ctx.emit_text(data.decode("utf-8"))
    elif is_stdout(args.out):  # --out -: the file's exact bytes, for a pipe
        ctx.emit_file(data, binary=args.format == "pdf")
    else:
        write_file(args.out, data)
        ctx.err.print(say(ctx.lang, "Daily report written → {out}", out=args.out), markup=False,
                      highlight=False)
    for warning in fmt.warnings(report, ctx.lang):  # written all the same, as by export
        ctx.err.print(f"roster: {ctx.words(warning)}", markup=False, highlight=False)
    return EXIT_PROBLEMS if report.problem_count else EXIT_OK


def cmd_summary(args: argparse.Namespace, ctx: Context) -> int:
    from rich.table import Table

    log = _log(ctx)
    bundle = log.bundle()
    period = period_of(args, bundle)
    assert period is not None
    comparison = log.compare(period.first_day, period.days)
    names = {m.id: m.name for m in bundle.members}
    if args.json:
        ctx.emit_json({
            "period": {"start": format_instant(period.start, bundle.tz),
                       "end": format_instant(period.end, bundle.tz)},
            "members": [{**asdict(m), "member_name": names.get(m.member, m.member)}
                        for m in comparison.members],
            "problems": comparison.problem_count,
        })
    else:
        table = Table(title=say(ctx.lang, "Planned vs actual, {days} days from {first_day}",
                                days=period.days, first_day=period.first_day))
        for words in (
            N_("member", context="log column"),
            N_("planned h", context="log column"),
            N_("actual h", context="log column"),
            N_("planned nights", context="log column"),
            N_("nights", context="log column"),
            N_("on time", context="log column"),
            N_("late", context="log column"),
            N_("absent", context="log column"),
            N_("left early", context="log column"),
            N_("unrostered", context="log column"),
        ):
            table.add_column(say(ctx.lang, words, context="log column") if words else "")
        for m in comparison.members:
            table.add_row(names.get(m.member, m.member), f"{m.planned_hours:.1f}",
                          f"{m.actual_hours:.1f}", str(m.planned_nights), str(m.nights),
                          str(m.on_time), str(m.late), str(m.absent), str(m.left_early),
                          str(m.unrostered))
        ctx.out.print(table)
    return EXIT_PROBLEMS if comparison.problem_count else EXIT_OK
