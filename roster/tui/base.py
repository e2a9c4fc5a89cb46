"""What every screen and bar of the roster app shares: the typed app, its language, its events.

Screens follow two app-wide events (the roster changed, the language changed) and redraw
on either; :meth:`RosterAppMixin.follow` subscribes to both in one call, so no screen can
forget one of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from roster.i18n import pick

if TYPE_CHECKING:
    from textual.app import App

    from roster.tui.app import RosterApp


class RosterAppMixin:
    """Mixed into Textual screens and widgets (before the Textual base class)."""

    app: App[Any]

    @property
    def roster_app(self) -> RosterApp:
        return self.app  # type: ignore[return-value]

    def t(self, zh: str, en: str) -> str:
        return pick(self.roster_app.lang, zh, en)

    def follow(self, redraw: Callable[[Any], None]) -> None:
        """Redraw whenever the roster or the language changes."""
        app = self.roster_app
        app.roster_changed.subscribe(self, redraw)  # type: ignore[arg-type]
        app.lang_changed.subscribe(self, redraw)  # type: ignore[arg-type]
