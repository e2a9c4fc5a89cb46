"""The lead's PIN, asked once per app session before the first change to the roster.

Only when a PIN is set (``roster pin set``); the duty desk never asks. A wrong PIN is said
in one line and nothing is saved; after five wrong in a row the next try waits 30 s, the
same count the command line keeps (it lives in the data folder).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from roster.domain.errors import UserError
from roster.i18n import render, say
from roster.tui.keys import FORM, bindings
from roster.tui.widgets.plain import Plain


class PinDialog(ModalScreen[bool]):
    """Dismissed with True once ``check`` accepted the PIN typed."""

    BINDINGS = bindings(FORM)

    def __init__(self, lang: str, check: Callable[[str], None]) -> None:
        super().__init__(classes="form-screen")
        self.lang = lang
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="form dialog"):
            yield Plain(say(self.lang, "The lead's PIN"), classes="form-title")
            yield Plain(say(self.lang, "Changing the roster needs the lead's PIN (asked once "
                                        "while the app is open). The duty log does not."),
                         classes="form-note")
            yield Input(password=True, id="pin-input")
            yield Plain("", id="pin-error", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#pin-error").display = False
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def action_save(self) -> None:
        box = self.query_one(Input)
        try:
            self.check(box.value.strip())
        except UserError as exc:
            box.value = ""
            error = self.query_one("#pin-error", Static)
            error.update(Text(render(exc, self.lang)))
            error.display = True
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
