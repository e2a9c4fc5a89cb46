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

from roster.domain.model import NOTE_CATEGORIES, Bundle, Checkpoint, LogEntry
from roster.domain.timeutil import TimeOfDay, instant_at
from roster.dutylog.entries import (
    AUTO_CLOSE,
    CHECK_IN,
    CHECK_OUT,
    CLOCK_SKEW,
    HANDOVER,
    NOTE,
    Session,
    entry_type,
    handovers,
    open_items,
    planned_end,
    resolve,
    sessions,
)
from roster.i18n import pick

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
    message: str
    warning: bool = False


def _refuse(code: str, lang: str, zh: str, en: str, *, warning: bool = False) -> Refusal:
    return Refusal(code, pick(lang, zh, en), warning)


def _when(value: datetime, tz: tzinfo) -> str:
    return f"{value.astimezone(tz):%Y-%m-%d %H:%M}"


def _name(bundle: Bundle, member: str) -> str:
    m = bundle.member(member)
    return m.name if m is not None else member


def check_time(bundle: Bundle, checkpoint: Checkpoint, at: datetime, now: datetime,
               lang: str) -> Refusal | None:
    """Not in the future (beyond the clock skew), not outside the checkpoint's days."""
    tz = bundle.tz
    if at > now + CLOCK_SKEW:
        return _refuse("in_future", lang,
                       f"时间 {_when(at, tz)} 在将来（现在是 {_when(now, tz)}）",
                       f"{_when(at, tz)} is in the future (it is now {_when(now, tz)})")
    if checkpoint.open_from is not None:
        opened = instant_at(checkpoint.open_from, TimeOfDay(0), tz)
        if at < opened:
            return _refuse("before_open", lang,
                           f"{checkpoint.name} {checkpoint.open_from} 才开设，"
                           f"{_when(at, tz)} 时还没有这个卡点",
                           f"{checkpoint.name} opened on {checkpoint.open_from}; "
                           f"{_when(at, tz)} is before that")
    if checkpoint.open_to is not None:
        closed = instant_at(checkpoint.open_to + timedelta(days=1), TimeOfDay(0), tz)
        if at >= closed:
            return _refuse("after_close", lang,
                           f"{checkpoint.name} 已于 {checkpoint.open_to} 撤除",
                           f"{checkpoint.name} was staffed until {checkpoint.open_to}; "
                           f"{_when(at, tz)} is after that")
    return None


def _known(bundle: Bundle, checkpoint: str, member: str | None,
           lang: str) -> tuple[Checkpoint | None, Refusal | None]:
    cp = bundle.checkpoint(checkpoint)
    if cp is None:
        return None, _refuse("unknown_checkpoint", lang, f"没有卡点 {checkpoint!r}",
                             f"no checkpoint {checkpoint!r}")
    if member is not None and bundle.member(member) is None:
        return cp, _refuse("unknown_member", lang, f"没有队员 {member!r}",
                           f"no member {member!r}")
    return cp, None


def _state(bundle: Bundle, entries: Sequence[LogEntry], member: str, checkpoint: str,
           at: datetime) -> tuple[Session | None, LogEntry | None]:
    """The member's session at ``checkpoint`` open at ``at`` (if any), and their next event.

    The next event is the first check-in or check-out after ``at``, and only while it
    would pair with an entry written at ``at`` (before the open session, or one started
    at ``at``, stops counting).
    """
    # Only this member's check-ins and outs here matter, and corrections (which may have
    # moved an entry to or from this member); resolving just those keeps a desk key fast.
    relevant = [e for e in entries if e.corrects is not None
                or (e.member == member and e.checkpoint == checkpoint and e.kind != NOTE)]
    mine = [v for v in resolve(relevant)
            if not v.void and v.entry.member == member and v.entry.checkpoint == checkpoint
            and v.entry.kind != NOTE]
    ss, _ = sessions(bundle, [v for v in mine if v.entry.at <= at], at)
    holding = next((s for s in ss if s.end is None), None)
    later = [v.entry for v in mine if v.entry.at > at]
    nxt = min(later, key=lambda e: (e.at, e.kind != CHECK_IN), default=None)
    if nxt is not None:
        start = holding.start if holding is not None else at
        if nxt.at >= planned_end(bundle, member, checkpoint, start) + AUTO_CLOSE:
            nxt = None
    return holding, nxt


def check_check_in(bundle: Bundle, entries: Sequence[LogEntry], member: str, checkpoint: str,
                   at: datetime, now: datetime, lang: str = "zh") -> Refusal | None:
    """Why ``member`` should not be checked in at ``checkpoint`` at ``at``, or None."""
    cp, refusal = _known(bundle, checkpoint, member, lang)
    if refusal is not None or cp is None:
        return refusal
    refusal = check_time(bundle, cp, at, now, lang)
    if refusal is not None:
        return refusal
    tz = bundle.tz
    holding, nxt = _state(bundle, entries, member, checkpoint, at)
    if holding is not None:
        return _refuse("already_checked_in", lang,
                       f"{_name(bundle, member)} 已于 {_when(holding.start, tz)} 签到，"
                       "未重复记录",
                       f"{_name(bundle, member)} checked in at {_when(holding.start, tz)} "
                       "already; not recorded twice", warning=True)
    if nxt is not None and nxt.kind == CHECK_IN:
        return _refuse("later_check_in", lang,
                       f"{_name(bundle, member)} 在 {_when(nxt.at, tz)} 已有签到；"
                       "要改时间请更正那一条",
                       f"{_name(bundle, member)} has a check-in at {_when(nxt.at, tz)}; "
                       "correct that entry to change its time")
    return None


def check_check_out(bundle: Bundle, entries: Sequence[LogEntry], member: str,
                    checkpoint: str, at: datetime, now: datetime,
                    lang: str = "zh") -> Refusal | None:
    """Why ``member`` should not be checked out of ``checkpoint`` at ``at``, or None."""
    cp, refusal = _known(bundle, checkpoint, member, lang)
    if refusal is not None or cp is None:
        return refusal
    refusal = check_time(bundle, cp, at, now, lang)
    if refusal is not None:
        return refusal
    tz = bundle.tz
    holding, nxt = _state(bundle, entries, member, checkpoint, at)
    if holding is None:
        return _refuse("not_checked_in", lang,
                       f"{_name(bundle, member)} {_when(at, tz)} 时不在{cp.name}签到状态，"
                       "不能签退",
                       f"{_name(bundle, member)} is not checked in at {cp.name} at "
                       f"{_when(at, tz)}; there is nothing to check out")
    if nxt is not None and nxt.kind == CHECK_OUT:
        return _refuse("later_check_out", lang,
                       f"{_name(bundle, member)} 已于 {_when(nxt.at, tz)} 签退；"
                       "要改时间请更正那一条",
                       f"{_name(bundle, member)} checked out at {_when(nxt.at, tz)} "
                       "already; correct that entry to change its time")
    return None


def check_toggle(bundle: Bundle, entries: Sequence[LogEntry], member: str, checkpoint: str,
                 at: datetime, now: datetime, lang: str = "zh") -> tuple[str, Refusal | None]:
    """The desk's one key: a check-out if ``member`` is checked in there, else a check-in.

    Returns the kind to write and why it should not be (or None); the same refusals as
    :func:`check_check_in` and :func:`check_check_out`, with the log read once.
    """
    cp, refusal = _known(bundle, checkpoint, member, lang)
    if refusal is None and cp is not None:
        refusal = check_time(bundle, cp, at, now, lang)
    if refusal is not None or cp is None:
        return CHECK_IN, refusal
    tz = bundle.tz
    holding, nxt = _state(bundle, entries, member, checkpoint, at)
    if holding is None:
        if nxt is not None and nxt.kind == CHECK_IN:
            return CHECK_IN, _refuse(
                "later_check_in", lang,
                f"{_name(bundle, member)} 在 {_when(nxt.at, tz)} 已有签到；要改时间请更正那一条",
                f"{_name(bundle, member)} has a check-in at {_when(nxt.at, tz)}; "
                "correct that entry to change its time")
        return CHECK_IN, None
    if nxt is not None and nxt.kind == CHECK_OUT:
        return CHECK_OUT, _refuse(
            "later_check_out", lang,
            f"{_name(bundle, member)} 已于 {_when(nxt.at, tz)} 签退；要改时间请更正那一条",
            f"{_name(bundle, member)} checked out at {_when(nxt.at, tz)} already; correct "
            "that entry to change its time")
    return CHECK_OUT, None


def check_note(bundle: Bundle, checkpoint: str, category: str, at: datetime, now: datetime,
               *, member: str | None = None, count: int | None = None, text: str = "",
               lang: str = "zh") -> Refusal | None:
    cp, refusal = _known(bundle, checkpoint, member, lang)
    if refusal is not None or cp is None:
        return refusal
    if category not in NOTE_CATEGORIES:
        return _refuse("bad_category", lang,
                       f"类别 {category!r} 不对，应为 {'、'.join(NOTE_CATEGORIES)} 之一",
                       f"category {category!r}: choose one of {', '.join(NOTE_CATEGORIES)}")
    if count is not None and count < 0:
        return _refuse("bad_count", lang, f"数量 {count} 不能为负",
                       f"the count {count} is negative")
    if count is None and not text.strip():
        return _refuse("empty_note", lang, "记录是空的：请写内容或数量",
                       "the note is empty: give a text or a count")
    return check_time(bundle, cp, at, now, lang)


def check_handover(bundle: Bundle, checkpoint: str, member: str, at: datetime,
                   now: datetime, *, text: str, new_items: Sequence[str] = (),
                   lang: str = "zh") -> Refusal | None:
    cp, refusal = _known(bundle, checkpoint, member, lang)
    if refusal is not None or cp is None:
        return refusal
    if not text.strip() and not any(i.strip() for i in new_items):
        return _refuse("empty_handover", lang, "交接内容是空的：写下接班人需要知道的事",
                       "the handover is empty: write what the next shift should know")
    return check_time(bundle, cp, at, now, lang)


def check_confirm(bundle: Bundle, entries: Sequence[LogEntry], handover_id: str, member: str,
                  at: datetime, now: datetime, lang: str = "zh") -> Refusal | None:
    """The incoming member confirms a handover that exists and nobody confirmed yet."""
    tz = bundle.tz
    versions = resolve(entries)
    target = next((v for v in versions
                   if handover_id == v.root or handover_id in {e.id for e in v.history}), None)
    if target is None or target.void or entry_type(target.entry) != HANDOVER:
        return _refuse("unknown_handover", lang, f"没有交接记录 {handover_id!r}",
                       f"no handover {handover_id!r}")
    cp, refusal = _known(bundle, target.entry.checkpoint, member, lang)
    if refusal is not None or cp is None:
        return refusal
    if target.entry.member == member:
        return _refuse("own_handover", lang, "交班人不能自己确认交接，请接班人确认",
                       "the outgoing member cannot confirm their own handover; the incoming "
                       "member confirms it")
    for h in handovers(versions, target.entry.checkpoint):
        if h.id == target.root and h.confirmed_by is not None and h.confirmed_at is not None:
            return _refuse("already_confirmed", lang,
                           f"该交接已由 {_name(bundle, h.confirmed_by)} 于 "
                           f"{_when(h.confirmed_at, tz)} 确认",
                           f"this handover was confirmed by {_name(bundle, h.confirmed_by)} "
                           f"at {_when(h.confirmed_at, tz)} already", warning=True)
    if at < target.entry.at:
        return _refuse("confirm_before_handover", lang, "确认时间早于交接时间",
                       "the confirmation is earlier than the handover")
    return check_time(bundle, cp, at, now, lang)


def check_close(bundle: Bundle, entries: Sequence[LogEntry], checkpoint: str,
                item_ids: Sequence[str], at: datetime, now: datetime, *,
                member: str | None = None, lang: str = "zh") -> Refusal | None:
    cp, refusal = _known(bundle, checkpoint, member, lang)
    if refusal is not None or cp is None:
        return refusal
    if not item_ids:
        return _refuse("no_items", lang, "没有选中待办事项", "no open item chosen")
    still_open = {i.id for i in open_items(resolve(entries), checkpoint, at)}
    for ident in item_ids:
        if ident not in still_open:
            return _refuse("item_not_open", lang, f"待办事项 {ident} 不存在或已关闭",
                           f"open item {ident} does not exist or is closed already")
    return check_time(bundle, cp, at, now, lang)


def check_correction(bundle: Bundle, entries: Sequence[LogEntry], target_id: str,
                     new: LogEntry | None, now: datetime, lang: str = "zh") -> Refusal | None:
    """A correction (``new``) or withdrawal (``new`` is None) of the entry ``target_id``."""
    target = next((v for v in resolve(entries)
                   if target_id == v.root or target_id in {e.id for e in v.history}), None)
    if target is None:
        return _refuse("unknown_entry", lang, f"没有日志条目 {target_id!r}",
                       f"no log entry {target_id!r}")
    if target.void:
        return _refuse("already_void", lang, "该条目已撤销", "that entry was withdrawn already")
    if new is None:
        return None
    cp, refusal = _known(bundle, new.checkpoint, new.member, lang)
    if refusal is not None or cp is None:
        return refusal
    if new.kind == NOTE and new.category not in NOTE_CATEGORIES:
        return _refuse("bad_category", lang, f"类别 {new.category!r} 不对",
                       f"category {new.category!r} is not one of {', '.join(NOTE_CATEGORIES)}")
    if new.count is not None and new.count < 0:
        return _refuse("bad_count", lang, f"数量 {new.count} 不能为负",
                       f"the count {new.count} is negative")
    if new.kind != NOTE and new.member is None:
        return _refuse("no_member", lang, "签到签退须写明队员",
                       "a check-in or check-out names a member")
    return check_time(bundle, cp, new.at, now, lang)
