"""The duty desk (值班台): one checkpoint's shift on a shared laptop in a tent, at night.

It must be fast, forgiving and never lose an entry, so: one key per person (1–9) checks
them in or out, or typing part of a name or the last digits of a phone number and Enter;
a note is a category, a count and a line of text, written the moment Enter is pressed;
every write goes straight to the store through :class:`roster.services.duty.DutyLog`
(checked and appended under the store's lock, fsync'ed), and whatever was typed stays
in its box until the write has succeeded — on a refusal the reason is shown and the text
is kept. Another terminal's writes (the lead's board, a second desk, ``roster log``)
show up within a second: the screen polls :meth:`roster.store.Store.token`.

:class:`DeskScreen` is pushed by the one app (``b`` on the board, or ``roster desk
--checkpoint ID``) and takes what it needs from it (the session's duty log, language,
operator). Pass ``clock`` for a fixed "now" (Pilot tests). The handover, confirmation,
closing, correction and withdrawal actions live in ``desk_actions.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select, Static, TextArea

from roster.domain.errors import UserError
from roster.domain.messages import N_
from roster.domain.model import NOTE_CATEGORIES, Bundle, LogEntry
from roster.domain.timeutil import now_utc
from roster.dutylog.compare import ABSENT, EXPECTED, LATE, ON_TIME, STANDBY
from roster.dutylog.desk import DeskRow, DeskView, match_members
from roster.i18n import say
from roster.i18n.duty_words import category_name, entry_label
from roster.services.duty import DutyLog, DutyRefused
from roster.tui import STYLES
from roster.tui.base import RosterAppMixin
from roster.tui.dialogs.confirm import ask
from roster.tui.dialogs.desk import (
    HelpDialog,
)
from roster.tui.keys import DESK_KEYS, bindings
from roster.tui.screens.desk_actions import DeskLogActions
from roster.tui.widgets.desk_input import DeskInput, KeyQueue, NoteCategory, keys_in_order
from roster.tui.widgets.plain import Plain, Table

__all__ = ["DESK_KEYS", "DeskScreen"]

Clock = Callable[[], datetime]

#: The width from which the people and the log are side by side.
WIDE = 120



def _status_words(row: DeskRow, lang: str, tz: Any) -> tuple[str, str]:
    """What the desk says about a person, and which theme colour says it."""
    a = row.attendance
    if row.session is not None:
        since = f"{row.session.start.astimezone(tz):%H:%M}"
        if a is not None and a.status == LATE:
            return say(lang, "on duty (late {late_minutes} min)",
                       late_minutes=a.late_minutes), "warning"
        return say(lang, "on duty since {since}", since=since), "success"
    if a is None:
        return say(lang, "gone"), "foreground"
    if a.left is not None:
        left = f"{a.left.astimezone(tz):%H:%M}"
        if a.left_early:
            return say(lang, "left early {left}", left=left), "warning"
        return say(lang, "checked out {left}", left=left), "foreground"
    if a.status == LATE:
        return say(lang, "late, not here"), "error"
    if a.status == ABSENT:
        return say(lang, "absent"), "error"
    if a.status == STANDBY:
        return say(lang, "standby"), "foreground"
    if a.status == EXPECTED:
        return say(lang, "expected"), "foreground"
    if a.status == ON_TIME:
        return say(lang, "on time"), "success"
    return a.status, "foreground"


class DeskScreen(DeskLogActions, RosterAppMixin, Screen[None]):
    """The duty desk of one checkpoint (see the module docstring)."""

    CSS_PATH = STYLES / "desk.tcss"
    BINDINGS = bindings(DESK_KEYS)
    #: Below 120 columns the people and the log are one above the other, each as wide as
    #: the screen: side by side at 80 columns a status (在岗（迟到 60 分）) or a kind
    #: (temperature anomaly) was cut, and a withdrawn entry's mark was off the screen.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(self, checkpoint_id: str, *, clock: Clock | None = None,
                 poll_seconds: float = 1.0) -> None:
        super().__init__(id="desk-screen")
        self.checkpoint_id = checkpoint_id
        self.clock: Clock = clock or now_utc
        self.poll_seconds = poll_seconds
        self.duty: DutyLog | None = None
        self.view: DeskView | None = None
        self._token: tuple[Any, ...] | None = None
        self._refreshed: datetime | None = None

    def _forward_event(self, event: events.Event) -> None:
        """A key for the desk when nothing on it is focused waits its turn like the rest."""
        KeyQueue.of(self.app).forward(self, event)

    # --- what the screen takes from its app ---

    @property
    def lang(self) -> str:
        return self.roster_app.lang

    @property
    def bundle(self) -> Bundle:
        assert self.duty is not None
        return self.duty.bundle()

    # --- layout ---

    def compose(self) -> ComposeResult:
        yield Plain(id="desk-head")
        with Horizontal(id="desk-main"):
            with Vertical(id="desk-left"):
                yield Table(id="desk-people", cursor_type="row", zebra_stripes=True)
                yield DeskInput(self._find_submitted, id="desk-find")
                yield Plain(id="desk-alerts")
            with Vertical(id="desk-right"):
                yield Table(id="desk-entries", cursor_type="row", zebra_stripes=True)
                with Horizontal(id="desk-note-row"):
                    yield NoteCategory(self._categories(), value="vehicle", allow_blank=False,
                                       id="note-category", count="note-count", text="note-text")
                    yield DeskInput(self._count_submitted, id="note-count", type="integer")
                    yield DeskInput(self._note_submitted, id="note-text")
        yield Plain(id="desk-message")
        yield Plain(id="desk-keys")

    def _categories(self) -> list[tuple[str, str]]:
        """Note categories for the list (a handover has its own key, ``o``)."""
        return [(category_name(c, self.lang), c) for c in NOTE_CATEGORIES if c != "handover"]

    def on_mount(self) -> None:
        # the breakpoint's class now, for the first layout (Textual sets it on a resize)
        self.set_class(self.app.size.width < WIDE, "-narrow")
        self.set_class(self.app.size.width >= WIDE, "-wide")
        self.duty = self.roster_app.session.duty_log(self.clock)
        self.roster_app.lang_changed.subscribe(self, lambda _: self._relabel())
        self._relabel()
        self.set_focus(self.query_one("#desk-people", DataTable))
        keys_in_order(self)  # a burst of keys is handled one key at a time, in order
        self.set_interval(self.poll_seconds, self._poll)

    def _relabel(self) -> None:
        """Words that depend on the language only (placeholders, column titles, keys)."""
        self.query_one("#desk-find",
                       Input).placeholder = self.tr("Find: name or last phone digits, Enter")
        category = self.query_one("#note-category", Select)
        chosen = category.value
        category.set_options(self._categories())
        category.value = chosen
        self.query_one("#note-count", Input).placeholder = self.tr("count")
        self.query_one("#note-text", Input).placeholder = self.tr("note text, Enter saves")
        people = self.query_one("#desk-people", DataTable)
        people.clear(columns=True)
        for title in (
            N_("#", context="desk column"),
            N_("Name", context="desk column"),
            N_("Shift", context="desk column"),
            N_("Phone", context="desk column"),
            N_("Status", context="desk column"),
        ):
            people.add_column(self.tr(title, context="desk column") if title else "")
        entries = self.query_one("#desk-entries", DataTable)
        entries.clear(columns=True)
        for title in (  # the mark (withdrawn, corrected) next to the kind, before the text
            N_("Time", context="desk column"),
            N_("Who", context="desk column"),
            N_("What", context="desk column"),
            "",
            N_("Count", context="desk column"),
            N_("Text", context="desk column"),
        ):
            entries.add_column(self.tr(title, context="desk column") if title else "")
        keys = Text()  # a key and its name never part at the end of a line (80 columns)
        keys.append("1–9", style="bold reverse")
        keys.append(self.tr("in/out ").strip().replace(" ", "\u00a0") + " ")
        for k in DESK_KEYS:
            if k.show:
                keys.append(k.display or k.keys, style="bold reverse")
                keys.append(k.title(self.lang).replace(" ", "\u00a0") + " ")
        keys.append("esc", style="bold reverse")  # the way out, said as what it does here
        keys.append(self.tr("Quit", context="app.quit") if len(self.app.screen_stack) <= 1
                    else self.tr("Back", context="desk.back"))
        self.query_one("#desk-keys", Static).update(keys)
        self.refresh_view()

    # --- reading ---

    def _poll(self) -> None:
        """Redraw when another process wrote, and at least twice a minute (time moves on)."""
        if self.duty is None:
            return
        try:
            token = self.duty.token()
        except OSError:
            return
        now = self.clock()
        stale = self._refreshed is None or (now - self._refreshed).total_seconds() >= 30
        if token != self._token or stale:
            self.refresh_view()

    def refresh_view(self) -> None:
        if self.duty is None:
            return
        self._token = self.duty.token()
        self._refreshed = self.clock()
        try:
            self.view = view = self.duty.desk(self.checkpoint_id)
        except KeyError:
            self._head(self.tr("No checkpoint {checkpoint_id}", checkpoint_id=self.checkpoint_id),
                       error=True)
            return
        except UserError as exc:
            self._head(self.words(exc), error=True)
            return
        self._show_head(view)
        self._show_people(view)
        self._show_entries(view)
        self._show_alerts(view)

    def _head(self, text: str, *, error: bool = False) -> None:
        head = self.query_one("#desk-head", Static)
        head.update(text)
        head.set_class(error, "-error")

    def _show_head(self, view: DeskView) -> None:
        tz = self.bundle.tz
        text = Text()
        text.append(f"{view.checkpoint.name}", style="bold")
        if view.checkpoint.location:
            text.append(f"  {view.checkpoint.location}")
        text.append("\n")
        now = view.now.astimezone(tz)
        if view.shift is not None:
            s = view.shift
            night = self.tr(" night") if s.night else ""
            here = sum(1 for r in view.rows if r.checked_in)
            text.append(self.tr("Shift {value:%H:%M}–{value2:%H:%M}{night} · needs {need} · "
                                "{here} on duty", value=s.start.astimezone(tz),
                                value2=s.end.astimezone(tz), night=night, need=s.need, here=here))
        else:
            text.append(self.tr("No shift now"))
        text.append(self.tr(" · now {now:%m-%d %H:%M}", now=now))
        self._head("")
        self.query_one("#desk-head", Static).update(text)

    def _colours(self) -> dict[str, str]:
        variables = self.app.get_css_variables()
        return {name: variables.get(name, "") for name in ("success", "warning", "error")}

    def _show_people(self, view: DeskView) -> None:
        table = self.query_one("#desk-people", DataTable)
        keep = table.cursor_row
        table.clear()
        bundle, tz, colours = self.bundle, self.bundle.tz, self._colours()
        roles = {"duty": self.tr("duty", context="desk"), "standby": self.tr("standby"),
                 "next": self.tr("next"), "unrostered": self.tr("unrostered")}
        for n, row in enumerate(view.rows, start=1):
            member = bundle.member(row.member)
            words, colour = _status_words(row, self.lang, tz)
            status = Text(words, style=f"bold {colours[colour]}" if colours.get(colour) else "")
            phone = member.phone[-4:] if member and member.phone else ""
            table.add_row(str(n) if n <= 9 else "", member.name if member else row.member,
                          roles.get(row.role, row.role), phone, status, key=row.member)
        if view.rows:
            table.move_cursor(row=min(max(keep, 0), len(view.rows) - 1))

    def _show_entries(self, view: DeskView) -> None:
        table = self.query_one("#desk-entries", DataTable)
        selected = self._selected_root()
        table.clear()
        tz = self.bundle.tz
        names = {m.id: m.name for m in self.bundle.members}
        for v in view.entries:
            e = v.entry
            mark = self.tr("withdrawn") if v.void else (
                self.tr("corrected") if v.corrected else "")
            style = "strike dim" if v.void else ""
            table.add_row(Text(f"{e.at.astimezone(tz):%H:%M}", style=style),
                          Text(names.get(e.member or "", e.member or ""), style=style),
                          Text(entry_label(e, self.lang), style=style), mark,
                          Text("" if e.count is None else str(e.count), style=style),
                          Text(e.text, style=style), key=v.root)
        if view.entries:
            roots = [v.root for v in view.entries]
            row = roots.index(selected) if selected in roots else len(roots) - 1
            table.move_cursor(row=row)

    def _show_alerts(self, view: DeskView) -> None:
        tz = self.bundle.tz
        names = {m.id: m.name for m in self.bundle.members}
        text = Text()
        for h in view.unconfirmed:
            text.append(self.tr("Handover not confirmed: "), style="bold")
            text.append(f"{h.at.astimezone(tz):%m-%d %H:%M} {names.get(h.entry.member or '', '')}"
                        f" {h.entry.text}  ")
            text.append(self.tr("(c confirms)") + "\n")
        if view.open_items:
            text.append(self.tr("Open items: "), style="bold")
            text.append("；".join(i.text for i in view.open_items))
            text.append(self.tr(" (x closes)") + "\n")
        for g in view.gaps:
            text.append(self.tr("Too few on site: {have} of {need} from {value:%H:%M}",
                                have=g.have, need=g.need, value=g.start.astimezone(tz)) + "\n")
        alerts = self.query_one("#desk-alerts", Static)
        alerts.update(text)
        alerts.display = bool(text.plain)

    def table(self, ident: str) -> DataTable[Any]:
        """One of the desk's two tables (``desk-people``, ``desk-entries``)."""
        return self.query_one(f"#{ident}", DataTable)

    def say(self, message: str, kind: str = "ok") -> None:
        """One line at the bottom: what was just written, or why it was not."""
        line = self.query_one("#desk-message", Static)
        line.update(message)
        for k in ("ok", "warning", "error"):
            line.set_class(k == kind, f"-{k}")

    # --- writing ---

    def _write(self, write: Callable[[], LogEntry], done: Callable[[LogEntry], str]) -> bool:
        """Run one write; say what happened; True when it was written."""
        try:
            entry = write()
        except DutyRefused as exc:
            self.say(self.words(exc), "warning" if exc.warning else "error")
            self.refresh_view()
            return False
        except UserError as exc:
            self.say(self.words(exc), "error")
            return False
        self.refresh_view()
        self.say(done(entry))
        return True

    def _dialog_write(self, write: Callable[[], LogEntry],
                      done: Callable[[LogEntry], str]) -> str | None:
        """For a dialog: the error to show in it, or None once written (the dialog closes)."""
        try:
            entry = write()
        except UserError as exc:
            return self.words(exc)
        self.refresh_view()
        self.say(done(entry))
        return None

    def _who(self, member: str | None) -> str:
        if member is None:
            return ""
        m = self.bundle.member(member)
        return m.name if m is not None else member

    def _when(self, entry: LogEntry) -> str:
        return f"{entry.at.astimezone(self.bundle.tz):%H:%M}"

    def toggle_member(self, member: str) -> bool:
        duty = self.duty
        if duty is None:
            return False

        def done(e: LogEntry) -> str:
            verb = self.tr("checked in") if e.kind == "check_in" \
                else self.tr("checked out")
            return self.tr("{value} {verb} at {value2}", value=self._who(e.member), verb=verb,
                           value2=self._when(e))

        return self._write(lambda: duty.toggle(member, self.checkpoint_id), done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Every key works from anywhere on the desk except inside a text box (where it is
        typed) or an open list (where it picks); Esc always works, to leave the box."""
        if action == "back":
            return True
        return not self._typing()

    def _typing(self) -> bool:
        """The focus is in a box that takes keys as text, or in an open list."""
        focused = self.focused
        return isinstance(focused, Input | TextArea) or (
            isinstance(focused, Widget) and isinstance(focused.parent, Select))

    def _home(self) -> None:
        """Back to the people list, where every single-key action works (at once: the
        next key typed may already be on its way)."""
        self.set_focus(self.query_one("#desk-people", DataTable))

    def action_person(self, n: int) -> None:
        view = self.view
        if view is None or n > len(view.rows):
            self.say(self.tr("There is no number {n}", n=n), "warning")
            return
        self.toggle_member(view.rows[n - 1].member)

    @on(DataTable.RowSelected, "#desk-people")
    def _person_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.toggle_member(str(event.row_key.value))

    def action_find(self) -> None:
        self.set_focus(self.query_one("#desk-find", Input))

    @on(Input.Changed, "#desk-find")
    def _find_preview(self, event: Input.Changed) -> None:
        if self.duty is None or not event.value.strip():
            return
        found = self._matches(event.value)
        names = "、".join(self._who(m) for m in found[:6]) or self.tr("nobody")
        self.say(self.tr("Matches: {names}", names=names))

    def _matches(self, query: str) -> list[str]:
        rows = [r.member for r in self.view.rows] if self.view is not None else []
        return match_members(self.bundle, query, rows)

    def _find_submitted(self, box: Input) -> None:
        found = self._matches(box.value)
        if not found:
            self.say(self.tr("Nobody matches {value!r}", value=box.value),
                     "error")
            return
        if len(found) > 1:
            names = "、".join(self._who(m) for m in found[:6])
            self.say(self.tr("{n_found} match: {names}; type a little more", n_found=len(found),
                             names=names), "warning")
            return
        if self.toggle_member(found[0]):
            box.value = ""  # cleared only once the entry is written
            self._home()  # the next key is an action again (n, o, 1–9), not a letter

    def action_note(self) -> None:
        self.set_focus(self.query_one("#note-category", Select))

    def _count_submitted(self, _box: Input) -> None:
        self.set_focus(self.query_one("#note-text", Input))

    def _note_submitted(self, _box: Input) -> None:
        duty = self.duty
        if duty is None:
            return
        count_box = self.query_one("#note-count", Input)
        text_box = self.query_one("#note-text", Input)
        category = self.query_one("#note-category", Select).value
        try:
            count = int(count_box.value) if count_box.value.strip() else None
        except ValueError:
            self.say(self.tr("The count must be a whole number"), "error")
            return

        def done(e: LogEntry) -> str:
            count_words = "" if e.count is None else f" {e.count}"
            return self.tr("Noted: {what}{count} {text}", what=entry_label(e, self.lang),
                           count=count_words, text=e.text)

        written = self._write(lambda: duty.note(self.checkpoint_id, str(category),
                                               text=text_box.value, count=count), done)
        if written:
            count_box.value = ""
            text_box.value = ""  # cleared only once the entry is written
            self._home()

    # --- the rest ---

    def action_reload(self) -> None:
        self.refresh_view()

    def action_help(self) -> None:
        rows = [(k.display or k.keys, k.title(self.lang), k.tooltip(self.lang))
                for k in DESK_KEYS if not k.id.startswith("desk.person")]
        rows.insert(0, ("1–9", self.tr("Check in/out"),
                        self.tr("By number; Enter on the list works too")))
        self.app.push_screen(HelpDialog(self.lang, rows))

    def action_back(self) -> None:
        if self.focused is not None and not isinstance(self.focused, DataTable):
            self._home()  # Esc leaves any box or list first (the search, a note, a category)
            return
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()  # the lead's app: back to the board
        else:  # the desk-only app quits; an Esc pressed once too often asks first
            ask(self.app, self.tr("Quit the duty desk?"), self.app.exit,
                self.tr("Everything entered is saved; roster desk --checkpoint {value} opens "
                        "it again.", value=self.checkpoint_id))
