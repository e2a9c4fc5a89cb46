"""The duty desk's keys, handled one at a time and in order; and its text boxes.

Textual sends a key to the widget focused when the *app* reads the key, but what an
earlier key does (``/`` moves the focus to the search, ``o`` opens the handover dialog,
Enter in the search gives the keys back to the list) happens later, in that widget's
own queue. A burst — a paste, a barcode scanner sending ``/7601⏎`` and an action key, a
fast typist — was therefore delivered to where the focus *was*: ``7`` checked person 7 in
instead of going into the search, the text typed after ``o`` went to the desk under the
dialog, a note's text was lost. Moving the focus at once does not cure it (the next keys
may already be on their way to the old widget).

So the desk has one queue of keys per app (:class:`KeyQueue`). Every key and paste the app
hands to the desk — to its screen or any widget on it, and to the desk's dialogs — goes
into the queue, and the queue passes the next key to the app only once the one before has
been handled completely: its widget, its action, a focus move, a dialog opened and focused.
Each key then reaches whatever is focused *then*, exactly as when typed slowly. A paste is
the keys it holds (a line break is Enter, a tab is Tab; other control characters are
dropped); a run of text pasted into a text box is given to the box in one go. Nothing typed
is lost or lands in another box, whatever the speed.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any
from weakref import WeakKeyDictionary, ref

from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widgets import Input, Select, TextArea

__all__ = ["DeskInput", "KeyQueue", "NoteCategory", "keys_in_order"]

#: How long one key may take to be handled before the next is passed on regardless
#: (a safety net: a key is never held back for ever).
SETTLE_SECONDS = 2.0
_ROUNDS = 50

_QUEUES: WeakKeyDictionary[App[Any], KeyQueue] = WeakKeyDictionary()


def keys_in_order(screen: Screen[Any]) -> None:
    """Send every key and paste that reaches a widget on ``screen`` through the app's
    :class:`KeyQueue` (call it once the screen is mounted; the screen itself sends the
    keys it gets while nothing is focused to :meth:`KeyQueue.forward`)."""
    queue = KeyQueue.of(screen.app)
    for node in screen.query("*"):
        # Textual hands a key to the focused widget with ``_forward_event``; this widget's
        # keys go through the queue instead.
        node._forward_event = partial(queue.forward, node)  # type: ignore[method-assign]


class KeyQueue:
    """One app's keys, passed on one at a time (see the module docstring)."""

    def __init__(self, app: App[Any]) -> None:
        self._app = ref(app)  # the app owns its queue, not the other way round
        self.waiting: deque[events.Key | str] = deque()  # keys, and text still to paste
        self.passing: events.Event | None = None
        self.task: asyncio.Task[None] | None = None

    @property
    def app(self) -> App[Any]:
        app = self._app()
        assert app is not None, "the app of a key queue is gone"
        return app

    @classmethod
    def of(cls, app: App[Any]) -> KeyQueue:
        queue = _QUEUES.get(app)
        if queue is None:
            queue = _QUEUES[app] = cls(app)
        return queue

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done()

    def forward(self, node: MessagePump, event: events.Event) -> None:
        """In place of ``node._forward_event``: a key waits its turn."""
        if event is self.passing:
            self.passing = None
            _deliver(node, event)
            return
        if not isinstance(event, events.Key | events.Paste):
            _deliver(node, event)  # the mouse and the rest: as Textual does
            return
        if isinstance(event, events.Paste):
            if event.text:
                self.waiting.append(event.text)
        elif not self.busy:
            _deliver(node, event)  # nothing in flight: the focus is where the key belongs
        else:
            self.waiting.append(event)
        if not self.busy:
            self.task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        """Let the key just delivered take effect, then pass on the waiting ones in turn."""
        try:
            await self._pass_on()
        except Exception as error:  # a bug: shown as any other, never a silent loss
            self.waiting.clear()
            self.app._handle_exception(error)

    async def _pass_on(self) -> None:
        await self._settle()
        while self.waiting:
            if self.app._closing or self.app._closed or not self.app.screen_stack:
                self.waiting.clear()  # the app is closing: no screen to type into
                return
            event = self._next()
            if event is None:
                continue
            self.passing = event
            self.app.post_message(event)  # the app routes it to what is focused now
            await self._settle()

    def _next(self) -> events.Event | None:
        """The next key (or run of pasted text) to pass on."""
        item = self.waiting[0]
        if isinstance(item, events.Key):
            self.waiting.popleft()
            return events.Key(item.key, item.character)
        event, rest = _paste_step(item, isinstance(self.app.focused, Input | TextArea))
        if rest:
            self.waiting[0] = rest
        else:
            self.waiting.popleft()
        return event

    async def _settle(self) -> None:
        """Wait until every widget and screen of the app has handled what it was sent
        (the key, the messages it caused, a dialog's mounting and focus)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_SECONDS
        for _ in range(_ROUNDS):
            nodes = [self.app, *(n for s in self._screens()
                                 for n in s.walk_children(with_self=True))]
            await _barrier(nodes, max(deadline - loop.time(), 0.0))
            if loop.time() >= deadline or all(_idle(n) for n in nodes):
                return

    def _screens(self) -> list[Screen[Any]]:
        """The screen on top and, under a dialog, the screens it covers down to the first
        full screen (the desk under its dialog; not the board under the desk)."""
        screens: list[Screen[Any]] = []
        for screen in reversed(self.app.screen_stack):
            screens.append(screen)
            if not screen.is_modal:
                break
        return screens


async def _barrier(nodes: Iterable[MessagePump], timeout: float) -> None:
    """Return once each of ``nodes`` has handled every message it had been sent."""
    loop = asyncio.get_running_loop()
    waits: list[asyncio.Future[None]] = []
    for node in nodes:
        done: asyncio.Future[None] = loop.create_future()
        if node.call_later(_resolve, done):
            waits.append(done)
    if waits:
        await asyncio.wait(waits, timeout=timeout)


def _resolve(done: asyncio.Future[None]) -> None:
    if not done.done():
        done.set_result(None)


def _idle(node: MessagePump) -> bool:
    return node.message_queue_size == 0


def _deliver(node: MessagePump, event: events.Event) -> None:
    """What Textual's own ``_forward_event`` does."""
    event._set_forwarded()
    node.post_message(event)


def _paste_step(text: str, into_box: bool) -> tuple[events.Event | None, str]:
    """The first key of pasted ``text`` (or, into a text box, its first run of plain text
    as one paste), and the rest."""
    first = text[0]
    if first in "\r\n":
        rest = text[2:] if text.startswith("\r\n") else text[1:]
        return events.Key("enter", "\r"), rest
    if first == "\t":
        return events.Key("tab", "\t"), text[1:]
    if not first.isprintable():
        return None, text[1:]  # escape sequences, bidi overrides, NUL: never typed
    if into_box:
        end = next((i for i, c in enumerate(text) if not c.isprintable()), len(text))
        return events.Paste(text[:end]), text[end:]
    return events.Key(_character_to_key(first), first), text[1:]


class DeskInput(Input):
    """A box of the desk whose Enter is handled at once (``enter`` moves the focus on)."""

    def __init__(self, enter: Callable[[Input], None], **kwargs: Any) -> None:
        # Focus selects nothing: a key typed while the focus arrives (the first character of
        # text typed on the note's category) is not replaced by the next one.
        kwargs.setdefault("select_on_focus", False)
        super().__init__(**kwargs)
        self.enter = enter

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.enter(self)
            return
        await super()._on_key(event)


class NoteCategory(Select[str]):
    """The note's category. Typed on, it writes the note: a digit starts the count, any
    other character the text (``n`` then 查车3辆 Enter saves a vehicle note; a closed list
    moves only with arrows and Enter, so text typed on it was lost)."""

    def __init__(self, options: Iterable[tuple[str, str]], *, count: str, text: str,
                 **kwargs: Any) -> None:
        super().__init__(options, **kwargs)
        self.boxes = (count, text)

    async def _on_key(self, event: events.Key) -> None:
        character = event.character
        if event.is_printable and character and not character.isspace():
            event.stop()
            event.prevent_default()
            box = self.screen.query_one(f"#{self.boxes[0 if character.isdigit() else 1]}",
                                        Input)
            box.focus()
            box.insert_text_at_cursor(character)
            return
        await super()._on_key(event)
