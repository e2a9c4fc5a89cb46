"""Starting a real team from the command line: ``init``, ``checkpoint add``, ``member add``.

Each is one recorded change (``roster undo`` takes it back). A refusal is one line naming
the flag at fault, exit 2, nothing written.
"""

from __future__ import annotations

import argparse
from typing import Any

from roster.cli.commands.common import EXIT_FAILED, EXIT_OK, Context
from roster.domain.errors import UserError
from roster.domain.messages import N_, msg
from roster.domain.model import Bundle, Member
from roster.domain.timeutil import TimeError, parse_time_of_day
from roster.editing.checks import fail, field_of, unknown_tags
from roster.editing.edits import add_checkpoint, parse_member
from roster.editing.setup import (
    DEFAULT_ZONE,
    add_new_member,
    checkpoint_from_pattern,
    new_team,
    parse_need_tags,
)
from roster.i18n import say, tag_ids


def register(sub: Any) -> None:
    p = sub.add_parser("init", help=N_("start a new, empty team in the data folder"))
    p.add_argument("--team", required=True, metavar="NAME", help=N_("the team's name"))
    p.add_argument("--village", default="", metavar="V", help=N_("the village it guards"))
    p.add_argument("--township", default="", metavar="T",
                   help=N_("the township (for the county roll-up)"))
    p.add_argument("--timezone", default=DEFAULT_ZONE, metavar="TZ",
                   help=N_("IANA time zone (default %(default)s)"))
    p.set_defaults(func=cmd_init, needs_pin=True)

    cp = sub.add_parser("checkpoint", help=N_("the team's checkpoints"))
    cp_sub = cp.add_subparsers(dest="checkpoint_command", metavar="ACTION", required=True)
    p = cp_sub.add_parser("add", help=N_("add a checkpoint staffed around the clock"))
    p.add_argument("--id", required=True, metavar="ID",
                   help=N_("a short id scripts use, e.g. cp-n"))
    p.add_argument("--name", required=True, metavar="NAME",
                   help=N_("the checkpoint's name, as it is posted"))
    p.add_argument("--pattern", required=True, metavar="3x8|2x12|24h|HH:MM-HH:MM,...",
                   help=N_("three 8-hour shifts, two 12-hour shifts, one 24-hour shift, or "
                        "your own times (e.g. 07:00-19:00,19:00-07:00)"))
    p.add_argument("--first-start", default="08:00", metavar="HH:MM",
                   help=N_("when the first shift of a preset starts (default 08:00)"))
    p.add_argument("--need", type=int, default=1, metavar="N",
                   help=N_("people per shift (default 1)"))
    p.add_argument("--tags", default="", metavar="TAG=N,...",
                   help=N_("qualifications each shift needs, e.g. party=1"))
    p.add_argument("--standby", type=int, default=0, metavar="N",
                   help=N_("people on call per shift"))
    p.add_argument("--location", default="", metavar="TEXT", help=N_("where it is, in words"))
    p.set_defaults(func=cmd_checkpoint_add, needs_pin=True)

    mem = sub.add_parser("member", help=N_("the team's members"))
    mem_sub = mem.add_subparsers(dest="member_command", metavar="ACTION", required=True)
    p = mem_sub.add_parser("add", help=N_("add a member; prints the new member's id"))
    p.add_argument("--name", required=True, metavar="NAME", help=N_("the member's name"))
    p.add_argument("--id", default="", metavar="ID",
                   help=N_("default: the next free m01, m02 ..."))
    p.add_argument("--phone", default="", metavar="P", help=N_("mobile or landline number"))
    p.add_argument("--unit", default="", metavar="U",
                   help=N_("where the member works (a bureau, a township, the village)"))
    p.add_argument("--tags", default="", metavar="a,b",
                   help=N_("qualifications, e.g. party,driver"))
    p.add_argument("--no-nights", action="store_true", help=N_("never rostered on a night shift"))
    p.add_argument("--lead", action="store_true", help=N_("this member leads the team"))
    p.set_defaults(func=cmd_member_add, needs_pin=True)


#: A refused field, as the flag a user typed.
_FLAGS = {"team": "--team", "timezone": "--timezone", "id": "--id", "name": "--name",
          "pattern": "--pattern", "first_start": "--first-start", "need": "--need",
          "tags": "--tags", "need_tags": "--tags", "standby": "--standby", "phone": "--phone",
          "unit": "--unit", "location": "--location", "village": "--village",
          "township": "--township"}


def _refused(ctx: Context, exc: UserError) -> int:
    """One line: the flag at fault and what is wrong with it."""
    if exc.problems:
        problem = exc.problems[0]
        # The field of a record's problem (members[20] (m21).tags → tags) is its flag;
        # the team's name is init's --team.
        field = "team" if problem.where == "team.name" else field_of(problem)
        where = _FLAGS.get(field, problem.where)
        text = f"{where}: {ctx.words(problem.message)}" if where else ctx.words(problem.message)
    else:
        text = ctx.words(exc)
    ctx.err.print(f"roster: {text}", markup=False, highlight=False)
    return EXIT_FAILED


def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    try:
        bundle = new_team(args.team, village=args.village, township=args.township,
                          timezone=args.timezone)
    except UserError as exc:
        return _refused(ctx, exc)
    store = ctx.store()
    if not store.is_empty():
        name = store.load().team.name
        raise UserError(say(ctx.lang, "{data_dir}: already holds the team \"{name}\"; nothing "
                            "changed", data_dir=ctx.data_dir, name=name))
    store.save(bundle, op="init", operator=ctx.operator,
               summary=msg("new team {name}", name=bundle.team.name))
    ctx.tell("Started the team \"{name}\" in {data_dir}. Next: roster checkpoint add, roster "
             "member add (or roster import-members FILE), then roster generate",
             name=bundle.team.name, data_dir=ctx.data_dir)
    return EXIT_OK


def cmd_checkpoint_add(args: argparse.Namespace, ctx: Context) -> int:
    try:
        first = parse_time_of_day(args.first_start)
    except TimeError as exc:
        return _refused(ctx, fail("first_start", exc.args[0]))
    try:
        cp = checkpoint_from_pattern(args.id, args.name, args.pattern, first_start=first,
                                     need=args.need, need_tags=parse_need_tags(tag_ids(args.tags)),
                                     standby=args.standby, location=args.location)
    except UserError as exc:
        return _refused(ctx, exc)
    try:
        ctx.store().update(lambda b: add_checkpoint(b, cp), op="checkpoint-add",
                           operator=ctx.operator,
                           summary=msg("add checkpoint {name}", name=cp.name))
    except UserError as exc:
        if not exc.problems:
            raise
        return _refused(ctx, exc)
    shifts = ", ".join(t.label() for t in cp.shifts)
    ctx.tell("Added the checkpoint {id} \"{name}\": {shifts}", id=cp.id, name=cp.name,
             shifts=shifts)
    warning = unknown_tags(ctx.store().load(), {t for s in cp.shifts for t in s.need_tags})
    if warning is not None:
        ctx.err.print(f"roster: warning: {ctx.words(warning)}")
    return EXIT_OK


def cmd_member_add(args: argparse.Namespace, ctx: Context) -> int:
    values = {"name": args.name, "phone": args.phone, "unit": args.unit, "tags": tag_ids(args.tags),
              "no_nights": "1" if args.no_nights else "0"}
    try:
        member = parse_member(values, Member(id=args.id.strip(), name=""))
    except UserError as exc:
        return _refused(ctx, exc)
    added: list[str] = []

    def change(bundle: Bundle) -> Bundle:
        out = add_new_member(bundle, member, lead=args.lead)
        added.append(out.members[-1].id)
        return out

    try:
        ctx.store().update(change, op="member-add", operator=ctx.operator,
                           summary=msg("add member {name}", name=member.name))
    except UserError as exc:
        if not exc.problems:
            raise
        return _refused(ctx, exc)
    # Only the id, so a script can keep it: id=$(roster member add --name ...).
    ctx.out.print(added[-1], markup=False, highlight=False)
    return EXIT_OK
