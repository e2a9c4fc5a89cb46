"""``roster desk --checkpoint ID``: the desk-only app of one checkpoint (for the shared laptop
in the checkpoint tent: no way from it to the board, the editing screens or the generator)."""

from __future__ import annotations

import argparse
from typing import Any

from roster.cli.commands.common import EXIT_OK, Context
from roster.domain.errors import UserError
from roster.domain.messages import N_
from roster.i18n import say


def register(sub: Any) -> None:
    p = sub.add_parser("desk", help=N_("open the duty desk of one checkpoint"))
    p.add_argument("--checkpoint", required=True, metavar="ID")
    p.set_defaults(func=cmd_desk)


def cmd_desk(args: argparse.Namespace, ctx: Context) -> int:
    from roster.tui.desk_app import make_desk_app

    store = ctx.store()
    bundle = store.load()  # no team, a damaged store: say so here, not in a blank screen
    if bundle.checkpoint(args.checkpoint) is None:
        known = ", ".join(c.id for c in bundle.checkpoints)
        flag = f"--checkpoint {args.checkpoint}"
        raise UserError(say(ctx.lang, "{flag}: no such checkpoint (there are: {known})", flag=flag,
                            known=known))
    # The desk only: nothing in it leads to the board, the editing screens or the generator.
    make_desk_app(ctx.data_dir, args.checkpoint, ctx.lang, operator=ctx.operator).run()
    return EXIT_OK
