"""``roster export``: any format in the exporter registry, for a period, checkpoint or member."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from roster.commands.common import EXIT_OK, Context, add_period, period_of, write_file
from roster.errors import UserError
from roster.exporters import EXPORTERS, Selection


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="write the roster to a file")
    p.add_argument("--format", required=True, choices=sorted(EXPORTERS))
    p.add_argument("--out", required=True, type=Path, metavar="PATH")
    add_period(p, default_all=True)
    p.add_argument("--checkpoint", metavar="ID")
    p.add_argument("--member", metavar="ID")
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    bundle = ctx.store().load(logs=True)
    if args.checkpoint is not None and bundle.checkpoint(args.checkpoint) is None:
        raise UserError(f"--checkpoint {args.checkpoint}: no such checkpoint")
    if args.member is not None and bundle.member(args.member) is None:
        raise UserError(f"--member {args.member}: no such member")
    selection = Selection(period_of(args, bundle, default_all=True), args.checkpoint,
                          args.member)
    exporter = EXPORTERS[args.format]
    write_file(args.out, exporter.render(bundle, selection, ctx.lang))
    ctx.say(f"已导出 → {args.out}", f"Exported → {args.out}")
    return EXIT_OK
