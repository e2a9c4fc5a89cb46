"""The bars every main screen shares: the team line at the top, the screen tabs, the keys.

Each bar redraws itself from the app's signals (roster changed, language switched,
generate progress) and from the screen's bindings, so no screen has to remember to
update it. The key bar replaces Textual's Footer because a binding's description is
fixed when its class is made, while ours change language at run time: the words come
from :mod:`roster.tui.keys` by binding id (see there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from roster.i18n import say, weekday
from roster.tui.base import RosterAppMixin
from roster.tui.keys import APP, describe, shown
from roster.tui.widgets.plain import Plain

if TYPE_CHECKING:
    from roster.tui.app import RosterApp

#: The screens the number keys switch between, in tab order (ids of keys.APP).
TABS: tuple[tuple[str, str], ...] = (
    ("board", "app.board"), ("coverage", "app.coverage"), ("people", "app.people"),
    ("checkpoints", "app.checkpoints"), ("history", "app.history"), ("crews", "app.crews"),
)


class TopBar(RosterAppMixin, Horizontal):
    """Team, period, the live count of gaps and violations, and generate progress."""

    def compose(self) -> ComposeResult:
        yield Plain(id="topbar-text")
        yield ProgressBar(total=1.0, show_eta=False, id="topbar-progress")

    def on_mount(self) -> None:
        app = self.roster_app
        self.follow(self._refresh)
        app.progress_changed.subscribe(self, self._progress)
        self.query_one(ProgressBar).display = False
        self._refresh(None)

    def _progress(self, fraction: float | None) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = fraction is not None
        if fraction is not None:
            bar.update(progress=fraction)
        self._refresh(None)

    def _refresh(self, _: Any) -> None:
        app = self.roster_app
        s = app.session
        lang = app.lang
        text = Text()
        bundle, period = s.bundle, s.period
        if bundle is None or period is None:
            text.append("checkpoint-roster", style="bold")
            self.query_one("#topbar-text", Static).update(text)
            return
        text.append(bundle.team.name, style="bold")
        first, last = period.first_day, period.first_day.fromordinal(
            period.first_day.toordinal() + period.days - 1)
        text.append(f"  {first:%Y-%m-%d} {weekday(first.weekday(), lang)} – "
                    f"{last:%m-%d} {weekday(last.weekday(), lang)}  ")
        report = s.report
        if app.generating is not None:
            text.append(say(lang, "generating…"), style="italic")
        elif report is None:
            text.append(say(lang, "checking…"), style="italic")
        elif report.ok:
            text.append(say(lang, "✓ no gaps, no violations"),
                        style="bold green")
        else:
            gaps, bad = report.gap_places, len(report.violations)
            text.append(say(lang, "{n} gap", context="bar", n=gaps) if gaps == 1
                        else say(lang, "{n} gaps", context="bar", n=gaps),
                        style="bold yellow" if gaps else "")
            text.append(" · ")
            text.append(say(lang, "{n} violation", context="bar", n=bad) if bad == 1
                        else say(lang, "{n} violations", context="bar", n=bad),
                        style="bold red" if bad else "")
        if s.operator:
            text.append(say(lang, "  operator {operator}", operator=s.operator),
                        style="dim")
        self.query_one("#topbar-text", Static).update(text)


class NavBar(RosterAppMixin, Static):
    """The screen tabs (number keys), the current one highlighted."""

    def __init__(self, current: str) -> None:
        super().__init__(classes="navbar")
        self.current = current

    def on_mount(self) -> None:
        self.roster_app.lang_changed.subscribe(self, self._refresh)
        self._refresh(None)

    def _refresh(self, _: Any) -> None:
        lang = self.roster_app.lang
        keys = {k.id: k for k in APP}
        text = Text()
        for mode, key_id in TABS:
            key = keys[key_id]
            label = f" {key.keys} {key.title(lang)} "
            text.append(label, style="reverse bold" if mode == self.current else "")
            text.append(" ")
        self.update(text)


#: Keys the bar always shows, however narrow the terminal: the way out and the way to
#: every other key (``?`` lists them, ``^p`` runs any of them).
ESSENTIAL = frozenset({"app.help", "app.palette", "app.quit", "app.lang", "slot.close",
                       "people.back", "cps.back", "history.back", "coverage.back", "form.save",
                       "form.cancel", "setup.leave"})


class KeyBar(Static):
    """The keys of the focused widget, the screen and the app, in the current language.

    When they do not all fit on the line, the bar leaves out the least needed ones (from
    the end, keys that cannot be used now first) and keeps :data:`ESSENTIAL`, so Help,
    Commands, the language and Quit always show.
    """

    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--disabled"}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._refresh)
        app: RosterApp = self.app  # type: ignore[assignment]
        app.lang_changed.subscribe(self, self._refresh)
        self.call_after_refresh(self._refresh, None)

    def on_resize(self) -> None:
        self._refresh(None)

    def _entries(self) -> list[tuple[str, str, bool, bool]]:
        """(key, words, enabled, essential) of each key to show, in order."""
        app: RosterApp = self.app  # type: ignore[assignment]
        out = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            ident = binding.id or binding.action
            if ident in seen or not shown(binding):
                continue
            seen.add(ident)
            title, _tip = describe(binding, app.lang)
            out.append((f" {app.get_key_display(binding)} ", f" {title} ", active.enabled,
                        ident in ESSENTIAL))
        return out

    def _refresh(self, _: Any) -> None:
        key_style = self.get_component_rich_style("keybar--key")
        desc_style = self.get_component_rich_style("keybar--description")
        off_style = self.get_component_rich_style("keybar--disabled")
        entries = _fitting(self._entries(), self.size.width or self.app.size.width)
        text = Text(no_wrap=True, overflow="ellipsis")
        for key, title, enabled, _essential in entries:
            text.append(key, style=key_style if enabled else off_style)
            text.append(title, style=desc_style if enabled else off_style)
        self.update(text)


def _fitting(entries: list[tuple[str, str, bool, bool]],
             width: int) -> list[tuple[str, str, bool, bool]]:
    """The entries that fit in ``width`` cells: every essential one, then the others in
    order while there is room."""
    def size(e: tuple[str, str, bool, bool]) -> int:
        return cell_len(e[0]) + cell_len(e[1])

    if sum(size(e) for e in entries) > width:  # first leave out what cannot be done now
        entries = [e for e in entries if e[2] or e[3]]
    room = width - sum(size(e) for e in entries if e[3])
    keep = []
    for e in entries:
        if not e[3]:
            if size(e) > room:
                room = -1  # keep the order: nothing after a key that did not fit
                continue
            room -= size(e)
        keep.append(e)
    return keep
