"""``roster import-members``: bring in the member list a county sent as CSV or Excel.

Prints a preview (who would be added, who is already in the team and what changes) and
every bad row by its spreadsheet row number; imports nothing while bad rows remain
unless ``--skip-bad`` says to leave them out. The import is one recorded change (op
``import-members``), so ``roster undo`` takes it back. Exit statuses: 0 imported (or
nothing new), 2 the file cannot be read or bad rows block the import.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text

from roster.cli.commands.common import EXIT_FAILED, EXIT_OK, Context
from roster.domain.messages import N_, msg
from roster.exchange.members_import import Plan, apply_import, plan_import, read_file
from roster.i18n import say, tag_name


def register(sub: Any) -> None:
    p = sub.add_parser("import-members",
                       help=N_("add members from a spreadsheet (.csv or .xlsx) with Chinese or "
                            "English headers"))
    p.add_argument("file", metavar="FILE.csv|FILE.xlsx", type=Path)
    p.add_argument("--skip-bad", action="store_true",
                   help=N_("import the good rows and leave out the bad ones"))
    p.add_argument("--dry-run", action="store_true",
                   help=N_("only show what would be imported"))
    p.set_defaults(func=cmd_import_members, needs_pin=lambda a: not a.dry_run)


_ACTIONS = {
    "add": N_("add", context="import action"),
    "update": N_("update", context="import action"),
    "same": N_("present", context="import action"),
}
_FIELDS = {
    "phone": N_("phone", context="import field"),
    "unit": N_("unit", context="import field"),
    "tags": N_("tags", context="import field"),
    "no_nights": N_("no nights", context="import field"),
}


def _preview(plan: Plan, lang: str) -> Table:
    table = Table(title=say(lang, "Import preview"))
    for words in (
        N_("row", context="import column"),
        N_("name", context="import column"),
        N_("phone", context="import column"),
        N_("unit", context="import column"),
        N_("tags", context="import column"),
        N_("result", context="import column"),
    ):
        table.add_column(say(lang, words, context="import column") if words else "")
    for item in plan.items:
        row = item.row
        result = say(lang, _ACTIONS[item.action], context="import action")
        if item.action != "add":
            result += f" {item.member_id}"
        if item.changes:
            what = say(lang, ", ").join(say(lang, _FIELDS[c], context="import field")
                                        for c in item.changes)
            result += f" ({what})"
        # Text, not str: a name like "[red]" is data, not Rich markup.
        table.add_row(*(Text(v) for v in (str(row.row), row.name, row.phone, row.unit,
                                          " ".join(tag_name(t, lang) for t in row.tags),
                                          result)))
    return table


def cmd_import_members(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    bundle = store.load()
    result = read_file(args.file)
    plan = plan_import(bundle, result.rows)
    problems = sorted((*result.problems, *plan.problems), key=lambda p: p.row)

    if result.ignored:
        ctx.tell("Columns not read: {columns}", columns=list(result.ignored))
    for note in result.skipped:
        ctx.err.print(f"roster: {args.file}: {ctx.words(note.words)}", markup=False,
                      highlight=False)
    if plan.items:
        ctx.out.print(_preview(plan, ctx.lang))
    for problem in problems:
        ctx.err.print(f"roster: {args.file}: {ctx.words(problem.words)}", markup=False,
                      highlight=False)
    if problems and not args.skip_bad:
        words = say(ctx.lang, "{file}: {n} bad row(s) ({rows}); nothing imported. Fix the "
                    "file, or add --skip-bad to leave them out", file=args.file, n=len(problems),
                    rows=[str(p.row) for p in problems])
        ctx.err.print(f"roster: {words}", markup=False, highlight=False)
        return EXIT_FAILED
    added, updated = plan.count("add"), plan.count("update")
    if args.dry_run:
        ctx.tell("Dry run: would add {added} and update {updated}; nothing changed.", added=added,
                 updated=updated)
        return EXIT_OK
    if not plan.changes_anything:
        ctx.tell("Nothing new to import: everyone on the list is already in the team.")
        return EXIT_OK
    summary = msg("{name}: +{added} added, {updated} updated{skipped}", name=args.file.name,
                  added=added, updated=updated,
                  skipped=msg(", {n} bad row(s) skipped", n=len(problems)) if problems else "")
    good = result.rows
    store.update(lambda current: apply_import(current, good)[0], op="import-members",
                 operator=ctx.operator, summary=summary)
    skipped = say(ctx.lang, ", skipped {n} bad row(s)", n=len(problems)) if problems else ""
    ctx.tell("Imported {file}: added {added}, updated {updated}{skipped} (roster undo takes it "
             "back)", file=args.file, added=added, updated=updated, skipped=skipped)
    return EXIT_OK
