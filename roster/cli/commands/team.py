"""Commands that load, replace and rewind a whole team: demo, import, history, undo, restore."""

from __future__ import annotations

import argparse
from datetime import tzinfo
from pathlib import Path
from typing import Any

from roster.cli.commands.common import EXIT_OK, Context
from roster.domain.errors import StoreError, UserError
from roster.domain.messages import N_, Said, msg
from roster.domain.model import Bundle
from roster.i18n import op_name, render, say


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help=N_("load the demo team into the data folder"))
    p.add_argument("--replace", action="store_true", help=N_("replace a team already there"))
    p.add_argument("--open", action="store_true", help=N_("open the app on it afterwards"))
    p.add_argument("--empty", action="store_true",
                   help=N_("no roster: leave this week and next for you to generate"))
    p.set_defaults(func=cmd_demo, needs_pin=True)

    p = sub.add_parser("import", help=N_("load a bundle file (JSON) into the data folder"))
    p.add_argument("file", metavar="FILE.json", type=Path)
    p.add_argument("--replace", action="store_true", help=N_("replace a team already there"))
    p.set_defaults(func=cmd_import, needs_pin=True)

    p = sub.add_parser("history", help=N_("list the changes made to the roster"))
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("undo", help=N_("put the roster back as it was before the last change"))
    p.set_defaults(func=cmd_undo, needs_pin=True)

    p = sub.add_parser("restore", help=N_("put the roster back as it was before change N"))
    p.add_argument("seq", type=int, metavar="N", help=N_("change number from `roster history`"))
    p.set_defaults(func=cmd_restore, needs_pin=True)


def cmd_tui(args: argparse.Namespace, ctx: Context) -> int:
    import os

    from roster.tui.app import make_app

    # Only a name given on purpose (flag or environment) skips the app's one-time question;
    # the login name fallback of ctx.operator is merely offered there.
    explicit = getattr(args, "operator", None) or os.environ.get("ROSTER_OPERATOR", "").strip()
    make_app(ctx.data_dir, ctx.lang, operator=explicit or None).run()
    return EXIT_OK


def _save_new_team(ctx: Context, bundle: Bundle, replace: bool, op: str, source: Said) -> None:
    store = ctx.store()
    if not store.is_empty() and not replace:
        raise UserError(say(ctx.lang,
                            "{data_dir}: already holds a team; add --replace to replace it",
                            data_dir=ctx.data_dir))
    store.save(bundle, op=op, operator=ctx.operator, summary=source)


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from roster.domain.timeutil import monday_of, today, zone
    from roster.generator import generate
    from roster.samples.demo import demo_bundle

    day = today(zone("Asia/Shanghai"))
    bundle = demo_bundle(day)
    _save_new_team(ctx, bundle, args.replace, "demo", msg("demo team"))
    ctx.tell("Loaded the demo team \"{name}\": {n_members} members, {n_checkpoints} checkpoints → "
             "{data_dir}", name=bundle.team.name, n_members=len(bundle.members),
             n_checkpoints=len(bundle.checkpoints), data_dir=ctx.data_dir)
    if not args.empty:
        # A board with names on it shows what the app is for; its own recorded change,
        # so `roster undo` gives the empty fortnight back.
        period = bundle.period(monday_of(day), 14)
        result = generate(bundle, period)
        ctx.store().save(result.bundle, op="generate", operator=ctx.operator,
                         summary=msg("demo roster {first} +{days}d", first=period.first_day,
                                     days=period.days))
        ctx.tell("Generated this week and next: {filled}/{total} places filled",
                 filled=result.filled, total=result.total)
    if args.open:
        return cmd_tui(args, ctx)
    return EXIT_OK


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from roster.exchange.bundle import load_bundle_file

    # A file that cannot be read is one line (BundleError): the first cause, and how many
    # more problems there are.
    bundle = load_bundle_file(args.file)
    _save_new_team(ctx, bundle, args.replace, "import", str(args.file))
    ctx.tell("Imported {file}: {n_members} members, {n_checkpoints} checkpoints, {n_assignments} "
             "assignments, {n_logs} log entries", file=args.file, n_members=len(bundle.members),
             n_checkpoints=len(bundle.checkpoints), n_assignments=len(bundle.assignments),
             n_logs=len(bundle.logs))
    return EXIT_OK


def cmd_history(args: argparse.Namespace, ctx: Context) -> int:
    from rich.table import Table

    store = ctx.store()
    changes = store.history()
    if not changes:
        ctx.tell("No changes recorded yet.")
        return EXIT_OK
    try:
        tz: tzinfo | None = store.team_zone()  # the team's clock, as on the board
    except StoreError:
        tz = None  # every change was undone: the machine's clock
    table = Table(title=say(ctx.lang, "History"))
    for words in (
        N_("#", context="history column"),
        N_("when", context="history column"),
        N_("change", context="history column"),
        N_("by", context="history column"),
        N_("summary", context="history column"),
    ):
        table.add_column(say(ctx.lang, words, context="history column") if words else "")
    for c in changes:
        table.add_row(str(c.seq), c.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                      op_name(c.op, ctx.lang), c.operator, render(c.said, ctx.lang))
    ctx.out.print(table)
    return EXIT_OK


def cmd_undo(args: argparse.Namespace, ctx: Context) -> int:
    change = ctx.store().undo(operator=ctx.operator)
    ctx.tell("Undone: {summary}", summary=render(change.said, ctx.lang))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    change = ctx.store().restore(args.seq, operator=ctx.operator)
    ctx.tell("Restored: {summary}", summary=render(change.said, ctx.lang))
    return EXIT_OK
