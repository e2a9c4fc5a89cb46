"""The command palette's roster commands: every action of every screen, from anywhere.

Textual's own palette lists only the keys of the screen it was opened on, so "sick" or
"pdf" found nothing from the board. This provider is made from the same tables as the key
bar and ``?`` (:mod:`roster.tui.keys`): each screen's keys, the app's keys, and one command
per export format. A command's words are its key's name in the current language (with the
English name too when that is Chinese: English is typed without an input method), found
also by its tooltip and, for an export, by its format's title. Choosing one switches to its
screen and runs it there, as if its key had been pressed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import ModalScreen

from roster.tui.keys import (
    ALL,
    APP,
    BOARD,
    CHECKPOINTS,
    COVERAGE,
    HISTORY,
    PEOPLE,
    Key,
)

if TYPE_CHECKING:
    from roster.tui.app import RosterApp

#: Each main screen (an app mode) and its keys, in tab order.
SCREENS: tuple[tuple[str, tuple[Key, ...]], ...] = (
    ("board", BOARD), ("coverage", COVERAGE), ("people", PEOPLE),
    ("checkpoints", CHECKPOINTS), ("history", HISTORY),
)
#: Keys that are not commands: leaving a screen, forgetting a mark, the palette itself.
NOT_COMMANDS = frozenset({"back", "unmark", "command_palette"})
#: The ids of the keys offered here (the screen's own list leaves them out).
PALETTE_KEYS = frozenset(k.id for table in (APP, *(t for _, t in SCREENS)) for k in table
                         if k.action not in NOT_COMMANDS)


@dataclass(frozen=True, slots=True)
class Command:
    title: str  # what the palette shows
    words: str  # what a query is matched against besides the title
    help: str
    run: Callable[[], Awaitable[None]]


def commands(app: RosterApp, skip: frozenset[str] = frozenset()) -> list[Command]:
    """Every roster command, in the app's current language, but the keys in ``skip`` (the
    ones the palette lists already, as the keys of the screen it was opened on)."""
    lang = app.lang
    out = []
    for key in APP:
        if key.action in NOT_COMMANDS or key.id == "app.export" or key.id in skip:
            continue
        out.append(_command(app, key, None, lang))
    for mode, table in SCREENS:
        for key in table:
            if key.action not in NOT_COMMANDS and key.id not in skip:
                out.append(_command(app, key, mode, lang))
    out.extend(_exports(app, lang))
    return out


def _title(key: Key, lang: str) -> str:
    title = key.title(lang)
    english = key.title("en")
    return f"{title} · {english}" if lang != "en" and english != title else title


def _command(app: RosterApp, key: Key, mode: str | None, lang: str) -> Command:
    where = ALL[f"app.{mode}"].title(lang) if mode else ""
    title = _title(key, lang)
    if mode:
        title = f"{where}: {title}"
    shown = key.display or key.keys.split(",")[0]
    help_text = f"{key.tooltip(lang)}  ({where + ', ' if where else ''}{shown})"
    words = f"{key.tooltip(lang)} {key.tooltip('en')}"
    return Command(title, words, help_text, partial(run_on, app, mode, key.action))


def _exports(app: RosterApp, lang: str) -> Iterator[Command]:
    """One command per export format: "pdf" or "打印" finds the printed roster."""
    from roster.exchange.exporters import EXPORTERS

    export = ALL["app.export"]
    for exporter in EXPORTERS.values():
        title = f"{_title(export, lang)}: {exporter.title(lang)}"
        words = f"{exporter.name} {exporter.title(lang)} {exporter.title('en')} " \
                f"{export.tooltip(lang)}"
        yield Command(title, words, f"{export.tooltip(lang)}  (x)",
                      partial(_export, app, exporter.name))


async def run_on(app: RosterApp, mode: str | None, action: str) -> None:
    """Go to ``mode``'s screen (closing what was opened over it) and run ``action`` there."""
    if mode is not None:
        if app.current_mode != mode:
            await app.switch_mode(mode)
        while len(app.screen_stack) > 1 and not isinstance(app.screen, ModalScreen):
            await app.pop_screen()
        await app.screen.run_action(action)
    else:
        await app.run_action(action)


async def _export(app: RosterApp, fmt: str) -> None:
    from roster.tui.dialogs.export import ExportDialog

    if app.session.bundle is not None:
        await app.push_screen(ExportDialog(fmt))


class RosterCommands(Provider):
    """The palette's roster commands (see the module docstring)."""

    @property
    def roster_app(self) -> RosterApp:
        return self.app  # type: ignore[return-value]

    def _commands(self) -> list[Command]:
        """All but the keys of the screen the palette was opened on (the app lists those,
        only when they can be used)."""
        here = frozenset(active.binding.id for active in self.screen.active_bindings.values()
                         if active.binding.id)
        return commands(self.roster_app, here)

    async def discover(self) -> Hits:
        for c in self._commands():
            yield DiscoveryHit(c.title, c.run, help=c.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for c in self._commands():
            score = matcher.match(c.title)
            if score > 0:
                yield Hit(score, matcher.highlight(c.title), c.run, text=c.title, help=c.help)
                continue
            score = matcher.match(c.words)
            if score > 0:  # found by its tooltip or format: below those found by name
                yield Hit(score * 0.5, c.title, c.run, text=c.title, help=c.help)
