"""The app's working state, without Textual: the roster, the period in view, its check, undo.

Screens never talk to the store; they ask the session (elia's "manager facade"). Every
edit goes through :meth:`Session.edit`, which applies a pure function of
:mod:`roster.editing.edits` to the roster *as the store holds it now*, under the store's lock,
and records it with the operator's name. Undo and redo replay the edit's
:class:`roster.editing.edits.Patch` backwards or forwards onto the current roster, so a change
the duty desk wrote in between survives an undo; each is itself a recorded change.
Nothing here imports Textual, so it is tested like the core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from roster.checker import Report, check
from roster.domain.errors import UserError
from roster.domain.messages import Said, msg
from roster.domain.model import Bundle, Period, make_period
from roster.domain.timeutil import monday_of, now_utc
from roster.editing.edits import Patch, apply_patch, diff
from roster.exchange.exporters import Exporter
from roster.exchange.exporters.selection import Selection
from roster.i18n import say
from roster.services.duty import DutyLog
from roster.services.export import Prepared, export_to
from roster.store import Change, Store

PeriodMode = Literal["week", "month"]

#: Rosters with more shifts in view than this are checked in a worker, not in the UI's turn.
SYNC_CHECK_SHIFTS = 1500
OPERATOR_KEY = "operator"


class NothingChanged(Exception):
    """An edit that would leave the roster as it is (nothing is recorded)."""


@dataclass(frozen=True, slots=True)
class Step:
    """One undoable change: what it did and how it was described in the history."""

    patch: Patch
    summary: Said


def period_start(day: date, mode: PeriodMode) -> date:
    """The first day of the week (Monday) or month that holds ``day``."""
    return monday_of(day) if mode == "week" else day.replace(day=1)


def period_days(first: date, mode: PeriodMode) -> int:
    if mode == "week":
        return 7
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (following - first).days


def step_period(first: date, mode: PeriodMode, steps: int) -> date:
    """The first day of the period ``steps`` periods after (or before) the one at ``first``."""
    if mode == "week":
        return first + timedelta(days=7 * steps)
    month = first.year * 12 + first.month - 1 + steps
    return date(month // 12, month % 12 + 1, 1)


class Session:
    """The roster being worked on, where the lead is looking, and what can be undone."""

    def __init__(self, store: Store, *, operator: str = "", lang: str = "zh",
                 day: date, mode: PeriodMode = "week") -> None:
        self.store = store
        self.operator = operator
        self.lang = lang
        self.today = day
        self.mode: PeriodMode = mode
        self.first_day = period_start(day, mode)
        #: Bumped whenever the bundle (or the report) is replaced, so a screen can tell
        #: "the same roster, a new check" from "another roster" without comparing objects.
        self.bundle_revision = 0
        self.report_revision = 0
        self._bundle: Bundle | None = None
        self._report: Report | None = None
        self.undo_stack: list[Step] = []
        self.redo_stack: list[Step] = []
        self._token: tuple[Any, ...] | None = None

    @property
    def bundle(self) -> Bundle | None:
        return self._bundle

    @bundle.setter
    def bundle(self, value: Bundle | None) -> None:
        self._bundle = value
        self.bundle_revision += 1

    @property
    def report(self) -> Report | None:
        return self._report

    @report.setter
    def report(self, value: Report | None) -> None:
        self._report = value
        self.report_revision += 1

    def export(self, exporter: Exporter, selection: Selection, lang: str,
               path: Path) -> Prepared:
        """Export from what is saved now (the bundle's logs too for the JSON bundle)."""
        bundle = self.store.load(logs=exporter.name == "json")
        return export_to(self.store, bundle, exporter, selection, lang, path)

    def history(self) -> list[Change]:
        """The recorded changes of the roster, newest first (may raise a UserError)."""
        return self.store.history()

    def duty_log(self, clock: Callable[[], datetime] | None = None) -> DutyLog:
        """The duty log of this data folder, written under this session's operator."""
        return DutyLog(self.store, clock=clock or now_utc, operator=self.operator)

    @classmethod
    def open(cls, data_dir: Path, *, operator: str = "", lang: str = "zh", day: date,
             mode: PeriodMode = "week") -> Session:
        """A session on the data folder ``data_dir`` (nothing is read until :meth:`load`)."""
        return cls(Store(data_dir), operator=operator, lang=lang, day=day, mode=mode)

    # --- words ---

    def tr(self, text: str, /, *, context: str = "", **fields: Any) -> str:
        return say(self.lang, text, context=context, **fields)

    # --- the period ---

    @property
    def period(self) -> Period | None:
        if self.bundle is None:
            return None
        return make_period(self.first_day, period_days(self.first_day, self.mode),
                           self.bundle.tz)

    def move_period(self, steps: int) -> None:
        self.first_day = step_period(self.first_day, self.mode, steps)
        self.report = None

    def go_to(self, day: date) -> None:
        self.first_day = period_start(day, self.mode)
        self.report = None

    def set_mode(self, mode: PeriodMode, keep: date) -> None:
        self.mode = mode
        self.go_to(keep)

    def shifts_in_view(self) -> int:
        if self.bundle is None:
            return 0
        templates = sum(len(c.shifts) for c in self.bundle.checkpoints)
        return templates * period_days(self.first_day, self.mode)

    # --- reading ---

    def load(self) -> Bundle | None:
        """Read the roster (None when the data folder has no team yet)."""
        self._token = self.store.roster_token()
        self.bundle = None if self.store.is_empty() else self.store.load()
        self.report = None
        return self.bundle

    def changed_elsewhere(self) -> bool:
        """Whether another process (or command) changed the roster since we last read it
        (duty-log entries do not count: the board does not show them)."""
        return self.store.roster_token() != self._token

    def check_now(self) -> Report | None:
        """Check the period in view (on the caller's thread) and keep the report."""
        bundle, period = self.bundle, self.period
        if bundle is None or period is None:
            self.report = None
            return None
        self.report = check(bundle, period)
        return self.report

    @staticmethod
    def check_of(bundle: Bundle, period: Period) -> Report:
        """A check for a worker thread: plain inputs, nothing shared."""
        return check(bundle, period)

    # --- the operator ---

    def remembered_operator(self) -> str:
        return self.store.setting(OPERATOR_KEY)

    def remember_operator(self, name: str) -> None:
        self.operator = name.strip()
        self.store.set_setting(OPERATOR_KEY, self.operator)

    # --- writing ---

    def edit(self, change: Callable[[Bundle], Bundle], *, summary: Said,
             op: str = "edit") -> Patch:
        """Apply ``change`` to the stored roster and record it; undoable.

        Raises :class:`NothingChanged` (and records nothing) if the roster stays the same,
        and whatever ``change`` raises (a UserError naming the field) with nothing saved.
        """
        patch = self._commit(change, summary=summary, op=op)
        self.undo_stack.append(Step(patch, summary))
        self.redo_stack.clear()
        return patch

    # --- the lead's PIN (roster.store.pin) ---

    def pin_set(self) -> bool:
        """Whether changing the roster needs the lead's PIN."""
        from roster.store.pin import PinGuard

        return PinGuard(self.store).is_set()

    def check_pin(self, pin: str) -> None:
        """Nothing if ``pin`` is right (or none is set); else a UserError saying why."""
        from roster.store.pin import PinGuard

        PinGuard(self.store).check(pin or None)

    def start_team(self, bundle: Bundle, *, summary: Said) -> None:
        """Save a new team into the empty data folder (one change: ``roster undo`` or the
        history screen takes it back); a UserError if a team is there already."""
        if not self.store.is_empty():
            raise UserError(msg("{data_dir}: already holds a team", data_dir=self.store.data_dir))
        self.store.save(bundle, op="init", operator=self.operator, summary=summary)
        self.load()

    def save_generated(self, snapshot: Bundle, result: Bundle, *, summary: Said,
                       op: str) -> Patch:
        """Save what a generate run made from ``snapshot`` onto the roster as it is now."""
        made = diff(snapshot, result)
        return self.edit(lambda current: apply_patch(current, made),
                         summary=summary, op=op)

    def undo(self) -> Step | None:
        if not self.undo_stack:
            return None
        step = self.undo_stack.pop()
        try:
            self._commit(lambda b: apply_patch(b, step.patch.inverse()),
                         summary=msg("undo: {summary}", summary=step.summary),
                         op="undo")
        except BaseException:
            self.undo_stack.append(step)
            raise
        self.redo_stack.append(step)
        return step

    def redo(self) -> Step | None:
        if not self.redo_stack:
            return None
        step = self.redo_stack.pop()
        try:
            self._commit(lambda b: apply_patch(b, step.patch),
                         summary=msg("redo: {summary}", summary=step.summary),
                         op="redo")
        except BaseException:
            self.redo_stack.append(step)
            raise
        self.undo_stack.append(step)
        return step

    def restore(self, seq: int) -> Step:
        """Bring back the roster as it was before change ``seq`` (undoable in this session)."""
        before = self.store.load()
        change = self.store.restore(seq, operator=self.operator)
        self.load()
        after = self.bundle
        step = Step(diff(before, after) if after is not None else Patch(), change.said)
        self.undo_stack.append(step)
        self.redo_stack.clear()
        return step

    def _commit(self, change: Callable[[Bundle], Bundle], *, summary: Said, op: str) -> Patch:
        made: list[Patch] = []

        def apply(current: Bundle) -> Bundle:
            new = change(current)
            patch = diff(current, new)
            if patch.empty:
                raise NothingChanged
            made.append(patch)
            return new

        self.bundle = self.store.update(apply, op=op, operator=self.operator, summary=summary)
        self._token = self.store.roster_token()
        self.report = None
        return made[-1]
