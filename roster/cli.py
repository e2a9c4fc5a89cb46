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
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NoReturn

from rich.console import Console

from roster import __version__
from roster.errors import BundleError, UserError
from roster.i18n import Lang, detect_lang, pick
from roster.model import Bundle, Period
from roster.store import Store, default_data_dir

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_FAILED = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad flag in one line (no usage dump) and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_FAILED, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


@dataclass
class Context:
    data_dir: Path
    lang: Lang
    operator: str
    out: Console
    err: Console

    def say(self, zh: str, en: str) -> None:
        self.out.print(pick(self.lang, zh, en))

    def store(self) -> Store:
        return Store(self.data_dir)


def _date_arg(text: str) -> date:
    from roster.timeutil import TimeError, parse_date

    try:
        return parse_date(text)
    except TimeError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _days_arg(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 1 <= days <= 366:
        raise argparse.ArgumentTypeError(f"{days} days: choose 1 to 366")
    return days


def _add_period(p: argparse.ArgumentParser, *, default_all: bool = False) -> None:
    what = "everything" if default_all else "today"
    p.add_argument("--start", type=_date_arg, metavar="YYYY-MM-DD",
                   help=f"first day of the period (default: {what})")
    p.add_argument("--days", type=_days_arg, metavar="N", help="days in the period (default 7)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="roster", description="24-hour checkpoint rosters and duty logs "
                     "for village work teams / 卡点排班与值班日志")
    parser.add_argument("--version", action="version", version=f"checkpoint-roster {__version__}")
    parser.add_argument("--data", metavar="DIR",
                        help="data folder (default: $ROSTER_DATA, else the user data folder)")
    parser.add_argument("--lang", choices=["zh", "en"], help="language (default: from locale)")
    parser.add_argument("--operator", metavar="NAME",
                        help="who is making changes, for the history "
                             "(default: $ROSTER_OPERATOR, else the login name)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("demo", help="load the demo team into the data folder")
    p.add_argument("--replace", action="store_true", help="replace a team already there")
    p.add_argument("--open", action="store_true", help="open the app on it afterwards")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("import", help="load a bundle file (JSON) into the data folder")
    p.add_argument("file", metavar="FILE.json", type=Path)
    p.add_argument("--replace", action="store_true", help="replace a team already there")
    p.set_defaults(func=cmd_import)

    from roster.exporters import EXPORTERS

    p = sub.add_parser("export", help="write the roster to a file")
    p.add_argument("--format", required=True, choices=sorted(EXPORTERS))
    p.add_argument("--out", required=True, type=Path, metavar="PATH")
    _add_period(p, default_all=True)
    p.add_argument("--checkpoint", metavar="ID")
    p.add_argument("--member", metavar="ID")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("history", help="list the changes made to the roster")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("undo", help="put the roster back as it was before the last change")
    p.set_defaults(func=cmd_undo)

    p = sub.add_parser("restore", help="put the roster back as it was before change N")
    p.add_argument("seq", type=int, metavar="N", help="change number from `roster history`")
    p.set_defaults(func=cmd_restore)
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


def _write_file(path: Path, data: bytes) -> None:
    """Write atomically: a half-written export must never replace a good one."""
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{path}: the folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder; give a file name") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot be written ({exc.strerror})") from None


# --- commands --------------------------------------------------------------------------------


def cmd_tui(args: argparse.Namespace, ctx: Context) -> int:
    from roster.tui.app import make_app

    make_app(ctx.data_dir, ctx.lang).run()
    return EXIT_OK


def _save_new_team(ctx: Context, bundle: Bundle, replace: bool, op: str, source: str) -> None:
    store = ctx.store()
    if not store.is_empty() and not replace:
        raise UserError(pick(ctx.lang,
                             f"{ctx.data_dir}: 已有一个工作队的数据；要替换请加 --replace",
                             f"{ctx.data_dir}: already holds a team; add --replace to replace it"))
    store.save(bundle, op=op, operator=ctx.operator, summary=source)


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from roster.demo import demo_bundle
    from roster.timeutil import today, zone

    bundle = demo_bundle(today(zone("Asia/Shanghai")))
    _save_new_team(ctx, bundle, args.replace, "demo", "demo team")
    ctx.say(f"已载入演示工作队「{bundle.team.name}」：{len(bundle.members)} 人，"
            f"{len(bundle.checkpoints)} 个卡点 → {ctx.data_dir}",
            f"Loaded the demo team \"{bundle.team.name}\": {len(bundle.members)} members, "
            f"{len(bundle.checkpoints)} checkpoints → {ctx.data_dir}")
    if args.open:
        return cmd_tui(args, ctx)
    return EXIT_OK


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from roster.bundle import load_bundle_file

    try:
        bundle = load_bundle_file(args.file)
    except BundleError as exc:
        # Every problem, one line each, so a lead can fix the file in one pass.
        for problem in exc.problems:
            ctx.err.print(f"roster: {exc.source}: {problem}", markup=False, highlight=False)
        return EXIT_FAILED
    _save_new_team(ctx, bundle, args.replace, "import", str(args.file))
    ctx.say(f"已导入 {args.file}：{len(bundle.members)} 人，{len(bundle.checkpoints)} 个卡点，"
            f"{len(bundle.assignments)} 条排班，{len(bundle.logs)} 条日志",
            f"Imported {args.file}: {len(bundle.members)} members, "
            f"{len(bundle.checkpoints)} checkpoints, {len(bundle.assignments)} assignments, "
            f"{len(bundle.logs)} log entries")
    return EXIT_OK


def _period_of(args: argparse.Namespace, bundle: Bundle, *,
               default_all: bool = False) -> Period | None:
    from roster.timeutil import today

    if args.start is None and args.days is None and default_all:
        return None
    start = args.start if args.start is not None else today(bundle.tz)
    return bundle.period(start, args.days or 7)


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from roster.exporters import EXPORTERS, Selection

    bundle = ctx.store().load(logs=True)
    if args.checkpoint is not None and bundle.checkpoint(args.checkpoint) is None:
        raise UserError(f"--checkpoint {args.checkpoint}: no such checkpoint")
    if args.member is not None and bundle.member(args.member) is None:
        raise UserError(f"--member {args.member}: no such member")
    selection = Selection(_period_of(args, bundle, default_all=True), args.checkpoint,
                          args.member)
    exporter = EXPORTERS[args.format]
    _write_file(args.out, exporter.render(bundle, selection, ctx.lang))
    ctx.say(f"已导出 → {args.out}", f"Exported → {args.out}")
    return EXIT_OK


def cmd_history(args: argparse.Namespace, ctx: Context) -> int:
    from rich.table import Table

    changes = ctx.store().history()
    if not changes:
        ctx.say("还没有任何改动记录。", "No changes recorded yet.")
        return EXIT_OK
    table = Table(title=pick(ctx.lang, "改动记录", "History"))
    for zh, en in (("序号", "#"), ("时间", "when"), ("操作", "change"), ("操作人", "by"),
                   ("说明", "summary")):
        table.add_column(pick(ctx.lang, zh, en))
    for c in changes:
        table.add_row(str(c.seq), c.at.astimezone().strftime("%Y-%m-%d %H:%M"), c.op,
                      c.operator, c.summary)
    ctx.out.print(table)
    return EXIT_OK


def cmd_undo(args: argparse.Namespace, ctx: Context) -> int:
    change = ctx.store().undo(operator=ctx.operator)
    ctx.say(f"已撤销：{change.summary}", f"Undone: {change.summary}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    change = ctx.store().restore(args.seq, operator=ctx.operator)
    ctx.say(f"已恢复：{change.summary}", f"Restored: {change.summary}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version, or a bad flag (already printed)
        return int(exc.code) if isinstance(exc.code, int) else EXIT_FAILED
    lang: Lang = args.lang or detect_lang()
    err = Console(stderr=True, soft_wrap=True)
    ctx = Context(default_data_dir(args.data), lang, _operator(args),
                  Console(soft_wrap=True), err)
    func: Callable[[argparse.Namespace, Context], int] = getattr(args, "func", cmd_tui)
    try:
        return func(args, ctx)
    except UserError as exc:
        err.print(f"roster: {exc}", markup=False, highlight=False)
        return EXIT_FAILED
    except KeyboardInterrupt:
        err.print("roster: interrupted", markup=False, highlight=False)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
