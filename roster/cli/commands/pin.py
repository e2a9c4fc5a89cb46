"""``roster pin set|clear``: the lead's PIN, and the check every roster-changing command makes.

A command that changes the roster, the team, its members or rules says so with
``set_defaults(needs_pin=True)`` (or a function of its arguments, for ``--dry-run``);
:func:`require_pin` then asks the data folder's :class:`roster.store.pin.PinGuard` before the
command runs, with ``--pin`` or ``ROSTER_PIN``. The duty log never needs it.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from roster.cli.commands.common import EXIT_OK, Context
from roster.domain.messages import N_
from roster.i18n import say
from roster.store.pin import PinError, PinGuard

ENV_PIN = "ROSTER_PIN"


def register(sub: Any) -> None:
    p = sub.add_parser("pin", help=N_("the lead's PIN for changing the roster (asked on stdin)"))
    actions = p.add_subparsers(dest="pin_command", metavar="ACTION", required=True)
    s = actions.add_parser("set", help=N_("set or change the PIN (4 to 12 digits, asked on stdin)"))
    s.set_defaults(func=cmd_pin_set, needs_pin=True)
    c = actions.add_parser("clear", help=N_("remove the PIN"))
    c.set_defaults(func=cmd_pin_clear, needs_pin=True)


def needs_pin(args: argparse.Namespace) -> bool:
    rule = getattr(args, "needs_pin", False)
    return bool(rule(args)) if callable(rule) else bool(rule)


def require_pin(args: argparse.Namespace, ctx: Context) -> None:
    """Refuse (PinError, one line) unless no PIN is set or the one given is right."""
    if not needs_pin(args):
        return
    given = getattr(args, "pin", None) or os.environ.get(ENV_PIN, "")
    PinGuard(ctx.store()).check(given.strip() or None)


def _ask(ctx: Context) -> str:
    """The new PIN from standard input: typed twice at a terminal, one line from a pipe
    (a second line, when there is one, must repeat it)."""
    if sys.stdin.isatty():
        first = getpass.getpass(say(ctx.lang, "New PIN: "))
        again = getpass.getpass(say(ctx.lang, "Again: "))
    else:
        lines = sys.stdin.read().splitlines()
        first = lines[0] if lines else ""
        again = lines[1] if len(lines) > 1 else first
    if first.strip() != again.strip():
        raise PinError(say(ctx.lang, "the two PINs differ; nothing changed"))
    return first


def cmd_pin_set(args: argparse.Namespace, ctx: Context) -> int:
    guard = PinGuard(ctx.store())
    guard.set(_ask(ctx))
    ctx.tell("PIN set: roster-changing commands now need --pin or ROSTER_PIN (the duty log "
             "does not).")
    return EXIT_OK


def cmd_pin_clear(args: argparse.Namespace, ctx: Context) -> int:
    guard = PinGuard(ctx.store())
    if not guard.is_set():
        ctx.tell("No PIN was set.")
        return EXIT_OK
    guard.clear()
    ctx.tell("PIN removed.")
    return EXIT_OK
