"""Crews (bundle v2): who is in each crew, and each rotated shift template with the date its
turns are counted from and a preview of the next eight turns.

Crews are edited here (a, e, del); which crews take a template's turns is set on screen 4
with the template (its "crews in turn" and start date).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from roster.domain.messages import msg
from roster.domain.model import Bundle
from roster.domain.plans import Crew
from roster.domain.rotation import turns
from roster.editing import plans
from roster.i18n import say, weekday
from roster.tui.base import RosterAppMixin
from roster.tui.dialogs.confirm import ask
from roster.tui.keys import CREWS, bindings
from roster.tui.widgets.bars import KeyBar, NavBar, TopBar
from roster.tui.widgets.forms import FieldSpec, FormScreen
from roster.tui.widgets.plain import Caption, Plain, Table

#: Turns shown per rotated template.
PREVIEW = 8


def preview(bundle: Bundle, first: date) -> list[tuple[str, str, str, list[str]]]:
    """Each rotated template: (checkpoint name, shift, "from" date, its next turns as
    ``12-03 周四 第一组``)."""
    names = {c.id: c.name or c.id for c in bundle.crews}
    out = []
    for cp in bundle.checkpoints:
        for index, t in enumerate(cp.shifts):
            if t.rotation is None:
                continue
            begin = max(first, t.rotation.start)
            ahead = turns(cp, index, begin, begin + timedelta(days=8 * PREVIEW))
            items = sorted(ahead.items())[:PREVIEW]
            out.append((cp.name, t.label(), t.rotation.start.isoformat(),
                        [f"{d:%m-%d} {names.get(c, c)}" for d, c in items]))
    return out


class CrewForm(FormScreen):
    """A crew's name and members (member ids, in any order)."""

    def __init__(self, crew: Crew | None, lang: str) -> None:
        fields = [
            FieldSpec("name", "Name", crew.name if crew else "", context="field crew name"),
            FieldSpec("members", "Members (their ids)", " ".join(crew.members) if crew else "",
                      "m01 m02"),
        ]
        title = say(lang, "Edit {name}", context="crew", name=crew.name) if crew \
            else say(lang, "New crew")
        super().__init__(title, fields, lang)
        self.crew = crew

    def submit(self, values: dict[str, str]) -> None:
        app = self.roster_app
        name = values.get("name", "").strip()
        members = tuple(dict.fromkeys(values.get("members", "").replace(",", " ").split()))
        crew = self.crew

        def change(b: Bundle) -> Bundle:
            if crew is None:
                return plans.add_crew(b, name, members)
            out = replace(b, crews=tuple(replace(c, name=name) if c.id == crew.id else c
                                         for c in b.crews))
            for m in crew.members:
                if m not in members:
                    out = plans.set_crew(out, m, None)
            for m in members:
                out = plans.set_crew(out, m, crew.id)
            return out

        app.apply_edit(change, msg("crew {name}", name=name), raise_errors=True)


class CrewsScreen(RosterAppMixin, Screen[None]):
    BINDINGS = bindings(CREWS)

    def __init__(self) -> None:
        super().__init__(id="crews-screen")
        self.crews: list[Crew] = []

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield NavBar("crews")
        yield Caption(id="crews-label", classes="field-label")
        yield Table(id="crews", cursor_type="row", zebra_stripes=True, classes="half-table")
        yield Caption(id="rotations-label", classes="field-label")
        yield Table(id="rotations", cursor_type="row", zebra_stripes=True,
                        classes="half-table")
        yield Plain(id="crews-note", classes="screen-note")
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        self.follow(self.redraw)
        self.redraw(None)
        self.query_one("#crews", DataTable).focus()

    def redraw(self, _: Any) -> None:
        app = self.roster_app
        lang = app.lang
        bundle = app.session.bundle
        table = self.query_one("#crews", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        self.query_one("#crews-label", Label).update(say(lang, "Crews"))
        self.crews = list(bundle.crews) if bundle is not None else []
        if bundle is None:
            return
        names = {m.id: m.name for m in bundle.members}
        table.add_columns(say(lang, "Name", context="crew"), say(lang, "ID"),
                          say(lang, "Members"))
        for c in self.crews:
            table.add_row(Text(c.name, style="bold"), c.id,
                          Text(" ".join(names.get(m, m) for m in c.members)), key=c.id)
        if self.crews:
            table.move_cursor(row=min(keep, len(self.crews) - 1))
        self._rotations(bundle)

    def _rotations(self, bundle: Bundle) -> None:
        app = self.roster_app
        lang = app.lang
        table = self.query_one("#rotations", DataTable)
        table.clear(columns=True)
        self.query_one("#rotations-label", Label).update(
            say(lang, "Rotations: the next {n} turns", n=PREVIEW))
        table.add_columns(say(lang, "Checkpoint"), say(lang, "Shift"), say(lang, "From"),
                          say(lang, "Next turns"))
        first = app.session.period.first_day if app.session.period else app.today
        for cp_name, shift, start, items in preview(bundle, first):
            table.add_row(Text(cp_name, style="bold"), shift, start, Text(" · ".join(items)))
        self.query_one("#crews-note", Static).update(say(
            lang, "A rotated shift belongs to its crews in turn, counted from its start date; "
                  "set the crews in turn with the shift on screen 4. Turns from {day} {weekday}.",
            day=first.isoformat(), weekday=weekday(first.weekday(), lang)))

    def _crew(self) -> Crew | None:
        table = self.query_one("#crews", DataTable)
        if not self.crews or table.cursor_row >= len(self.crews):
            return None
        return self.crews[table.cursor_row]

    def action_add(self) -> None:
        app = self.roster_app
        if app.session.bundle is not None:
            app.with_operator(lambda: app.push_screen(CrewForm(None, app.lang)))

    def action_edit(self) -> None:
        app = self.roster_app
        crew = self._crew()
        if crew is not None:
            app.with_operator(lambda: app.push_screen(CrewForm(crew, app.lang)))

    def action_remove(self) -> None:
        app = self.roster_app
        crew = self._crew()
        if crew is None:
            return
        crew_id = crew.id
        ask(app, self.tr("Remove the crew {name}?", name=crew.name),
            lambda: app.apply_edit(lambda b: plans.remove_crew(b, crew_id),
                                   msg("remove crew {name}", name=crew.name)),
            self.tr("Its members stay on the team; u undoes it."))

    def on_data_table_row_selected(self) -> None:
        self.action_edit()

    def action_back(self) -> None:
        self.roster_app.switch_mode("board")
