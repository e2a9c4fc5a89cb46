"""The ``roster`` command: argument parsing, exit statuses and printing, nothing more.

Every command calls the same core functions the TUI calls. Exit statuses follow
``shared/spec/cli.md``: 0 done and nothing wrong, 1 done but problems found, 2 could not
be done, with one line on standard error naming the file, record or flag at fault and
never a traceback for a user's mistake.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from rich.console import Console

from roster import __version__
from roster.cli.commands import MODULES
from roster.cli.commands.common import EXIT_FAILED, EXIT_OK, Context
from roster.cli.commands.pin import require_pin
from roster.cli.commands.team import cmd_tui
from roster.cli.language import Formatter, lang_of, said, speaking
from roster.domain.errors import UserError
from roster.domain.messages import N_, msg
from roster.domain.text import is_clean_utf8
from roster.i18n import LANGS, Lang, detect_lang, render
from roster.store import default_data_dir


class _Commands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """A command's one-line help is also the first line of its own ``--help``."""

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if "help" in kwargs:
            kwargs.setdefault("description", kwargs["help"])
        return super().add_parser(name, **kwargs)


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad flag in one line (no usage dump) and exits 2, and
    speaks the command's language (``roster.cli.language``), its subcommands too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs["parser_class"] = _Parser
        kwargs.setdefault("action", _Commands)
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        where = re.match(r"\S+ (--?[\w-]+)\S*[:：]", message)
        if "\\udc" in message and where:  # a value in GBK bytes, shown by argparse as \udcd6
            self.exit(EXIT_FAILED, f"{self.prog}: {where.group(1)}: {said(_NOT_UTF8)}\n")
        see = said(msg("(see `{command} --help`)", command=self.prog))
        self.exit(EXIT_FAILED, f"{self.prog}: {message} {see}\n")


_NOT_UTF8 = msg("is not UTF-8 text (the terminal sent another encoding, such as GBK); set "
                "the terminal to UTF-8 and type it again; nothing was written")

#: Positional arguments are named as they are, not as flags.
_POSITIONAL = frozenset({"entry"})


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="roster", description=N_("24-hour checkpoint rosters and duty logs "
                                                 "for village work teams"))
    parser.add_argument("--version", action="version", version=f"checkpoint-roster {__version__}")
    parser.add_argument("--data", metavar="DIR",
                        help=N_("data folder (default: $ROSTER_DATA, else the user data folder)"))
    parser.add_argument("--lang", choices=LANGS, help=N_("language (default: from locale)"))
    parser.add_argument("--operator", metavar="NAME",
                        help=N_("who is making changes, for the history "
                             "(default: $ROSTER_OPERATOR, else the login name)"))
    parser.add_argument("--pin", metavar="PIN",
                        help=N_("the lead's PIN, when one is set, for commands that change the "
                             "roster (default: $ROSTER_PIN)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in MODULES:
        module.register(sub)
    return parser


def _operator(args: argparse.Namespace) -> str:
    if args.operator:
        return str(args.operator)
    env = os.environ.get("ROSTER_OPERATOR", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _undecodable_flag(args: argparse.Namespace) -> str | None:
    """The first flag whose value held bytes that are not UTF-8 (Python keeps them as lone
    surrogates: a GBK terminal typing Chinese), which no file could ever store."""
    for dest, value in vars(args).items():
        for text in value if isinstance(value, list) else [value]:
            # A path may hold any bytes (a file named in GBK is still that file); a path
            # is a PurePath, or the data folder's str.
            if isinstance(text, str) and dest != "data" and not is_clean_utf8(text):
                return dest
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        with speaking(lang_of(argv)):
            args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version, or a bad flag (already printed)
        return int(exc.code) if isinstance(exc.code, int) else EXIT_FAILED
    lang: Lang = args.lang or detect_lang()
    # Data is never markup: a name "[bold red]X" prints as it is written (no markup, no
    # emoji codes, no highlighting); roster.terminal makes every character safe to show.
    def console(stderr: bool) -> Console:
        return Console(stderr=stderr, soft_wrap=True, markup=False, emoji=False,
                       highlight=False)

    err = console(stderr=True)
    ctx = Context(default_data_dir(args.data), lang, _operator(args), console(False), err)
    bad = _undecodable_flag(args)
    if bad is None and not is_clean_utf8(ctx.operator):
        bad = "ROSTER_OPERATOR"
    if bad is not None:
        flag = bad if bad in _POSITIONAL or bad.isupper() else "--" + bad.replace("_", "-")
        err.print(f"roster: {flag}: " + render(_NOT_UTF8, lang))
        return EXIT_FAILED
    return _run(args, ctx)


def _run(args: argparse.Namespace, ctx: Context) -> int:
    """The command, its refusals as one line each."""
    func: Callable[[argparse.Namespace, Context], int] = getattr(args, "func", cmd_tui)
    err = ctx.err
    try:
        require_pin(args, ctx)
        return func(args, ctx)
    except UserError as exc:
        err.print(f"roster: {render(exc, ctx.lang)}", markup=False, highlight=False)
        return EXIT_FAILED
    except OSError as exc:  # the system refused (a read-only disk, a full one, a permission)
        if isinstance(exc, BrokenPipeError):
            return EXIT_OK
        where = f"{exc.filename}: " if exc.filename else ""
        err.print(f"roster: {where}{exc.strerror or exc}", markup=False, highlight=False)
        return EXIT_FAILED
    except KeyboardInterrupt:
        err.print("roster: interrupted", markup=False, highlight=False)
        return 130

if __name__ == "__main__":
    sys.exit(main())
