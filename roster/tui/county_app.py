"""The app on the county screen (``roster county PATH...`` without ``--format``).

It is the roster app with the county table as its first screen and a
:class:`roster.services.county.ReadOnlySession` in place of a data folder: Enter on a team
reads that team's file and shows its board (and, with the number keys, its coverage,
people and checkpoints) exactly as the team sees it; ``c`` comes back to the county.
Every change those screens offer is refused by the session before anything is written,
and the generator and the duty desk are not started at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from roster.county import RollUp
from roster.domain.errors import UserError
from roster.domain.model import Period
from roster.domain.text import printable
from roster.services.county import COUNTY_OPERATOR, ReadOnlySession, load_team
from roster.tui.app import RosterApp
from roster.tui.keys import APP, COUNTY_APP, bindings
from roster.tui.screens.county import CountyScreen

__all__ = ["CountyApp", "make_county_app"]


class CountyApp(RosterApp):
    """The county table, and each team's board to read only."""

    #: The app's keys less undo and redo (there is nothing to undo), and ``c``.
    BINDINGS = bindings((*(k for k in APP if k.id not in ("app.undo", "app.redo")),
                         *COUNTY_APP))
    MODES = {**RosterApp.MODES, "county": CountyScreen}
    DEFAULT_MODE = "county"

    def __init__(self, rollup: RollUp, lang: str = "zh", *,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.read_only = ReadOnlySession(None, lang=lang,
                                         day=rollup.first_day or rollup.now.date())
        super().__init__(Path("."), lang, day=rollup.first_day, operator=COUNTY_OPERATOR,
                         poll_seconds=3600, clock=clock, session=self.read_only)
        self.rollup = rollup

    FIRST_RUN = False

    def on_mount(self) -> None:
        super().on_mount()
        self.title = "checkpoint-roster"

    def empty_message(self) -> str:
        return self.tr("No team open: press c for the county table, Enter on a team to "
                       "open it.")

    def open_team(self, file: str) -> None:
        """Read ``file`` and show its board at the roll-up's period (nothing is written)."""
        try:
            bundle = load_team(file)
        except UserError as exc:
            self.notify(self.words(exc), title=self.tr("Could not open"), severity="error")
            return
        row = next((t for t in self.rollup.teams if t.file == file), None)
        day = row.period.first_day if row is not None else self.session.today
        self.read_only.show(bundle, file, day)
        self.title = printable(bundle.team.name)
        self.refresh_roster()
        self.switch_mode("board")

    def _read_only(self) -> None:
        self.notify(self.tr("{file} is open to read only: nothing here changes a team's data",
                            file=self.read_only.file or "-"), severity="warning")

    def start_generate(self, *, repair: bool, period: Period | None = None) -> None:
        self._read_only()

    def open_desk(self, checkpoint_id: str) -> None:
        self._read_only()

    def action_undo(self) -> None:
        self._read_only()

    def action_redo(self) -> None:
        self._read_only()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("undo", "redo"):
            return None
        return super().check_action(action, parameters)


def make_county_app(rollup: RollUp, lang: str = "zh", **options: Any) -> CountyApp:
    """The one factory (the CLI, Pilot tests, snapshots and the benchmark build it here)."""
    return CountyApp(rollup, lang, **options)
