"""The Textual app and its one factory, used alike by the CLI, Pilot tests and snapshots.

The app owns what every screen shares: the :class:`roster.services.session.Session` (the
roster, the period in view, its check, undo and redo), the language, and the workers
that check a large roster and generate one without freezing the screen. Screens edit
through :meth:`RosterApp.apply_edit` and redraw when :attr:`RosterApp.roster_changed`
fires, so an edit, an undo, a finished generate or a write by another process (polled
through :meth:`roster.store.Store.roster_token`) reaches every screen the same way.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
from pathlib import Path, PurePath
from typing import Any, Literal

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.signal import Signal
from textual.worker import Worker, WorkerState

from roster.checker import Report
from roster.domain.errors import UserError
from roster.domain.messages import Said
from roster.domain.model import Bundle, Period, ShiftKey
from roster.domain.text import printable
from roster.domain.timeutil import today as today_in
from roster.i18n import render, say
from roster.services.session import SYNC_CHECK_SHIFTS, NothingChanged, PeriodMode, Session
from roster.tui import STYLES
from roster.tui.commands import RosterCommands
from roster.tui.generating import Generating
from roster.tui.keys import APP, MOVE, SCROLL, bindings, describe
from roster.tui.screens.board import BoardScreen
from roster.tui.screens.checkpoints import CheckpointsScreen
from roster.tui.screens.coverage import CoverageScreen
from roster.tui.screens.crews import CrewsScreen
from roster.tui.screens.first_run import FirstRunScreen, needs_setup
from roster.tui.screens.history import HistoryScreen
from roster.tui.screens.people import PeopleScreen

#: Cursor and scroll keys: not commands worth listing in the palette.
CURSOR_KEYS = frozenset(k.id for k in (*MOVE, *SCROLL))
CSS_FILES: list[str | PurePath] = [STYLES / name for name in
                                   ("app.tcss", "board.tcss", "forms.tcss", "screens.tcss")]


class RosterApp(Generating):
    """The roster board a team lead works in (see the module docstring)."""

    CSS_PATH = CSS_FILES
    TITLE = "checkpoint-roster"
    #: Textual's commands (this screen's keys, themes), and every roster action from anywhere.
    COMMANDS = Generating.COMMANDS | {RosterCommands}
    BINDINGS = bindings(APP)
    MODES = {"board": BoardScreen, "coverage": CoverageScreen, "people": PeopleScreen,
             "checkpoints": CheckpointsScreen, "history": HistoryScreen, "crews": CrewsScreen}
    DEFAULT_MODE = "board"

    def __init__(self, data_dir: Path, lang: str = "zh", *, day: date | None = None,
                 desk: str | None = None, operator: str | None = None,
                 mode: PeriodMode = "week", poll_seconds: float = 1.0,
                 clock: Callable[[], datetime] | None = None,
                 session: Session | None = None) -> None:
        """``session``: what to show instead of the data folder's roster (the county
        screen's teams, read from their files); ``data_dir`` is then never opened."""
        super().__init__()
        self.clock = clock
        self.data_dir = Path(data_dir)
        self.lang = lang
        self.fixed_day = day
        self.desk = desk
        self.poll_seconds = poll_seconds
        self.load_error: str | None = None
        self.generating: float | None = None
        self.seed = 0
        #: The lead's PIN was given in this app session (or none is set).
        self.pin_ok = False
        self.session = session or Session.open(self.data_dir, operator=(operator or "").strip(),
                                               lang=lang, day=day or date.today(), mode=mode)
        self.roster_changed: Signal[None] = Signal(self, "roster-changed")
        self.lang_changed: Signal[str] = Signal(self, "lang-changed")
        self.progress_changed: Signal[float | None] = Signal(self, "progress-changed")

    # --- start, stop, reload ---

    def on_load(self) -> None:
        if not self.session.operator:
            self.session.operator = self.session.remembered_operator()
        self._reload()
        bundle = self.session.bundle
        if bundle is not None and self.fixed_day is None:
            self.session.today = (self.clock().astimezone(bundle.tz).date() if self.clock
                                  else today_in(bundle.tz))
            self.session.go_to(self.session.today)

    #: An empty data folder opens the set-up (an app reading other teams' files does not).
    FIRST_RUN = True

    def on_mount(self) -> None:
        # The title is drawn outside any widget's text (the header, a screenshot's window).
        self.title = (printable(self.session.bundle.team.name) if self.session.bundle
                      else "checkpoint-roster")
        self.refresh_roster()
        self.set_interval(self.poll_seconds, self._poll)
        if self.desk is not None:
            self.open_desk(self.desk)
        elif self.FIRST_RUN and self.load_error is None and needs_setup(self.session.bundle):
            self.push_screen(FirstRunScreen())

    def after_team_started(self) -> None:
        """The set-up saved a new team: today in its zone, its name on top, the next step."""
        bundle = self.session.bundle
        if bundle is not None and self.fixed_day is None:
            self.session.today = (self.clock().astimezone(bundle.tz).date() if self.clock
                                  else today_in(bundle.tz))
        self.session.go_to(self.session.today)
        self.title = printable(bundle.team.name) if bundle else self.title
        self.refresh_roster()
        for screen in self.screen_stack:
            if isinstance(screen, FirstRunScreen):
                screen.team_started()

    @property
    def today(self) -> date:
        return self.session.today

    def _reload(self) -> None:
        try:
            self.session.load()
            self.load_error = None
        except UserError as exc:
            self.session.bundle = None
            self.session.report = None
            self.load_error = self.words(exc)

    def empty_message(self) -> str:
        if self.load_error:
            return self.tr("Cannot read the data: {load_error}", load_error=self.load_error)
        return self.tr("No team in {data_dir} yet: 1 goes back to setting one up (or run "
                       "`roster demo`, `roster import FILE.json`).", data_dir=self.data_dir)

    def _poll(self) -> None:
        """Pick up a change another process wrote (the duty desk, a command)."""
        if not self.session.changed_elsewhere():
            return
        self._reload()
        self.refresh_roster()

    def tr(self, text: str, /, *, context: str = "", **fields: Any) -> str:
        """``text`` (a catalog id) in the app's language."""
        return say(self.lang, text, context=context, **fields)

    def words(self, words: object) -> str:
        """What the core said (a message, a problem, an error) in the app's language."""
        return render(words, self.lang)

    # --- the check ---

    def refresh_roster(self) -> None:
        """Check the period in view (in a worker when large) and tell every screen."""
        s = self.session
        if s.bundle is None or s.period is None:
            s.report = None
        elif s.shifts_in_view() <= SYNC_CHECK_SHIFTS:
            s.check_now()
        else:
            s.report = None
            self._check(s.bundle, s.period)
        self.roster_changed.publish(None)
        self.screen.refresh_bindings()

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def _check(self, bundle: Bundle, period: Period) -> None:
        report = Session.check_of(bundle, period)
        self.call_from_thread(self._checked, bundle, period, report)

    def _checked(self, bundle: Bundle, period: Period, report: Report) -> None:
        s = self.session
        if s.bundle is bundle and s.period == period:
            s.report = report
            self.roster_changed.publish(None)

    # --- the period ---

    def move_period(self, steps: int) -> None:
        self.session.move_period(steps)
        self.refresh_roster()

    def go_to_day(self, day: date) -> None:
        self.session.go_to(day)
        self.refresh_roster()

    def toggle_mode(self, keep: date) -> None:
        s = self.session
        s.set_mode("month" if s.mode == "week" else "week", keep)
        self.refresh_roster()

    # --- editing ---

    def _pin_needed(self) -> bool:
        """A PIN is set and this app session has not been given it yet."""
        if self.pin_ok:
            return False
        try:
            needed = self.session.pin_set()
        except UserError:
            needed = True  # a damaged pin.json never means "no PIN"
        self.pin_ok = not needed
        return needed

    def with_operator(self, then: Callable[[], object]) -> None:
        """Run ``then`` once the operator's name is known (asked once, then remembered)
        and, when the lead set a PIN, once it was given (asked once per app session)."""
        if self.session.operator and self._pin_needed():
            from roster.tui.dialogs.pin import PinDialog

            def given(ok: bool | None) -> None:
                if ok:
                    self.pin_ok = True
                    then()

            self.push_screen(PinDialog(self.lang, self.session.check_pin), given)
            return
        if self.session.operator:
            then()
            return
        from roster.tui.dialogs.operator import OperatorDialog

        def named(name: str | None) -> None:
            if name:
                self.session.remember_operator(name)
                self.roster_changed.publish(None)
                self.with_operator(then)  # and the PIN, if one is set

        try:
            guess = getpass.getuser()
        except (KeyError, OSError):
            guess = ""
        self.push_screen(OperatorDialog(self.lang, guess), named)

    def apply_edit(self, change: Callable[[Bundle], Bundle], summary: Said, *,
                   op: str = "edit", raise_errors: bool = False) -> bool:
        """Save ``change`` through the store (asking the operator's name first if need be).

        Returns whether it was saved. A refused edit is shown as a notification, or
        raised (``raise_errors``) for a form to put next to its fields.
        """
        if not self.session.operator or self._pin_needed():
            self.with_operator(lambda: self.apply_edit(change, summary, op=op))
            return False
        try:
            self.session.edit(change, summary=summary, op=op)
        except NothingChanged:
            self.notify(self.tr("Nothing changed."))
            return False
        except UserError as exc:
            if raise_errors:
                raise
            self.notify(self.words(exc), title=self.tr("Not saved"), severity="error")
            return False
        self.refresh_roster()
        return True

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification, from any screen: its words hold names, notes and file
        names, which are data, so they are never read as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_undo(self) -> None:
        self.with_operator(lambda: self._step(undo=True))

    def action_redo(self) -> None:
        self.with_operator(lambda: self._step(undo=False))

    def _step(self, *, undo: bool) -> None:
        s = self.session
        try:
            step = s.undo() if undo else s.redo()
        except NothingChanged:
            step = None
        except UserError as exc:
            self.notify(self.words(exc), title=self.tr("Could not do it"),
                        severity="error")
            return
        if step is None:
            self.notify(self.tr("Nothing to undo.") if undo else self.tr("Nothing to redo."))
            return
        self.notify((self.tr("Undone: ") if undo else self.tr("Redone: "))
                    + self.words(step.summary))
        self.refresh_roster()

    def restore(self, seq: int) -> None:
        """Put the roster back as it was before change ``seq`` (undoable)."""
        try:
            step = self.session.restore(seq)
        except UserError as exc:
            self.notify(self.words(exc), title=self.tr("Not restored"), severity="error")
            return
        self.notify(self.tr("Restored: {summary}", summary=self.words(step.summary)))
        self.refresh_roster()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo" and not self.session.undo_stack:
            return None
        if action == "redo" and not self.session.redo_stack:
            return None
        return True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        if event.worker.group == "generate":
            self.generating = None
            self.progress_changed.publish(None)
        self.notify(f"{event.worker.error}", title=self.tr("Something went wrong"),
                    severity="error", timeout=15)

    # --- screens ---

    def open_slot(self, key: ShiftKey) -> None:
        from roster.tui.screens.slot import SlotScreen

        self.push_screen(SlotScreen(key))

    def open_desk(self, checkpoint_id: str) -> None:
        """Push the duty desk of one checkpoint (it reads the data folder, language and
        operator from this app)."""
        from roster.tui.screens.desk import DeskScreen

        if self.session.bundle is not None and self.session.bundle.checkpoint(
                checkpoint_id) is None:
            self.notify(self.tr("There is no checkpoint {checkpoint_id}",
                                checkpoint_id=checkpoint_id),
                        severity="error")
            return
        self.push_screen(DeskScreen(checkpoint_id, clock=self.clock,
                                    poll_seconds=self.poll_seconds))

    def action_show(self, mode: str) -> None:
        if mode in self.MODES:
            self.switch_mode(mode)

    def action_help(self) -> None:
        from roster.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_export(self) -> None:
        from roster.tui.dialogs.export import ExportDialog

        if self.session.bundle is None:
            return
        self.push_screen(ExportDialog())

    def action_switch_lang(self) -> None:
        self.lang = "en" if self.lang == "zh" else "zh"
        self.session.lang = self.lang
        self.lang_changed.publish(self.lang)
        self.screen.refresh_bindings()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every key of the screen (in the current language, with the English name too when
        it is Chinese), then Textual's own; :class:`RosterCommands` adds every other
        screen's."""
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding: Binding = active.binding
            ident = binding.id or binding.action
            if (ident in seen or not active.enabled or binding.action == "command_palette"
                    or ident in CURSOR_KEYS):
                continue
            seen.add(ident)
            title, tip = describe(binding, self.lang)
            if self.lang == "zh":  # typing Chinese needs an input method; English finds it too
                title = f"{title} · {describe(binding, 'en')[0]}"
            yield SystemCommand(title, f"{tip}  ({self.get_key_display(binding)})",
                                partial(self.run_action, binding.action, active.node))
        yield from super().get_system_commands(screen)


def make_app(data_dir: Path, lang: str = "zh", day: date | None = None, *,
             desk: str | None = None, operator: str | None = None,
             mode: Literal["week", "month"] = "week", poll_seconds: float = 1.0,
             clock: Callable[[], datetime] | None = None) -> RosterApp:
    """The one factory for the app (CLI, tests, snapshots and the benchmark build it here).

    ``day`` freezes "today" (tests and snapshots) and ``clock`` "now" (the duty desk, and
    the instant before which generate and repair leave shifts as they are; with ``day``
    and no ``clock`` nothing is history);
    ``desk`` opens straight on the duty desk of that checkpoint; ``operator`` names who
    edits (else the name remembered in the data folder, else the app asks once);
    ``poll_seconds`` is how often another process's writes are looked for.
    """
    return RosterApp(data_dir, lang, day=day, desk=desk, operator=operator, mode=mode,
                     poll_seconds=poll_seconds, clock=clock)
