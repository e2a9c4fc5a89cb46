"""The desk-only app: ``roster desk --checkpoint ID`` on the laptop in the checkpoint tent.

It holds one :class:`~roster.tui.screens.desk.DeskScreen` and nothing else: no board, no
editing screens, no generator, no other checkpoint's desk, so no key, palette entry or Esc
can lead there (this module does not even import them). Leaving the desk quits the app.
What the desk takes from its app (the session's duty log, the language and its signal)
is the same as in the lead's :class:`~roster.tui.app.RosterApp`, so the screen is one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.signal import Signal

from roster.i18n import render, say
from roster.services.session import Session
from roster.tui import STYLES
from roster.tui.screens.desk import DeskScreen

#: Textual's own palette entries that are safe on a shared laptop (nothing leaves the desk).
SAFE_SYSTEM_COMMANDS = frozenset(("Quit", "Keys", "Theme"))


class DeskApp(App[None]):
    """One checkpoint's duty desk, and nothing else (see the module docstring)."""

    #: The desk's own sheet too: a screen's CSS_PATH is not read for the default screen,
    #: and without it the note's text box was laid out off the right edge.
    CSS_PATH = [STYLES / "app.tcss", STYLES / "forms.tcss", STYLES / "desk.tcss"]
    TITLE = "checkpoint-roster"
    BINDINGS = [Binding("f2", "switch_lang", "中/EN", show=False, id="desk-app.lang")]

    def __init__(self, data_dir: Path, checkpoint_id: str, lang: str = "zh", *,
                 operator: str = "", clock: Callable[[], datetime] | None = None,
                 poll_seconds: float = 1.0) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.checkpoint_id = checkpoint_id
        self.lang = lang
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.session = Session.open(self.data_dir, operator=operator.strip(), lang=lang,
                                    day=date.today())
        self.lang_changed: Signal[str] = Signal(self, "lang-changed")
        self.roster_changed: Signal[None] = Signal(self, "roster-changed")

    def get_default_screen(self) -> Screen[Any]:
        return DeskScreen(self.checkpoint_id, clock=self.clock, poll_seconds=self.poll_seconds)

    def on_load(self) -> None:
        if not self.session.operator:
            self.session.operator = self.session.remembered_operator()

    def tr(self, text: str, /, *, context: str = "", **fields: Any) -> str:
        return say(self.lang, text, context=context, **fields)

    def words(self, words: object) -> str:
        return render(words, self.lang)

    def action_switch_lang(self) -> None:
        self.lang = "en" if self.lang == "zh" else "zh"
        self.session.lang = self.lang
        self.lang_changed.publish(self.lang)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Only Textual's harmless entries: quit, the keys, the theme."""
        for command in super().get_system_commands(screen):
            if command.title in SAFE_SYSTEM_COMMANDS:
                yield command


def make_desk_app(data_dir: Path, checkpoint_id: str, lang: str = "zh", *,
                  operator: str = "", clock: Callable[[], datetime] | None = None,
                  poll_seconds: float = 1.0) -> DeskApp:
    """The desk-only app (the CLI's ``roster desk``, Pilot tests)."""
    return DeskApp(data_dir, checkpoint_id, lang, operator=operator, clock=clock,
                   poll_seconds=poll_seconds)
