"""``?``: every key of the screen underneath, made from its bindings, never written by hand.

The list is the screen's active bindings (focused widget, screen, app) with their words
looked up by binding id in :mod:`roster.tui.keys`, so it cannot drift from what the keys
do; the board's cursor keys are listed too, since they belong to the board widget.
"""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen

from roster.i18n import say
from roster.tui.keys import ALL, HELP, MOVE, bindings, describe
from roster.tui.widgets.plain import Plain


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings(HELP)

    def __init__(self, under: Screen[object]) -> None:
        super().__init__(classes="form-screen")
        self.under = under
        self.rows: list[tuple[str, str, str]] = []

    def compose(self) -> ComposeResult:
        app = self.app
        lang: str = getattr(app, "lang", "zh")
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column(say(lang, "Key"), no_wrap=True, style="bold")
        table.add_column(say(lang, "Action"), no_wrap=True)
        table.add_column(say(lang, "What it does"))
        rows: dict[str, tuple[list[str], str, str]] = {}
        found = [(a.binding, app.get_key_display(a.binding))
                 for a in self.under.active_bindings.values()]
        if self.under.id == "board-screen":
            found += [(b, b.key_display or b.key) for b in bindings(MOVE)
                      if isinstance(b, Binding)]
        for binding, display in found:
            if binding.id not in ALL:
                continue  # a Textual widget's own key (tab, copy ...): not ours to explain
            ident = binding.id
            title, tip = describe(binding, lang)
            keys = rows.setdefault(ident, ([], title, tip))[0]
            if display not in keys:
                keys.append(display)
        self.rows = [(" ".join(keys), title, tip) for keys, title, tip in rows.values()]
        for keys_text, title, tip in self.rows:
            table.add_row(keys_text, title, tip if tip != title else "")
        with Vertical(classes="form help"):
            yield Plain(say(lang, "Keys"), classes="form-title")
            with VerticalScroll():
                yield Plain(table)
            yield Plain(say(lang, "esc closes · ctrl+p searches every command"),
                         classes="form-hint")

    def action_close(self) -> None:
        self.dismiss(None)
