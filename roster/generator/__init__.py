"""Build a roster that breaks no rule, fills what can be filled, and shares the work out fairly.

Priorities, in order: no member rule is ever broken; as many places filled as possible;
then as many required tags met as possible; then fairness. Why it is built this way:

* **Rules in one place.** Whether a member may take a shift is asked of
  :class:`roster.rules.MemberLedger` and nothing else, the same predicates the checker
  judges with, so a generated roster cannot be one the checker rejects. The ledgers start
  from everything that is not ours to move: locked assignments, and the assignments
  around the period, so rest, nights and weekly hours see across its edges.
* **Chronological, batch by batch.** Shifts with identical times (a hundred checkpoints'
  08:00-16:00 on one day) are one batch: a member's eligibility is the same for all of
  them, so the ledger is asked about a member once per batch, and only until the batch is
  full. Walking the batches in time order lets a running fairness score steer each
  choice: whoever is furthest *behind their share* goes first (for a night batch, behind
  on nights). The share accrues only while a member is available, so members with leave
  carry proportionally less (``no_nights`` only lowers the night share: such a member
  does the same load in day shifts), and it starts from the member's shifts in the
  ``HISTORY_DAYS`` before the period, so last week's nights count this week. In a batch
  the tag-required places are filled first, scarcest tag first, from that tag's holders.
* **Then close what greed left open.** An empty place is retried by ejection chains (move
  one or two of a member's own placements to someone else to free them); a missing tag
  by swapping a holder in. An instance small enough is searched exactly (branch and
  bound, the greedy roster as incumbent), which proves the fill maximal or improves it.
* **Then polish fairness** without losing a place or a tag: a shift goes from someone two
  or more ahead to someone behind; two members of one class swap all their shifts in a
  run of days (nights come in runs and rest ties each shift to its neighbours, so a run
  trades where a single shift cannot); on small teams, runs of two or three days are
  re-solved exactly (a large-neighbourhood search).
* **Bounded and seeded.** Every search phase has a work budget counted in ledger
  questions, not seconds, so the result never depends on the machine's speed; every tie
  is broken by ``random.Random(seed)``: the same seed gives the same roster, another seed
  another roster that is as fair.

Repair keeps every unlocked assignment that is still valid, promotes a shift's own
standby into a duty hole first, and moves kept assignments only to close a gap nothing
else closes. ``generate`` is pure: a Bundle and a Period in, a :class:`GenerateResult` out.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal

from roster.domain.model import (
    Assignment,
    Bundle,
    Member,
    Period,
    Role,
    Shift,
    ShiftKey,
    shift_for,
    shifts_in,
)
from roster.rules import (
    CONSECUTIVE_NIGHTS,
    HOURS_PER_WEEK,
    OVERLAP,
    REST,
    SHIFTS_PER_DAY,
    Duty,
    MemberLedger,
    Reason,
    RuleSet,
    duty_of,
)
from roster.rules.eligibility import may_stand_by, may_take_duty, on_standby_then, standby_blockers

__all__ = [
    "ASSIGNED",
    "DUPLICATE",
    "FREE",
    "HISTORY_DAYS",
    "INVALID_SHIFT",
    "LACKS_TAG",
    "MOVED",
    "STANDBY_ELSEWHERE",
    "UNKNOWN_MEMBER",
    "Change",
    "GenerateResult",
    "MemberStats",
    "Unfilled",
    "fairness_classes",
    "generate",
]

#: Days before the period whose shifts count toward fairness.
HISTORY_DAYS = 28

# Reasons beyond the member rules (roster.rules.kinds.Reason), under their old names.
ASSIGNED = Reason.ASSIGNED
LACKS_TAG = Reason.LACKS_TAG
STANDBY_ELSEWHERE = Reason.STANDBY_ELSEWHERE
FREE = Reason.FREE
UNKNOWN_MEMBER = Reason.UNKNOWN_MEMBER
INVALID_SHIFT = Reason.INVALID_SHIFT
DUPLICATE = Reason.DUPLICATE
MOVED = Reason.MOVED

#: Rules a move of the member's own other shifts can lift (leave and no_nights cannot).
_MOVABLE_RULES = frozenset({OVERLAP, REST, SHIFTS_PER_DAY, CONSECUTIVE_NIGHTS, HOURS_PER_WEEK})

# Weights of the fairness objective: total load first, then nights, then weekends.
_W_COUNT = 4.0
_W_NIGHT = 2.0
_W_WEEKEND = 1.0

#: The exact search runs when the free places number at most this...
EXACT_MAX_PLACES = 12
#: ...and gives up (keeping the best found) after this many search nodes...
EXACT_NODES = 60_000
#: ...and only on teams this small (it and the window search score every member per leaf).
EXACT_MAX_MEMBERS = 200
EXACT_MAX_SHIFTS = 2_000
#: The window search (see ``_lns``): nodes per window and in all.
WINDOW_NODES = 4_000
LNS_NODES = 40_000
#: Ledger questions the gap-closing and fairness phases may ask (keeps big runs bounded).
REPAIR_WORK = 400_000
FAIRNESS_WORK = 300_000


ChangeKind = Literal["added", "removed", "replaced", "promoted"]


@dataclass(frozen=True, slots=True)
class Unfilled:
    """One shift left short, and why each member could not be put on it.

    ``reasons`` maps a reason (a rule name of :mod:`roster.rules` or one of the extra
    reasons of this module) to the ids of the members it excluded, largest group first.
    """

    checkpoint: str
    start: datetime
    end: datetime
    role: Role
    need: int
    have: int
    tags_missing: tuple[tuple[str, int], ...]
    reasons: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def missing(self) -> int:
        return max(0, self.need - self.have)

    @property
    def counts(self) -> dict[str, int]:
        return {reason: len(ids) for reason, ids in self.reasons}


@dataclass(frozen=True, slots=True)
class Change:
    """One change to the roster: who replaces whom, when, where (and why the old one left)."""

    kind: ChangeKind
    checkpoint: str
    start: datetime
    end: datetime
    role: Role
    old_member: str | None
    new_member: str | None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class MemberStats:
    """A member's load in the period (duty shifts; standby counted apart)."""

    member: str
    shifts: int
    nights: int
    weekend: int  # shifts on a weekend day or a holiday
    hours: float
    standby: int
    availability: float  # share of the period not on leave, 0..1
    history_shifts: int  # in the HISTORY_DAYS before the period
    history_nights: int


@dataclass(frozen=True, slots=True)
class GenerateResult:
    """What a generate (or repair) run made, and how well it did.

    ``bundle`` is the team with its new assignments: locked ones and those outside the
    period as they were; the period's others rebuilt (or, in repair, kept where still
    valid). ``filled``/``total`` count duty places of the shifts starting in the period,
    ``standby_*`` standby places, ``tags_unmet`` required tags still missing. ``unfilled``
    explains every shift left short; ``changes`` (repair only) says who replaces whom,
    when and where; ``stats`` has each member's load; ``seconds`` the whole run's time.
    """

    bundle: Bundle
    period: Period
    seed: int
    repair: bool
    filled: int
    total: int
    standby_filled: int
    standby_total: int
    tags_unmet: int
    unfilled: tuple[Unfilled, ...]
    changes: tuple[Change, ...]
    stats: tuple[MemberStats, ...]
    seconds: float
    #: True when no valid roster of the period fills more places (proved, not hoped).
    fill_proven: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def complete(self) -> bool:
        """Every place, every required tag and every standby filled."""
        return (self.filled == self.total and self.tags_unmet == 0
                and self.standby_filled == self.standby_total)

    def spread(self, member_ids: Iterable[str] | None = None) -> dict[str, tuple[int, int]]:
        """(min, max) of shifts, nights and weekend shifts over the given members (default all)."""
        wanted = None if member_ids is None else set(member_ids)
        rows = [s for s in self.stats if wanted is None or s.member in wanted]
        if not rows:
            return {"shifts": (0, 0), "nights": (0, 0), "weekend": (0, 0)}
        return {
            "shifts": (min(s.shifts for s in rows), max(s.shifts for s in rows)),
            "nights": (min(s.nights for s in rows), max(s.nights for s in rows)),
            "weekend": (min(s.weekend for s in rows), max(s.weekend for s in rows)),
        }


def generate(bundle: Bundle, period: Period, *, seed: int = 0, repair: bool = False,
             progress: Callable[[float], None] | None = None,
             exact_max_places: int = EXACT_MAX_PLACES) -> GenerateResult:
    """Fill the period's shifts; see the module docstring for how and in what priority.

    Locked assignments and assignments outside the period are kept as they are (and
    respected as neighbours). Without ``repair`` the other assignments in the period are
    rebuilt; with it, every one still valid is kept and as few as possible change.
    ``exact_max_places`` bounds the size of instance the exact search is tried on
    (0 turns it off).
    """
    began = time.perf_counter()
    engine = _Engine(bundle, period, seed=seed, repair=repair, progress=progress)
    engine.run(exact_max_places)
    result = engine.result(0.0)
    # Everything counts: building ledgers, the search, and the new Bundle itself.
    return replace(result, seconds=time.perf_counter() - began)


def fairness_classes(bundle: Bundle, period: Period) -> dict[tuple[object, ...], list[str]]:
    """Members grouped by everything that makes their fair share differ.

    Two members are in one class when they carry the same tags that any shift asks for,
    both or neither have ``no_nights``, they have the same weekly cap and the same time on
    leave in the period. Within a class the generator aims at shifts and nights that differ
    by at most one.
    """
    wanted = {t for cp in bundle.checkpoints for tpl in cp.shifts for t in tpl.need_tags}
    out: dict[tuple[object, ...], list[str]] = {}
    for m in bundle.members:
        key = (tuple(sorted(t for t in m.tags if t in wanted)), m.no_nights,
               m.weekly_cap(bundle.rules), round(_leave_seconds(m, period.start, period.end)))
        out.setdefault(key, []).append(m.id)
    return out


# --- helpers ---------------------------------------------------------------------------------


def _leave_seconds(member: Member, start: datetime, end: datetime) -> float:
    """Seconds of ``[start, end)`` the member is on leave (overlapping spans merged)."""
    spans = sorted((max(s.start, start), min(s.end, end)) for s in member.unavailable
                   if s.start < end and start < s.end)
    total = 0.0
    cur_s: datetime | None = None
    cur_e: datetime | None = None
    for s, e in spans:
        if cur_e is None or s > cur_e:
            if cur_s is not None and cur_e is not None:
                total += (cur_e - cur_s).total_seconds()
            cur_s, cur_e = s, e
        elif e > cur_e:
            cur_e = e
    if cur_s is not None and cur_e is not None:
        total += (cur_e - cur_s).total_seconds()
    return total


def _is_weekend(shift: Shift, holidays: frozenset[object]) -> bool:
    return shift.day.weekday() >= 5 or shift.day in holidays


class _Engine:
    """The working state of one generate run: ledgers, rosters per shift, fairness tallies."""

    def __init__(self, bundle: Bundle, period: Period, *, seed: int, repair: bool,
                 progress: Callable[[float], None] | None) -> None:
        self.bundle = bundle
        self.period = period
        self.seed = seed
        self.repair = repair
        self.progress = progress
        self.rng = random.Random(seed)
        self.rules = RuleSet.of(bundle.rules)
        self.notes: list[str] = []

        self.members: list[Member] = list(bundle.members)
        self.index: dict[str, int] = {}
        for i, m in enumerate(self.members):
            self.index.setdefault(m.id, i)
        self.ledgers = [MemberLedger(m, self.rules) for m in self.members]
        self.tags = [frozenset(m.tags) for m in self.members]
        n = len(self.members)

        self.shifts: list[Shift] = shifts_in(bundle, period.first_day, period.days)
        self.duties: list[Duty] = [duty_of(s) for s in self.shifts]
        self.shift_index: dict[ShiftKey, int] = {s.key: k for k, s in enumerate(self.shifts)}
        holidays = frozenset(bundle.rules.holidays)
        self.weekend = [_is_weekend(s, holidays) for s in self.shifts]
        ns = len(self.shifts)

        # Duty and standby members of each shift (valid assignments of known members only).
        self.roster: list[list[int]] = [[] for _ in range(ns)]
        self.fixed: list[set[int]] = [set() for _ in range(ns)]  # not ours to move
        self.locked: list[set[int]] = [set() for _ in range(ns)]  # never to move
        self.sb_locked: list[set[int]] = [set() for _ in range(ns)]
        self.standby: list[list[int]] = [[] for _ in range(ns)]
        self.standby_fixed: list[set[int]] = [set() for _ in range(ns)]
        # Standby spans per member: a duty overlapping one would break the standby rule.
        self.sb_spans: dict[int, list[tuple[int, int, int]]] = {}

        self.count = [0] * n
        self.nights = [0] * n
        self.weekends = [0] * n
        self.standby_count = [0] * n
        self.hist_count = [0] * n
        self.hist_nights = [0] * n
        self.hist_weekend = [0] * n
        self.hist_standby = [0] * n
        self.base = [0.0] * n  # history offsets of the fairness scores
        self.base_n = [0.0] * n
        self.base_w = [0.0] * n
        self.base_s = [0.0] * n
        # Accrued fair share: a global running total minus what each member missed.
        self.acc = 0.0
        self.acc_n = 0.0
        self.acc_w = 0.0
        self.acc_s = 0.0
        self.miss = [0.0] * n
        self.miss_n = [0.0] * n
        self.miss_w = [0.0] * n
        self.miss_s = [0.0] * n

        # Members with leave or no_nights: the only ones a shift can exclude outright.
        self._constrained = [i for i in range(n)
                             if self.ledgers[i].leave or self.members[i].no_nights]
        self._holders: dict[str, int] = {}  # members carrying each tag
        for tags in self.tags:
            for t in tags:
                self._holders[t] = self._holders.get(t, 0) + 1
        self._class_cache: dict[tuple[object, ...], list[int]] | None = None
        self._kept_movable = False  # repair's last resort: kept assignments may move too
        self.log: list[tuple[int, int, int]] | None = None  # undo log: (+1/-1, member, shift)
        self.work = 0

        # What happens to the bundle's assignments.
        self.untouched: list[Assignment] = []  # outside the period, or locked
        self.old_in_period: list[Assignment] = []  # unlocked in the period, as they were
        self.kept: dict[tuple[ShiftKey, str, str], Assignment] = {}  # repair: kept as is
        self.dropped: dict[tuple[ShiftKey, str, str], str] = {}  # repair: why one had to go
        self.promoted: set[tuple[int, int]] = set()  # (shift, member) standby made duty
        self.new_holes: set[int] = set()  # repair: shifts that lost a duty member
        self.fill_proven = False
        self._locked_keys: set[tuple[ShiftKey, str, str]] | None = None

    # --- state changes (all through here, so they can be undone) --------------------------

    def _assign(self, i: int, k: int) -> None:
        self.ledgers[i].add(self.duties[k])
        self.roster[k].append(i)
        self.count[i] += 1
        if self.duties[k].night:
            self.nights[i] += 1
        if self.weekend[k]:
            self.weekends[i] += 1
        if self.log is not None:
            self.log.append((1, i, k))

    def _unassign(self, i: int, k: int) -> None:
        self.ledgers[i].remove(self.duties[k])
        self.roster[k].remove(i)
        self.count[i] -= 1
        if self.duties[k].night:
            self.nights[i] -= 1
        if self.weekend[k]:
            self.weekends[i] -= 1
        if self.log is not None:
            self.log.append((-1, i, k))

    def _rollback(self, mark: int) -> None:
        assert self.log is not None
        log = self.log
        self.log = None
        while len(log) > mark:
            op, i, k = log.pop()
            if op > 0:
                self._unassign(i, k)
            else:
                self._assign(i, k)
        self.log = log

    def _standby_clash(self, i: int, k: int) -> bool:
        spans = self.sb_spans.get(i)
        # Duty and standby of one shift clash too (the checker calls it an overlap).
        return bool(spans) and on_standby_then(self.duties[k], spans)  # type: ignore[arg-type]

    def _can(self, i: int, k: int) -> bool:
        """May member ``i`` take a duty place on shift ``k``? The rule book decides."""
        self.work += 1
        return may_take_duty(self.ledgers[i], self.duties[k], self.sb_spans.get(i, ()))

    def _movable(self, i: int, k: int) -> bool:
        if self._kept_movable:
            return i not in self.locked[k]
        return i not in self.fixed[k]

    def _places(self, k: int) -> int:
        return self.shifts[k].need - len(self.roster[k])

    def _tag_gap(self, k: int, members: Iterable[int] | None = None) -> dict[str, int]:
        need = self.shifts[k].need_tags
        if not need:
            return {}
        on = self.roster[k] if members is None else list(members)
        out: dict[str, int] = {}
        for tag, want in need.items():
            have = sum(1 for i in on if tag in self.tags[i])
            if have < want:
                out[tag] = want - have
        return out

    def _tag_deficit(self, k: int) -> int:
        return sum(self._tag_gap(k).values())

    # --- fairness scores ------------------------------------------------------------------

    def _dev(self, i: int) -> float:
        return self.base[i] + self.count[i] - (self.acc - self.miss[i])

    def _dev_n(self, i: int) -> float:
        return self.base_n[i] + self.nights[i] - (self.acc_n - self.miss_n[i])

    def _dev_w(self, i: int) -> float:
        return self.base_w[i] + self.weekends[i] - (self.acc_w - self.miss_w[i])

    def _dev_s(self, i: int) -> float:
        return self.base_s[i] + self.standby_count[i] - (self.acc_s - self.miss_s[i])

    def _statically_out(self, d: Duty, members: Iterable[int]) -> list[int]:
        """Members who cannot work ``d`` whatever else happens (leave, no nights)."""
        out = []
        for i in members:
            m = self.members[i]
            if (d.night and m.no_nights) or (self.ledgers[i].leave
                                            and self.rules.on_leave(self.ledgers[i].leave, d)):
                out.append(i)
        return out

    # --- loading what exists ----------------------------------------------------------------

    def _resolver(self) -> Callable[[Assignment], Shift | None]:
        cps = self.bundle.checkpoints_by_id()
        cache: dict[ShiftKey, Shift | None] = {}

        def resolve(a: Assignment) -> Shift | None:
            key = a.shift_key
            k = self.shift_index.get(key)
            if k is not None:
                return self.shifts[k]
            if key not in cache:
                cp = cps.get(a.checkpoint)
                cache[key] = shift_for(self.bundle, cp, a.start, a.end) if cp else None
            return cache[key]

        return resolve

    def load(self) -> None:
        period = self.period
        rules = self.bundle.rules
        reach = max(timedelta(days=8), timedelta(days=rules.max_consecutive_nights + 2),
                    timedelta(hours=rules.min_rest_hours + 50))
        lo = period.start - max(reach, timedelta(days=HISTORY_DAYS + 1))
        hi = period.end + reach
        hist_lo = period.start - timedelta(days=HISTORY_DAYS)
        holidays = frozenset(rules.holidays)
        resolve = self._resolver()
        candidates: list[Assignment] = []

        for a in self.bundle.assignments:
            inside = period.start <= a.start < period.end
            if inside and not a.locked:
                self.old_in_period.append(a)
                candidates.append(a)
                continue
            self.untouched.append(a)
            if not (lo <= a.start < hi):
                continue
            i = self.index.get(a.member)
            shift = resolve(a)
            if i is None or shift is None:
                continue
            k = self.shift_index.get(shift.key) if inside else None
            if a.role == "duty":
                if k is not None:
                    if i not in self.roster[k]:
                        self._assign(i, k)
                        self.fixed[k].add(i)
                        self.locked[k].add(i)
                elif shift.key not in self.ledgers[i]:
                    self.ledgers[i].add(duty_of(shift))
                    if hist_lo <= a.start < period.start:
                        self.hist_count[i] += 1
                        self.hist_nights[i] += shift.night
                        self.hist_weekend[i] += _is_weekend(shift, holidays)
            elif k is not None:
                if i not in self.standby[k]:
                    self._add_standby(i, k, fixed=True)
                    self.sb_locked[k].add(i)
            else:
                # A standby just outside the period still forbids an overlapping duty.
                self.sb_spans.setdefault(i, []).append(
                    (int(shift.start.timestamp()), int(shift.end.timestamp()), -1))
                if hist_lo <= a.start < period.start:
                    self.hist_standby[i] += 1

        if self.repair:
            self._keep_valid(candidates, resolve)
        self._history_offsets(hist_lo)

    def _add_standby(self, i: int, k: int, *, fixed: bool) -> None:
        self.standby[k].append(i)
        if fixed:
            self.standby_fixed[k].add(i)
        d = self.duties[k]
        self.sb_spans.setdefault(i, []).append((d.start, d.end, k))
        self.standby_count[i] += 1

    def _remove_standby(self, i: int, k: int) -> None:
        self.standby[k].remove(i)
        self.standby_fixed[k].discard(i)
        spans = self.sb_spans[i]
        spans[:] = [s for s in spans if s[2] != k]
        self.standby_count[i] -= 1

    def _keep_valid(self, candidates: list[Assignment],
                    resolve: Callable[[Assignment], Shift | None]) -> None:
        """Repair: keep every unlocked assignment in the period that is still valid."""
        ordered = sorted(candidates, key=lambda a: (a.role != "duty", a.start, a.checkpoint,
                                                    a.member))
        for a in ordered:
            tag = (a.shift_key, a.member, a.role)
            i = self.index.get(a.member)
            shift = resolve(a)
            k = self.shift_index.get(shift.key) if shift is not None else None
            if i is None:
                self.dropped[tag] = UNKNOWN_MEMBER
                if k is not None and a.role == "duty":
                    self.new_holes.add(k)
                continue
            if k is None:
                self.dropped[tag] = INVALID_SHIFT
                continue
            if a.role == "duty":
                if i in self.roster[k]:
                    self.dropped[tag] = DUPLICATE
                elif self._can(i, k):
                    self._assign(i, k)
                    self.fixed[k].add(i)
                    self.kept[tag] = a
                else:
                    blockers = self.ledgers[i].blockers(self.duties[k])
                    self.dropped[tag] = blockers[0] if blockers else STANDBY_ELSEWHERE
                    self.new_holes.add(k)
            else:
                reason = self._standby_blocker(i, k)
                if i in self.standby[k]:
                    reason = DUPLICATE
                if reason:
                    self.dropped[tag] = reason
                else:
                    self._add_standby(i, k, fixed=True)
                    self.kept[tag] = a
        # Whatever stayed is this run's starting point; only new placements may move.

    def _standby_blocker(self, i: int, k: int) -> str:
        """Why member ``i`` may not stand by for shift ``k`` ('' when they may)."""
        if i in self.roster[k]:
            return ASSIGNED
        blockers = standby_blockers(self.ledgers[i], self.duties[k])
        if blockers:
            return blockers[0]
        if self._standby_clash(i, k):
            return STANDBY_ELSEWHERE
        return ""

    def _history_offsets(self, hist_lo: datetime) -> None:
        """Fairness offsets from the weeks before: ahead of the team average starts ahead."""
        n = len(self.members)
        if not n:
            return
        window = (self.period.start - hist_lo).total_seconds()
        avail = [1.0 - _leave_seconds(m, hist_lo, self.period.start) / window
                 for m in self.members]
        avail_n = [0.0 if m.no_nights else a for m, a in zip(self.members, avail, strict=True)]
        # A member with no shifts at all before the period is new (or was away): neutral.
        worked = {i for i in range(n) if self.hist_count[i] or self.hist_standby[i]}
        if not worked:
            return

        def offsets(tally: list[int], share: list[float]) -> list[float]:
            total = sum(share[i] for i in worked)
            rate = sum(tally[i] for i in worked) / total if total else 0.0
            return [tally[i] - rate * share[i] if i in worked else 0.0 for i in range(n)]

        self.base = offsets(self.hist_count, avail)
        self.base_n = offsets(self.hist_nights, avail_n)
        self.base_w = offsets(self.hist_weekend, avail)
        self.base_s = offsets(self.hist_standby, avail)

    # --- the phases -------------------------------------------------------------------------

    def run(self, exact_max_places: int) -> None:
        self._report(0.0)
        self.load()
        self._report(0.05)
        if self.repair:
            self._promote_standby()
        self._greedy()
        self._report(0.7)
        self.log = []
        self._close_gaps()
        self._report(0.8)
        self._close_tag_gaps()
        if exact_max_places > 0:
            self._exact(exact_max_places)
        self._report(0.85)
        self._polish()
        self._lns(exact_max_places)
        self.log = None
        self._report(0.95)
        self._fill_standby()
        self._report(1.0)

    def _report(self, fraction: float) -> None:
        if self.progress is not None:
            self.progress(fraction)

    def _promote_standby(self) -> None:
        """Repair: a shift short of duty takes its own standby first, if the rules allow.

        Except when the hole is a required tag the standby lacks and someone who has it
        can step in directly: then that one change keeps the shift qualified.
        """
        for k in range(len(self.shifts)):
            if self._places(k) <= 0 or not self.standby[k]:
                continue
            for i in list(self.standby[k]):
                if self._places(k) <= 0:
                    break
                if i in self.sb_locked[k]:
                    continue
                gap = self._tag_gap(k)
                if (gap and self._places(k) <= sum(gap.values())
                        and not any(t in self.tags[i] for t in gap)
                        and self._holder_can_step_in(k, gap)):
                    continue
                self._remove_standby(i, k)
                if self._can(i, k):
                    self._assign(i, k)
                    self.fixed[k].add(i)
                    self.promoted.add((k, i))
                    self.kept.pop((self.shifts[k].key, self.members[i].id, "standby"), None)
                else:
                    self._add_standby(i, k, fixed=True)

    def _holder_can_step_in(self, k: int, gap: Mapping[str, int]) -> bool:
        return any(any(t in self.tags[i] for t in gap) and i not in self.roster[k]
                   and self._can(i, k) for i in range(len(self.members)))

    def _batches(self) -> list[list[int]]:
        """Shifts grouped by identical times, in time order."""
        groups: dict[tuple[int, int, bool, int], list[int]] = {}
        for k, d in enumerate(self.duties):
            groups.setdefault((d.start, d.end, d.night, d.day), []).append(k)
        return [groups[key] for key in sorted(groups)]

    def _accrue(self, batch: list[int]) -> None:
        """Add this batch's places to the fair share of everyone who could work it.

        Leave takes a member out of the load (and weekend and standby) share; ``no_nights``
        only out of the night share, so such a member carries the same load in day shifts.
        """
        n = len(self.members)
        if not n:
            return
        d = self.duties[batch[0]]
        places = sum(self.shifts[k].need for k in batch)
        sb_places = sum(self.shifts[k].standby for k in batch)
        away = [i for i in self._constrained
                if self.ledgers[i].leave and self.rules.on_leave(self.ledgers[i].leave, d)]
        if len(away) >= n:
            return
        share = places / (n - len(away))
        sb_share = sb_places / (n - len(away))
        self.acc += share
        self.acc_s += sb_share
        for i in away:
            self.miss[i] += share
            self.miss_s[i] += sb_share
        if self.weekend[batch[0]]:
            self.acc_w += share
            for i in away:
                self.miss_w[i] += share
        if d.night:
            no_nights = set(self._statically_out(d, self._constrained))
            if len(no_nights) < n:
                share_n = places / (n - len(no_nights))
                self.acc_n += share_n
                for i in no_nights:
                    self.miss_n[i] += share_n

    def _greedy(self) -> None:
        batches = self._batches()
        for b, batch in enumerate(batches):
            self._accrue(batch)
            if b % 16 == 0:
                self._report(0.05 + 0.65 * b / max(1, len(batches)))
            open_shifts = [k for k in batch if self._places(k) > 0]
            if open_shifts:
                self._fill_batch(open_shifts, self._batch_order(open_shifts[0]))

    def _batch_order(self, rep: int) -> list[int]:
        """Everyone, furthest behind their fair share first; random among equals.

        For a night batch the night share leads and the load share breaks ties, so that
        nights spread evenly; on a weekend the weekend share joins the tie-break.
        """
        n = len(self.members)
        floor = math.floor
        rnd = self.rng.random
        base, count, miss, acc = self.base, self.count, self.miss, self.acc - 1e-9
        load = [floor(base[i] + count[i] - acc + miss[i]) for i in range(n)]
        if self.weekend[rep]:
            base_w, weekends, miss_w = self.base_w, self.weekends, self.miss_w
            acc_w = self.acc_w - 1e-9
            extra = [floor(base_w[i] + weekends[i] - acc_w + miss_w[i]) for i in range(n)]
        else:
            extra = [0] * n
        if self.duties[rep].night:
            base_n, nights, miss_n = self.base_n, self.nights, self.miss_n
            acc_n = self.acc_n - 1e-9
            keyed = [(floor(base_n[i] + nights[i] - acc_n + miss_n[i]), load[i] + extra[i],
                      rnd(), i) for i in range(n)]
        else:
            keyed = [(load[i], extra[i], rnd(), i) for i in range(n)]
        keyed.sort()
        return [t[3] for t in keyed]

    def _fill_batch(self, open_shifts: list[int], order: list[int]) -> None:
        """Fill shifts of identical times from ``order``, asking the ledger only as needed."""
        rep = open_shifts[0]
        free: dict[int, bool] = {}
        used: set[int] = set()

        def take(i: int, k: int) -> bool:
            if i in used:
                return False
            ok = free.get(i)
            if ok is None:
                ok = free[i] = self._can(i, rep) or i in self.roster[rep]
            if not ok or i in self.roster[k] or not self._can(i, k):
                return False
            self._assign(i, k)
            used.add(i)
            return True

        # Tagged places first, scarcest tag first, each from that tag's holders in order.
        wanted = sorted({t for k in open_shifts for t in self._tag_gap(k)},
                        key=lambda t: (self._holders.get(t, 0), t))
        for tag in wanted:
            holders = [i for i in order if tag in self.tags[i]]
            pos = 0
            for k in open_shifts:
                need = self._tag_gap(k).get(tag, 0)
                while need > 0 and self._places(k) > 0 and pos < len(holders):
                    pos += 1
                    if take(holders[pos - 1], k):
                        need -= 1
        # The rest from everyone, except places a missing tag still needs: those wait for
        # the gap-closing phase, which can move a holder in before anyone else takes them.
        pos = 0
        for k in open_shifts:
            while (self._places(k) > sum(self._tag_gap(k).values())
                   and pos < len(order)):
                pos += 1
                take(order[pos - 1], k)

    # --- closing gaps ---------------------------------------------------------------------

    def _fair_order(self, members: Iterable[int]) -> list[int]:
        return sorted(members, key=lambda i: (self._dev(i), i))

    def _fill_place(self, k: int, depth: int, tag: str | None, avoid: frozenset[int]) -> bool:
        """Put one more member on shift ``k`` (holding ``tag`` if given), moving at most
        ``depth`` other placements of this run to make room. Leaves state changed only on
        success."""
        if self.work > REPAIR_WORK:
            return False
        d = self.duties[k]
        on = self.roster[k]
        pool = [i for i in range(len(self.members))
                if i not in on and (tag is None or tag in self.tags[i])]
        self.work += len(pool) // 8
        for i in self._fair_order(pool):
            if self._can(i, k):
                self._assign(i, k)
                return True
        if depth <= 0:
            return False
        for i in self._fair_order(pool):
            if i in avoid or self.work > REPAIR_WORK:
                continue
            self.work += 1
            blockers = self.ledgers[i].blockers(d)
            if not blockers or not _MOVABLE_RULES.issuperset(blockers):
                continue
            if self._standby_clash(i, k):
                continue
            for k2 in self._near_movable(i, d):
                mark = len(self.log or [])
                lost = self._tag_gap(k2, [j for j in self.roster[k2] if j != i])
                before = self._tag_deficit(k2)
                self._unassign(i, k2)
                if self._can(i, k):
                    self._assign(i, k)
                    want = next(iter(lost)) if sum(lost.values()) > before else None
                    if self._fill_place(k2, depth - 1, want, avoid | {i}) \
                            and self._tag_deficit(k2) <= before:
                        return True
                self._rollback(mark)
        return False

    def _near_movable(self, i: int, d: Duty) -> list[int]:
        """This run's placements of member ``i`` that could be what blocks duty ``d``."""
        week = d.week
        out = []
        span = self.rules.min_rest + 2 * 86400
        night_reach = (self.rules.max_consecutive_nights + 1) if d.night else 0
        for other in self.ledgers[i].duties:
            k2 = self.shift_index.get(other.key)
            if k2 is None or not self._movable(i, k2):
                continue
            if (other.week == week or abs(other.start - d.start) <= span + (other.end - other.start)
                    or (other.night and abs(other.day - d.day) <= night_reach)):
                out.append(k2)
        return out

    def _close_gaps(self) -> None:
        """Fill places greed left empty, directly or by ejection chains up to three deep.

        Escalating, so the fewest changes come first: places a required tag needs go to
        holders of the tag before anyone else takes them; in repair, kept assignments are
        moved only when the period's own new placements cannot make room.
        """
        phases = [(True, False), (True, True), (False, False), (False, True)] if self.repair \
            else [(True, False), (False, False)]
        everywhere = range(len(self.shifts))
        new_holes = sorted(self.new_holes)
        for holders_only, kept_too in phases:
            self._kept_movable = kept_too
            for depth in (1, 2, 3) if kept_too else (0, 1, 2, 3):
                # Kept assignments move only to close what this repair opened.
                for k in new_holes if kept_too else everywhere:
                    while self._places(k) > 0 and self.work <= REPAIR_WORK:
                        done = any(self._fill_place(k, depth, tag, frozenset())
                                   for tag in sorted(self._tag_gap(k)))
                        if not done and (holders_only
                                         or not self._fill_place(k, depth, None, frozenset())):
                            break
        self._kept_movable = False

    def _close_tag_gaps(self) -> None:
        """A shift still short of a tag swaps a holder in for someone it can spare.

        This run's own placements are spared first; in repair, a kept (unlocked) one only
        on a shift this repair opened, and only if nothing else closes the gap.
        """
        for kept_too in (False, True) if self.repair else (False,):
            self._kept_movable = kept_too
            for k in sorted(self.new_holes) if kept_too else range(len(self.shifts)):
                for tag in sorted(self._tag_gap(k)):
                    while self._tag_gap(k).get(tag, 0) > 0 and self.work <= REPAIR_WORK:
                        if not self._swap_in_holder(k, tag):
                            break
        self._kept_movable = False

    def _swap_in_holder(self, k: int, tag: str) -> bool:
        before = self._tag_deficit(k)
        spare = [x for x in self.roster[k] if tag not in self.tags[x] and self._movable(x, k)]
        if not spare:
            return False
        holders = self._fair_order(i for i in range(len(self.members))
                                   if tag in self.tags[i] and i not in self.roster[k])
        for x in spare:
            for h in holders:
                mark = len(self.log or [])
                self._unassign(x, k)
                if self._can(h, k):
                    self._assign(h, k)
                    if self._tag_deficit(k) < before:
                        return True
                elif self._free_then_place(h, k, x) and self._tag_deficit(k) < before:
                    return True
                self._rollback(mark)
        return False

    def _free_then_place(self, h: int, k: int, x: int) -> bool:
        """Move one of ``h``'s placements to ``x`` (or anyone) so ``h`` can take ``k``."""
        d = self.duties[k]
        blockers = self.ledgers[h].blockers(d)
        if not blockers or not _MOVABLE_RULES.issuperset(blockers) or self._standby_clash(h, k):
            return False
        for k2 in self._near_movable(h, d):
            mark = len(self.log or [])
            before = self._tag_deficit(k2)
            lost = self._tag_gap(k2, [j for j in self.roster[k2] if j != h])
            want = sorted(lost)[0] if sum(lost.values()) > before else None
            self._unassign(h, k2)
            if self._can(h, k):
                self._assign(h, k)
                if (x not in self.roster[k2] and (want is None or want in self.tags[x])
                        and self._can(x, k2)):
                    self._assign(x, k2)
                    if self._tag_deficit(k2) <= before:
                        return True
                    self._unassign(x, k2)
                if self._fill_place(k2, 1, want, frozenset({h})) \
                        and self._tag_deficit(k2) <= before:
                    return True
            self._rollback(mark)
        return False

    # --- the exact search (small instances) -------------------------------------------------

    def _fairness_key(self) -> tuple[float, float]:
        """(spread beyond one within a class, weighted squares of the shares): lower is fairer.

        Within a class (same availability) shifts and nights are compared as counted (plus
        the history offset); the squares compare everyone's distance from their share.
        """
        excess = 0.0
        for members in self._classes().values():
            if len(members) < 2:
                continue
            loads = [self.count[i] + self.base[i] for i in members]
            nights = [self.nights[i] + self.base_n[i] for i in members]
            excess += max(0.0, max(loads) - min(loads) - 1 - 1e-9)
            excess += max(0.0, max(nights) - min(nights) - 1 - 1e-9)
        squares = sum(_W_COUNT * self._dev(i) ** 2 + _W_NIGHT * self._dev_n(i) ** 2
                      + _W_WEEKEND * self._dev_w(i) ** 2 for i in range(len(self.members)))
        return (round(excess, 6), round(squares, 6))

    def _classes(self) -> dict[tuple[object, ...], list[int]]:
        if self._class_cache is None:
            ids = fairness_classes(self.bundle, self.period)
            self._class_cache = {key: [self.index[m] for m in members if m in self.index]
                                 for key, members in ids.items()}
        return self._class_cache

    def _tags_met(self, k: int) -> int:
        need = self.shifts[k].need_tags
        on = self.roster[k]
        return sum(min(want, sum(1 for i in on if tag in self.tags[i]))
                   for tag, want in need.items())

    def _static_bound(self) -> int:
        """Places that could be filled at most: per shift, the people not on leave etc."""
        everyone = range(len(self.members))
        total = 0
        for k, d in enumerate(self.duties):
            out = set(self._statically_out(d, everyone))
            able = len(self.members) - len(out)
            total += min(self.shifts[k].need, max(able, len(self.roster[k])))
        return total

    def _searchable(self) -> bool:
        """Small enough for exact searches: each leaf scores every member's fairness."""
        return len(self.members) <= EXACT_MAX_MEMBERS and len(self.shifts) <= EXACT_MAX_SHIFTS

    def _settled(self) -> bool:
        """Nothing left to gain: fill proved maximal, every tag met, fair within each class."""
        if not self.fill_proven:
            return False
        tags_total = sum(sum(s.need_tags.values()) for s in self.shifts)
        tags_met = sum(self._tags_met(k) for k in range(len(self.shifts)))
        return tags_met >= tags_total and self._fairness_key()[0] == 0

    def _exact(self, max_places: int) -> None:
        """Prove the fill maximal, or search the whole (small) instance exactly."""
        total = sum(s.need for s in self.shifts)
        filled = sum(min(s.need, len(self.roster[k])) for k, s in enumerate(self.shifts))
        if filled >= total or filled >= self._static_bound():
            self.fill_proven = True
        free = {k: self.shifts[k].need - len(self.fixed[k]) for k in range(len(self.shifts))}
        free = {k: v for k, v in free.items() if v > 0}
        if (not free or sum(free.values()) > max_places or not self._searchable()
                or self._settled()):
            return
        if _ExactSearch(self, free, EXACT_NODES).run():
            # In repair the kept assignments were held fixed: a proof about them only.
            self.fill_proven = self.fill_proven or not self.repair
        else:
            self.notes.append("exact search stopped at its node budget")

    def _windows(self, max_places: int, width: int) -> list[dict[int, int]]:
        """Runs of ``width`` consecutive days with at most ``max_places`` free places."""
        by_day: dict[int, dict[int, int]] = {}
        for k, d in enumerate(self.duties):
            free = self.shifts[k].need - len(self.fixed[k])
            if free > 0:
                by_day.setdefault(d.day, {})[k] = free
        days = sorted(by_day)
        out: list[dict[int, int]] = []
        for i in range(max(1, len(days) - width + 1)):
            window: dict[int, int] = {}
            for day in days[i:i + width]:
                window.update(by_day[day])
            if window and sum(window.values()) <= max_places:
                out.append(window)
        return out

    def _lns(self, max_places: int) -> None:
        """Re-solve short runs of days exactly (large-neighbourhood search).

        What moves and tail trades cannot reach (three members rearranged at once to spread
        the nights) a window of a few days searched exhaustively often can. The current
        roster is the incumbent, so a window only ever improves; the budget keeps it cheap.
        """
        if max_places <= 0 or not self._searchable() or self._settled():
            return
        budget = LNS_NODES
        windows = self._windows(max_places, 2) + self._windows(max_places, 3)
        for window in windows:
            if budget <= 0:
                break
            search = _ExactSearch(self, window, min(budget, WINDOW_NODES))
            search.run()
            budget -= search.nodes
            if self._settled():
                break

    # --- fairness polish ------------------------------------------------------------------

    def _objective_delta(self, a: int, b: int, k: int) -> float:
        """Change of the fairness objective if shift ``k`` moves from ``a`` to ``b``."""
        night = 1.0 if self.duties[k].night else 0.0
        wk = 1.0 if self.weekend[k] else 0.0
        da, db = self._dev(a), self._dev(b)
        delta = _W_COUNT * (2 * (db - da) + 2)
        if night:
            delta += _W_NIGHT * (2 * (self._dev_n(b) - self._dev_n(a)) + 2)
        if wk:
            delta += _W_WEEKEND * (2 * (self._dev_w(b) - self._dev_w(a)) + 2)
        return delta

    def _polish(self) -> None:
        """Moves and swaps that keep every filled place and met tag and make the load fairer."""
        if len(self.members) < 2:
            return
        budget = self.work + FAIRNESS_WORK
        for _ in range(4):
            moved = self._polish_moves(budget)
            swapped = self._polish_tails(budget)
            if not (moved or swapped) or self.work >= budget:
                break

    def _movable_shifts(self, i: int) -> list[int]:
        out = []
        for d in self.ledgers[i].duties:
            k = self.shift_index.get(d.key)
            if k is not None and self._movable(i, k):
                out.append(k)
        return out

    def _essential_tags(self, a: int, k: int) -> tuple[str, ...]:
        """Tags shift ``k`` would fall short of (further) without member ``a``."""
        need = self.shifts[k].need_tags
        if not need:
            return ()
        mine = self.tags[a]
        out = []
        for tag, want in need.items():
            if tag in mine and sum(1 for j in self.roster[k] if tag in self.tags[j]) <= want:
                out.append(tag)
        return tuple(sorted(out))

    def _polish_moves(self, budget: int) -> int:
        """Give a shift of someone two or more ahead of their share to someone behind."""
        n = len(self.members)
        moves = 0
        by_dev = sorted(range(n), key=lambda i: (self._dev(i), i))
        by_tags: dict[tuple[str, ...], list[int]] = {}

        def candidates(tags: tuple[str, ...]) -> list[int]:
            if tags not in by_tags:
                by_tags[tags] = [b for b in by_dev if all(t in self.tags[b] for t in tags)]
            return by_tags[tags]

        floor = self._dev(by_dev[0])
        for a in reversed(by_dev):
            if self.work >= budget or self._dev(a) - floor <= 1 + 1e-9:
                break
            for k in self._movable_shifts(a):
                needed = self._essential_tags(a, k)
                pool = candidates(needed)
                if not pool or self._dev(a) - self._dev(pool[0]) <= 1 + 1e-9:
                    continue
                before = self._tag_deficit(k)
                tries = 0
                for b in pool:
                    if self._dev(a) - self._dev(b) <= 1 + 1e-9 or tries >= 6:
                        break
                    if b in self.roster[k] or self._objective_delta(a, b, k) >= -1e-9:
                        continue
                    tries += 1
                    if self._can(b, k):
                        self._unassign(a, k)
                        self._assign(b, k)
                        if self._tag_deficit(k) > before:
                            self._unassign(b, k)
                            self._assign(a, k)
                            continue
                        moves += 1
                        for group in by_tags.values():
                            group.sort(key=lambda i: (self._dev(i), i))
                        break
                if self._dev(a) - floor <= 1 + 1e-9:
                    break
        return moves

    def _polish_tails(self, budget: int) -> int:
        """Two members of one class swap all their movable shifts from some day on.

        Nights come in runs and rest rules tie each shift to its neighbours, so trading one
        night for one day shift rarely passes the rules; trading whole tails does, because
        only the seam between a member's own head and the other's tail can break a rule.
        The cut day is chosen so the trade moves the night (weekend, load) difference of
        the two toward zero.
        """
        assert self.log is not None
        swaps = 0
        devs = (self._dev, self._dev_n, self._dev_w)
        for members in self._swap_classes():
            if len(members) < 2:
                continue
            for f, dev in enumerate(devs):
                order = sorted(members, key=_ranked(dev))
                tried: set[tuple[int, int]] = set()
                while self.work < budget:
                    hi, lo = order[-1], order[0]
                    if dev(hi) - dev(lo) <= 1 + 1e-9:
                        break
                    done = False
                    for a in reversed(order):
                        if dev(a) - dev(order[0]) <= 1 + 1e-9 or self.work >= budget:
                            break
                        for b in order[:12]:
                            if dev(a) - dev(b) <= 1 + 1e-9:
                                break
                            if (a, b) in tried:
                                continue
                            tried.add((a, b))
                            if self._trade_tails(a, b, f):
                                swaps += 1
                                done = True
                                break
                        if done:
                            break
                    if not done:
                        break
                    order.sort(key=_ranked(dev))
        return swaps

    def _swap_classes(self) -> list[list[int]]:
        """Members who could stand in for each other on any shift: same asked-for tags."""
        wanted = {t for s in self.shifts for t in s.need_tags}
        groups: dict[tuple[object, ...], list[int]] = {}
        for i, m in enumerate(self.members):
            key = (tuple(sorted(t for t in self.tags[i] if t in wanted)), m.no_nights)
            groups.setdefault(key, []).append(i)
        return list(groups.values())

    def _trade_tails(self, a: int, b: int, focus: int) -> bool:
        """Swap the movable shifts of ``a`` and ``b`` within some run of days.

        Candidate runs are every run of up to a week and every tail to the end of the
        period; their effect on the fairness objective comes from prefix sums, so only the
        few that would help are tried against the ledger, shortest first.
        """
        assert self.log is not None
        duties = self.duties
        mine = {i: [k for k in self._movable_shifts(i)] for i in (a, b)}
        days = sorted({duties[k].day for i in (a, b) for k in mine[i]})
        if not days:
            return False
        pos = {day: j for j, day in enumerate(days)}
        # Per member and day: (shifts, nights, weekend shifts), then prefix sums.
        prefix: dict[int, list[tuple[int, int, int]]] = {}
        for i in (a, b):
            per = [[0, 0, 0] for _ in days]
            for k in mine[i]:
                row = per[pos[duties[k].day]]
                row[0] += 1
                row[1] += duties[k].night
                row[2] += self.weekend[k]
            sums = [(0, 0, 0)]
            for row in per:
                s0, s1, s2 = sums[-1]
                sums.append((s0 + row[0], s1 + row[1], s2 + row[2]))
            prefix[i] = sums
        g0 = self._dev(a) - self._dev(b)
        g1 = self._dev_n(a) - self._dev_n(b)
        g2 = self._dev_w(a) - self._dev_w(b)
        ahead = (g0, g1, g2)[focus] > 0
        pa, pb = prefix[a], prefix[b]
        n = len(days)
        options: list[tuple[int, float, int, int]] = []
        for lo in range(n):
            a_lo, b_lo = pa[lo], pb[lo]
            for hi in (*range(lo + 1, min(n, lo + 7) + 1), *((n,) if lo + 7 < n else ())):
                a_hi, b_hi = pa[hi], pb[hi]
                # What ``a`` gains (and ``b`` loses) by the trade, per measure.
                d0 = (b_hi[0] - b_lo[0]) - (a_hi[0] - a_lo[0])
                d1 = (b_hi[1] - b_lo[1]) - (a_hi[1] - a_lo[1])
                d2 = (b_hi[2] - b_lo[2]) - (a_hi[2] - a_lo[2])
                df = (d0, d1, d2)[focus]
                if df == 0 or (df > 0) == ahead:
                    continue
                change = (_W_COUNT * (2 * d0 * g0 + 2 * d0 * d0)
                          + _W_NIGHT * (2 * d1 * g1 + 2 * d1 * d1)
                          + _W_WEEKEND * (2 * d2 * g2 + 2 * d2 * d2))
                if change < -1e-9:
                    options.append((days[hi - 1] - days[lo], change, lo, hi))
        options.sort()
        for _, _, lo, hi in options[:3]:
            first, last = days[lo], days[hi - 1]
            ta = [k for k in mine[a] if first <= duties[k].day <= last]
            tb = [k for k in mine[b] if first <= duties[k].day <= last]
            self.work += 4 + len(ta) + len(tb)
            if set(ta) & set(tb):
                continue
            mark = len(self.log)
            for k in ta:
                self._unassign(a, k)
            for k in tb:
                self._unassign(b, k)
            ok = True
            for i, shifts in ((a, tb), (b, ta)):
                for k in shifts:
                    if i in self.roster[k] or not self._can(i, k):
                        ok = False
                        break
                    self._assign(i, k)
                if not ok:
                    break
            if ok:
                return True
            self._rollback(mark)
        return False

    # --- standby ---------------------------------------------------------------------------

    def _fill_standby(self) -> None:
        """Standby places, fairly, preferring those who could actually step in if called.

        Like duty, batch by batch of identical times, everyone ordered by how far behind
        their standby share they are; the ledger is asked only until the batch is full.
        Within one level of share, members the rules would let take the duty come first.
        """
        if self.repair:
            self._restore_previous_standby()
        n = len(self.members)
        floor = math.floor
        for batch in self._batches():
            open_shifts = [k for k in batch if self.shifts[k].standby > len(self.standby[k])]
            if not open_shifts:
                continue
            want = sum(self.shifts[k].standby - len(self.standby[k]) for k in open_shifts)
            rep = open_shifts[0]
            rnd = self.rng.random
            keyed = sorted((floor(self._dev_s(i) + 1e-9), floor(self._dev(i) + 1e-9), rnd(), i)
                           for i in range(n))
            picks: list[int] = []
            pos = 0
            while pos < n and len(picks) < want:
                level = keyed[pos][0]
                ready: list[int] = []
                able: list[int] = []
                while pos < n and keyed[pos][0] == level and len(ready) < want - len(picks):
                    i = keyed[pos][-1]
                    pos += 1
                    status = self._standby_status(i, rep)
                    if status == "ready":
                        ready.append(i)
                    elif status == "able":
                        able.append(i)
                while pos < n and keyed[pos][0] == level:
                    pos += 1  # the rest of this level is not needed
                picks += (ready + able)[: want - len(picks)]
            queue = iter(picks)
            for k in open_shifts:
                for _ in range(self.shifts[k].standby - len(self.standby[k])):
                    member = next(queue, None)
                    if member is None:
                        break
                    self._add_standby(member, k, fixed=False)

    def _standby_status(self, i: int, k: int) -> str:
        """'ready' (could take the duty too), 'able' (may stand by), or '' (may not)."""
        if i in self.roster[k] or self._standby_clash(i, k):
            return ""
        d = self.duties[k]
        if self.ledgers[i].allows(d):
            return "ready"
        return "able" if may_stand_by(self.ledgers[i], d) else ""

    def _restore_previous_standby(self) -> None:
        """Repair: whoever stood by before and still may, stands by again (no change)."""
        for a in self.old_in_period:
            k = self.shift_index.get(a.shift_key)
            i = self.index.get(a.member)
            if (a.role == "standby" and k is not None and i is not None
                    and self.shifts[k].standby > len(self.standby[k])
                    and i not in self.standby[k] and not self._standby_blocker(i, k)):
                self._add_standby(i, k, fixed=False)

    # --- the result ------------------------------------------------------------------------

    def result(self, seconds: float) -> GenerateResult:
        tz_assign: list[Assignment] = list(self.untouched)
        ids = [m.id for m in self.members]
        new_keys: set[tuple[ShiftKey, str, str]] = set()
        added: list[Assignment] = []
        for k, s in enumerate(self.shifts):
            for role, members in (("duty", self.roster[k]), ("standby", self.standby[k])):
                for i in members:
                    tag = (s.key, ids[i], role)
                    new_keys.add(tag)
                    if tag in self.kept and self._still_kept(k, i, role):
                        continue
                    if self._is_locked(tag):
                        continue
                    added.append(Assignment(s.checkpoint, s.start, s.end, ids[i],
                                            role="duty" if role == "duty" else "standby"))
        kept_in_order = [a for a in self.old_in_period
                         if self.kept.get((a.shift_key, a.member, a.role)) is a
                         and (a.shift_key, a.member, a.role) in new_keys]
        tz_assign.extend(kept_in_order)
        tz_assign.extend(added)
        bundle = replace(self.bundle, assignments=tuple(tz_assign))

        filled = sum(min(s.need, len(self.roster[k])) for k, s in enumerate(self.shifts))
        total = sum(s.need for s in self.shifts)
        sb_filled = sum(min(s.standby, len(self.standby[k])) for k, s in enumerate(self.shifts))
        sb_total = sum(s.standby for s in self.shifts)
        tags_unmet = sum(self._tag_deficit(k) for k, s in enumerate(self.shifts) if s.need_tags)
        if filled == total:
            self.fill_proven = True
        return GenerateResult(
            bundle=bundle,
            period=self.period,
            seed=self.seed,
            repair=self.repair,
            filled=filled,
            total=total,
            standby_filled=sb_filled,
            standby_total=sb_total,
            tags_unmet=tags_unmet,
            unfilled=tuple(self._explain()),
            changes=tuple(self._changes(kept_in_order, added)) if self.repair else (),
            stats=tuple(self._stats()),
            seconds=seconds,
            fill_proven=self.fill_proven,
            notes=tuple(self.notes),
        )

    def _still_kept(self, k: int, i: int, role: str) -> bool:
        """A kept assignment is still there unchanged (not swapped out and back in)."""
        return i in (self.fixed[k] if role == "duty" else self.standby_fixed[k])

    def _is_locked(self, tag: tuple[ShiftKey, str, str]) -> bool:
        if self._locked_keys is None:
            self._locked_keys = {(a.shift_key, a.member, a.role) for a in self.untouched
                                 if a.locked}
        return tag in self._locked_keys

    def _explain(self) -> list[Unfilled]:
        out: list[Unfilled] = []
        n = len(self.members)
        ids = [m.id for m in self.members]
        cache: dict[tuple[int, tuple[int, int]], str] = {}
        for k, s in enumerate(self.shifts):
            d = self.duties[k]
            timing = (d.start, d.end)
            places = s.need - len(self.roster[k])
            gap = self._tag_gap(k)
            if places > 0 or gap:
                reasons: dict[str, list[str]] = {}
                for i in range(n):
                    reason: str
                    if i in self.roster[k]:
                        reason = ASSIGNED
                    else:
                        reason = cache.get((i, timing), "")
                        if not reason:
                            blockers = self.ledgers[i].blockers(d)
                            reason = blockers[0] if blockers else ""
                            if not reason and self._standby_clash(i, k):
                                reason = STANDBY_ELSEWHERE
                            cache[(i, timing)] = reason or "-"
                        if reason == "-":
                            reason = ""
                        if not reason:
                            reason = LACKS_TAG if gap and places <= 0 and not any(
                                t in self.tags[i] for t in gap) else FREE
                    reasons.setdefault(reason, []).append(ids[i])
                out.append(Unfilled(s.checkpoint, s.start, s.end, "duty", s.need,
                                    len(self.roster[k]), tuple(sorted(gap.items())),
                                    _summarise(reasons)))
            sb_places = s.standby - len(self.standby[k])
            if sb_places > 0:
                reasons = {}
                for i in range(n):
                    if i in self.standby[k]:
                        reason = ASSIGNED
                    else:
                        reason = self._standby_blocker(i, k) or FREE
                    reasons.setdefault(reason, []).append(ids[i])
                out.append(Unfilled(s.checkpoint, s.start, s.end, "standby", s.standby,
                                    len(self.standby[k]), (), _summarise(reasons)))
        return out

    def _changes(self, kept: list[Assignment], added: list[Assignment]) -> list[Change]:
        """The difference between the period's unlocked assignments before and after."""
        before: dict[tuple[ShiftKey, str], list[str]] = {}
        for a in self.old_in_period:
            before.setdefault((a.shift_key, a.role), []).append(a.member)
        after: dict[tuple[ShiftKey, str], list[str]] = {}
        for a in kept:
            after.setdefault((a.shift_key, a.role), []).append(a.member)
        for a in added:
            after.setdefault((a.shift_key, a.role), []).append(a.member)
        out: list[Change] = []
        keys = sorted(set(before) | set(after), key=lambda x: (x[0][1], x[0][0], x[1]))
        promoted_ids = {(self.shifts[k].key, self.members[i].id) for k, i in self.promoted
                        if i in self.roster[k]}
        for key in keys:
            shift_key, role = key
            cp, start, end = shift_key
            old = [m for m in before.get(key, []) if m not in after.get(key, [])]
            new = [m for m in after.get(key, []) if m not in before.get(key, [])]
            if role == "standby":
                # A promoted standby is reported once, on the duty side.
                old = [m for m in old if (shift_key, m) not in promoted_ids]
            while old or new:
                o = old.pop(0) if old else None
                nw = new.pop(0) if new else None
                reason = self._why_gone(shift_key, o, role) if o else ""
                if role == "duty" and nw is not None and (shift_key, nw) in promoted_ids:
                    kind: ChangeKind = "promoted"
                elif o and nw:
                    kind = "replaced"
                elif o:
                    kind = "removed"
                else:
                    kind = "added"
                out.append(Change(kind, cp, start, end, "duty" if role == "duty" else "standby",
                                  o, nw, reason))
        return out

    def _why_gone(self, shift_key: ShiftKey, member: str, role: str) -> str:
        if not self.repair:
            return ""
        return self.dropped.get((shift_key, member, role), MOVED)

    def _stats(self) -> list[MemberStats]:
        out = []
        span = (self.period.end - self.period.start).total_seconds()
        hours = [0.0] * len(self.members)
        for k, s in enumerate(self.shifts):
            for i in self.roster[k]:
                hours[i] += s.hours
        for i, m in enumerate(self.members):
            out.append(MemberStats(
                member=m.id,
                shifts=self.count[i],
                nights=self.nights[i],
                weekend=self.weekends[i],
                hours=round(hours[i], 2),
                standby=self.standby_count[i],
                availability=round(1 - _leave_seconds(m, self.period.start, self.period.end)
                                   / span, 4),
                history_shifts=self.hist_count[i],
                history_nights=self.hist_nights[i],
            ))
        return out


def _ranked(score: Callable[[int], float]) -> Callable[[int], tuple[float, int]]:
    """A sort key: lowest score first, member index breaking ties."""
    def key(i: int) -> tuple[float, int]:
        return (score(i), i)
    return key


def _summarise(reasons: Mapping[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted(((r, tuple(ids)) for r, ids in reasons.items()),
                        key=lambda item: (-len(item[1]), item[0])))


class _ExactSearch:
    """Branch and bound over the free places of a small instance.

    Objective, lexicographic: most places filled, most required tags met, smallest fairness
    excess (spread beyond one within a class), smallest weighted squares of the fairness
    scores. The incumbent is the greedy roster, so the search can only improve on it. Free
    places of one shift take members in increasing index order (they are interchangeable).
    """

    def __init__(self, engine: _Engine, free: dict[int, int], node_limit: int) -> None:
        self.e = engine
        self.node_limit = node_limit
        self.free = free
        self.order = sorted(free, key=lambda k: engine.duties[k].start)
        self.nodes = 0
        self.aborted = False
        self.best: tuple[float, ...] = ()
        self.best_roster: dict[int, list[int]] = {}

    def _value(self) -> tuple[float, ...]:
        e = self.e
        filled = sum(min(e.shifts[k].need, len(e.roster[k])) for k in range(len(e.shifts)))
        tags = sum(e._tags_met(k) for k in range(len(e.shifts)))
        excess, squares = e._fairness_key()
        return (filled, tags, -excess, -squares)

    def run(self) -> bool:
        e = self.e
        current = {k: [i for i in e.roster[k] if i not in e.fixed[k]] for k in self.order}
        self.best = self._value()
        self.best_roster = {k: list(v) for k, v in current.items()}
        saved_log = e.log
        e.log = None
        for k, members in current.items():
            for i in members:
                e._unassign(i, k)
        base_filled = sum(min(e.shifts[k].need, len(e.roster[k])) for k in range(len(e.shifts)))
        base_tags = sum(e._tags_met(k) for k in range(len(e.shifts)) if k not in self.free)
        # Tags still obtainable per remaining free shift, for the bound.
        self.tag_room = [sum(e.shifts[k].need_tags.values()) for k in self.order]
        self._search(0, 0, 0, base_filled, base_tags)
        for k in self.order:
            for i in [i for i in e.roster[k] if i not in e.fixed[k]]:
                e._unassign(i, k)
        for k, members in self.best_roster.items():
            for i in members:
                e._assign(i, k)
        e.log = saved_log
        return not self.aborted

    def _search(self, pos: int, place: int, start: int, filled: int, tags: int) -> None:
        e = self.e
        self.nodes += 1
        if self.nodes > self.node_limit:
            self.aborted = True
            return
        if pos == len(self.order):
            if (filled, tags) < self.best[:2]:
                return
            excess, squares = e._fairness_key()  # the costly part: only for contenders
            value = (filled, tags, -excess, -squares)
            if value > self.best:
                self.best = value
                self.best_roster = {k: [i for i in e.roster[k] if i not in e.fixed[k]]
                                    for k in self.order}
            return
        k = self.order[pos]
        remaining = sum(self.free[x] for x in self.order[pos:]) - place
        ub_tags = tags + sum(self.tag_room[pos:])
        if (filled + remaining, ub_tags) < self.best[:2]:
            return
        if place < self.free[k]:
            for i in range(start, len(e.members)):
                if self.aborted:
                    return
                if i in e.roster[k] or not e._can(i, k):
                    continue
                e._assign(i, k)
                self._search(pos, place + 1, i + 1, filled + 1, tags)
                e._unassign(i, k)
        # Close this shift (leaving any remaining free places empty) and go on.
        self._search(pos + 1, 0, 0, filled, tags + e._tags_met(k))
