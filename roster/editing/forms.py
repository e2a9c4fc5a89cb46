"""Form text into model objects, with the same strictness as a bundle import.

Every bad field gets its own problem (``Problem.where`` is the field's name), so a form
shows every message at once, next to its field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta, tzinfo

from roster.domain.errors import Problem, UserError
from roster.domain.messages import Message, msg
from roster.domain.model import Checkpoint, Leave, Member, Rules, ShiftTemplate
from roster.domain.phone import normalise_phone
from roster.domain.timeutil import (
    TimeError,
    TimeOfDay,
    instant_at,
    parse_date,
    parse_time_of_day,
)


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
    phone = normalise_phone(f.text("phone"))
    if phone is None:  # the member import's rule: one rule wherever a phone comes in
        f.bad("phone", msg("{phone!r} is not a mobile (11 digits) or landline (0AA-NNNNNNNN) "
                           "number", phone=f.text("phone")))
    cap = f.number("max_hours", None, minimum=0, above=True)
    only = base.only_checkpoints
    if "only_checkpoints" in values:  # v2: blank means any checkpoint
        only = f.words("only_checkpoints") or None
    f.done()
    return replace(base, name=name, unit=f.text("unit"), phone=phone or "", tags=f.words("tags"),
                   no_nights=values.get("no_nights", "") in ("1", "true", "True"),
                   max_hours_per_week=cap, only_checkpoints=only)


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
    if not f.text("need"):
        f.bad("need", msg("must not be empty"))
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
    weekdays = base.weekdays if base is not None else None
    if "weekdays" in values:
        weekdays = _weekdays(f)
    f.done()
    assert start is not None and end is not None
    extra = base.extra if base is not None else {}
    return ShiftTemplate(start, end, need, tags, night, standby, weekdays,
                         base.rotation if base is not None else None, extra=dict(extra))


def _weekdays(f: _Form) -> tuple[int, ...] | None:
    """``weekdays``: numbers 1-7 (1 = Monday) separated by commas or spaces; blank: every day."""
    days: list[int] = []
    for word in f.words("weekdays"):
        if not word.isdigit() or not 1 <= int(word) <= 7:
            f.bad("weekdays", msg("weekday {day!r} is not a whole number from 1 (Monday) to 7 "
                                  "(Sunday)", day=word))
            continue
        days.append(int(word))
    return tuple(sorted(set(days))) or None


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
    days = base.max_consecutive_days
    if "max_consecutive_days" in values:  # v2: blank means no limit
        days = int(f.number("max_consecutive_days", None, minimum=1, whole=True) or 0) or None
    off = f.integer("days_off_after_nights", base.days_off_after_nights, minimum=0)
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
                   holidays=tuple(sorted(set(holidays))), max_consecutive_days=days,
                   days_off_after_nights=off)
