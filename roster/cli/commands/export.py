"""``roster export``: any format in the exporter registry, for a period, checkpoint or member.

Exit statuses: 0 written; 1 nothing to export (an empty period, a member with no
shifts, a checkpoint with nothing in the period), no file written; 2 a bad flag.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roster.cli.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Context,
    date_arg,
    days_arg,
    is_stdout,
    period_of,
)
from roster.county import for_county
from roster.domain.errors import UserError
from roster.domain.messages import N_, msg
from roster.domain.timeutil import now_utc
from roster.exchange.exporters import EXPORTERS, Exporter, Selection
from roster.i18n import say

if TYPE_CHECKING:
    from roster.services.export import Prepared

_LAYOUTS = sorted({layout for e in EXPORTERS.values() for layout in e.layouts})


def register(sub: Any) -> None:
    p = sub.add_parser("export", help=N_("write the roster to a file (json, print, Excel, "
                                      "calendar, text)"))
    p.add_argument("--format", choices=sorted(EXPORTERS),
                   help=N_("required, unless --for-county (which writes json)"))
    p.add_argument("--out", required=True, type=Path, metavar="PATH",
                   help=N_("the file to write, or - for standard output"))
    p.add_argument("--start", type=date_arg, metavar="YYYY-MM-DD",
                   help=N_("first day of the period (default: today; json: everything)"))
    p.add_argument("--days", type=days_arg, metavar="N", help=N_("days in the period (default 7)"))
    p.add_argument("--checkpoint", metavar="ID", help=N_("only this checkpoint"))
    p.add_argument("--member", metavar="ID",
                   help=N_("only this member (txt: their duty notice; ics: their calendar)"))
    p.add_argument("--layout", choices=_LAYOUTS,
                   help=N_("csv: rows (one per assignment, default) or grid (as printed)"))
    p.add_argument("--for-county", action="store_true",
                   help=N_("the bundle to send to the county office: everything, with members' "
                        "phone numbers kept only for the lead"))
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from roster.services.export import EmptyExport, export_to, finish, prepare

    exporter = EXPORTERS[_format(args)]
    _check_layout(exporter, args.layout)
    store = ctx.store()
    bundle = store.load(logs=exporter.name == "json")
    if args.for_county:
        bundle = for_county(bundle)
    if args.checkpoint is not None and bundle.checkpoint(args.checkpoint) is None:
        raise UserError(msg("--checkpoint {checkpoint}: no such checkpoint",
                            checkpoint=args.checkpoint))
    if args.member is not None and bundle.member(args.member) is None:
        raise UserError(msg("--member {member}: no such member", member=args.member))
    selection = Selection(
        period_of(args, bundle, default_all=exporter.whole_by_default),
        args.checkpoint,
        args.member,
        layout=args.layout or (exporter.layouts[0] if exporter.layouts else "rows"),
        made_at=now_utc().replace(microsecond=0),
    )
    try:
        if is_stdout(args.out):  # --out -: the file on standard output, nothing else there
            prepared = prepare(store, bundle, exporter, selection, ctx.lang)
            ctx.emit_file(prepared.data, binary=exporter.suffix in (".pdf", ".xlsx"))
            finish(store, prepared)
        else:
            prepared = export_to(store, bundle, exporter, selection, ctx.lang, args.out)
            _say_exported(ctx, exporter, prepared, args.out)
    except EmptyExport as exc:
        ctx.err.print(f"roster: {ctx.words(exc)}", markup=False, highlight=False)
        return EXIT_PROBLEMS
    for warning in prepared.warnings:  # on stderr, also when the file goes to a pipe
        ctx.err.print(f"roster: {ctx.words(warning)}", markup=False, highlight=False)
    return EXIT_OK


def _format(args: argparse.Namespace) -> str:
    """The format asked for: ``--format``, or json for ``--for-county`` (and nothing else)."""
    if not args.for_county:
        if args.format is None:
            raise UserError(msg("--format: give one of {formats} (or --for-county)",
                                formats=", ".join(sorted(EXPORTERS))))
        return str(args.format)
    if args.format not in (None, "json"):
        raise UserError(msg("--for-county writes the json bundle: leave out --format {format}",
                            format=args.format))
    for flag in ("start", "days", "checkpoint", "member", "layout"):
        if getattr(args, flag) is not None:
            raise UserError(msg("--for-county sends the whole team: leave out --{flag}",
                                flag=flag))
    return "json"


def _check_layout(exporter: Exporter, layout: str | None) -> None:
    if layout is not None and layout not in exporter.layouts:
        offered = ", ".join(f"{e.name} ({'|'.join(e.layouts)})"
                            for e in EXPORTERS.values() if e.layouts)
        raise UserError(msg("--layout {layout}: not a layout of {format}; layouts exist for "
                            "{offered}", layout=layout, format=exporter.name, offered=offered))


def _say_exported(ctx: Context, exporter: Exporter, prepared: Prepared, out: Path) -> None:
    if exporter.printed:
        changed = ""
        if prepared.compared and prepared.changed:
            changed = say(ctx.lang, ", {n} cell(s) changed since the last print (★)",
                          n=prepared.changed)
        elif prepared.compared:
            changed = say(ctx.lang, ", nothing changed since the last print")
        ctx.tell("Exported {pages} page(s) → {out} (version {stamp}{changed})",
                 pages=prepared.pages, out=out, stamp=prepared.stamp, changed=changed)
    elif not prepared.stamp:  # the file prints no version (JSON, CSV rows, a calendar)
        ctx.tell("Exported → {out}", out=out)
    else:
        ctx.tell("Exported → {out} (version {stamp})", out=out, stamp=prepared.stamp)

