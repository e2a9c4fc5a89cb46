"""What every screen and bar of the roster app shares: the typed app, its language, its events.

Screens follow two app-wide events (the roster changed, the language changed) and redraw
on either; :meth:`RosterAppMixin.follow` subscribes to both in one call, so no screen can
forget one of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable

from roster.i18n import render, say
from roster.tui.widgets.plain import Plain, Table

if TYPE_CHECKING:
    from textual.app import App

    from roster.tui.app import RosterApp


class RosterAppMixin:
    """Mixed into Textual screens and widgets (before the Textual base class)."""

    app: App[Any]

    @property
    def roster_app(self) -> RosterApp:
        return self.app  # type: ignore[return-value]

    def tr(self, text: str, /, *, context: str = "", **fields: Any) -> str:
        """``text`` (a catalog id) in the app's language."""
        return say(self.roster_app.lang, text, context=context, **fields)

    def words(self, words: Any) -> str:
        """What the core said (a message, a problem, an error) in the app's language."""
        return render(words, self.roster_app.lang)

    def follow(self, redraw: Callable[[Any], None]) -> None:
        """Redraw whenever the roster or the language changes."""
        app = self.roster_app
        app.roster_changed.subscribe(self, redraw)  # type: ignore[arg-type]
        app.lang_changed.subscribe(self, redraw)  # type: ignore[arg-type]


class TableScreen(RosterAppMixin, Screen[None]):
    """A screen that is one table under a note line: people, history.

    Subclasses name their tab and ids and fill the table in :meth:`redraw`, which runs on
    mount and again whenever the roster or the language changes.
    """

    tab: ClassVar[str]
    note_id: ClassVar[str]
    table_id: ClassVar[str]

    def compose(self) -> ComposeResult:
        from roster.tui.widgets.bars import KeyBar, NavBar, TopBar

        yield TopBar(id="topbar")
        yield NavBar(self.tab)
        yield Plain(id=self.note_id, classes="screen-note")
        yield Table(id=self.table_id, cursor_type="row", zebra_stripes=True,
                        classes="screen-table")
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        self.follow(self.redraw)
        self.redraw(None)
        self.query_one(DataTable).focus()

    def redraw(self, _: Any) -> None:
        """Fill the note and the table from the app's current roster."""
