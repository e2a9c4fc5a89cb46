"""The slot editor: one shift, who is on it and on standby, and who could be.

Candidates are every member not on the shift, ranked by :mod:`roster.rules.eligibility`:
eligible first with their shift and night counts, then the others greyed with the rule
that excludes them. Add, replace, remove and lock are edits of :mod:`roster.editing.edits` saved
through the app at once; the screen redraws from ``roster_changed`` like the board.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Label, OptionList, Static
from textual.widgets.option_list import Option

from roster.domain.messages import msg
from roster.domain.model import Assignment, Bundle, Role, Shift, ShiftKey, shift_for
from roster.editing import edits
from roster.i18n import kind_name, say, tag_name
from roster.rules.eligibility import Candidate, rank
from roster.rules.kinds import Reason
from roster.tui.base import RosterAppMixin
from roster.tui.keys import SLOT, bindings
from roster.tui.views.describe import cell_lines, history_span
from roster.tui.views.grid import cell_for
from roster.tui.widgets.bars import KeyBar, TopBar
from roster.tui.widgets.plain import Caption, Plain, Table

if TYPE_CHECKING:
    pass


class SlotScreen(RosterAppMixin, Screen[None]):
    BINDINGS = bindings(SLOT)

    def __init__(self, key: ShiftKey) -> None:
        super().__init__(id="slot-screen")
        self.key = key
        self.shift: Shift | None = None
        self.candidates: list[Candidate] = []

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Plain(id="slot-state")
        with Horizontal(id="slot-body"):
            with Vertical(id="slot-people"):
                yield Caption(id="duty-label", classes="field-label")
                yield OptionList(id="duty")
                yield Caption(id="standby-label", classes="field-label")
                yield OptionList(id="standby")
            with Vertical(id="slot-candidates"):
                yield Caption(id="candidates-label", classes="field-label")
                yield Table(id="candidates", cursor_type="row", zebra_stripes=True)
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        self.follow(self._refresh)
        self._refresh(None)
        self.query_one("#candidates", DataTable).focus()

    # --- drawing ---

    def _refresh(self, _: Any) -> None:
        app = self.roster_app
        s = app.session
        lang = app.lang
        bundle, period = s.bundle, s.period
        cp = bundle.checkpoint(self.key[0]) if bundle else None
        shift = shift_for(bundle, cp, self.key[1], self.key[2]) if bundle and cp else None
        self.shift = shift
        state = self.query_one("#slot-state", Static)
        if bundle is None or period is None or shift is None:
            state.update(self.tr("This shift no longer exists. Press esc."))
            return
        report = s.report if period.contains(shift.start) else None
        state.update(cell_lines(bundle, cell_for(bundle, report, shift), lang))
        on = [a for a in bundle.assignments if a.shift_key == shift.key]
        self._people("duty", [a for a in on if a.role == "duty"], shift.need, bundle)
        self._people("standby", [a for a in on if a.role == "standby"], shift.standby, bundle)
        self._candidates(bundle, period, shift)

    def _people(self, role: str, people: list[Assignment], need: int, bundle: Bundle) -> None:
        """The list of who is on the shift in ``role`` (duty or standby), and its count."""
        lang = self.roster_app.lang
        title = self.tr("On duty") if role == "duty" else self.tr("Standby")
        self.query_one(f"#{role}-label", Label).update(f"{title} {len(people)}/{need}")
        box = self.query_one(f"#{role}", OptionList)
        keep = box.highlighted
        box.clear_options()
        for a in people:
            m = bundle.member(a.member)
            label = Text(m.name if m else a.member)
            if m and m.tags:
                label.append("  " + " ".join(tag_name(t, lang) for t in m.tags), style="dim")
            if a.locked:
                label.append(say(lang, "  locked"), style="bold")
            box.add_option(Option(label, id=a.member))
        if people:
            box.highlighted = min(keep or 0, len(people) - 1)

    def _candidates(self, bundle: Any, period: Any, shift: Shift) -> None:
        lang = self.roster_app.lang
        self.candidates = rank(bundle, period, shift, "duty")
        table = self.query_one("#candidates", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        # "Can take it" next to the name: the answer must show however narrow the screen
        table.add_columns(say(lang, "Name"), say(lang, "Can take it"),
                          say(lang, "Shifts"), say(lang, "Nights"), say(lang, "Hours"),
                          say(lang, "Tags"), say(lang, "Unit"))
        for c in self.candidates:
            style = "" if c.eligible else "dim"
            if c.eligible:
                status = Text(say(lang, "yes", context="can take"), style="green")
                if c.brings:
                    status.append(say(lang, " (brings ") + "、".join(
                        tag_name(t, lang) for t in c.brings) + say(lang, ")"))
            else:
                status = Text(say(lang, ", ").join(self._reason(r) for r in c.blockers),
                              style="dim")
            table.add_row(Text(c.member.name, style=style), status,
                          Text(str(c.shifts), style=style), Text(str(c.nights), style=style),
                          Text(f"{c.hours:g}", style=style),
                          Text(" ".join(tag_name(t, lang) for t in c.member.tags), style=style),
                          Text(c.member.unit, style=style), key=c.member.id)
        self.query_one("#candidates-label", Label).update(
            say(lang, "Candidates ({value} can take it)",
                value=sum(c.eligible for c in self.candidates)))
        if self.candidates:
            table.move_cursor(row=min(keep, len(self.candidates) - 1))

    def _reason(self, kind: str) -> str:
        if kind == Reason.STANDBY_ELSEWHERE:
            return self.tr("on standby then")
        return kind_name(kind, self.roster_app.lang)

    # --- actions ---

    def _candidate(self) -> Candidate | None:
        table = self.query_one("#candidates", DataTable)
        if not self.candidates or table.cursor_row >= len(self.candidates):
            self.notify(self.tr("Highlight a candidate first."))
            return None
        return self.candidates[table.cursor_row]

    def _where(self) -> str:
        app = self.roster_app
        bundle = app.session.bundle
        assert self.shift is not None and bundle is not None
        cp = bundle.checkpoint(self.shift.checkpoint)
        span = history_span(self.shift.start, self.shift.end, bundle.tz)
        return f"{cp.name if cp else self.shift.checkpoint} {span}"

    def action_add(self, role: Role) -> None:
        c = self._candidate()
        if c is None or self.shift is None:
            return
        key, _lang, member = self.key, self.roster_app.lang, c.member.id
        what = (msg("standby", context="slot role") if role == "standby"
                else msg("duty", context="slot role"))
        self.roster_app.apply_edit(
            lambda b: edits.assign(b, key, member, role),
            msg("{value}: add {name} ({what})", value=self._where(), name=c.member.name,
                what=what))

    @on(DataTable.RowSelected, "#candidates")
    def _chosen(self) -> None:
        self.action_add("duty")

    def action_replace(self) -> None:
        c = self._candidate()
        box = self.query_one("#duty", OptionList)
        old = box.highlighted_option
        if c is None or self.shift is None:
            return
        if old is None or old.id is None:
            self.notify(self.tr("Nobody on duty to replace."))
            return
        key, _lang, old_id, new_id = self.key, self.roster_app.lang, old.id, c.member.id
        names = {m.id: m.name for m in self.roster_app.session.bundle.members}  # type: ignore[union-attr]
        self.roster_app.apply_edit(
            lambda b: edits.replace_member(b, key, old_id, new_id, "duty"),
            msg("{value}: {value2} → {name}", value=self._where(),
                value2=names.get(old_id, old_id), name=c.member.name))

    def action_remove(self) -> None:
        focused = self.focused
        box = focused if isinstance(focused, OptionList) else self.query_one("#duty", OptionList)
        role: Role = "standby" if box.id == "standby" else "duty"
        option = box.highlighted_option
        if option is None or option.id is None or self.shift is None:
            self.notify(self.tr("Highlight someone on duty or on standby first."))
            return
        key, _lang, member = self.key, self.roster_app.lang, option.id
        name = next((m.name for m in self.roster_app.session.bundle.members  # type: ignore[union-attr]
                     if m.id == member), member)
        self.roster_app.apply_edit(
            lambda b: edits.unassign(b, key, member, role),
            msg("{value}: take off {name}", value=self._where(), name=name))

    def action_lock(self) -> None:
        bundle = self.roster_app.session.bundle
        if bundle is None or self.shift is None:
            return
        on = [a for a in bundle.assignments if a.shift_key == self.key]
        if not on:
            self.notify(self.tr("Nobody is on this shift to lock."))
            return
        locked = not any(a.locked for a in on)
        key, _lang = self.key, self.roster_app.lang
        self.roster_app.apply_edit(
            lambda b: edits.set_locked(b, key, locked),
            msg("lock {where}", where=self._where()) if locked
            else msg("unlock {where}", where=self._where()))

    def action_close(self) -> None:
        self.dismiss(None)
