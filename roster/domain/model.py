"""The domain model: what a team, its rules, its people, checkpoints, roster and duty log *are*.

Plain frozen dataclasses and pure functions, no I/O, so the scheduler, the checker,
the exporters, the store and the TUI all speak the same language and can be tested
without a disk or a terminal. Semantics follow ``shared/spec/bundle.md``: half-open
intervals, shifts that cross midnight, ``end == start`` as a 24-hour shift, the
night rule, ISO weeks and the team's time zone.

Instants are aware :class:`datetime.datetime` values in the team's time zone
(``pendulum`` supplies the zone); calendar days are :class:`datetime.date`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Any, Literal

from roster.domain.plans import CheckpointChange, Crew, Rotation, Wish, plan_for
from roster.domain.timeutil import TimeOfDay, instant_at

Role = Literal["duty", "standby"]
LogKind = Literal["check_in", "check_out", "note"]

ROLES: tuple[str, ...] = ("duty", "standby")
LOG_KINDS: tuple[str, ...] = ("check_in", "check_out", "note")
NOTE_CATEGORIES: tuple[str, ...] = (
    "vehicle",
    "person",
    "temperature",
    "incident",
    "handover",
    "other",
)

#: The key (checkpoint id, start, end) that identifies one materialised shift.
ShiftKey = tuple[str, datetime, datetime]


def _extra() -> dict[str, Any]:
    return {}


@dataclass(frozen=True, slots=True)
class Team:
    name: str
    village: str = ""
    timezone: str = "Asia/Shanghai"
    lead: str | None = None
    #: A stable id (bundle v2): which team a file is about when many teams' files meet.
    #: Made once from the name (:func:`team_id_from_name`) and kept when the team is renamed.
    id: str = ""
    #: The township (乡镇) the village belongs to (bundle v2), for the county roll-up.
    township: str = ""
    extra: dict[str, Any] = field(default_factory=_extra, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Rules:
    min_rest_hours: float = 12
    max_shifts_per_day: int = 1
    max_consecutive_nights: int = 3
    max_hours_per_week: float = 56
    night_window: tuple[TimeOfDay, TimeOfDay] = (TimeOfDay(22 * 60), TimeOfDay(6 * 60))
    holidays: tuple[date, ...] = ()
    late_grace_minutes: int = 10
    #: v2: longest run of consecutive days a member starts a duty shift on (None: no limit).
    max_consecutive_days: int | None = None
    #: v2: days without duty after a run of nights ends.
    days_off_after_nights: int = 0
    extra: dict[str, Any] = field(default_factory=_extra, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Leave:
    """A half-open span ``[start, end)`` in which a member cannot be rostered."""

    start: datetime
    end: datetime
    reason: str = ""
    extra: dict[str, Any] = field(default_factory=_extra, hash=False, compare=False)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    name: str
    phone: str = ""
    unit: str = ""
    tags: tuple[str, ...] = ()
    no_nights: bool = False
    max_hours_per_week: float | None = None
    unavailable: tuple[Leave, ...] = ()
    #: v2, hard: the only checkpoints this member may serve at (None: any).
    only_checkpoints: tuple[str, ...] | None = None
    #: v2, soft: days the member asked to have off (or on).
    wishes: tuple[Wish, ...] = ()
    extra: dict[str, Any] = field(default_factory=_extra, hash=False, compare=False)

    def may_serve_at(self, checkpoint: str) -> bool:
        return self.only_checkpoints is None or checkpoint in self.only_checkpoints

    def has_tag(self, tag: str) -> bool:
        return tag in self.tags

    def weekly_cap(self, rules: Rules) -> float:
        """This member's own weekly cap when set, else the team's."""
        if self.max_hours_per_week is not None:
            return self.max_hours_per_week
        return rules.max_hours_per_week

    def leave_during(self, start: datetime, end: datetime) -> Leave | None:
        for span in self.unavailable:
            if span.overlaps(start, end):
                return span
        return None


@dataclass(frozen=True, slots=True)
class ShiftTemplate:
    """One line of a checkpoint's daily pattern, e.g. 08:00-16:00, two people, one party member."""

    start: TimeOfDay
    end: TimeOfDay
    need: int = 1
    need_tags: Mapping[str, int] = field(default_factory=dict, hash=False)
    night: bool | None = None
    standby: int = 0
    #: v2: ISO weekdays (1 = Monday) this template runs on (None: every day).
    weekdays: tuple[int, ...] | None = None
    #: v2: the crews that hold this template's shifts in turn.
    rotation: Rotation | None = None
    extra: dict[str, Any] = field(default_factory=_extra, hash=False, compare=False)

    def runs_on_weekday(self, day: date) -> bool:
        return self.weekdays is None or day.isoweekday() in self.weekdays

    @property
    def crosses_midnight(self) -> bool:
        """``end <= start`` means the shift ends the next day (``==`` is a 24-hour shift)."""
        return self.end.minutes <= self.start.minutes

    def nominal_minutes(self) -> int:
        """Length on a day without a clock change."""
        length = self.end.minutes - self.start.minutes
        return length + 24 * 60 if length <= 0 else length

    def label(self) -> str:
        return f"{self.start}–{self.end}"


@dataclass(frozen=True, slots=True)
class Checkpoint:
    id: str
    name: str
    shifts: tuple[ShiftTemplate, ...]
    location: str = ""
    open_from: date | None = None
    open_to: date | None = None
    #: v2: dates on which the daily pattern differs (surge, closure, tags).
    changes: tuple[CheckpointChange, ...] = ()
    extra: dict[str, Any] = field(default_factory=_extra, hash=False, compare=False)

    def is_open_on(self, day: date) -> bool:
        if self.open_from is not None and day < self.open_from:
            return False
        return not (self.open_to is not None and day > self.open_to)

    def runs(self, index: int, day: date) -> bool:
        """Whether template ``index`` has a shift on ``day`` (open, its weekday, not closed)."""
        template = self.shifts[index]
        if not (self.is_open_on(day) and template.runs_on_weekday(day)):
            return False
        if not self.changes:
            return True
        return not plan_for(self.changes, index, day, 1, {}, 0).closed


@dataclass(frozen=True, slots=True)
class Shift:
    """A template made real on one date: the unit that needs people."""

    checkpoint: str
    template: int
    day: date
    start: datetime
    end: datetime
    need: int
    need_tags: Mapping[str, int]
    standby: int
    night: bool

    @property
    def key(self) -> ShiftKey:
        return (self.checkpoint, self.start, self.end)

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


@dataclass(frozen=True, slots=True)
class Assignment:
    """One person on one shift (one object per person per shift, as in the bundle)."""

    checkpoint: str
    start: datetime
    end: datetime
    member: str
    locked: bool = False
    role: Role = "duty"
    extra: dict[str, Any] = field(default_factory=_extra, hash=False, compare=False)

    @property
    def shift_key(self) -> ShiftKey:
        return (self.checkpoint, self.start, self.end)


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One line of the duty log; never edited in place (a correction names what it corrects)."""

    id: str
    at: datetime
    recorded_at: datetime
    checkpoint: str
    kind: LogKind
    member: str | None = None
    category: str = ""
    count: int | None = None
    text: str = ""
    corrects: str | None = None
    extra: dict[str, Any] = field(default_factory=_extra, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Period:
    """``[start, end)`` in the team's time zone, from ``--start D --days N``."""

    first_day: date
    days: int
    start: datetime
    end: datetime

    def dates(self) -> Iterator[date]:
        for offset in range(self.days):
            yield self.first_day + timedelta(days=offset)

    def contains(self, instant: datetime) -> bool:
        return self.start <= instant < self.end


@dataclass(frozen=True, slots=True)
class Bundle:
    """A whole team: what one bundle file holds and what the store keeps."""

    team: Team
    rules: Rules = field(default_factory=Rules)
    members: tuple[Member, ...] = ()
    checkpoints: tuple[Checkpoint, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    logs: tuple[LogEntry, ...] = ()
    #: v2: fixed groups of members that hold rotated templates' shifts in turn.
    crews: tuple[Crew, ...] = ()
    extra: dict[str, Any] = field(default_factory=_extra, hash=False, compare=False)
    #: When the file this bundle was read from was written (bundle v2 ``exported_at``);
    #: None for a bundle that was never exported (the store's own copy).
    exported_at: datetime | None = field(default=None, compare=False)

    @property
    def tz(self) -> tzinfo:
        from roster.domain.timeutil import zone

        return zone(self.team.timezone)

    def member(self, member_id: str) -> Member | None:
        for m in self.members:
            if m.id == member_id:
                return m
        return None

    def checkpoint(self, checkpoint_id: str) -> Checkpoint | None:
        for c in self.checkpoints:
            if c.id == checkpoint_id:
                return c
        return None

    def asked_tags(self) -> set[str]:
        """Every tag some shift asks for (templates, and the changes of v2)."""
        out = {tag for cp in self.checkpoints for t in cp.shifts for tag in t.need_tags}
        out.update(tag for cp in self.checkpoints for ch in cp.changes
                   for tag in ch.need_tags or ())
        return out

    def members_by_id(self) -> dict[str, Member]:
        return {m.id: m for m in self.members}

    def checkpoints_by_id(self) -> dict[str, Checkpoint]:
        return {c.id: c for c in self.checkpoints}

    def period(self, first_day: date, days: int) -> Period:
        return make_period(first_day, days, self.tz)


# --- time arithmetic that belongs to the domain --------------------------------------------


def make_period(first_day: date, days: int, tz: tzinfo) -> Period:
    if days < 1:
        raise ValueError("a period has at least one day")
    last = first_day + timedelta(days=days)
    return Period(first_day, days, instant_at(first_day, TimeOfDay(0), tz),
                  instant_at(last, TimeOfDay(0), tz))


def shift_times(day: date, template: ShiftTemplate, tz: tzinfo) -> tuple[datetime, datetime]:
    """Start and end of ``template`` materialised on ``day`` (end on the next day if it crosses)."""
    start = instant_at(day, template.start, tz)
    end_day = day + timedelta(days=1) if template.crosses_midnight else day
    end = instant_at(end_day, template.end, tz)
    return start, end


def night_minutes(start: datetime, end: datetime, window: tuple[TimeOfDay, TimeOfDay],
                  tz: tzinfo) -> float:
    """Minutes of ``[start, end)`` that fall inside the nightly window (in real elapsed time)."""
    w_start, w_end = window
    first = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date()
    total = 0.0
    day = first
    while day <= last:
        ws = instant_at(day, w_start, tz)
        we_day = day + timedelta(days=1) if w_end.minutes <= w_start.minutes else day
        we = instant_at(we_day, w_end, tz)
        lo = max(ws, start)
        hi = min(we, end)
        if lo < hi:
            total += (hi - lo).total_seconds() / 60
        day += timedelta(days=1)
    return total


def is_night(start: datetime, end: datetime, template: ShiftTemplate, rules: Rules,
             tz: tzinfo) -> bool:
    """The night rule: forced by the template, else at least half the shift in the window."""
    if template.night is not None:
        return template.night
    length = (end - start).total_seconds() / 60
    if length <= 0:
        return False
    return night_minutes(start, end, rules.night_window, tz) * 2 >= length


def materialise(checkpoint: Checkpoint, days: Iterator[date] | list[date], rules: Rules,
                tz: tzinfo) -> list[Shift]:
    """Every shift of ``checkpoint`` belonging to the given dates it is open on."""
    out: list[Shift] = []
    window = (rules.night_window[0].minutes, rules.night_window[1].minutes)
    for day in days:
        if not checkpoint.is_open_on(day):
            continue
        for index, template in enumerate(checkpoint.shifts):
            if template.weekdays is not None and day.isoweekday() not in template.weekdays:
                continue
            need, need_tags, standby = template.need, template.need_tags, template.standby
            if checkpoint.changes:
                plan = plan_for(checkpoint.changes, index, day, need, need_tags, standby)
                if plan.closed:
                    continue
                need, need_tags, standby = plan.need, plan.need_tags, plan.standby
            start, end, night = _placed(day, template.start.minutes, template.end.minutes,
                                        template.night, window, tz)
            out.append(Shift(
                checkpoint=checkpoint.id,
                template=index,
                day=day,
                start=start,
                end=end,
                need=need,
                need_tags=need_tags,
                standby=standby,
                night=night,
            ))
    return out


@lru_cache(maxsize=16384)
def _placed(day: date, start: int, end: int, night: bool | None, window: tuple[int, int],
            tz: tzinfo) -> tuple[datetime, datetime, bool]:
    """Start, end and night flag of a template (by its minutes) on ``day``, computed once.

    A county team has a hundred checkpoints sharing two or three daily patterns, and the
    checker and the generator materialise a month of them on every run; the zone
    arithmetic behind these three values is what that costs. The key is plain ints so
    that looking it up costs less than what it saves.
    """
    template = ShiftTemplate(TimeOfDay(start), TimeOfDay(end), night=night)
    rules = Rules(night_window=(TimeOfDay(window[0]), TimeOfDay(window[1])))
    s, e = shift_times(day, template, tz)
    return s, e, is_night(s, e, template, rules, tz)


def shifts_in(bundle: Bundle, first_day: date, days: int,
              checkpoint_ids: set[str] | None = None) -> list[Shift]:
    """All shifts belonging to the days ``[first_day, first_day + days)``, in time order."""
    tz = bundle.tz
    dates = [first_day + timedelta(days=i) for i in range(days)]
    out: list[Shift] = []
    for cp in bundle.checkpoints:
        if checkpoint_ids is not None and cp.id not in checkpoint_ids:
            continue
        out.extend(materialise(cp, dates, bundle.rules, tz))
    out.sort(key=lambda s: (s.start, s.checkpoint, s.template))
    return out


def shift_for(bundle: Bundle, checkpoint: Checkpoint, start: datetime,
              end: datetime) -> Shift | None:
    """The materialised shift of ``checkpoint`` that starts at ``start`` and ends at ``end``."""
    tz = bundle.tz
    local = start.astimezone(tz)
    for day in (local.date(), local.date() - timedelta(days=1)):
        if not checkpoint.is_open_on(day):
            continue
        for shift in materialise(checkpoint, [day], bundle.rules, tz):
            if shift.start == start and shift.end == end:
                return shift
    return None


@lru_cache(maxsize=4096)
def iso_week(day: date) -> tuple[int, int]:
    """(ISO year, ISO week) of a calendar day: the week a shift's hours count toward.

    Cached so that the thousands of duties of one week share one tuple (fewer live
    objects for the garbage collector to walk while a month is checked).
    """
    iso = day.isocalendar()
    return (iso[0], iso[1])


def templates_overlap(a: ShiftTemplate, b: ShiftTemplate) -> bool:
    """Whether two templates of one checkpoint overlap within a (nominal) day.

    Both are laid on the same day and on neighbouring days, so that a night template
    (22:00-06:00) clashes with an early one (05:00-13:00).
    """
    def spans(t: ShiftTemplate, offset: int) -> tuple[int, int]:
        s = t.start.minutes + offset
        return s, s + t.nominal_minutes()

    a0, a1 = spans(a, 0)
    for offset in (-1440, 0, 1440):
        b0, b1 = spans(b, offset)
        if a0 < b1 and b0 < a1:
            return True
    return False


def team_id_from_name(name: str) -> str:
    """The id a team without one gets: made from its name, so two version 1 files of one
    team get the same id; the store writes it once and keeps it through renames."""
    ascii_part = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_part.lower()))[:24]
    digest = hashlib.sha256(name.strip().encode("utf-8")).hexdigest()[:10]
    return f"{slug}-{digest}" if slug else f"team-{digest}"
