"""Checkpoints and rules: the places, their daily shift pattern, and the team's rules.

Every change goes through a form whose errors appear under the field at fault (the
``roster.editing.edits.parse_*`` functions and the edits name the field); a template that would
overlap another is refused there too. Moving a template drops the assignments of the
old shift times, as they no longer name a shift; the form says so before saving.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from roster.domain.messages import msg
from roster.domain.model import Bundle, Checkpoint, Rules, ShiftTemplate
from roster.editing import edits, plans
from roster.editing.checks import unknown_tags
from roster.i18n import say, tag_ids, tag_name, weekday
from roster.tui.base import RosterAppMixin
from roster.tui.dialogs.confirm import ask
from roster.tui.keys import CHECKPOINTS, bindings
from roster.tui.screens.changes import ChangeForm, change_text, strip
from roster.tui.widgets.bars import KeyBar, NavBar, TopBar
from roster.tui.widgets.forms import FieldSpec, FormScreen
from roster.tui.widgets.plain import Caption, Plain, Table

if TYPE_CHECKING:
    pass


class CheckpointForm(FormScreen):
    def __init__(self, cp: Checkpoint | None, lang: str) -> None:
        fields = [
            FieldSpec("name", "Name", cp.name if cp else "", context="field checkpoint name"),
            FieldSpec("location", "Location", cp.location if cp else ""),
            FieldSpec("from", "First day (blank: always)",
                      cp.open_from.isoformat() if cp and cp.open_from else "", "YYYY-MM-DD"),
            FieldSpec("to", "Last day (blank: open-ended)",
                      cp.open_to.isoformat() if cp and cp.open_to else "", "YYYY-MM-DD"),
        ]
        title = say(lang, "Edit {name}", context="checkpoint", name=cp.name) if cp else ""
        super().__init__(title, fields, lang)
        self.cp = cp

    def submit(self, values: dict[str, str]) -> None:
        app = self.roster_app
        assert self.cp is not None  # a new checkpoint is NewCheckpointForm (setup_forms.py)
        cp_id = self.cp.id

        def change(b: Bundle) -> Bundle:
            current = b.checkpoint(cp_id) or self.cp
            assert current is not None
            return edits.update_checkpoint(b, edits.parse_checkpoint(values, current))

        name = values.get("name", "").strip()
        app.apply_edit(change, msg("edit checkpoint {name}", name=name),
                       raise_errors=True)


class TemplateForm(FormScreen):
    def __init__(self, cp: Checkpoint, index: int | None, lang: str) -> None:
        t = cp.shifts[index] if index is not None else None
        night = "auto" if t is None or t.night is None else ("night" if t.night else "day")
        fields = [
            FieldSpec("start", "Start", str(t.start) if t else "", "HH:MM"),
            FieldSpec("end", "End (next day if not after start)", str(t.end) if t else "", "HH:MM"),
            FieldSpec("need", "People needed", str(t.need) if t else "2"),
            FieldSpec("need_tags", "Required tags (tag:count)",
                      " ".join(f"{tag_name(k, lang)}:{v}" for k, v in t.need_tags.items())
                      if t else "",
                      "party:1"),
            FieldSpec("standby", "Standby", str(t.standby) if t else "0"),
            FieldSpec("night", "Night shift", night, kind="select",
                      choices=(("auto", "by the night window"), ("night", "night"),
                               ("day", "day"))),
            *_plan_fields(t),
        ]
        title = (say(lang, "{name}: edit shift {value}", name=cp.name, value=t.label()) if t
                 else say(lang, "{name}: new shift", name=cp.name))
        super().__init__(title, fields, lang)
        self.cp = cp
        self.index = index
        self.template = t

    def submit(self, values: dict[str, str]) -> None:
        app = self.roster_app
        _lang, cp_id, index = self.lang, self.cp.id, self.index
        values = {**values, "need_tags": tag_ids(values.get("need_tags", ""))}
        template: ShiftTemplate = edits.parse_template(values, self.template)
        template = replace(template, rotation=plans.parse_rotation(values))
        app.apply_edit(lambda b: edits.set_template(b, cp_id, index, template),
                       msg("{name} shift {value}", name=self.cp.name,
                           value=template.label()), raise_errors=True)
        bundle = app.session.bundle
        warning = unknown_tags(bundle, template.need_tags) if bundle is not None else None
        if warning is not None:
            app.notify(self.words(warning), severity="warning", timeout=12)


def _plan_fields(t: ShiftTemplate | None) -> list[FieldSpec]:
    """A template's bundle v2 fields: its weekdays and its crews in turn."""
    rot = t.rotation if t is not None else None
    return [
        FieldSpec("weekdays", "Weekdays (1 = Monday … 7; blank: every day)",
                  " ".join(map(str, t.weekdays or ())) if t else "", "7"),
        FieldSpec("rotation", "Crews in turn (their ids; blank: no rotation)",
                  " ".join(rot.crews) if rot else "", "g1 g2 g3 g4"),
        FieldSpec("rotation_from", "Rotation counted from (date)",
                  rot.start.isoformat() if rot else "", "YYYY-MM-DD"),
    ]


def _v2_rules(r: Rules, lang: str) -> str:
    """The rules of bundle v2 for the summary line, when set."""
    out = ""
    if r.max_consecutive_days is not None:
        out += say(lang, " · ≤{n} days in a row", n=r.max_consecutive_days)
    if r.days_off_after_nights:
        out += say(lang, " · {n} day(s) off after nights", n=r.days_off_after_nights)
    return out


class RulesForm(FormScreen):
    def __init__(self, bundle: Bundle, lang: str) -> None:
        r = bundle.rules
        fields = [
            FieldSpec("min_rest_hours", "Minimum rest between shifts (h)", f"{r.min_rest_hours:g}"),
            FieldSpec("max_shifts_per_day", "Shifts per day at most", str(r.max_shifts_per_day)),
            FieldSpec("max_consecutive_nights", "Nights in a row at most",
                      str(r.max_consecutive_nights)),
            FieldSpec("max_hours_per_week", "Weekly hours cap (h)", f"{r.max_hours_per_week:g}"),
            FieldSpec("night_start", "Night window starts", str(r.night_window[0]), "22:00"),
            FieldSpec("night_end", "Night window ends", str(r.night_window[1]), "06:00"),
            FieldSpec("late_grace_minutes", "Late after (minutes)", str(r.late_grace_minutes)),
            FieldSpec("holidays", "Holidays (dates, comma separated)",
                      ", ".join(d.isoformat() for d in r.holidays), "2026-12-25"),
            FieldSpec("max_consecutive_days", "Days in a row at most (blank: no limit)",
                      "" if r.max_consecutive_days is None else str(r.max_consecutive_days)),
            FieldSpec("days_off_after_nights", "Days off after a run of nights",
                      str(r.days_off_after_nights)),
        ]
        super().__init__(say(lang, "Rules"), fields, lang)
        self.rules = r

    def submit(self, values: dict[str, str]) -> None:
        app = self.roster_app
        rules = edits.parse_rules(values, self.rules)
        app.apply_edit(lambda b: edits.update_rules(b, rules),
                       msg("edit the rules"), raise_errors=True)


class CheckpointsScreen(RosterAppMixin, Screen[None]):
    BINDINGS = bindings(CHECKPOINTS)

    def __init__(self) -> None:
        super().__init__(id="checkpoints-screen")
        self.checkpoints: list[Checkpoint] = []

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield NavBar("checkpoints")
        yield Caption(id="cps-label", classes="field-label")
        yield Table(id="cps", cursor_type="row", zebra_stripes=True, classes="half-table")
        yield Caption(id="templates-label", classes="field-label")
        yield Table(id="templates", cursor_type="row", zebra_stripes=True,
                        classes="half-table")
        yield Caption(id="changes-label", classes="field-label")
        yield Table(id="changes", cursor_type="row", zebra_stripes=True,
                    classes="half-table")
        yield Plain(id="changes-strip")
        yield Plain(id="rules-summary")
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        self.follow(self._refresh)
        self._refresh(None)
        self.query_one("#cps", DataTable).focus()

    def _refresh(self, _: Any) -> None:
        app = self.roster_app
        bundle = app.session.bundle
        lang = app.lang
        table = self.query_one("#cps", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        self.query_one("#cps-label", Label).update(say(lang, "Checkpoints"))
        if bundle is None:
            self.checkpoints = []
            return
        self.checkpoints = list(bundle.checkpoints)
        table.add_columns(say(lang, "Name", context="checkpoint"), say(lang, "ID"),
                          say(lang, "Location"), say(lang, "Staffed"),
                          say(lang, "Shifts"))
        for c in self.checkpoints:
            span = say(lang, "always")
            if c.open_from or c.open_to:
                span = f"{c.open_from or '…'} – {c.open_to or '…'}"
            table.add_row(Text(c.name, style="bold"), c.id, c.location, span, str(len(c.shifts)),
                          key=c.id)
        if self.checkpoints:
            table.move_cursor(row=min(keep, len(self.checkpoints) - 1))
        self._templates()
        r = bundle.rules
        self.query_one("#rules-summary", Static).update(say(lang,
                                                            "Rules: rest ≥{min_rest_hours:g} h · "
                                                            "≤{max_shifts_per_day} shift(s)/day · "
                                                            "≤{max_consecutive_nights} nights in "
                                                            "a row · ≤{max_hours_per_week:g} "
                                                            "h/week · night {value}–{value2} · "
                                                            "{n_holidays} holiday(s) (r edits)",
                                                            min_rest_hours=r.min_rest_hours,
                                                            max_shifts_per_day=r.max_shifts_per_day,
                                                            max_consecutive_nights=r.max_consecutive_nights,
                                                            max_hours_per_week=r.max_hours_per_week,
                                                            value=r.night_window[0],
                                                            value2=r.night_window[1],
                                                            n_holidays=len(r.holidays))
                                                        + _v2_rules(r, lang))

    def _checkpoint(self) -> Checkpoint | None:
        table = self.query_one("#cps", DataTable)
        if not self.checkpoints or table.cursor_row >= len(self.checkpoints):
            return None
        return self.checkpoints[table.cursor_row]

    def _templates(self) -> None:
        lang = self.roster_app.lang
        table = self.query_one("#templates", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        cp = self._checkpoint()
        self.query_one("#templates-label", Label).update(
            say(lang, "Shift templates of {name}", name=cp.name) if cp else "")
        if cp is None:
            return
        table.add_columns(say(lang, "Start"), say(lang, "End"),
                          say(lang, "Need"), say(lang, "Required tags"),
                          say(lang, "Standby"), say(lang, "Night"), say(lang, "Weekdays"),
                          say(lang, "Crews in turn"))
        for t in cp.shifts:
            night = {None: say(lang, "auto"), True: say(lang, "yes"),
                     False: say(lang, "no")}[t.night]
            tags = " ".join(f"{tag_name(k, lang)}×{v}" for k, v in t.need_tags.items())
            days = " ".join(weekday(d - 1, lang) for d in t.weekdays) if t.weekdays \
                else say(lang, "every day")
            rotation = (f"{' '.join(t.rotation.crews)} ({t.rotation.start:%m-%d})"
                        if t.rotation else "")
            table.add_row(str(t.start), str(t.end), str(t.need), tags, str(t.standby), night,
                          days, rotation)
        if cp.shifts:
            table.move_cursor(row=min(keep, len(cp.shifts) - 1))
        self._changes(cp)

    def _changes(self, cp: Checkpoint) -> None:
        """The checkpoint's dated changes, and a calendar strip of the weeks ahead."""
        app = self.roster_app
        lang = app.lang
        table = self.query_one("#changes", DataTable)
        table.clear(columns=True)
        self.query_one("#changes-label", Label).update(
            say(lang, "Changes on some days ({n}; c adds)", n=len(cp.changes)))
        table.add_columns(say(lang, "Days"), say(lang, "Shift"), say(lang, "What"),
                          say(lang, "Reason"))
        for change in cp.changes:
            days, which, what = change_text(change, cp, lang)
            table.add_row(days, which, what, Text(change.reason))
        period = app.session.period
        first = period.first_day if period is not None else app.today
        box = self.query_one("#changes-strip", Static)
        box.update(strip(cp, first, lang, (box.size.width or self.app.size.width) - 1))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "cps":
            self._templates()

    def on_data_table_row_selected(self) -> None:
        self.action_edit()

    def _templates_focused(self) -> bool:
        return self.focused is self.query_one("#templates", DataTable)

    def _changes_focused(self) -> bool:
        return self.focused is self.query_one("#changes", DataTable)

    def action_new_change(self) -> None:
        app = self.roster_app
        cp = self._checkpoint()
        if cp is not None:
            first = app.today.isoformat()
            app.with_operator(lambda: app.push_screen(ChangeForm(cp, app.lang, first)))

    def _remove_change(self, cp: Checkpoint) -> None:
        app = self.roster_app
        row = self.query_one("#changes", DataTable).cursor_row
        if not 0 <= row < len(cp.changes):
            return
        days, _, _ = change_text(cp.changes[row], cp, app.lang)
        cp_id = cp.id
        ask(app, self.tr("Remove the change of {name} on {days}?", name=cp.name, days=days),
            lambda: app.apply_edit(lambda b: plans.remove_change(b, cp_id, row),
                                   msg("remove {name} change {days}", name=cp.name,
                                       days=days)))

    def action_add(self) -> None:
        from roster.tui.dialogs.setup_forms import NewCheckpointForm

        app = self.roster_app
        bundle = app.session.bundle
        if bundle is not None:
            app.with_operator(lambda: app.push_screen(NewCheckpointForm(bundle, app.lang)))

    def action_edit(self) -> None:
        app = self.roster_app
        cp = self._checkpoint()
        if cp is None:
            return
        if self._templates_focused():
            row = self.query_one("#templates", DataTable).cursor_row
            if 0 <= row < len(cp.shifts):
                app.with_operator(lambda: app.push_screen(TemplateForm(cp, row, app.lang)))
            return
        app.with_operator(lambda: app.push_screen(CheckpointForm(cp, app.lang)))

    def action_new_template(self) -> None:
        app = self.roster_app
        cp = self._checkpoint()
        if cp is not None:
            app.with_operator(lambda: app.push_screen(TemplateForm(cp, None, app.lang)))

    def action_rules(self) -> None:
        app = self.roster_app
        bundle = app.session.bundle
        if bundle is not None:
            app.with_operator(lambda: app.push_screen(RulesForm(bundle, app.lang)))

    def action_remove(self) -> None:
        app = self.roster_app
        cp = self._checkpoint()
        if cp is None:
            return
        _lang, cp_id = app.lang, cp.id
        if self._changes_focused():
            self._remove_change(cp)
            return
        if self._templates_focused():
            row = self.query_one("#templates", DataTable).cursor_row
            if not 0 <= row < len(cp.shifts):
                return
            label = cp.shifts[row].label()
            ask(app, self.tr("Remove the shift {label} of {name}?", label=label, name=cp.name),
                lambda: app.apply_edit(
                    lambda b: edits.remove_template(b, cp_id, row),
                    msg("remove {name} shift {label}", name=cp.name, label=label)),
                self.tr("Its assignments go too; u undoes it."))
            return
        ask(app, self.tr("Remove the checkpoint {name}?", name=cp.name),
            lambda: app.apply_edit(lambda b: edits.remove_checkpoint(b, cp_id),
                                   msg("remove checkpoint {name}", name=cp.name)),
            self.tr("All its assignments go too; u undoes it."))

    def action_back(self) -> None:
        self.roster_app.switch_mode("board")
