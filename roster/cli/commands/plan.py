"""``roster check`` and ``roster generate``: judge a roster, and build one.

Both take the period flags; ``check`` exits 1 when it finds gaps or violations,
``generate`` when it leaves slots unfilled, as ``shared/spec/cli.md`` says. ``generate``
never changes a shift that has started (by the real clock) unless ``--include-past``.
"""

from __future__ import annotations

import argparse
from typing import Any

from roster.checker import check
from roster.cli.commands.common import EXIT_OK, EXIT_PROBLEMS, Context, add_period, period_of
from roster.domain.errors import UserError
from roster.domain.messages import N_, msg
from roster.domain.model import Bundle
from roster.domain.timeutil import now_utc
from roster.generator import GenerateResult, generate, started_shifts
from roster.i18n import say
from roster.reports.check_report import render_report
from roster.reports.generate_report import render_result


def register(sub: Any) -> None:
    p = sub.add_parser("check", help=N_("report every gap and rule violation in a period"))
    add_period(p)
    p.add_argument("--json", action="store_true", help=N_("print one JSON object (bundle.md)"))
    p.add_argument("--all", action="store_true", help=N_("list every row (default: first 200)"))
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("generate", help=N_("fill the open shifts of a period fairly"))
    add_period(p)
    p.add_argument("--seed", type=int, default=0, metavar="N",
                   help=N_("another seed gives another, equally fair roster (default 0)"))
    p.add_argument("--repair", action="store_true",
                   help=N_("keep every assignment still valid and change as few as possible"))
    p.add_argument("--include-past", action="store_true",
                   help=N_("also rebuild shifts that have already started (the past is "
                        "otherwise kept as it is)"))
    p.set_defaults(func=cmd_generate, needs_pin=True)


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    bundle = ctx.store().load()
    period = period_of(args, bundle)
    assert period is not None
    report = check(bundle, period)
    if args.json:
        ctx.emit_json(report.to_json(bundle.tz))
    else:
        ctx.out.print(render_report(report, bundle, ctx.lang, None if args.all else 200))
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def cmd_generate(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    bundle = store.load()
    period = period_of(args, bundle)
    assert period is not None
    # The past and the running shift are history, unless the lead says otherwise.
    now = None if args.include_past else now_utc()
    started, total = started_shifts(bundle, period, now) if now is not None else (0, 0)
    if total and started == total:
        raise UserError(say(ctx.lang, "--start {first} --days {days}: every shift of the period "
                            "has started and the past is kept as it is; add --include-past to "
                            "rebuild it anyway", first=period.first_day, days=period.days))
    results: list[GenerateResult] = []

    def build(current: Bundle) -> Bundle:
        # Inside the store's lock: a change saved meanwhile by another terminal is not lost.
        result = generate(current, period, seed=args.seed, repair=args.repair, now=now)
        results.append(result)
        return result.bundle

    op = "repair" if args.repair else "generate"
    first = period.first_day.isoformat()
    store.update(build, op=op, operator=ctx.operator,
                 summary=msg("{verb} {first} +{days}d seed {seed}",
                             verb=msg("repair") if args.repair else msg("generate"),
                             first=first, days=period.days, seed=args.seed))
    result = results[-1]
    ctx.out.print(render_result(result, result.bundle, ctx.lang))
    if started:
        ctx.tell("{started} of the period's {total} shifts had started: kept as they were "
                 "(--include-past rebuilds them too)", started=started, total=total)
    return EXIT_OK if result.complete else EXIT_PROBLEMS
