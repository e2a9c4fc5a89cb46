"""The duty desk's text boxes: Enter handled at once, keys typed ahead passed on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.widgets import Input


class DeskInput(Input):
    """A box of the desk whose Enter is handled at once, and which passes on keys typed
    ahead of it.

    Keys typed in a burst ("5⏎quiet⏎", "/01⏎n") all go to the box focused when they
    arrive, before its Enter has moved the focus on: the rest was typed into the wrong
    box (letters refused by the count, an ``n`` in the search). So Enter runs ``enter``
    (which moves the focus) before the next key is read, and a key that reaches the box
    after it lost the focus goes back to the app, to whatever is focused now.
    """

    def __init__(self, enter: Callable[[Input], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.enter = enter

    async def _on_key(self, event: events.Key) -> None:
        if self.screen.focused is not self:
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.enter(self)
            return
        await super()._on_key(event)
