"""Generate and repair in the app: a worker thread, a progress bar, and the lead's say.

The past and the running shift are history: a run is given "now" (the app's clock) and
leaves every shift that started before it as it is; a period that is all past is rebuilt
only after the lead says yes. Before ``g`` replaces assignments that were there, the app
says how many people's shifts change and asks; ``G`` (repair) shows its list of changes
before applying them. A run works on a snapshot; what it made is replayed onto the roster
as it is when saved, so a duty desk's write in between is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.message import Message

from roster.domain.errors import UserError
from roster.domain.messages import Said, msg
from roster.domain.model import Bundle, Period
from roster.domain.timeutil import now_utc
from roster.generator import GenerateResult, generate, started_shifts
from roster.reports.generate_report import change_line, reason_phrase, summary_lines
from roster.rules.kinds import Reason
from roster.services.session import NothingChanged
from roster.tui.dialogs.confirm import ask

if TYPE_CHECKING:
    from roster.services.session import Session

#: How many changes the repair question lists before "… and N more".
CHANGES_SHOWN = 12


def people_changed(before: Bundle, after: Bundle, period: Period) -> set[str]:
    """Members whose shifts (duty or standby) in the period differ between the two rosters."""
    def shifts(b: Bundle) -> dict[str, set[tuple[Any, ...]]]:
        out: dict[str, set[tuple[Any, ...]]] = {}
        for a in b.assignments:
            if period.contains(a.start):
                out.setdefault(a.member, set()).add((a.shift_key, a.role))
        return out

    old, new = shifts(before), shifts(after)
    return {m for m in old.keys() | new.keys() if old.get(m, set()) != new.get(m, set())}


class Generating(App[None]):
    """The generate and repair part of the roster app (mixed in as its base)."""

    session: Session
    clock: Any
    fixed_day: Any
    generating: float | None
    seed: int
    lang: str

    @dataclass
    class Progress(Message):
        """How far a generate run has got (0..1)."""

        fraction: float

    @dataclass
    class Generated(Message):
        """A generate (or repair) run finished; ``snapshot`` is the roster it started from."""

        snapshot: Bundle
        result: GenerateResult
        #: The instant before which shifts were left as they were (None: none were).
        now: datetime | None = None

    if TYPE_CHECKING:  # what the roster app supplies
        def tr(self, text: str, /, *, context: str = "", **fields: Any) -> str: ...

        def words(self, words: object) -> str: ...

        def with_operator(self, then: Any) -> None: ...

        def refresh_roster(self) -> None: ...

    # --- starting a run ---

    def start_generate(self, *, repair: bool, period: Period | None = None) -> None:
        """Generate (or repair) ``period`` (default: the period in view)."""
        s = self.session
        if s.bundle is None or (period or s.period) is None:
            return
        if self.generating is not None:
            self.notify(self.tr("Already generating; please wait."))
            return
        self.with_operator(lambda: self._launch(repair, period=period))

    def now(self) -> datetime | None:
        """The instant before which shifts are history: the clock given, else the real one;
        None (nothing is history) when only the day was frozen (tests, snapshots)."""
        if self.clock is not None:
            return self.clock()  # type: ignore[no-any-return]
        return None if self.fixed_day is not None else now_utc()

    def _launch(self, repair: bool, include_past: bool = False,
                period: Period | None = None) -> None:
        s = self.session
        period = period or s.period
        if s.bundle is None or period is None:
            return
        now = None if include_past else self.now()
        if now is not None:
            started, total = started_shifts(s.bundle, period, now)
            if total and started == total:
                self._ask_past(repair, period)
                return
        self.generating = 0.0
        self.progress_changed.publish(0.0)  # type: ignore[attr-defined]
        self.seed += 1
        self._generate(s.bundle, period, repair, self.seed, now)

    def _ask_past(self, repair: bool, period: Period) -> None:
        """Every shift in view has started: rebuild the past only if the lead says so."""
        s = self.session
        assert s.bundle is not None
        last = period.first_day + timedelta(days=period.days - 1)
        unlocked = sum(1 for a in s.bundle.assignments
                       if period.contains(a.start) and not a.locked)
        ask(self, self.tr("Every shift of {first}–{last} has started. Rebuild the past anyway?",
                          first=period.first_day, last=last),
            lambda: self._launch(repair, include_past=True, period=period),
            self.tr("The roster of these days is the record of who was on duty. {count} "
                    "unlocked assignment(s) of them may change (locked ones stay).",
                    count=unlocked))

    @work(thread=True, exclusive=True, group="generate", exit_on_error=False)
    def _generate(self, bundle: Bundle, period: Period, repair: bool, seed: int,
                  now: datetime | None = None) -> None:
        def progress(fraction: float) -> None:
            self.post_message(self.Progress(fraction))

        result = generate(bundle, period, seed=seed, repair=repair, progress=progress, now=now)
        self.post_message(self.Generated(bundle, result, now))

    def on_generating_progress(self, message: Progress) -> None:
        if self.generating is not None:
            self.generating = message.fraction
            self.progress_changed.publish(message.fraction)  # type: ignore[attr-defined]

    # --- the lead's say, then saving ---

    def on_generating_generated(self, message: Generated) -> None:
        self.generating = None
        self.progress_changed.publish(None)  # type: ignore[attr-defined]
        result, snapshot = message.result, message.snapshot
        period = result.period
        if result.repair:
            detail = self._change_list(snapshot, result)
            if not detail:
                now = message.now
                if now is not None and started_shifts(snapshot, period, now)[0]:
                    self.notify(self.tr("The roster did not change: nothing is left to repair in "
                                        "the shifts still to come (those that have started stay "
                                        "as they are)."))
                else:
                    self.notify(self.tr("The roster did not change."))
                return
            ask(self, self.tr("Repair makes {count} change(s). Apply them?",
                              count=len(result.changes)),
                lambda: self._apply(snapshot, result), detail)
            return
        had = any(period.contains(a.start) and not a.locked for a in snapshot.assignments)
        moved = people_changed(snapshot, result.bundle, period)
        if had and moved:
            ask(self, self.tr("{count} people's shifts change. Replace the roster of the period?",
                              count=len(moved)),
                lambda: self._apply(snapshot, result),
                self.tr("Locked shifts and shifts that have started stay as they are; u undoes "
                        "it."))
            return
        self._apply(snapshot, result)

    def _change_list(self, snapshot: Bundle, result: GenerateResult) -> str:
        people = {m.id: m.name for m in snapshot.members}
        places = {c.id: c.name for c in snapshot.checkpoints}
        lines = [change_line(c, people, places, snapshot.tz, self.lang)
                 for c in result.changes[:CHANGES_SHOWN]]
        if len(result.changes) > CHANGES_SHOWN:
            lines.append(self.tr("… and {count} more", count=len(result.changes) - CHANGES_SHOWN))
        return "\n".join(lines)

    def _apply(self, snapshot: Bundle, result: GenerateResult) -> None:
        first = result.period.first_day
        last = first + timedelta(days=result.period.days - 1)
        verb = msg("repair") if result.repair else msg("generate")
        summary = msg("{verb} {first}–{last}: filled {filled}/{total}", verb=verb, first=first,
                      last=last, filled=result.filled, total=result.total)
        if not self._save_generated(snapshot, result, summary):
            return
        lines = summary_lines(result, self.lang)
        tz = snapshot.tz
        for u in result.unfilled[:3]:
            cp = snapshot.checkpoint(u.checkpoint)
            why = self.tr(", ", context="clauses").join(reason_phrase(reason, len(ids), self.lang)
                                         for reason, ids in u.reasons if reason != Reason.ASSIGNED)
            lines.append(f"{u.start.astimezone(tz):%m-%d %H:%M} "
                         f"{cp.name if cp else u.checkpoint}: {why}")
        if len(result.unfilled) > 3:
            lines.append(self.tr("… {value} more shifts left short (p lists the problems)",
                                 value=len(result.unfilled) - 3))
        self.notify("\n".join(lines), title=self.words(verb),
                    severity="information" if result.complete else "warning", timeout=10)

    def _save_generated(self, snapshot: Bundle, result: GenerateResult, summary: Said) -> bool:
        op = "repair" if result.repair else "generate"
        try:
            self.session.save_generated(snapshot, result.bundle, summary=summary, op=op)
        except NothingChanged:
            self.notify(self.tr("The roster did not change."))
            return False
        except UserError as exc:
            self.notify(self.words(exc), title=self.tr("Not saved"), severity="error")
            return False
        self.refresh_roster()
        return True
