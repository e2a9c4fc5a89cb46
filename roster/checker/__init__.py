"""The single judge of a roster: every gap and every broken rule in a period, as data.

``roster check``, the generator's self-check, the TUI's live warnings and every test ask
this module, so a roster cannot be "fine" in one place and "wrong" in another. It
decides *which* shifts and assignments to look at (the spec's period semantics, the
neighbours outside the period that still matter) and *how to report* them; whether a
pair of shifts is too close, a week too long or a run of nights too many is asked of
the predicates in :mod:`roster.rules` and never compared here, so a rule lives in one
place only.

What is checked (``shared/spec/bundle.md``, "What ``roster check`` reports"):

* Coverage gaps for every shift that *overlaps* the period (the 00:00-08:00 shift of the
  period's first day, and the 22:00-06:00 shift of the day before, which reaches into it).
  ``uncovered`` is the part of a checkpoint's active days inside the period that no
  shift covers.
* Member-rule violations for assignments that *start* in the period, together with the
  neighbours outside it they interact with: a rest or overlap pair with one side inside,
  a night run with a night inside, every shift of an ISO week the period touches.

Decisions where the spec leaves room (tests pin each one):

* Coverage ignores member rules, as the spec says: a valid assignment counts toward its
  shift however many rules it breaks. So one member on *duty and standby* of the same
  shift counts toward ``need`` and toward ``standby``; the clash is reported once, as an
  ``overlap`` of the two assignments, and the standby one is the one to move. Coverage
  therefore never falls when an assignment is added.
* A member on the same shift twice in the same role counts once, for coverage and for
  the rules; the duplicate is not itself reported.
* Standby assignments are held to ``unavailable`` and to ``overlap`` with the member's
  own duty shifts only (not ``no_nights``, which is a night rule, nor rest, hours,
  nights or shifts per day); two overlapping standbys are not a violation.
* A checkpoint that opens on a day is active from that day's 00:00; if its first shift
  of the day starts later (say 06:00, the night shift belonging to the day before, when
  it was closed), the hours before it are ``uncovered``.
* ``invalid_assignment`` covers assignments starting in the period; it counts toward
  nothing and is subject to no other rule.
* An ISO week over the cap is reported only if one of its shifts starts in the period
  (a period starting on Thursday does not report a week already broken by Wednesday);
  the same holds for every violation: each names at least one assignment in the period.

What to do (``Violation.move``, ``Gap.candidates``): the later of a rest or overlap pair
(the standby of a duty/standby clash), the first night past the limit in a run (which
leaves a run of exactly the limit), the last shift of a day or week over its cap, and
the assignment itself for leave, ``no_nights`` and invalid ones; a locked assignment is
passed over while an unlocked one will do. Candidates are members whose
:class:`roster.rules.MemberLedger` allows the shift (and who hold the tag, for
``missing_tag``), fewest shifts in the period first; they are searched for the first
``SUGGESTED_GAPS`` gaps only, because a month of a county roster can have thousands.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from roster.domain.model import (
    Assignment,
    Bundle,
    Checkpoint,
    Member,
    Period,
    Shift,
    ShiftKey,
    materialise,
)
from roster.domain.timeutil import TimeOfDay, format_instant, instant_at
from roster.rules import (
    CONSECUTIVE_NIGHTS,
    HOURS_PER_WEEK,
    INVALID_ASSIGNMENT,
    NO_NIGHTS,
    OVERLAP,
    REST,
    SHIFTS_PER_DAY,
    UNAVAILABLE,
    Duty,
    GapKind,
    MemberLedger,
    RuleKind,
    RuleSet,
    duty_of,
    leave_spans,
    night_runs,
)
from roster.rules.eligibility import may_take
from roster.rules.kinds import GAP_KINDS, VIOLATION_KINDS

UNCOVERED = GapKind.UNCOVERED
UNDERSTAFFED = GapKind.UNDERSTAFFED
MISSING_TAG = GapKind.MISSING_TAG
MISSING_STANDBY = GapKind.MISSING_STANDBY
_GAP_ORDER = {k: i for i, k in enumerate(GAP_KINDS)}
_VIOLATION_ORDER = {k: i for i, k in enumerate(VIOLATION_KINDS)}

#: Members suggested per gap.
CANDIDATES_PER_GAP = 5
#: Gaps (in report order) that get candidates by default: a village team's week fits
#: (the demo's has 91), while a month of a county roster full of holes would otherwise
#: spend more on suggestions nobody reads past the first screens than on the check.
SUGGESTED_GAPS = 100

# A materialised shift lasts at most a day plus a clock change.
_LONGEST_SHIFT = 26 * 3600


def _no_detail() -> dict[str, Any]:
    return {}


@dataclass(frozen=True, slots=True)
class Gap:
    """A shift (or a stretch of a checkpoint's day) that has fewer people than it needs.

    ``candidates`` are member ids who could fill it without breaking a rule, best first;
    ``searched`` says whether they were looked for at all (an empty tuple then means
    nobody can).
    """

    kind: GapKind
    checkpoint: str
    start: datetime
    end: datetime
    need: int | None = None
    have: int | None = None
    tag: str | None = None
    candidates: tuple[str, ...] = ()
    searched: bool = False

    @property
    def key(self) -> ShiftKey:
        return (self.checkpoint, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Violation:
    """A member rule broken by the named assignments; ``move`` is the one to change."""

    kind: RuleKind
    member: str
    assignments: tuple[Assignment, ...]
    detail: Mapping[str, Any] = field(default_factory=_no_detail, hash=False)
    move: Assignment | None = None

    @property
    def start(self) -> datetime:
        return self.assignments[0].start


def _gap_sort_key(g: Gap) -> tuple[Any, ...]:
    return (g.start, g.checkpoint, _GAP_ORDER.get(g.kind, 99), g.tag or "", g.end)


def _violation_sort_key(v: Violation) -> tuple[Any, ...]:
    return (v.start, v.member, _VIOLATION_ORDER.get(v.kind, 99),
            tuple((a.start, a.checkpoint, a.end, a.role) for a in v.assignments))


@dataclass(frozen=True, slots=True)
class Report:
    """Everything ``check`` found in a period, in a stable order (by start, then id)."""

    period: Period
    gaps: tuple[Gap, ...]
    violations: tuple[Violation, ...]
    shifts: int = 0  # shifts whose coverage was checked
    assignments: int = 0  # assignments starting in the period
    member_names: Mapping[str, str] = field(default_factory=dict, hash=False)
    checkpoint_names: Mapping[str, str] = field(default_factory=dict, hash=False)

    @property
    def ok(self) -> bool:
        return not self.gaps and not self.violations

    def counts(self) -> dict[str, int]:
        """Problems per kind, gap kinds first, only kinds that occur."""
        out: dict[str, int] = {}
        for kind in GAP_KINDS:
            n = sum(1 for g in self.gaps if g.kind == kind)
            if n:
                out[kind] = n
        for rule in VIOLATION_KINDS:
            n = sum(1 for v in self.violations if v.kind == rule)
            if n:
                out[rule] = n
        return out

    def gaps_by_checkpoint(self) -> dict[str, list[Gap]]:
        out: dict[str, list[Gap]] = {}
        for g in self.gaps:
            out.setdefault(g.checkpoint, []).append(g)
        return out

    def violations_by_member(self) -> dict[str, list[Violation]]:
        out: dict[str, list[Violation]] = {}
        for v in self.violations:
            out.setdefault(v.member, []).append(v)
        return out

    def involving(self, assignment: Assignment) -> list[Violation]:
        """The violations that name ``assignment`` (what the TUI flags on a cell)."""
        return [v for v in self.violations if assignment in v.assignments]

    def to_json(self, tz: tzinfo) -> dict[str, Any]:
        """The object ``roster check --json`` prints (spec shape, plus names and advice)."""
        return {
            "period": {"start": format_instant(self.period.start, tz),
                       "end": format_instant(self.period.end, tz)},
            "ok": self.ok,
            "summary": {"gaps": len(self.gaps), "violations": len(self.violations),
                        "shifts": self.shifts, "assignments": self.assignments,
                        "by_kind": self.counts()},
            "gaps": [self._gap_json(g, tz) for g in self.gaps],
            "violations": [self._violation_json(v, tz) for v in self.violations],
        }

    def _gap_json(self, g: Gap, tz: tzinfo) -> dict[str, Any]:
        doc: dict[str, Any] = {"kind": g.kind, "checkpoint": g.checkpoint,
                               "start": format_instant(g.start, tz),
                               "end": format_instant(g.end, tz)}
        if g.tag is not None:
            doc["tag"] = g.tag
        if g.need is not None:
            doc["need"] = g.need
        if g.have is not None:
            doc["have"] = g.have
        if g.checkpoint in self.checkpoint_names:
            doc["checkpoint_name"] = self.checkpoint_names[g.checkpoint]
        if g.searched:
            doc["candidates"] = list(g.candidates)
        return doc

    def _violation_json(self, v: Violation, tz: tzinfo) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "kind": v.kind,
            "member": v.member,
            "assignments": [_assignment_json(a, tz) for a in v.assignments],
        }
        if v.member in self.member_names:
            doc["member_name"] = self.member_names[v.member]
        doc["detail"] = dict(v.detail)
        doc["move"] = None if v.move is None else _assignment_json(v.move, tz)
        return doc


def _assignment_json(a: Assignment, tz: tzinfo) -> dict[str, Any]:
    return {"checkpoint": a.checkpoint, "start": format_instant(a.start, tz),
            "end": format_instant(a.end, tz)}


# --- the check -------------------------------------------------------------------------------


def check(bundle: Bundle, period: Period, *, suggest: bool = True,
          suggest_gaps: int = SUGGESTED_GAPS) -> Report:
    """Every gap and violation of ``bundle`` in ``period``.

    With ``suggest``, the first ``suggest_gaps`` fillable gaps (in report order) name
    members who could fill them; :func:`fill_candidates` finds them for any other gap.
    """
    ctx = _Context(bundle, period)
    gaps = sorted(ctx.coverage_gaps() + ctx.uncovered_gaps(), key=_gap_sort_key)
    violations = ctx.invalid + ctx.member_violations()
    violations.sort(key=_violation_sort_key)
    if suggest and suggest_gaps > 0:
        gaps = _with_candidates(ctx, gaps, suggest_gaps)
    return Report(
        period=period,
        gaps=tuple(gaps),
        violations=tuple(violations),
        shifts=len(ctx.coverage),
        assignments=ctx.in_period_count,
        member_names={v.member: m.name for v in violations
                      if (m := ctx.members.get(v.member)) is not None},
        checkpoint_names={g.checkpoint: c.name for g in gaps
                          if (c := ctx.checkpoints.get(g.checkpoint)) is not None},
    )


def fill_candidates(bundle: Bundle, period: Period, gap: Gap,
                    limit: int = CANDIDATES_PER_GAP) -> tuple[str, ...]:
    """Members who could fill ``gap`` without breaking a rule, best first.

    For a gap ``check`` left unsearched (past ``suggest_gaps``), or for the TUI asking
    about the one shift under the cursor.
    """
    ctx = _Context(bundle, period)
    return ctx.candidates(gap, limit)


def _with_candidates(ctx: _Context, gaps: list[Gap], budget: int) -> list[Gap]:
    out: list[Gap] = []
    for g in gaps:
        if budget > 0 and g.kind != UNCOVERED:
            budget -= 1
            g = replace(g, candidates=ctx.candidates(g, CANDIDATES_PER_GAP), searched=True)
        out.append(g)
    return out


def _prefer_unlocked(choices: Sequence[Assignment]) -> Assignment | None:
    """The first of ``choices`` (in order of preference) a person has not locked."""
    for a in choices:
        if not a.locked:
            return a
    return choices[0] if choices else None


def _hours(seconds: float) -> float:
    return round(seconds / 3600, 2)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


#: A shift by (checkpoint, start, end) in epoch seconds: hashing ints is far cheaper than
#: hashing a few thousand aware datetimes for the first time.
_IntKey = tuple[str, int, int]
#: One of a member's assignments as the rules see it, and whether it starts in the period.
_Placed = tuple[Duty, Assignment, bool]


def _placed_order(p: _Placed) -> tuple[int, int, str]:
    return (p[0].start, p[0].end, p[1].checkpoint)


def _by_start(s: Shift) -> datetime:
    return s.start


class _Context:
    """One check's working state: shifts materialised once, assignments grouped by member."""

    def __init__(self, bundle: Bundle, period: Period) -> None:
        self.bundle = bundle
        self.period = period
        self.tz = bundle.tz
        self.rs = RuleSet.of(bundle.rules)
        self.members: dict[str, Member] = bundle.members_by_id()
        self.checkpoints: dict[str, Checkpoint] = bundle.checkpoints_by_id()
        self.p0 = int(period.start.timestamp())
        self.p1 = int(period.end.timestamp())
        self.first_day = period.first_day
        self.last_day = period.first_day + timedelta(days=period.days - 1)
        self._ledgers: dict[str, MemberLedger] = {}
        self._load_order: list[Member] | None = None

        # Every shift materialised for this check gets a number; per-shift tallies are ints
        # in dicts keyed by it. Ints are not tracked by the garbage collector, and a month
        # of a county roster otherwise sets off full collections that cost a third of a
        # check.
        self.shifts: list[Shift] = []
        self.index: dict[_IntKey, int] = {}
        self._duties: dict[int, Duty] = {}
        self._loaded: dict[str, set[date]] = defaultdict(set)
        # Shifts of the period's days and of the day before (whose night shift reaches in).
        near_days = _days(self.first_day - timedelta(days=1), self.last_day)
        for cp in bundle.checkpoints:
            self._load(cp, near_days)
        self.coverage: list[int] = [i for i, s in enumerate(self.shifts)
                                    if s.start < period.end and period.start < s.end]

        # The window of assignments a period's rules can see: rest/overlap neighbours and
        # every day of the ISO weeks the period touches. Night runs may reach further
        # (see _far_nights).
        reach_days = timedelta(days=(self.rs.min_rest + _LONGEST_SHIFT) // 86400 + 2)
        week_first = self.first_day - timedelta(days=self.first_day.weekday())
        week_last = self.last_day + timedelta(days=6 - self.last_day.weekday())
        self.win_first = min(week_first, self.first_day - reach_days)
        self.win_last = max(week_last, self.last_day + reach_days)
        w0 = int(instant_at(self.win_first, TimeOfDay(0), self.tz).timestamp())
        w1 = int(instant_at(self.win_last + timedelta(days=1), TimeOfDay(0), self.tz)
                 .timestamp())

        self.invalid: list[Violation] = []
        self.far: dict[str, list[Assignment]] = defaultdict(list)
        # Per member and role, shift number → assignment: a second assignment of the same
        # member to the same shift in the same role counts once. (The rules' sorted view of
        # a member is built when it is judged, and dropped after.)
        self.duty_by: dict[str, dict[int, Assignment]] = defaultdict(dict)
        self.standby_by: dict[str, dict[int, Assignment]] = defaultdict(dict)
        # Coverage tallies: distinct duty members, standby members, duty members per tag.
        self.duty_count: dict[int, int] = {}
        self.standby_count: dict[int, int] = {}
        wanted = {tag for cp in bundle.checkpoints for t in cp.shifts for tag in t.need_tags}
        self.tag_count: dict[str, dict[int, int]] = {tag: {} for tag in wanted}
        tags_of = {m.id: [t for t in m.tags if t in wanted] for m in bundle.members}

        in_period_count = 0
        index, shifts, members = self.index, self.shifts, self.members
        duty_by, standby_by = self.duty_by, self.standby_by
        duty_count, standby_count, tag_count = self.duty_count, self.standby_count, self.tag_count
        p0, p1 = self.p0, self.p1
        for a in bundle.assignments:
            start = int(a.start.timestamp())
            inside = p0 <= start < p1
            in_period_count += inside
            if not w0 <= start < w1:
                if a.role == "duty" and a.member in members:
                    self.far[a.member].append(a)
                continue
            i = index.get((a.checkpoint, start, int(a.end.timestamp())))
            if i is None or shifts[i].start != a.start or shifts[i].end != a.end:
                i = self.resolve(a)
            if i is None or a.member not in members:
                if inside:
                    self.invalid.append(self._invalid(a, i))
                continue
            if a.role == "duty":
                placed = duty_by[a.member]
                if i not in placed:
                    placed[i] = a
                    duty_count[i] = duty_count.get(i, 0) + 1
                    for tag in tags_of[a.member]:
                        counts = tag_count[tag]
                        counts[i] = counts.get(i, 0) + 1
            else:
                placed = standby_by[a.member]
                if i not in placed:
                    placed[i] = a
                    standby_count[i] = standby_count.get(i, 0) + 1
        self.in_period_count = in_period_count

    # --- shifts --------------------------------------------------------------------------

    def _load(self, cp: Checkpoint, days: Iterable[date]) -> None:
        loaded = self._loaded[cp.id]
        todo = [d for d in days if d not in loaded]
        loaded.update(todo)
        for shift in materialise(cp, todo, self.bundle.rules, self.tz):
            key = (shift.checkpoint, int(shift.start.timestamp()), int(shift.end.timestamp()))
            self.index[key] = len(self.shifts)
            self.shifts.append(shift)

    def number(self, checkpoint: str, start: datetime, end: datetime) -> int | None:
        """The number of the shift exactly ``[start, end)`` of ``checkpoint``, if loaded."""
        i = self.index.get((checkpoint, int(start.timestamp()), int(end.timestamp())))
        if i is None or self.shifts[i].start != start or self.shifts[i].end != end:
            return None
        return i

    def placed(self, slots: Mapping[int, Assignment]) -> list[_Placed]:
        """A member's assignments as the rules see them, in time order."""
        out = []
        for i, a in slots.items():
            duty = self.duty_at(i)
            out.append((duty, a, self.p0 <= duty.start < self.p1))
        out.sort(key=_placed_order)
        return out

    def duty_at(self, i: int) -> Duty:
        """The rules' view of shift ``i``, made once."""
        duty = self._duties.get(i)
        if duty is None:
            duty = self._duties[i] = duty_of(self.shifts[i])
        return duty

    def resolve(self, a: Assignment) -> int | None:
        """The shift ``a`` names, materialising its days if need be; None if there is none."""
        cp = self.checkpoints.get(a.checkpoint)
        if cp is None:
            return None
        day = a.start.astimezone(self.tz).date()
        self._load(cp, (day - timedelta(days=1), day))
        return self.number(a.checkpoint, a.start, a.end)

    def _invalid(self, a: Assignment, shift: int | None) -> Violation:
        reasons = []
        if a.member not in self.members:
            reasons.append("unknown_member")
        if a.checkpoint not in self.checkpoints:
            reasons.append("unknown_checkpoint")
        elif shift is None:
            reasons.append("not_a_shift")
        return Violation(INVALID_ASSIGNMENT, a.member, (a,), {"reasons": reasons}, a)

    # --- gaps ----------------------------------------------------------------------------

    def coverage_gaps(self) -> list[Gap]:
        out: list[Gap] = []
        for i in self.coverage:
            s = self.shifts[i]
            have = self.duty_count.get(i, 0)
            if have < s.need:
                out.append(Gap(UNDERSTAFFED, s.checkpoint, s.start, s.end, s.need, have))
            for tag, n in s.need_tags.items():
                with_tag = self.tag_count[tag].get(i, 0)
                if with_tag < n:
                    out.append(Gap(MISSING_TAG, s.checkpoint, s.start, s.end, n, with_tag, tag))
            standby = self.standby_count.get(i, 0)
            if standby < s.standby:
                out.append(Gap(MISSING_STANDBY, s.checkpoint, s.start, s.end, s.standby,
                               standby))
        return out

    def uncovered_gaps(self) -> list[Gap]:
        """Stretches of each checkpoint's active days in the period that no shift covers."""
        bounds = [instant_at(d, TimeOfDay(0), self.tz)
                  for d in _days(self.first_day, self.last_day + timedelta(days=1))]
        bounds[0], bounds[-1] = self.period.start, self.period.end
        by_cp: dict[str, list[Shift]] = defaultdict(list)
        for i in self.coverage:
            by_cp[self.shifts[i].checkpoint].append(self.shifts[i])
        out: list[Gap] = []
        for cp in self.bundle.checkpoints:
            active: list[list[datetime]] = []
            for i, day in enumerate(self.period.dates()):
                if not cp.is_open_on(day):
                    continue
                if active and active[-1][1] == bounds[i]:
                    active[-1][1] = bounds[i + 1]
                else:
                    active.append([bounds[i], bounds[i + 1]])
            covered = sorted(by_cp.get(cp.id, ()), key=_by_start)
            for lo, hi in active:
                cursor = lo
                for s in covered:
                    if s.end <= cursor or s.start >= hi:
                        continue
                    if s.start > cursor:
                        out.append(Gap(UNCOVERED, cp.id, cursor, s.start))
                    cursor = max(cursor, s.end)
                    if cursor >= hi:
                        break
                if cursor < hi:
                    out.append(Gap(UNCOVERED, cp.id, cursor, hi))
        return out

    # --- violations ----------------------------------------------------------------------

    def member_violations(self) -> list[Violation]:
        out: list[Violation] = []
        period_days = range(self.first_day.toordinal(), self.last_day.toordinal() + 1)
        period_weeks = {d.isocalendar()[:2] for d in self.period.dates()}
        for member_id in sorted(self.duty_by.keys() | self.standby_by.keys()):
            member = self.members[member_id]
            duties = self.placed(self.duty_by.get(member_id, {}))
            standbys = self.placed(self.standby_by.get(member_id, {}))
            self._per_assignment(member, duties, standbys, out)
            self._pairs(member, duties, standbys, out)
            self._per_day(member, duties, period_days, out)
            self._nights(member, duties, period_days, out)
            self._weeks(member, duties, period_weeks, out)
        return out

    def _per_assignment(self, member: Member, duties: list[_Placed], standbys: list[_Placed],
                        out: list[Violation]) -> None:
        rs = self.rs
        for d, a, inside in duties:
            if inside and rs.night_forbidden(member, d):
                out.append(Violation(NO_NIGHTS, member.id, (a,), {}, a))
        if not member.unavailable:  # no spans: nothing to be on leave in
            return
        spans = leave_spans(member)
        for d, a, inside in [*duties, *standbys]:
            if not inside or not rs.on_leave(spans, d):
                continue
            detail: dict[str, Any] = {"role": a.role}
            for leave, span in zip(member.unavailable, spans, strict=True):
                if rs.on_leave((span,), d):
                    detail.update({"from": format_instant(leave.start, self.tz),
                                   "to": format_instant(leave.end, self.tz),
                                   "reason": leave.reason})
                    break
            out.append(Violation(UNAVAILABLE, member.id, (a,), detail, a))

    def _pairs(self, member: Member, duties: list[_Placed], standbys: list[_Placed],
               out: list[Violation]) -> None:
        """Overlap and rest between duties; overlap of a standby with a duty."""
        rs = self.rs
        n = len(duties)
        for i in range(n):
            a, a_asg, a_in = duties[i]
            for j in range(i + 1, n):
                b, b_asg, b_in = duties[j]
                overlap = rs.overlaps(a, b)
                close = not overlap and rs.too_close(a, b)
                if not overlap and not close:
                    break  # sorted by start: every later duty is further away still
                if not (a_in or b_in):
                    continue
                move = _prefer_unlocked((b_asg, a_asg))
                if overlap:
                    detail = {"overlap_hours": _hours(min(a.end, b.end) - b.start)}
                    out.append(Violation(OVERLAP, member.id, (a_asg, b_asg), detail, move))
                else:
                    detail = {"rest_hours": _hours(b.start - a.end),
                              "min_rest_hours": _hours(rs.min_rest)}
                    out.append(Violation(REST, member.id, (a_asg, b_asg), detail, move))
        for s, s_asg, s_in in standbys:
            for d, d_asg, d_in in duties:
                if not (s_in or d_in) or not rs.overlaps(s, d):
                    continue
                pair = (d_asg, s_asg) if d.start <= s.start else (s_asg, d_asg)
                clash: dict[str, Any] = {
                    "overlap_hours": _hours(min(s.end, d.end) - max(s.start, d.start)),
                    "roles": [x.role for x in pair]}
                out.append(Violation(OVERLAP, member.id, pair, clash,
                                     _prefer_unlocked((s_asg, d_asg))))

    def _per_day(self, member: Member, duties: list[_Placed], period_days: range,
                 out: list[Violation]) -> None:
        counts: dict[int, int] = {}
        for d, _, _ in duties:
            if d.day in period_days:
                counts[d.day] = counts.get(d.day, 0) + 1
        for day, n in counts.items():
            if self.rs.too_many_in_day(n):
                items = [a for d, a, _ in duties if d.day == day]
                detail = {"day": date.fromordinal(day).isoformat(), "shifts": n,
                          "max": self.rs.max_shifts_per_day}
                out.append(Violation(SHIFTS_PER_DAY, member.id, tuple(items), detail,
                                     _prefer_unlocked(items[::-1])))

    def _nights(self, member: Member, duties: list[_Placed], period_days: range,
                out: list[Violation]) -> None:
        nights = [p for p in duties if p[0].night]
        if not nights:
            return

        def touching(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
            return [(f, n) for f, n in runs
                    if f <= period_days[-1] and f + n - 1 >= period_days[0]]

        runs = touching(night_runs({d.day for d, _, _ in nights}))
        edge_first, edge_last = self.win_first.toordinal(), self.win_last.toordinal()
        if self.far.get(member.id) and any(f <= edge_first or f + n - 1 >= edge_last
                                           for f, n in runs):
            nights = sorted(nights + self._far_nights(member.id), key=_placed_order)
            runs = touching(night_runs({d.day for d, _, _ in nights}))
        limit = self.rs.max_consecutive_nights
        for first, length in runs:
            if not self.rs.too_many_nights(length):
                continue
            last = first + length - 1
            in_run = [p for p in nights if first <= p[0].day <= last]
            # Moving the first night past the limit leaves a run of exactly the limit.
            past = [a for d, a, _ in in_run if d.day >= first + limit]
            inside = [a for d, a, a_in in in_run if d.day >= first + limit and a_in]
            move = _prefer_unlocked(inside + past[::-1] + [a for _, a, _ in in_run][::-1])
            detail = {"nights": length, "max": limit,
                      "first_day": date.fromordinal(first).isoformat(),
                      "last_day": date.fromordinal(last).isoformat()}
            out.append(Violation(CONSECUTIVE_NIGHTS, member.id,
                                 tuple(a for _, a, _ in in_run), detail, move))

    def _far_nights(self, member_id: str) -> list[_Placed]:
        """Night duties outside the window, for a night run that reaches its edge."""
        out: list[_Placed] = []
        seen: set[int] = set()
        for a in self.far[member_id]:
            i = self.resolve(a)
            if i is not None and self.shifts[i].night and i not in seen:
                seen.add(i)
                out.append((self.duty_at(i), a, False))
        return out

    def _weeks(self, member: Member, duties: list[_Placed], period_weeks: set[tuple[int, int]],
               out: list[Violation]) -> None:
        minutes: dict[tuple[int, int], int] = {}
        for d, _, _ in duties:
            if d.week in period_weeks:
                minutes[d.week] = minutes.get(d.week, 0) + d.minutes
        for week, total in minutes.items():
            if not self.rs.too_many_minutes(total, member):
                continue
            items = [p for p in duties if p[0].week == week]
            inside = [a for _, a, a_in in items if a_in]
            if not inside:  # the period only touches the week; none of these shifts is in it
                continue
            every = [a for _, a, _ in items]
            detail = {"week": f"{week[0]}-W{week[1]:02d}", "hours": round(total / 60, 2),
                      "max_hours": round(self.rs.weekly_minutes(member) / 60, 2)}
            out.append(Violation(HOURS_PER_WEEK, member.id, tuple(every), detail,
                                 _prefer_unlocked(inside[::-1] + every[::-1])))

    # --- suggestions ---------------------------------------------------------------------

    def candidates(self, gap: Gap, limit: int) -> tuple[str, ...]:
        """Members who could take ``gap``'s shift (in its role) breaking no rule, best first."""
        if gap.kind == UNCOVERED:
            return ()
        i = self.number(gap.checkpoint, gap.start, gap.end)
        if i is None:
            return ()
        duty = self.duty_at(i)
        standby = gap.kind == MISSING_STANDBY
        found: list[str] = []
        for member in self._by_load():
            if gap.tag is not None and gap.tag not in member.tags:
                continue
            if self._could_take(member, i, duty, standby=standby):
                found.append(member.id)
                if len(found) >= limit:
                    break
        return tuple(found)

    def _by_load(self) -> list[Member]:
        """Members, fewest duties starting in the period first (then by id)."""
        if self._load_order is None:
            load = {m: sum(1 for i in slots if self.p0 <= self.duty_at(i).start < self.p1)
                    for m, slots in self.duty_by.items()}
            self._load_order = sorted(self.bundle.members,
                                      key=lambda m: (load.get(m.id, 0), m.id))
        return self._load_order

    def _ledger(self, member: Member) -> MemberLedger:
        ledger = self._ledgers.get(member.id)
        if ledger is None:
            ledger = self._ledgers[member.id] = MemberLedger(member, self.rs)
            for i in self.duty_by.get(member.id, ()):
                ledger.add(self.duty_at(i))
        return ledger

    def _could_take(self, member: Member, i: int, duty: Duty, *, standby: bool) -> bool:
        if standby:
            if i in self.standby_by.get(member.id, ()):
                return False
            return may_take(self._ledger(member), duty, "standby")
        spans = [(d.start, d.end) for d in map(self.duty_at, self.standby_by.get(member.id, ()))]
        return may_take(self._ledger(member), duty, "duty", spans)


__all__ = [
    "CANDIDATES_PER_GAP",
    "GAP_KINDS",
    "MISSING_STANDBY",
    "MISSING_TAG",
    "SUGGESTED_GAPS",
    "UNCOVERED",
    "UNDERSTAFFED",
    "VIOLATION_KINDS",
    "Gap",
    "Report",
    "Violation",
    "check",
    "fill_candidates",
]
