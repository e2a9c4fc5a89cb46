"""One member's duties, kept so that "which rules would this shift break?" is cheap."""

from __future__ import annotations

import bisect

from roster.domain.model import Member, ShiftKey
from roster.rules.duties import Duty, RuleSet, leave_spans
from roster.rules.kinds import RuleKind


class MemberLedger:
    """One member's duties, kept so that "can they take this shift?" costs a few lookups.

    ``blockers`` lists every rule a new duty would break (for explanations);
    ``allows`` is the fast yes/no the generator asks thousands of times. Whether a member
    may take a *place* (duty or standby, with their standby places in view) is
    :mod:`roster.rules.eligibility`'s question, answered with these.
    """

    __slots__ = ("_by_day", "_ends", "_keys", "_max_len", "_minutes", "_nights", "_starts",
                 "_v2", "duties", "leave", "member", "rules")

    def __init__(self, member: Member, rules: RuleSet) -> None:
        self.member = member
        self.rules = rules
        self.leave = leave_spans(member)
        self.duties: list[Duty] = []  # sorted by start
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._keys: set[ShiftKey] = set()
        self._by_day: dict[int, int] = {}
        self._nights: set[int] = set()
        self._minutes: dict[tuple[int, int], int] = {}
        self._max_len = 0
        self._v2 = (member.only_checkpoints is not None or rules.max_consecutive_days is not None
                    or rules.days_off_after_nights > 0)

    def __contains__(self, key: ShiftKey) -> bool:
        return key in self._keys

    def add(self, duty: Duty) -> None:
        i = bisect.bisect_right(self._starts, duty.start)
        self.duties.insert(i, duty)
        self._starts.insert(i, duty.start)
        self._ends.insert(i, duty.end)
        self._keys.add(duty.key)
        self._by_day[duty.day] = self._by_day.get(duty.day, 0) + 1
        if duty.night:
            self._nights.add(duty.day)
        self._minutes[duty.week] = self._minutes.get(duty.week, 0) + duty.minutes
        self._max_len = max(self._max_len, duty.end - duty.start)

    def remove(self, duty: Duty) -> None:
        # Look only among duties starting at the same second, and by identity first: the
        # generator removes and re-adds thousands of duties while it trades shifts.
        lo = bisect.bisect_left(self._starts, duty.start)
        hi = bisect.bisect_right(self._starts, duty.start, lo)
        i = next((j for j in range(lo, hi) if self.duties[j] is duty), -1)
        if i < 0:
            i = self.duties.index(duty, lo, max(hi, lo))
        del self.duties[i], self._starts[i], self._ends[i]
        self._keys.discard(duty.key)
        self._by_day[duty.day] -= 1
        if duty.night and not any(d.night and d.day == duty.day for d in self.duties):
            self._nights.discard(duty.day)
        self._minutes[duty.week] -= duty.minutes

    def _near(self, duty: Duty) -> list[Duty]:
        """Duties that could overlap ``duty`` or sit within the rest time of it."""
        reach = self.rules.min_rest + self._max_len
        lo = bisect.bisect_left(self._starts, duty.start - reach)
        hi = bisect.bisect_right(self._starts, duty.end + self.rules.min_rest)
        return self.duties[lo:hi]

    def night_run_with(self, day: int) -> int:
        """Length of the run of consecutive night days through ``day`` if it were a night."""
        run = 1
        d = day - 1
        while d in self._nights:
            run += 1
            d -= 1
        d = day + 1
        while d in self._nights:
            run += 1
            d += 1
        return run

    def day_run_with(self, day: int) -> int:
        """Length of the run of consecutive days with a duty through ``day`` if it had one."""
        by_day = self._by_day
        run = 1
        d = day - 1
        while by_day.get(d, 0) > 0:
            run += 1
            d -= 1
        d = day + 1
        while by_day.get(d, 0) > 0:
            run += 1
            d += 1
        return run

    def breaks_days_off(self, duty: Duty) -> bool:
        """Whether ``duty`` falls in the days off after a run of nights, or (a night that
        ends a run) puts the member's next duties inside its own days off."""
        n = self.rules.days_off_after_nights
        x = duty.day
        nights = self._nights

        def night_on(d: int) -> bool:
            return d in nights or (duty.night and d == x)

        for end in range(x - n, x):
            if night_on(end) and not night_on(end + 1):
                return True
        if duty.night and not night_on(x + 1):
            by_day = self._by_day
            return any(by_day.get(d, 0) > 0 for d in range(x + 1, x + n + 1))
        return False

    def blockers(self, duty: Duty) -> list[RuleKind]:
        """Every rule (kind names) that adding ``duty`` would break, in MEMBER_RULES order."""
        r = self.rules
        out: list[RuleKind] = []
        if r.on_leave(self.leave, duty):
            out.append(RuleKind.UNAVAILABLE)
        if r.wrong_checkpoint(self.member, duty):
            out.append(RuleKind.WRONG_CHECKPOINT)
        if r.night_forbidden(self.member, duty):
            out.append(RuleKind.NO_NIGHTS)
        near = self._near(duty)
        if any(r.overlaps(duty, other) for other in near):
            out.append(RuleKind.OVERLAP)
        if any(r.too_close(duty, other) for other in near):
            out.append(RuleKind.REST)
        if r.too_many_in_day(self._by_day.get(duty.day, 0) + 1):
            out.append(RuleKind.SHIFTS_PER_DAY)
        if duty.night and r.too_many_nights(self.night_run_with(duty.day)):
            out.append(RuleKind.CONSECUTIVE_NIGHTS)
        if r.too_many_days(self.day_run_with(duty.day)):
            out.append(RuleKind.CONSECUTIVE_DAYS)
        if r.days_off_after_nights and self.breaks_days_off(duty):
            out.append(RuleKind.DAYS_OFF_AFTER_NIGHTS)
        if r.too_many_minutes(self._minutes.get(duty.week, 0) + duty.minutes, self.member):
            out.append(RuleKind.HOURS_PER_WEEK)
        return out

    def allows(self, duty: Duty) -> bool:
        r = self.rules
        if duty.key in self._keys:
            return False
        if r.too_many_in_day(self._by_day.get(duty.day, 0) + 1):
            return False
        if r.too_many_minutes(self._minutes.get(duty.week, 0) + duty.minutes, self.member):
            return False
        if duty.night and (r.night_forbidden(self.member, duty)
                           or r.too_many_nights(self.night_run_with(duty.day))):
            return False
        if self.leave and r.on_leave(self.leave, duty):
            return False
        if self._v2 and not self._v2_allows(duty):
            return False
        for other in self._near(duty):
            if r.overlaps(duty, other) or r.too_close(duty, other):
                return False
        return True

    def _v2_allows(self, duty: Duty) -> bool:
        """The rules of bundle v2: the member's checkpoints, days in a row, days off."""
        r = self.rules
        if self.member.only_checkpoints is not None and r.wrong_checkpoint(self.member, duty):
            return False
        if r.max_consecutive_days is not None and r.too_many_days(self.day_run_with(duty.day)):
            return False
        return not (r.days_off_after_nights and self.breaks_days_off(duty))

    def on_leave(self, duty: Duty) -> bool:
        return bool(self.leave) and self.rules.on_leave(self.leave, duty)

    def wrong_checkpoint(self, duty: Duty) -> bool:
        return self.rules.wrong_checkpoint(self.member, duty)

    def overlaps_a_duty(self, duty: Duty) -> bool:
        """On duty at some moment of ``duty`` (its own shift included)."""
        overlaps = self.rules.overlaps
        return any(overlaps(duty, other) for other in self._near(duty))

    # --- what fairness and reports read -------------------------------------------------

    def count(self) -> int:
        return len(self.duties)

    def nights(self) -> int:
        return sum(1 for d in self.duties if d.night)

    def minutes_in_week(self, week: tuple[int, int]) -> int:
        return self._minutes.get(week, 0)
