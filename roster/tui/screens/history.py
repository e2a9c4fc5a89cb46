"""History: every recorded change of the roster (who, when, what), and going back before one.

The list is the store's history (the newest 50 changes, with their backups). Restoring
is itself a recorded change, and undoable in this session like any edit.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable, Static

from roster.domain.errors import UserError
from roster.i18n import op_name, say
from roster.services.session import Change
from roster.tui.base import TableScreen
from roster.tui.dialogs.confirm import ConfirmDialog
from roster.tui.keys import HISTORY, bindings


class HistoryScreen(TableScreen):
    tab = "history"
    note_id = "history-note"
    table_id = "changes"

    BINDINGS = bindings(HISTORY)

    def __init__(self) -> None:
        super().__init__(id="history-screen")
        self.changes: list[Change] = []

    def redraw(self, _: Any) -> None:
        app = self.roster_app
        lang = app.lang
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        try:
            self.changes = app.session.history()
        except UserError as exc:
            self.changes = []
            self.query_one("#history-note", Static).update(self.words(exc))
            return
        self.query_one("#history-note",
                       Static).update(self.tr("The roster before each change is kept (the last "
                                              "50). Highlight one and press r to put the roster "
                                              "back as it was before it."))
        table.add_columns(say(lang, "#"), say(lang, "When"),
                          say(lang, "Change"), say(lang, "By"),
                          say(lang, "Summary"))
        tz = app.session.bundle.tz if app.session.bundle else None
        for c in self.changes:
            when = c.at.astimezone(tz) if tz else c.at.astimezone()
            table.add_row(str(c.seq), f"{when:%Y-%m-%d %H:%M}",
                          op_name(c.op, lang),
                          Text(c.operator, style="bold"), self.words(c.said), key=str(c.seq))
        if self.changes:
            table.move_cursor(row=min(keep, len(self.changes) - 1))

    def action_restore(self) -> None:
        app = self.roster_app
        table = self.query_one(DataTable)
        if not self.changes or table.cursor_row >= len(self.changes):
            return
        change = self.changes[table.cursor_row]

        def answer(yes: bool | None) -> None:
            if yes:
                app.with_operator(lambda: app.restore(change.seq))

        app.push_screen(ConfirmDialog(
            self.tr("Put the roster back as it was before change #{seq}?",
                    seq=change.seq), app.lang,
            f"#{change.seq} {self.words(change.said)}"), answer)

    def on_data_table_row_selected(self) -> None:
        self.action_restore()

    def action_back(self) -> None:
        self.roster_app.switch_mode("board")
