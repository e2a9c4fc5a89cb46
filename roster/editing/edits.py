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

:func:`diff` and :func:`apply_patch` describe a change as the records it touched, so
that undo, redo and a finished generate can be replayed onto whatever the store holds
*now* (a duty desk may have written in between) instead of overwriting it wholesale.
The ``parse_*`` functions read form text into model objects with the same strictness
as a bundle import.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta, tzinfo
from typing import TypeVar

from roster.domain.errors import Problem, UserError
from roster.domain.messages import Message, msg
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
    Team,
    shift_for,
    templates_overlap,
)
from roster.domain.timeutil import (
    TimeError,
    TimeOfDay,
    instant_at,
    parse_date,
    parse_time_of_day,
)
from roster.domain.validate import validate

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


def _fail(where: str, message: Message) -> UserError:
    return UserError(message, [Problem(where, message)])


def field_of(problem: Problem) -> str:
    """The form field a problem names: the last dotted part of ``where`` (``members[2].name``
    → ``name``), without an index (``unavailable[0]`` → ``unavailable``)."""
    last = problem.where.rsplit(".", 1)[-1].strip()
    return last.split("[", 1)[0].split(" ", 1)[0]


def _checked(bundle: Bundle) -> Bundle:
    """``bundle`` if it would load back; else the validator's problems, first one named."""
    problems = validate(bundle)
    if problems:
        more = msg(" (and {count} more problem(s))", count=len(problems) - 1) \
            if len(problems) > 1 else ""
        raise UserError(msg("{first}{more}", first=problems[0], more=more), problems)
    return bundle


# --- shifts and who is on them -------------------------------------------------------------


def _shift(bundle: Bundle, key: ShiftKey) -> Shift:
    checkpoint_id, start, end = key
    cp = bundle.checkpoint(checkpoint_id)
    if cp is None:
        raise _fail("checkpoint", msg("there is no checkpoint {checkpoint_id}",
                                      checkpoint_id=checkpoint_id))
    shift = shift_for(bundle, cp, start, end)
    if shift is None:
        raise _fail("shift", msg("{name} has no shift at that time", name=cp.name))
    return shift


def _member(bundle: Bundle, member_id: str) -> Member:
    m = bundle.member(member_id)
    if m is None:
        raise _fail("member", msg("there is no member {member_id}", member_id=member_id))
    return m


def _on(bundle: Bundle, key: ShiftKey, role: Role | None = None) -> list[Assignment]:
    return [a for a in bundle.assignments
            if a.shift_key == key and (role is None or a.role == role)]


def _locked_error(bundle: Bundle, items: Iterable[Assignment]) -> UserError:
    names = [(m.name if (m := bundle.member(a.member)) else a.member) for a in items]
    return _fail("locked", msg("{names}: the shift is locked; unlock it first", names=names))


def assign(bundle: Bundle, key: ShiftKey, member_id: str, role: Role = "duty") -> Bundle:
    """Put ``member_id`` on the shift ``key`` as ``role`` (refused if already on it so)."""
    _shift(bundle, key)
    m = _member(bundle, member_id)
    if any(a.member == member_id for a in _on(bundle, key, role)):
        what = msg("on standby") if role == "standby" else msg("on duty")
        raise _fail("member", msg("{name} is already {what}", name=m.name, what=what))
    new = Assignment(key[0], key[1], key[2], member_id, role=role)
    return replace(bundle, assignments=(*bundle.assignments, new))


def unassign(bundle: Bundle, key: ShiftKey, member_id: str, role: Role | None = None) -> Bundle:
    """Take ``member_id`` off the shift (in ``role``, or in every role); locked ones refuse."""
    gone = [a for a in _on(bundle, key, role) if a.member == member_id]
    if not gone:
        m = bundle.member(member_id)
        name = m.name if m else member_id
        raise _fail("member", msg("{name} is not on this shift", name=name))
    if any(a.locked for a in gone):
        raise _locked_error(bundle, gone)
    drop = set(map(id, gone))
    return replace(bundle, assignments=tuple(a for a in bundle.assignments if id(a) not in drop))


def replace_member(bundle: Bundle, key: ShiftKey, old_id: str, new_id: str,
                   role: Role = "duty") -> Bundle:
    """``new_id`` takes ``old_id``'s place on the shift, in the same role."""
    if old_id == new_id:
        raise _fail("member", msg("that is the same person"))
    return assign(unassign(bundle, key, old_id, role), key, new_id, role)


def set_locked(bundle: Bundle, key: ShiftKey, locked: bool, member_id: str | None = None) -> Bundle:
    """Lock (or unlock) everyone on the shift, or just ``member_id``; ``generate`` keeps
    locked assignments where they are."""
    _shift(bundle, key)
    targets = [a for a in _on(bundle, key) if member_id is None or a.member == member_id]
    if not targets:
        raise _fail("shift", msg("nobody is on this shift to lock"))
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
        raise _fail("shift", msg("both sides are the same shift"))
    if (who_a is None) != (who_b is None):
        raise _fail("member", msg("pick one person on each side, or swap the whole crews"))
    _shift(bundle, key_a)
    _shift(bundle, key_b)
    side_a = [x for x in _on(bundle, key_a, "duty") if who_a is None or x.member == who_a]
    side_b = [x for x in _on(bundle, key_b, "duty") if who_b is None or x.member == who_b]
    if (who_a is not None and not side_a) or (who_b is not None and not side_b):
        raise _fail("member", msg("that member is not on that shift"))
    if not side_a and not side_b:
        raise _fail("shift", msg("nobody is on either shift"))
    locked = [x for x in (*side_a, *side_b) if x.locked]
    if locked:
        raise _locked_error(bundle, locked)
    staying_a = {x.member for x in _on(bundle, key_a, "duty")} - {x.member for x in side_a}
    staying_b = {x.member for x in _on(bundle, key_b, "duty")} - {x.member for x in side_b}
    clash = ({x.member for x in side_a} & staying_b) | ({x.member for x in side_b} & staying_a)
    if clash:
        names = sorted((m.name if (m := bundle.member(i)) else i) for i in clash)
        raise _fail("member", msg("{names}: already on the other shift", names=names))
    moving = set(map(id, side_a)) | set(map(id, side_b))
    kept = [x for x in bundle.assignments if id(x) not in moving]
    moved = [replace(x, checkpoint=key_b[0], start=key_b[1], end=key_b[2]) for x in side_a]
    moved += [replace(x, checkpoint=key_a[0], start=key_a[1], end=key_a[2]) for x in side_b]
    return replace(bundle, assignments=(*kept, *moved))


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
        raise _fail("id", msg("id {id} is taken", id=member.id))
    return _checked(replace(bundle, members=(*bundle.members, member)))


def update_member(bundle: Bundle, member: Member) -> Bundle:
    """Replace the member with ``member.id`` (the id itself never changes)."""
    _member(bundle, member.id)
    return _checked(replace(bundle, members=tuple(
        member if m.id == member.id else m for m in bundle.members)))


def remove_member(bundle: Bundle, member_id: str) -> Bundle:
    """Take a member off the team, with every assignment of theirs (locked ones too)."""
    _member(bundle, member_id)
    team = bundle.team
    if team.lead == member_id:
        team = replace(team, lead=None)
    return _checked(replace(
        bundle, team=team,
        members=tuple(m for m in bundle.members if m.id != member_id),
        assignments=tuple(a for a in bundle.assignments if a.member != member_id)))


def add_leave(bundle: Bundle, member_id: str, leave: Leave) -> Bundle:
    m = _member(bundle, member_id)
    if leave.end <= leave.start:
        raise _fail("to", msg("must be after the start"))
    spans = tuple(sorted((*m.unavailable, leave), key=lambda s: (s.start, s.end)))
    return update_member(bundle, replace(m, unavailable=spans))


def remove_leave(bundle: Bundle, member_id: str, index: int) -> Bundle:
    m = _member(bundle, member_id)
    if not 0 <= index < len(m.unavailable):
        raise _fail("unavailable", msg("no such leave"))
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
        raise _fail("id", msg("id {id} is taken", id=cp.id))
    return _checked(replace(bundle, checkpoints=(*bundle.checkpoints, cp)))


def update_checkpoint(bundle: Bundle, cp: Checkpoint) -> Bundle:
    """Replace the checkpoint with ``cp.id``; its assignments that no longer match one of
    its shifts (a template moved, the checkpoint closed earlier) go with the old pattern."""
    if bundle.checkpoint(cp.id) is None:
        raise _fail("id", msg("there is no checkpoint {checkpoint_id}", checkpoint_id=cp.id))
    out = replace(bundle, checkpoints=tuple(cp if c.id == cp.id else c
                                            for c in bundle.checkpoints))
    out = _checked(out)
    return replace(out, assignments=tuple(
        a for a in out.assignments if a.checkpoint != cp.id or _fits(out, cp, a)))


def remove_checkpoint(bundle: Bundle, checkpoint_id: str) -> Bundle:
    if bundle.checkpoint(checkpoint_id) is None:
        raise _fail("id", msg("there is no checkpoint {checkpoint_id}",
                              checkpoint_id=checkpoint_id))
    return replace(bundle,
                   checkpoints=tuple(c for c in bundle.checkpoints if c.id != checkpoint_id),
                   assignments=tuple(a for a in bundle.assignments
                                     if a.checkpoint != checkpoint_id))


def set_template(bundle: Bundle, checkpoint_id: str, index: int | None,
                 template: ShiftTemplate) -> Bundle:
    """Replace template ``index`` of a checkpoint (None: add one), refusing an overlap."""
    cp = bundle.checkpoint(checkpoint_id)
    if cp is None:
        raise _fail("id", msg("there is no checkpoint {checkpoint_id}",
                              checkpoint_id=checkpoint_id))
    shifts = list(cp.shifts)
    if index is None:
        shifts.append(template)
        index = len(shifts) - 1
    elif 0 <= index < len(shifts):
        shifts[index] = template
    else:
        raise _fail("shifts", msg("no such shift template"))
    for j, other in enumerate(shifts):
        if j != index and templates_overlap(template, other):
            raise _fail("start", msg("overlaps the shift {shift}", shift=other.label()))
    return update_checkpoint(bundle, replace(cp, shifts=tuple(shifts)))


def remove_template(bundle: Bundle, checkpoint_id: str, index: int) -> Bundle:
    cp = bundle.checkpoint(checkpoint_id)
    if cp is None or not 0 <= index < len(cp.shifts):
        raise _fail("shifts", msg("no such shift template"))
    if len(cp.shifts) == 1:
        raise _fail("shifts", msg("a checkpoint needs at least one shift"))
    shifts = cp.shifts[:index] + cp.shifts[index + 1:]
    return update_checkpoint(bundle, replace(cp, shifts=shifts))


def update_rules(bundle: Bundle, rules: Rules) -> Bundle:
    return _checked(replace(bundle, rules=rules))


# --- reading forms ---------------------------------------------------------------------------


class _Form:
    """Collects a problem per bad field, so a form shows every message at once."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = values
        self.problems: list[Problem] = []

    def bad(self, key: str, message: Message) -> None:
        self.problems.append(Problem(key, message))

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.values.get(key, "").strip()
        if required and not value:
            self.bad(key, msg("must not be empty"))
        return value

    def number(self, key: str, default: float | None, *, minimum: float = 0,
               above: bool = False, whole: bool = False) -> float | None:
        raw = self.text(key)
        if not raw:
            return default
        try:
            value = float(raw)
        except ValueError:
            self.bad(key, msg("{raw!r} is not a number", raw=raw))
            return default
        if not math.isfinite(value) or (whole and not value.is_integer()):
            self.bad(key, msg("must be a whole number"))
            return default
        if value < minimum or (above and value <= minimum):
            self.bad(key, msg("must be more than {minimum:g}", minimum=minimum) if above
                     else msg("must be at least {minimum:g}", minimum=minimum))
            return default
        return value

    def integer(self, key: str, default: int, *, minimum: int = 0) -> int:
        value = self.number(key, default, minimum=minimum, whole=True)
        return int(value) if value is not None else default

    def time(self, key: str, *, allow_24: bool = False) -> TimeOfDay | None:
        raw = self.text(key, required=True)
        if not raw:
            return None
        try:
            return parse_time_of_day(raw, allow_24=allow_24)
        except TimeError:
            self.bad(key, msg("{raw!r} is not a time HH:MM", raw=raw))
            return None

    def date(self, key: str) -> date | None:
        raw = self.text(key)
        if not raw:
            return None
        try:
            return parse_date(raw)
        except TimeError:
            self.bad(key, msg("{raw!r} is not a date YYYY-MM-DD", raw=raw))
            return None

    def words(self, key: str) -> tuple[str, ...]:
        raw = self.text(key).replace("，", ",").replace("、", ",")
        return tuple(dict.fromkeys(w.strip() for w in raw.replace(" ", ",").split(",")
                                   if w.strip()))

    def done(self) -> None:
        if self.problems:
            first = self.problems[0]
            raise UserError(msg("{first}", first=first), list(self.problems))


def parse_member(values: Mapping[str, str], base: Member) -> Member:
    """A member from the form fields ``name``, ``unit``, ``phone``, ``tags`` (comma or space
    separated), ``no_nights`` ("1"/"0") and ``max_hours`` (blank: the team's cap)."""
    f = _Form(values)
    name = f.text("name", required=True)
    phone = f.text("phone")
    if phone and not all(c.isdigit() or c in "+- " for c in phone):
        f.bad("phone", msg("a phone number holds digits only"))
    cap = f.number("max_hours", None, minimum=0, above=True)
    f.done()
    return replace(base, name=name, unit=f.text("unit"), phone=phone, tags=f.words("tags"),
                   no_nights=values.get("no_nights", "") in ("1", "true", "True"),
                   max_hours_per_week=cap)


def parse_leave(values: Mapping[str, str], tz: tzinfo) -> Leave:
    """A leave from ``from`` and ``to`` (dates, both whole days, ``to`` inclusive) and
    ``reason``."""
    f = _Form(values)
    first = f.date("from")
    last = f.date("to")
    if not f.text("from"):
        f.bad("from", msg("must not be empty"))
    if not f.text("to"):
        f.bad("to", msg("must not be empty"))
    if first and last and last < first:
        f.bad("to", msg("ends before it starts"))
    f.done()
    assert first is not None and last is not None
    return Leave(instant_at(first, TimeOfDay(0), tz),
                 instant_at(last + timedelta(days=1), TimeOfDay(0), tz), f.text("reason"))


def parse_template(values: Mapping[str, str], base: ShiftTemplate | None = None) -> ShiftTemplate:
    """A shift template from ``start``, ``end``, ``need``, ``need_tags`` (``party:1 medic:1``),
    ``standby`` and ``night`` (``auto``/``night``/``day``)."""
    f = _Form(values)
    start = f.time("start")
    end = f.time("end", allow_24=True)
    need = f.integer("need", 1, minimum=1)
    standby = f.integer("standby", 0, minimum=0)
    tags: dict[str, int] = {}
    for word in f.words("need_tags"):
        tag, _, count = word.partition(":")
        try:
            n = int(count) if count else 1
        except ValueError:
            n = -1
        if not tag or n < 1:
            f.bad("need_tags", msg("{word!r}: write tag:count, e.g. party:1", word=word))
            continue
        if n > need:
            f.bad("need_tags", msg("{tag} asks for {n} but the shift needs only {need}",
                                   tag=tag, n=n, need=need))
        tags[tag] = n
    night_word = values.get("night", "auto")
    night = {"night": True, "day": False}.get(night_word)
    f.done()
    assert start is not None and end is not None
    extra = base.extra if base is not None else {}
    return ShiftTemplate(start, end, need, tags, night, standby, extra=dict(extra))


def parse_checkpoint(values: Mapping[str, str], base: Checkpoint) -> Checkpoint:
    """A checkpoint's own fields: ``name``, ``location``, ``from`` and ``to`` (dates or blank)."""
    f = _Form(values)
    name = f.text("name", required=True)
    first = f.date("from")
    last = f.date("to")
    if first and last and last < first:
        f.bad("to", msg("last day is before the first day"))
    f.done()
    return replace(base, name=name, location=f.text("location"), open_from=first,
                   open_to=last)


def parse_rules(values: Mapping[str, str], base: Rules) -> Rules:
    """The team's rules from their bundle names (``min_rest_hours`` ...), ``night_start``
    and ``night_end`` for the night window, ``holidays`` as dates separated by commas."""
    f = _Form(values)
    rest = f.number("min_rest_hours", base.min_rest_hours, minimum=0)
    per_day = f.integer("max_shifts_per_day", base.max_shifts_per_day, minimum=1)
    nights = f.integer("max_consecutive_nights", base.max_consecutive_nights, minimum=0)
    hours = f.number("max_hours_per_week", base.max_hours_per_week, minimum=0, above=True)
    grace = f.integer("late_grace_minutes", base.late_grace_minutes, minimum=0)
    night_start = f.time("night_start")
    night_end = f.time("night_end", allow_24=True)
    if night_start and night_end and night_start.minutes == night_end.minutes % 1440:
        f.bad("night_end", msg("the night window must have a length"))
    holidays: list[date] = []
    for word in f.words("holidays"):
        try:
            holidays.append(parse_date(word))
        except TimeError:
            f.bad("holidays", msg("{word!r} is not a date YYYY-MM-DD", word=word))
    f.done()
    assert night_start is not None and night_end is not None
    return replace(base, min_rest_hours=rest if rest is not None else base.min_rest_hours,
                   max_shifts_per_day=per_day, max_consecutive_nights=nights,
                   max_hours_per_week=hours if hours is not None else base.max_hours_per_week,
                   late_grace_minutes=grace, night_window=(night_start, night_end),
                   holidays=tuple(sorted(set(holidays))))


# --- patches: a change as the records it touched ---------------------------------------------


_R = TypeVar("_R", Member, Checkpoint)


def _pairs(before: Iterable[_R], after: Iterable[_R]) -> tuple[tuple[_R | None, _R | None], ...]:
    old: dict[str, _R] = {x.id: x for x in before}
    new: dict[str, _R] = {x.id: x for x in after}
    out: list[tuple[_R | None, _R | None]] = []
    for ident in [*old, *(i for i in new if i not in old)]:
        a, b = old.get(ident), new.get(ident)
        if a != b:
            out.append((a, b))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Patch:
    """What one change did: (before, after) of each record it touched, and the assignments
    it removed and added. ``inverse`` undoes it; both replay onto a newer roster."""

    team: tuple[Team, Team] | None = None
    rules: tuple[Rules, Rules] | None = None
    members: tuple[tuple[Member | None, Member | None], ...] = ()
    checkpoints: tuple[tuple[Checkpoint | None, Checkpoint | None], ...] = ()
    removed: tuple[Assignment, ...] = ()
    added: tuple[Assignment, ...] = ()
    touched: tuple[ShiftKey, ...] = field(default=(), compare=False)

    @property
    def empty(self) -> bool:
        return not (self.team or self.rules or self.members or self.checkpoints
                    or self.removed or self.added)

    def inverse(self) -> Patch:
        return Patch(
            team=(self.team[1], self.team[0]) if self.team else None,
            rules=(self.rules[1], self.rules[0]) if self.rules else None,
            members=tuple((b, a) for a, b in self.members),
            checkpoints=tuple((b, a) for a, b in self.checkpoints),
            removed=self.added, added=self.removed, touched=self.touched)


def diff(before: Bundle, after: Bundle) -> Patch:
    """The patch that turns ``before`` into ``after`` (logs are not part of it)."""
    old, new = Counter(before.assignments), Counter(after.assignments)
    removed = tuple((old - new).elements())
    added = tuple((new - old).elements())
    touched = tuple(dict.fromkeys(a.shift_key for a in (*removed, *added)))
    return Patch(
        team=(before.team, after.team) if before.team != after.team else None,
        rules=(before.rules, after.rules) if before.rules != after.rules else None,
        members=_pairs(before.members, after.members),
        checkpoints=_pairs(before.checkpoints, after.checkpoints),
        removed=removed, added=added, touched=touched)


def _replay(records: tuple[_R, ...], pairs: tuple[tuple[_R | None, _R | None], ...]
            ) -> tuple[_R, ...]:
    out = list(records)
    for before, after in pairs:
        record = after if after is not None else before
        if record is None:
            continue
        at = next((i for i, r in enumerate(out) if r.id == record.id), None)
        if after is None:
            if at is not None:
                del out[at]
        elif at is None:
            out.append(after)
        else:
            out[at] = after
    return tuple(out)


def apply_patch(bundle: Bundle, patch: Patch) -> Bundle:
    """Replay ``patch`` onto ``bundle``: each touched record takes its "after" value,
    removed assignments go if still there, added ones come unless already there."""
    team = patch.team[1] if patch.team else bundle.team
    rules = patch.rules[1] if patch.rules else bundle.rules
    members = _replay(bundle.members, patch.members)
    checkpoints = _replay(bundle.checkpoints, patch.checkpoints)
    left = Counter(patch.removed)
    kept: list[Assignment] = []
    for a in bundle.assignments:
        if left[a] > 0:
            left[a] -= 1
            continue
        kept.append(a)
    present = Counter(kept)
    for a in patch.added:
        if present[a] > 0:
            present[a] -= 1
            continue
        kept.append(a)
    out = replace(bundle, team=team, rules=rules, members=members, checkpoints=checkpoints,
                  assignments=tuple(kept))
    return _checked(out)

