"""``roster desk --checkpoint ID``: open the app straight on one checkpoint's duty desk."""

from __future__ import annotations

import argparse
from typing import Any

from roster.cli.commands.common import EXIT_OK, Context
from roster.domain.errors import UserError
from roster.i18n import say


def register(sub: Any) -> None:
    p = sub.add_parser("desk", help="open the duty desk of one checkpoint (值班台)")
    p.add_argument("--checkpoint", required=True, metavar="ID")
    p.set_defaults(func=cmd_desk)


def cmd_desk(args: argparse.Namespace, ctx: Context) -> int:
    from roster.tui.app import make_app

    store = ctx.store()
    bundle = store.load()  # no team, a damaged store: say so here, not in a blank screen
    if bundle.checkpoint(args.checkpoint) is None:
        known = ", ".join(c.id for c in bundle.checkpoints)
        flag = f"--checkpoint {args.checkpoint}"
        raise UserError(say(ctx.lang, "{flag}: no such checkpoint (there are: {known})", flag=flag,
                            known=known))
    make_app(ctx.data_dir, ctx.lang, desk=args.checkpoint, operator=ctx.operator).run()
    return EXIT_OK
