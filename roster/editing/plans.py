"""Hand edits of bundle v2's plans: wishes, the checkpoints a member may serve at, crews and
their rotations, a template's weekdays and a checkpoint's dated changes.

Pure functions like :mod:`roster.editing.edits` (a Bundle in, a new one out, refusing with
a :class:`~roster.domain.errors.UserError` that names the form field), and the ``parse_*``
readers of their forms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta, tzinfo

from roster.domain.messages import msg
from roster.domain.model import Bundle, Checkpoint, Member
from roster.domain.plans import CheckpointChange, Crew, Rotation, Wish
from roster.domain.timeutil import TimeOfDay, instant_at
from roster.editing.checks import checked, fail
from roster.editing.edits import _member
from roster.editing.forms import _Form


def _update(bundle: Bundle, member: Member) -> Bundle:
    return checked(replace(bundle, members=tuple(
        member if m.id == member.id else m for m in bundle.members)))


# --- wishes and checkpoints of a member ---------------------------------------------------------


def parse_wish(values: Mapping[str, str], tz: tzinfo) -> Wish:
    """A wish from ``from`` and ``to`` (dates, whole days, ``to`` inclusive), ``want``
    (``off``/``on``), ``weight`` (1-3) and ``reason``."""
    f = _Form(values)
    first = f.date("from")
    last = f.date("to") or first
    if not f.text("from"):
        f.bad("from", msg("must not be empty"))
    if first and last and last < first:
        f.bad("to", msg("ends before it starts"))
    want = values.get("want", "off") or "off"
    if want not in ("off", "on"):
        f.bad("want", msg("must be \"off\" or \"on\", got {value!r}", value=want))
    weight = f.integer("weight", 1, minimum=1)
    if weight > 3:
        f.bad("weight", msg("must be 1, 2 or 3, got {value!r}", value=weight))
    f.done()
    assert first is not None and last is not None
    return Wish(instant_at(first, TimeOfDay(0), tz),
                instant_at(last + timedelta(days=1), TimeOfDay(0), tz),
                "on" if want == "on" else "off", weight, f.text("reason"))


def add_wish(bundle: Bundle, member_id: str, wish: Wish) -> Bundle:
    m = _member(bundle, member_id)
    wishes = tuple(sorted((*m.wishes, wish), key=lambda w: (w.start, w.end)))
    return _update(bundle, replace(m, wishes=wishes))


def remove_wish(bundle: Bundle, member_id: str, index: int) -> Bundle:
    m = _member(bundle, member_id)
    if not 0 <= index < len(m.wishes):
        raise fail("wishes", msg("no such wish"))
    return _update(bundle, replace(m, wishes=m.wishes[:index] + m.wishes[index + 1:]))


def set_crew(bundle: Bundle, member_id: str, crew_id: str | None) -> Bundle:
    """Put the member in crew ``crew_id`` (out of any other), or in none."""
    _member(bundle, member_id)
    if crew_id and not any(c.id == crew_id for c in bundle.crews):
        raise fail("crew", msg("names crew {crew!r}, which does not exist", crew=crew_id))
    crews = tuple(replace(c, members=tuple(m for m in c.members if m != member_id)
                          + ((member_id,) if c.id == crew_id else ()))
                  for c in bundle.crews)
    return checked(replace(bundle, crews=crews))


# --- crews and rotations -----------------------------------------------------------------------


def new_crew_id(bundle: Bundle) -> str:
    taken = {c.id for c in bundle.crews}
    n = len(taken) + 1
    while f"g{n}" in taken:
        n += 1
    return f"g{n}"


def add_crew(bundle: Bundle, name: str, members: tuple[str, ...] = ()) -> Bundle:
    if not name.strip():
        raise fail("name", msg("must not be empty"))
    crew = Crew(new_crew_id(bundle), name.strip(), ())
    out = replace(bundle, crews=(*bundle.crews, crew))
    for m in members:
        out = set_crew(out, m, crew.id)
    return checked(out)


def remove_crew(bundle: Bundle, crew_id: str) -> Bundle:
    """Remove a crew; a rotation naming it is refused until the rotation is changed."""
    for cp in bundle.checkpoints:
        for t in cp.shifts:
            if t.rotation is not None and crew_id in t.rotation.crews:
                raise fail("crew", msg("crew {crew!r} is in the rotation of {checkpoint}",
                                       crew=crew_id, checkpoint=cp.name))
    return checked(replace(bundle, crews=tuple(c for c in bundle.crews if c.id != crew_id)))


def set_rotation(bundle: Bundle, checkpoint_id: str, template: int,
                 rotation: Rotation | None) -> Bundle:
    cp = _checkpoint(bundle, checkpoint_id)
    if not 0 <= template < len(cp.shifts):
        raise fail("template", msg("no such shift template"))
    shifts = list(cp.shifts)
    shifts[template] = replace(shifts[template], rotation=rotation)
    return _set_checkpoint(bundle, replace(cp, shifts=tuple(shifts)))


def parse_rotation(values: Mapping[str, str]) -> Rotation | None:
    """``rotation`` (crew ids in turn order; blank: no rotation) and ``rotation_from``
    (the date the turns are counted from)."""
    f = _Form(values)
    crews = f.words("rotation")
    start = f.date("rotation_from")
    if crews and start is None:
        f.bad("rotation_from", msg("must not be empty"))
    f.done()
    return Rotation(crews, start) if crews and start is not None else None


# --- weekdays and changes of a checkpoint ----------------------------------------------------


def _checkpoint(bundle: Bundle, checkpoint_id: str) -> Checkpoint:
    cp = bundle.checkpoint(checkpoint_id)
    if cp is None:
        raise fail("checkpoint", msg("no checkpoint {id!r}", id=checkpoint_id))
    return cp


def _set_checkpoint(bundle: Bundle, cp: Checkpoint) -> Bundle:
    return checked(replace(bundle, checkpoints=tuple(
        cp if c.id == cp.id else c for c in bundle.checkpoints)))


def parse_change(values: Mapping[str, str], templates: int) -> CheckpointChange:
    """A change from ``from``/``to`` (dates, inclusive), ``template`` (blank: all; else
    its number from 1), ``need``, ``standby`` (blank: unchanged), ``closed`` ("1"/"0"),
    ``need_tags`` (``party:2``; blank: unchanged) and ``reason``."""
    f = _Form(values)
    first = f.date("from")
    last = f.date("to") or first
    if not f.text("from"):
        f.bad("from", msg("must not be empty"))
    if first and last and last < first:
        f.bad("to", msg("ends before it starts"))
    template = None
    if f.text("template"):
        number = f.integer("template", 1, minimum=1)
        if number > templates:
            f.bad("template", msg("no such shift template"))
        template = number - 1
    need = int(f.number("need", None, minimum=1, whole=True) or 0) or None
    standby_value = f.number("standby", None, minimum=0, whole=True)
    tags = _tag_counts(f)
    f.done()
    assert first is not None and last is not None
    return CheckpointChange(first, last, template, need, tags,
                            None if standby_value is None else int(standby_value),
                            True if values.get("closed") in ("1", "true", "True") else None,
                            f.text("reason"))


def _tag_counts(f: _Form) -> dict[str, int] | None:
    if not f.text("need_tags"):
        return None
    tags: dict[str, int] = {}
    for word in f.words("need_tags"):
        tag, _, count = word.partition(":")
        if not tag or not (count or "1").isdigit():
            f.bad("need_tags", msg("{word!r}: write tag:count, e.g. party:1", word=word))
            continue
        tags[tag] = int(count or "1")
    return tags


def add_change(bundle: Bundle, checkpoint_id: str, change: CheckpointChange) -> Bundle:
    cp = _checkpoint(bundle, checkpoint_id)
    return _set_checkpoint(bundle, replace(cp, changes=(*cp.changes, change)))


def remove_change(bundle: Bundle, checkpoint_id: str, index: int) -> Bundle:
    cp = _checkpoint(bundle, checkpoint_id)
    if not 0 <= index < len(cp.changes):
        raise fail("changes", msg("no such change"))
    return _set_checkpoint(bundle, replace(cp, changes=cp.changes[:index]
                                           + cp.changes[index + 1:]))


def change_days(change: CheckpointChange) -> list[date]:
    """Every date a change covers (for a calendar strip)."""
    return [change.start + timedelta(days=i) for i in range((change.end - change.start).days + 1)]
