"""``roster desk --checkpoint ID``: open the app straight on one checkpoint's duty desk.

The main app (:func:`roster.tui.app.make_app`) opens the desk itself when it takes a
``desk`` argument; :func:`desk_app` asks for that and falls back to the desk on its own
(:func:`roster.tui.screens.desk.make_desk_app`) for an app that does not, so the command works
whichever of the two is installed.
"""

from __future__ import annotations

import argparse
import inspect
from pathlib import Path
from typing import Any

from roster.cli.commands.common import EXIT_OK, Context
from roster.domain.errors import UserError
from roster.i18n import pick


def register(sub: Any) -> None:
    p = sub.add_parser("desk", help="open the duty desk of one checkpoint (值班台)")
    p.add_argument("--checkpoint", required=True, metavar="ID")
    p.set_defaults(func=cmd_desk)


def desk_app(data_dir: Path, lang: str, checkpoint_id: str, operator: str = "") -> Any:
    """The app to run for ``roster desk``: the main app opened on the desk, if it can."""
    from roster.tui.app import make_app

    if "desk" in inspect.signature(make_app).parameters:
        return make_app(data_dir, lang, desk=checkpoint_id)
    from roster.tui.screens.desk import make_desk_app

    return make_desk_app(data_dir, lang, checkpoint_id, operator=operator)


def cmd_desk(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    bundle = store.load()  # no team, a damaged store: say so here, not in a blank screen
    if bundle.checkpoint(args.checkpoint) is None:
        known = ", ".join(c.id for c in bundle.checkpoints)
        flag = f"--checkpoint {args.checkpoint}"
        raise UserError(pick(ctx.lang, f"{flag}：没有这个卡点（有：{known}）",
                             f"{flag}: no such checkpoint (there are: {known})"))
    desk_app(ctx.data_dir, ctx.lang, args.checkpoint, ctx.operator).run()
    return EXIT_OK
