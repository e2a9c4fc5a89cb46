"""What the duty desk refuses to write, said once for the CLI and the desk screen alike.

A tired cadre at night types a wrong digit, presses check-in twice, or types yesterday's
time as today's. Each ``check_*`` function looks at the entry that is about to be written
against the roster and the log around it and returns a :class:`Refusal` naming the
problem (or None): an unknown member or checkpoint, a check-out without a check-in, a
second check-in (a *warning*: nothing is written, nothing is wrong), a time in the future
(beyond :data:`~roster.dutylog.entries.CLOCK_SKEW`) or outside the days the checkpoint is staffed.
The checks are pure; :mod:`roster.services.duty` runs them under the store's lock so that
two terminals cannot both pass a check and then both write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from roster.domain.messages import Message, msg
from roster.domain.model import NOTE_CATEGORIES, Bundle, Checkpoint, LogEntry
from roster.domain.timeutil import TimeOfDay, instant_at
from roster.dutylog.entries import (
    AUTO_CLOSE,
    CHECK_IN,
    CHECK_OUT,
    CLOCK_SKEW,
    HANDOVER,
    NOTE,
    Versioned,
    entry_type,
    resolve,
)
from roster.dutylog.handovers import (
    handovers,
    open_items,
)
from roster.dutylog.presence import (
    Presence,
    planned_end,
    sessions,
)

__all__ = [
    "Refusal",
    "check_check_in",
    "check_check_out",
    "check_close",
    "check_confirm",
    "check_correction",
    "check_handover",
    "check_note",
    "check_time",
    "check_toggle",
]


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an entry is not written: ``code`` for programs, ``message`` for people.

    ``warning`` marks the harmless case (a second check-in, a second confirmation):
    nothing is written and the user is told, but nothing is wrong.
    """

    code: str
    message: Message
    warning: bool = False


def _refuse(code: str, message: Message, *, warning: bool = False) -> Refusal:
    return Refusal(code, message, warning)


def _when(value: datetime, tz: tzinfo) -> str:
    return f"{value.astimezone(tz):%Y-%m-%d %H:%M}"


def _name(bundle: Bundle, member: str) -> str:
    m = bundle.member(member)
    return m.name if m is not None else member


def check_time(bundle: Bundle, checkpoint: Checkpoint, at: datetime,
               now: datetime) -> Refusal | None:
    """Not in the future (beyond the clock skew), not outside the checkpoint's days."""
    tz = bundle.tz
    if at > now + CLOCK_SKEW:
        return _refuse("in_future", msg("{when} is in the future (it is now {now})",
                                        when=_when(at, tz), now=_when(now, tz)))
    if checkpoint.open_from is not None:
        opened = instant_at(checkpoint.open_from, TimeOfDay(0), tz)
        if at < opened:
            return _refuse("before_open", msg("{name} opened on {open_from}; {when} is before that",
                                              name=checkpoint.name, open_from=checkpoint.open_from,
                                              when=_when(at, tz)))
    if checkpoint.open_to is not None:
        closed = instant_at(checkpoint.open_to + timedelta(days=1), TimeOfDay(0), tz)
        if at >= closed:
            return _refuse("after_close",
                msg("{name} was staffed until {open_to}; {when} is after that",
                                              name=checkpoint.name, open_to=checkpoint.open_to,
                                              when=_when(at, tz)))
    return None


def _known(bundle: Bundle, checkpoint: str, member: str | None) -> tuple[Checkpoint | None,
           Refusal | None]:
    cp = bundle.checkpoint(checkpoint)
    if cp is None:
        return None, _refuse("unknown_checkpoint", msg("no checkpoint {checkpoint!r}",
                                                       checkpoint=checkpoint))
    if member is not None and bundle.member(member) is None:
        return cp, _refuse("unknown_member", msg("no member {member!r}", member=member))
    return cp, None


def _own_events(entries: Sequence[LogEntry], member: str, checkpoint: str) -> list[Versioned]:
    """The member's live check-ins and check-outs at ``checkpoint``, corrections applied."""
    def theirs(e: LogEntry) -> bool:
        return e.member == member and e.checkpoint == checkpoint and e.kind != NOTE

    # Only these matter, and corrections (which may have moved an entry to or from this
    # member); resolving just those keeps a desk key fast.
    relevant = [e for e in entries if e.corrects is not None or theirs(e)]
    return [v for v in resolve(relevant) if not v.void and theirs(v.entry)]


def _state(bundle: Bundle, entries: Sequence[LogEntry], member: str, checkpoint: str,
           at: datetime) -> tuple[Presence | None, LogEntry | None]:
    """The member's session at ``checkpoint`` open at ``at`` (if any), and their next event.

    The next event is the first check-in or check-out after ``at``, and only while it
    would pair with an entry written at ``at`` (before the open session, or one started
    at ``at``, stops counting).
    """
    mine = _own_events(entries, member, checkpoint)
    ss, _ = sessions(bundle, [v for v in mine if v.entry.at <= at], at)
    holding = next((s for s in ss if s.end is None), None)
    later = [v.entry for v in mine if v.entry.at > at]
    nxt = min(later, key=lambda e: (e.at, e.kind != CHECK_IN), default=None)
    if nxt is not None:
        start = holding.start if holding is not None else at
        if nxt.at >= planned_end(bundle, member, checkpoint, start) + AUTO_CLOSE:
            nxt = None
    return holding, nxt


def _standing(bundle: Bundle, entries: Sequence[LogEntry], member: str, checkpoint: str,
              at: datetime, now: datetime) -> tuple[Checkpoint | None, Presence | None,
                                                   LogEntry | None, Refusal | None]:
    """What every check-in or check-out asks first: the checkpoint, the member's open
    session there at ``at`` and their next event, or why nothing may be written at all."""
    cp, refusal = _known(bundle, checkpoint, member)
    if refusal is None and cp is not None:
        refusal = check_time(bundle, cp, at, now)
    if refusal is not None or cp is None:
        return cp, None, None, refusal
    holding, nxt = _state(bundle, entries, member, checkpoint, at)
    return cp, holding, nxt, None


def _later(bundle: Bundle, member: str, nxt: LogEntry | None, kind: str) -> Refusal | None:
    """Refuse writing ``kind`` when the member's next event is already one of that kind."""
    if nxt is None or nxt.kind != kind:
        return None
    who, when = _name(bundle, member), _when(nxt.at, bundle.tz)
    if kind == CHECK_IN:
        return _refuse("later_check_in",
                       msg("{who} has a check-in at {when}; correct that entry to change its time",
                           who=who, when=when))
    return _refuse("later_check_out",
                   msg("{who} checked out at {when} already; correct that entry to change its time",
                       who=who, when=when))


def check_check_in(bundle: Bundle, entries: Sequence[LogEntry], member: str, checkpoint: str,
                   at: datetime, now: datetime) -> Refusal | None:
    """Why ``member`` should not be checked in at ``checkpoint`` at ``at``, or None."""
    _, holding, nxt, refusal = _standing(bundle, entries, member, checkpoint, at, now)
    if refusal is not None:
        return refusal
    if holding is not None:
        return _refuse("already_checked_in",
                       msg("{who} checked in at {when} already; not recorded twice",
                           who=_name(bundle, member), when=_when(holding.start, bundle.tz)),
                       warning=True)
    return _elsewhere(bundle, entries, member, checkpoint, at) or \
        _later(bundle, member, nxt, CHECK_IN)


def _elsewhere(bundle: Bundle, entries: Sequence[LogEntry], member: str, checkpoint: str,
               at: datetime) -> Refusal | None:
    """A member is on site at one checkpoint at a time: refuse a check-in while their
    session at another one is open at ``at`` (they check out there first)."""
    others = {e.checkpoint for e in entries
              if e.member == member and e.checkpoint != checkpoint and e.kind != NOTE}
    for other in sorted(others):
        holding, _ = _state(bundle, entries, member, other, at)
        if holding is not None:
            cp = bundle.checkpoint(other)
            return _refuse("checked_in_elsewhere",
                           msg("{who} is checked in at {name} since {when}; check out there "
                               "first", who=_name(bundle, member),
                               name=cp.name if cp is not None else other,
                               when=_when(holding.start, bundle.tz)))
    return None


def check_check_out(bundle: Bundle, entries: Sequence[LogEntry], member: str,
                    checkpoint: str, at: datetime, now: datetime) -> Refusal | None:
    """Why ``member`` should not be checked out of ``checkpoint`` at ``at``, or None."""
    cp, holding, nxt, refusal = _standing(bundle, entries, member, checkpoint, at, now)
    if refusal is not None or cp is None:
        return refusal
    if holding is None:
        return _refuse("not_checked_in",
                       msg("{who} is not checked in at {name} at {when}; "
                           "there is nothing to check out",
                           who=_name(bundle, member), name=cp.name, when=_when(at, bundle.tz)))
    return _later(bundle, member, nxt, CHECK_OUT)


def check_toggle(bundle: Bundle, entries: Sequence[LogEntry], member: str, checkpoint: str,
                 at: datetime, now: datetime) -> tuple[str, Refusal | None]:
    """The desk's one key: a check-out if ``member`` is checked in there, else a check-in.

    Returns the kind to write and why it should not be (or None); the same refusals as
    :func:`check_check_in` and :func:`check_check_out`, with the log read once.
    """
    _, holding, nxt, refusal = _standing(bundle, entries, member, checkpoint, at, now)
    if refusal is not None:
        return CHECK_IN, refusal
    kind = CHECK_IN if holding is None else CHECK_OUT
    if kind == CHECK_IN:
        elsewhere = _elsewhere(bundle, entries, member, checkpoint, at)
        if elsewhere is not None:
            return kind, elsewhere
    return kind, _later(bundle, member, nxt, kind)


def check_note(bundle: Bundle, checkpoint: str, category: str, at: datetime, now: datetime,
               *, member: str | None = None, count: int | None = None,
                text: str = "") -> Refusal | None:
    cp, refusal = _known(bundle, checkpoint, member)
    if refusal is not None or cp is None:
        return refusal
    if category not in NOTE_CATEGORIES:
        return _refuse("bad_category", msg("category {category!r}: choose one of {choices}",
                                           category=category, choices=list(NOTE_CATEGORIES)))
    if count is not None and count < 0:
        return _refuse("bad_count", msg("the count {count} is negative", count=count))
    if count is None and not text.strip():
        return _refuse("empty_note", msg("the note is empty: give a text or a count"))
    return check_time(bundle, cp, at, now)


def check_handover(bundle: Bundle, checkpoint: str, member: str, at: datetime,
                   now: datetime, *, text: str, new_items: Sequence[str] = ()) -> Refusal | None:
    cp, refusal = _known(bundle, checkpoint, member)
    if refusal is not None or cp is None:
        return refusal
    if not text.strip() and not any(i.strip() for i in new_items):
        return _refuse("empty_handover",
            msg("the handover is empty: write what the next shift should know"))
    return check_time(bundle, cp, at, now)


def find_version(versions: Sequence[Versioned], ident: str) -> Versioned | None:
    """The entry ``ident`` names: its first id, or the id of any version of it."""
    return next((v for v in versions
                 if ident == v.root or ident in {e.id for e in v.history}), None)


def check_confirm(bundle: Bundle, entries: Sequence[LogEntry], handover_id: str, member: str,
                  at: datetime, now: datetime) -> Refusal | None:
    """The incoming member confirms a handover that exists and nobody confirmed yet."""
    versions = resolve(entries)
    target = find_version(versions, handover_id)
    if target is None or target.void or entry_type(target.entry) != HANDOVER:
        return _refuse("unknown_handover",
                       msg("no handover {handover_id!r}", handover_id=handover_id))
    cp, refusal = _known(bundle, target.entry.checkpoint, member)
    if refusal is not None or cp is None:
        return refusal
    if target.entry.member == member:
        return _refuse("own_handover", msg(
            "the outgoing member cannot confirm their own handover; the incoming member "
            "confirms it"))
    refusal = _confirmed_already(bundle, versions, target)
    if refusal is not None:
        return refusal
    if at < target.entry.at:
        return _refuse("confirm_before_handover",
                       msg("the confirmation is earlier than the handover"))
    return check_time(bundle, cp, at, now)


def _confirmed_already(bundle: Bundle, versions: Sequence[Versioned],
                       target: Versioned) -> Refusal | None:
    for h in handovers(versions, target.entry.checkpoint):
        if h.id == target.root and h.confirmed_by is not None and h.confirmed_at is not None:
            return _refuse("already_confirmed", msg(
                "this handover was confirmed by {who} at {when} already",
                who=_name(bundle, h.confirmed_by), when=_when(h.confirmed_at, bundle.tz)),
                warning=True)
    return None


def check_close(bundle: Bundle, entries: Sequence[LogEntry], checkpoint: str,
                item_ids: Sequence[str], at: datetime, now: datetime, *,
                member: str | None = None) -> Refusal | None:
    cp, refusal = _known(bundle, checkpoint, member)
    if refusal is not None or cp is None:
        return refusal
    if not item_ids:
        return _refuse("no_items", msg("no open item chosen"))
    still_open = {i.id for i in open_items(resolve(entries), checkpoint, at)}
    for ident in item_ids:
        if ident not in still_open:
            return _refuse("item_not_open",
                msg("open item {ident} does not exist or is closed already",
                                                ident=ident))
    return check_time(bundle, cp, at, now)


def check_correction(bundle: Bundle, entries: Sequence[LogEntry], target_id: str,
                     new: LogEntry | None, now: datetime) -> Refusal | None:
    """A correction (``new``) or withdrawal (``new`` is None) of the entry ``target_id``."""
    target = find_version(resolve(entries), target_id)
    if target is None:
        return _refuse("unknown_entry", msg("no log entry {target_id!r}", target_id=target_id))
    if target.void:
        return _refuse("already_void", msg("that entry was withdrawn already"))
    if new is None:
        return None
    cp, refusal = _known(bundle, new.checkpoint, new.member)
    if refusal is not None or cp is None:
        return refusal
    return _bad_entry(new) or check_time(bundle, cp, new.at, now)


def _bad_entry(new: LogEntry) -> Refusal | None:
    """What is wrong with an entry's own fields (a category, a count, a member)."""
    if new.kind == NOTE and new.category not in NOTE_CATEGORIES:
        return _refuse("bad_category", msg("category {category!r}: choose one of {choices}",
                                           category=new.category, choices=list(NOTE_CATEGORIES)))
    if new.count is not None and new.count < 0:
        return _refuse("bad_count", msg("the count {count} is negative", count=new.count))
    if new.kind != NOTE and new.member is None:
        return _refuse("no_member", msg("a check-in or check-out names a member"))
    return None
