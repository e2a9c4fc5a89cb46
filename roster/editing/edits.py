"""The hand edits a team lead makes to a roster, as pure functions: a Bundle in, a new one out.

The TUI's slot editor, swap, lock, people and checkpoint forms all change the roster
through these functions and save the result through :meth:`roster.store.Store.update`,
so what a keypress may do is decided here, headless, where a unit test can pin it.
Every function refuses what cannot be saved with a :class:`roster.domain.errors.UserError`
whose problems name the field at fault (``Problem.where`` is the form field's name:
``name``, ``need``, ``from`` ...) and whose words are messages the TUI renders in the
user's language (:mod:`roster.i18n`), so a form can put the
message next to the field. Rule breaches (rest, nights ...) are *not* refused: a lead
may roster someone against a rule on purpose, and the checker reports it.

:func:`diff` and :func:`apply_patch` (``patch.py``) describe a change as the records it
touched, so undo, redo and a finished generate replay onto the roster as it is now; the
``parse_*`` functions (``forms.py``) read form text into model objects. Both are
re-exported here, so screens need one import: ``from roster.editing import edits``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from roster.domain.errors import UserError
from roster.domain.messages import msg
from roster.domain.model import (
    Assignment,
    Bundle,
    Checkpoint,
    Leave,
    Member,
    Role,
    Rules,
    Shift,
    ShiftKey,
    ShiftTemplate,
    shift_for,
    templates_overlap,
)
from roster.editing.checks import checked, fail, field_of
from roster.editing.forms import (
    parse_checkpoint,
    parse_leave,
    parse_member,
    parse_rules,
    parse_template,
)
from roster.editing.patch import Patch, apply_patch, diff

__all__ = [
    "Patch",
    "SwapSide",
    "add_checkpoint",
    "add_leave",
    "add_member",
    "apply_patch",
    "assign",
    "diff",
    "field_of",
    "mark_sick",
    "new_member_id",
    "parse_checkpoint",
    "parse_leave",
    "parse_member",
    "parse_rules",
    "parse_template",
    "remove_checkpoint",
    "remove_leave",
    "remove_member",
    "remove_template",
    "replace_member",
    "set_locked",
    "set_template",
    "swap",
    "unassign",
    "update_checkpoint",
    "update_member",
    "update_rules",
]

#: One side of a swap: a shift, and the member on it (None: everyone on duty there).
SwapSide = tuple[ShiftKey, str | None]


# --- shifts and who is on them -------------------------------------------------------------


def _shift(bundle: Bundle, key: ShiftKey) -> Shift:
    checkpoint_id, start, end = key
    cp = bundle.checkpoint(checkpoint_id)
    if cp is None:
        raise fail("checkpoint", msg("there is no checkpoint {checkpoint_id}",
                                      checkpoint_id=checkpoint_id))
    shift = shift_for(bundle, cp, start, end)
    if shift is None:
        raise fail("shift", msg("{name} has no shift at that time", name=cp.name))
    return shift


def _member(bundle: Bundle, member_id: str) -> Member:
    m = bundle.member(member_id)
    if m is None:
        raise fail("member", msg("there is no member {member_id}", member_id=member_id))
    return m


def _on(bundle: Bundle, key: ShiftKey, role: Role | None = None) -> list[Assignment]:
    return [a for a in bundle.assignments
            if a.shift_key == key and (role is None or a.role == role)]


def _locked_error(bundle: Bundle, items: Iterable[Assignment]) -> UserError:
    names = [(m.name if (m := bundle.member(a.member)) else a.member) for a in items]
    return fail("locked", msg("{names}: the shift is locked; unlock it first", names=names))


def assign(bundle: Bundle, key: ShiftKey, member_id: str, role: Role = "duty") -> Bundle:
    """Put ``member_id`` on the shift ``key`` as ``role`` (refused if already on it so)."""
    _shift(bundle, key)
    m = _member(bundle, member_id)
    if any(a.member == member_id for a in _on(bundle, key, role)):
        what = msg("on standby") if role == "standby" else msg("on duty")
        raise fail("member", msg("{name} is already {what}", name=m.name, what=what))
    new = Assignment(key[0], key[1], key[2], member_id, role=role)
    return replace(bundle, assignments=(*bundle.assignments, new))


def unassign(bundle: Bundle, key: ShiftKey, member_id: str, role: Role | None = None) -> Bundle:
    """Take ``member_id`` off the shift (in ``role``, or in every role); locked ones refuse."""
    gone = [a for a in _on(bundle, key, role) if a.member == member_id]
    if not gone:
        m = bundle.member(member_id)
        name = m.name if m else member_id
        raise fail("member", msg("{name} is not on this shift", name=name))
    if any(a.locked for a in gone):
        raise _locked_error(bundle, gone)
    drop = set(map(id, gone))
    return replace(bundle, assignments=tuple(a for a in bundle.assignments if id(a) not in drop))


def replace_member(bundle: Bundle, key: ShiftKey, old_id: str, new_id: str,
                   role: Role = "duty") -> Bundle:
    """``new_id`` takes ``old_id``'s place on the shift, in the same role."""
    if old_id == new_id:
        raise fail("member", msg("that is the same person"))
    return assign(unassign(bundle, key, old_id, role), key, new_id, role)


def set_locked(bundle: Bundle, key: ShiftKey, locked: bool, member_id: str | None = None) -> Bundle:
    """Lock (or unlock) everyone on the shift, or just ``member_id``; ``generate`` keeps
    locked assignments where they are."""
    _shift(bundle, key)
    targets = [a for a in _on(bundle, key) if member_id is None or a.member == member_id]
    if not targets:
        raise fail("shift", msg("nobody is on this shift to lock"))
    hit = set(map(id, targets))
    return replace(bundle, assignments=tuple(
        replace(a, locked=locked) if id(a) in hit else a for a in bundle.assignments))


def swap(bundle: Bundle, a: SwapSide, b: SwapSide) -> Bundle:
    """Exchange two people (each side names one) or two whole crews (both sides None).

    Only duty assignments move; a locked one refuses the swap, and so does a member who
    would land on a shift they are already on.
    """
    (key_a, who_a), (key_b, who_b) = a, b
    if key_a == key_b:
        raise fail("shift", msg("both sides are the same shift"))
    if (who_a is None) != (who_b is None):
        raise fail("member", msg("pick one person on each side, or swap the whole crews"))
    side_a = _swap_side(bundle, key_a, who_a)
    side_b = _swap_side(bundle, key_b, who_b)
    if not side_a and not side_b:
        raise fail("shift", msg("nobody is on either shift"))
    locked = [x for x in (*side_a, *side_b) if x.locked]
    if locked:
        raise _locked_error(bundle, locked)
    clash = _staying(bundle, key_b, side_b, side_a) | _staying(bundle, key_a, side_a, side_b)
    if clash:
        names = sorted((m.name if (m := bundle.member(i)) else i) for i in clash)
        raise fail("member", msg("{names}: already on the other shift", names=names))
    moving = set(map(id, side_a)) | set(map(id, side_b))
    kept = [x for x in bundle.assignments if id(x) not in moving]
    moved = [replace(x, checkpoint=key_b[0], start=key_b[1], end=key_b[2]) for x in side_a]
    moved += [replace(x, checkpoint=key_a[0], start=key_a[1], end=key_a[2]) for x in side_b]
    return replace(bundle, assignments=(*kept, *moved))


def _swap_side(bundle: Bundle, key: ShiftKey, who: str | None) -> list[Assignment]:
    """The duty assignments of ``key`` that move: ``who``'s, or everyone's."""
    _shift(bundle, key)
    side = [x for x in _on(bundle, key, "duty") if who is None or x.member == who]
    if who is not None and not side:
        raise fail("member", msg("that member is not on that shift"))
    return side


def _staying(bundle: Bundle, key: ShiftKey, leaving: list[Assignment],
             arriving: list[Assignment]) -> set[str]:
    """Members arriving on shift ``key`` who are on it already and do not leave it."""
    staying = {x.member for x in _on(bundle, key, "duty")} - {x.member for x in leaving}
    return {x.member for x in arriving} & staying


# --- members ---------------------------------------------------------------------------------


def new_member_id(bundle: Bundle) -> str:
    """The next free id in the team's ``m01`` style."""
    taken = {m.id for m in bundle.members}
    width = max(2, *(len(i) - 1 for i in taken if i[:1] == "m" and i[1:].isdigit()), 2)
    n = len(taken) + 1
    while f"m{n:0{width}d}" in taken:
        n += 1
    return f"m{n:0{width}d}"


def add_member(bundle: Bundle, member: Member) -> Bundle:
    if bundle.member(member.id) is not None:
        raise fail("id", msg("id {id} is taken", id=member.id))
    return checked(replace(bundle, members=(*bundle.members, member)))


def update_member(bundle: Bundle, member: Member) -> Bundle:
    """Replace the member with ``member.id`` (the id itself never changes)."""
    _member(bundle, member.id)
    return checked(replace(bundle, members=tuple(
        member if m.id == member.id else m for m in bundle.members)))


def remove_member(bundle: Bundle, member_id: str) -> Bundle:
    """Take a member off the team, with every assignment of theirs (locked ones too)."""
    _member(bundle, member_id)
    team = bundle.team
    if team.lead == member_id:
        team = replace(team, lead=None)
    return checked(replace(
        bundle, team=team,
        members=tuple(m for m in bundle.members if m.id != member_id),
        assignments=tuple(a for a in bundle.assignments if a.member != member_id),
        crews=tuple(replace(c, members=tuple(m for m in c.members if m != member_id))
                    for c in bundle.crews)))


def add_leave(bundle: Bundle, member_id: str, leave: Leave) -> Bundle:
    m = _member(bundle, member_id)
    if leave.end <= leave.start:
        raise fail("to", msg("must be after the start"))
    spans = tuple(sorted((*m.unavailable, leave), key=lambda s: (s.start, s.end)))
    return update_member(bundle, replace(m, unavailable=spans))


def remove_leave(bundle: Bundle, member_id: str, index: int) -> Bundle:
    m = _member(bundle, member_id)
    if not 0 <= index < len(m.unavailable):
        raise fail("unavailable", msg("no such leave"))
    spans = m.unavailable[:index] + m.unavailable[index + 1:]
    return update_member(bundle, replace(m, unavailable=spans))


def mark_sick(bundle: Bundle, member_id: str, leave: Leave) -> Bundle:
    """Leave for ``member_id`` and off every shift (duty or standby, locked or not) it
    touches: someone who is sick will not come, so their places show as gaps to fill."""
    out = add_leave(bundle, member_id, leave)
    return replace(out, assignments=tuple(
        a for a in out.assignments
        if not (a.member == member_id and leave.overlaps(a.start, a.end))))


# --- checkpoints, templates, rules -----------------------------------------------------------


def _fits(bundle: Bundle, cp: Checkpoint, a: Assignment) -> bool:
    return shift_for(replace(bundle, checkpoints=(cp,)), cp, a.start, a.end) is not None


def add_checkpoint(bundle: Bundle, cp: Checkpoint) -> Bundle:
    if bundle.checkpoint(cp.id) is not None:
        raise fail("id", msg("id {id} is taken", id=cp.id))
    return checked(replace(bundle, checkpoints=(*bundle.checkpoints, cp)))


def update_checkpoint(bundle: Bundle, cp: Checkpoint) -> Bundle:
    """Replace the checkpoint with ``cp.id``; its assignments that no longer match one of
    its shifts (a template moved, the checkpoint closed earlier) go with the old pattern."""
    if bundle.checkpoint(cp.id) is None:
        raise fail("id", msg("there is no checkpoint {checkpoint_id}", checkpoint_id=cp.id))
    out = replace(bundle, checkpoints=tuple(cp if c.id == cp.id else c
                                            for c in bundle.checkpoints))
    out = checked(out)
    return replace(out, assignments=tuple(
        a for a in out.assignments if a.checkpoint != cp.id or _fits(out, cp, a)))


def remove_checkpoint(bundle: Bundle, checkpoint_id: str) -> Bundle:
    if bundle.checkpoint(checkpoint_id) is None:
        raise fail("id", msg("there is no checkpoint {checkpoint_id}",
                              checkpoint_id=checkpoint_id))
    # Members held to it lose it from their checkpoints (none left: any checkpoint).
    members = tuple(
        replace(m, only_checkpoints=tuple(c for c in m.only_checkpoints if c != checkpoint_id)
                or None)
        if m.only_checkpoints is not None and checkpoint_id in m.only_checkpoints else m
        for m in bundle.members)
    return replace(bundle, members=members,
                   checkpoints=tuple(c for c in bundle.checkpoints if c.id != checkpoint_id),
                   assignments=tuple(a for a in bundle.assignments
                                     if a.checkpoint != checkpoint_id))


def set_template(bundle: Bundle, checkpoint_id: str, index: int | None,
                 template: ShiftTemplate) -> Bundle:
    """Replace template ``index`` of a checkpoint (None: add one), refusing an overlap."""
    cp = bundle.checkpoint(checkpoint_id)
    if cp is None:
        raise fail("id", msg("there is no checkpoint {checkpoint_id}",
                              checkpoint_id=checkpoint_id))
    shifts = list(cp.shifts)
    if index is None:
        shifts.append(template)
        index = len(shifts) - 1
    elif 0 <= index < len(shifts):
        shifts[index] = template
    else:
        raise fail("shifts", msg("no such shift template"))
    for j, other in enumerate(shifts):
        if j != index and templates_overlap(template, other):
            raise fail("start", msg("overlaps the shift {shift}", shift=other.label()))
    return update_checkpoint(bundle, replace(cp, shifts=tuple(shifts)))


def remove_template(bundle: Bundle, checkpoint_id: str, index: int) -> Bundle:
    cp = bundle.checkpoint(checkpoint_id)
    if cp is None or not 0 <= index < len(cp.shifts):
        raise fail("shifts", msg("no such shift template"))
    if len(cp.shifts) == 1:
        raise fail("shifts", msg("a checkpoint needs at least one shift"))
    shifts = cp.shifts[:index] + cp.shifts[index + 1:]
    # Dated changes of that template go with it; those of later templates follow them down.
    changes = tuple(ch if ch.template is None or ch.template < index
                    else replace(ch, template=ch.template - 1)
                    for ch in cp.changes if ch.template != index)
    return update_checkpoint(bundle, replace(cp, shifts=shifts, changes=changes))


def update_rules(bundle: Bundle, rules: Rules) -> Bundle:
    return checked(replace(bundle, rules=rules))
