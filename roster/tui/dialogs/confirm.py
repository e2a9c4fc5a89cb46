"""A yes/no question before something that changes a lot (restore, remove, repair)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from roster.i18n import say
from roster.tui.keys import CONFIRM, bindings


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = bindings(CONFIRM)

    def __init__(self, question: str, lang: str, detail: str = "") -> None:
        super().__init__(classes="form-screen")
        self.question = question
        self.detail = detail
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="form dialog"):
            # Text, not markup: a name or a "[standby]" in a question is data.
            yield Static(Text(self.question), classes="form-title")
            if self.detail:
                yield Static(Text(self.detail), classes="form-note")
            yield Static(say(self.lang, "y yes · n no"), classes="form-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def ask(app: App[Any], question: str, then: Callable[[], object], detail: str = "") -> None:
    """Ask ``question`` (in the app's language); run ``then`` on yes."""

    def answered(yes: bool | None) -> None:
        if yes:
            then()

    app.push_screen(ConfirmDialog(question, getattr(app, "lang", "zh"), detail), answered)
