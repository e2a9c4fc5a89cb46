"""``roster check`` and ``roster generate``: judge a roster, and build one.

Both take the period flags; ``check`` exits 1 when it finds gaps or violations,
``generate`` when it leaves slots unfilled, as ``shared/spec/cli.md`` says.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from roster.check_report import render_report
from roster.checker import check
from roster.commands.common import EXIT_OK, EXIT_PROBLEMS, Context, add_period, period_of


def register(sub: Any) -> None:
    p = sub.add_parser("check", help="report every gap and rule violation in a period")
    add_period(p)
    p.add_argument("--json", action="store_true", help="print one JSON object (bundle.md)")
    p.add_argument("--all", action="store_true", help="list every row (default: first 200)")
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    bundle = ctx.store().load()
    period = period_of(args, bundle)
    assert period is not None
    report = check(bundle, period)
    if args.json:
        print(json.dumps(report.to_json(bundle.tz), ensure_ascii=False, indent=2))
    else:
        ctx.out.print(render_report(report, bundle, ctx.lang, None if args.all else 200))
    return EXIT_OK if report.ok else EXIT_PROBLEMS
