"""Who is making changes: asked once, before the first edit, then remembered.

Every change of the roster is recorded with the operator's name; a lead who opened the
app without ``--operator`` (or ``ROSTER_OPERATOR``) and with no name remembered in the
data folder is asked here, with the login name offered.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from roster.i18n import say
from roster.tui.keys import FORM, bindings
from roster.tui.widgets.plain import Plain


class OperatorDialog(ModalScreen[str | None]):
    BINDINGS = bindings(FORM)

    def __init__(self, lang: str, guess: str = "") -> None:
        super().__init__(classes="form-screen")
        self.lang = lang
        self.guess = guess

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="form dialog"):
            yield Plain(say(lang, "Your name"), classes="form-title")
            yield Plain(say(lang,
                             "Every change is recorded with who made it. Asked once, then "
                             "remembered in the data folder."), classes="form-note")
            yield Input(self.guess, placeholder=say(lang, "name"), id="operator-name")
            yield Plain("", id="operator-error", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#operator-error").display = False
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def action_save(self) -> None:
        name = self.query_one(Input).value.strip()
        if not name:
            error = self.query_one("#operator-error", Static)
            error.update(say(self.lang, "Please give a name"))
            error.display = True
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
