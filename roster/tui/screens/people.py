"""People: the members table with their load in the period, and their leave and sickness.

Marking someone sick records the leave *and* takes them off the shifts it covers (they
will not come), so the gaps show on the board at once; the screen then offers a repair
of the period, which fills them changing as little as it can.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import DataTable, Static

from roster.checker.totals import running_totals
from roster.domain.messages import msg
from roster.domain.model import Bundle, Leave, Member, Period, shifts_in
from roster.domain.plans import Crew
from roster.editing import edits, plans
from roster.i18n import say, tag_ids, tag_name, tag_words
from roster.tui.base import TableScreen
from roster.tui.dialogs.confirm import ask
from roster.tui.keys import PEOPLE, bindings
from roster.tui.views.describe import history_span, leave_span
from roster.tui.widgets.forms import FieldSpec, FormScreen

if TYPE_CHECKING:
    pass


def loads(bundle: Bundle, period: Period) -> dict[str, tuple[int, int, float]]:
    """Each member's (shifts, nights, hours) on duty in the period."""
    shifts = {s.key: s for s in shifts_in(bundle, period.first_day, period.days)}
    out: dict[str, tuple[int, int, float]] = {}
    for a in bundle.assignments:
        s = shifts.get(a.shift_key)
        if s is None or a.role != "duty":
            continue
        n, nights, hours = out.get(a.member, (0, 0, 0.0))
        out[a.member] = (n + 1, nights + int(s.night), hours + s.hours)
    return out


class MemberForm(FormScreen):
    def __init__(self, member: Member | None, lang: str, crews: tuple[Crew, ...] = ()) -> None:
        m = member
        fields = [
            FieldSpec("name", "Name", m.name if m else ""),
            FieldSpec("unit", "Unit", m.unit if m else "", "e.g. county civil affairs"),
            FieldSpec("phone", "Phone", m.phone if m else ""),
            FieldSpec("tags", "Tags (comma separated)", tag_words(m.tags, lang) if m else "",
                      "party, lead, medic, driver"),
            FieldSpec("max_hours", "Weekly hours cap (blank: the rule)",
                      "" if m is None or m.max_hours_per_week is None
                      else f"{m.max_hours_per_week:g}"),
            FieldSpec("no_nights", "No night shifts", "1" if m and m.no_nights else "0",
                      kind="check"),
            FieldSpec("only_checkpoints", "Only at these checkpoints (ids; blank: any)",
                      " ".join(m.only_checkpoints or ()) if m else "", "cp-n cp-s"),
        ]
        if crews:
            fields.append(_crew_field(m, crews))
        title = say(lang, "Edit {name}", context="member", name=m.name) if m else say(lang,
                                                                                      "New member")
        super().__init__(title, fields, lang)
        self.member = member

    def submit(self, values: dict[str, str]) -> None:
        app = self.roster_app
        bundle = app.session.bundle
        assert bundle is not None
        # Tags are shown in the reader's language (党员, 医护) and kept as codes.
        values = {**values, "tags": tag_ids(values.get("tags", ""))}
        if self.member is None:
            base = Member(id=edits.new_member_id(bundle), name="")
            new = edits.parse_member(values, base)
            def add(b: Bundle) -> Bundle:
                member_id = edits.new_member_id(b)
                out = edits.add_member(b, replace(new, id=member_id))
                return plans.set_crew(out, member_id, values["crew"]) if values.get("crew") \
                    else out

            app.apply_edit(add, msg("add member {name}", name=new.name), raise_errors=True)
        else:
            new = edits.parse_member(values, self.member)
            member_id = self.member.id

            def change(b: Bundle) -> Bundle:
                current = b.member(member_id)
                base = current if current is not None else self.member
                assert base is not None
                out = edits.update_member(b, edits.parse_member(values, base))
                if "crew" in values:
                    out = plans.set_crew(out, member_id, values["crew"] or None)
                return out

            app.apply_edit(change, msg("edit member {name}", name=new.name),
                           raise_errors=True)


def _crew_field(m: Member | None, crews: tuple[Crew, ...]) -> FieldSpec:
    current = next((c.id for c in crews if m is not None and m.id in c.members), "")
    crew = FieldSpec("crew", "Crew", current, kind="select", choices=(("", "none"),))
    # The crews' names are data: shown as they are (no catalog has them).
    return replace(crew, choices=(*crew.choices, *((c.id, c.name or c.id) for c in crews)))


class WishForm(FormScreen):
    """A wish of one member: days off (or on duty), weight 1-3, a reason."""

    def __init__(self, member: Member, lang: str, first: str) -> None:
        fields = [
            FieldSpec("from", "From (date)", first, "YYYY-MM-DD"),
            FieldSpec("to", "To (date, inclusive)", first, "YYYY-MM-DD"),
            FieldSpec("want", "Wish", "off", kind="select",
                      choices=(("off", "a day off"), ("on", "on duty"))),
            FieldSpec("weight", "Weight", "1", kind="select",
                      choices=(("1", "1 (nice to have)"), ("2", "2"), ("3", "3 (matters a lot)"))),
            FieldSpec("reason", "Reason", "", "exam, market, doctor…"),
        ]
        super().__init__(say(lang, "A wish of {name}", name=member.name), fields, lang)
        self.member = member

    def submit(self, values: dict[str, str]) -> None:
        app = self.roster_app
        bundle = app.session.bundle
        assert bundle is not None
        wish = plans.parse_wish(values, bundle.tz)
        member_id = self.member.id
        span = history_span(wish.start, wish.end, bundle.tz)
        app.apply_edit(lambda b: plans.add_wish(b, member_id, wish),
                       msg("{name} wish {span}", name=self.member.name, span=span),
                       raise_errors=True)


class LeaveForm(FormScreen):
    """Leave (or, with ``sick``, sickness: off the shifts too) for one member."""

    def __init__(self, member: Member, lang: str, first: str, *, sick: bool) -> None:
        fields = [
            FieldSpec("from", "From (date)", first, "YYYY-MM-DD"),
            FieldSpec("to", "To (date, inclusive)", first, "YYYY-MM-DD"),
            FieldSpec("reason", "Reason", say(lang, "sick") if sick else "",
                      "sick, personal, county meeting…"),
        ]
        title = (say(lang, "{name} is sick (and off their shifts)", name=member.name) if sick
                 else say(lang, "Leave for {name}", name=member.name))
        super().__init__(title, fields, lang)
        self.member = member
        self.sick = sick

    def submit(self, values: dict[str, str]) -> None:
        app = self.roster_app
        bundle = app.session.bundle
        assert bundle is not None
        member_id = self.member.id
        leave = edits.parse_leave(values, bundle.tz)
        span = history_span(leave.start, leave.end, bundle.tz)
        fn = edits.mark_sick if self.sick else edits.add_leave
        what = (msg("sick", context="leave kind") if self.sick
                else msg("leave", context="leave kind"))
        app.apply_edit(lambda b: fn(b, member_id, leave),
                       msg("{name} {what} {span}", name=self.member.name, what=what,
                           span=span), raise_errors=True)


def _leave_text(m: Member, bundle: Bundle, period: Period, lang: str) -> Text:
    leave = [span for span in m.unavailable if span.end > period.start]
    if not leave:
        return Text("—", style="dim")
    first = leave[0]
    return Text(leave_span(first, bundle.tz, lang) + (f" {first.reason}" if first.reason else ""),
                style="yellow" if first.start < period.end else "")


def _wishes_text(m: Member, bundle: Bundle, period: Period, lang: str) -> Text:
    """The member's wishes from the period on: ``休 12-09 ×3`` / ``on 12-10``, first two."""
    upcoming = [w for w in m.wishes if w.end > period.start]
    if not upcoming:
        return Text("—", style="dim")
    words = []
    for w in upcoming[:2]:
        kind = say(lang, "off") if w.want == "off" else say(lang, "on duty")
        words.append(f"{kind} {w.start.astimezone(bundle.tz):%m-%d} ×{w.weight}")
    more = f" +{len(upcoming) - 2}" if len(upcoming) > 2 else ""
    return Text("; ".join(words) + more, style="magenta")


class PeopleScreen(TableScreen):
    tab = "people"
    note_id = "people-note"
    table_id = "members"

    BINDINGS = bindings(PEOPLE)

    def __init__(self) -> None:
        super().__init__(id="people-screen")
        self.members: list[Member] = []

    def redraw(self, _: Any) -> None:
        app = self.roster_app
        s = app.session
        lang = app.lang
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        bundle, period = s.bundle, s.period
        if bundle is None or period is None:
            self.members = []
            return
        self.members = list(bundle.members)
        load = loads(bundle, period)
        totals = running_totals(bundle, period)
        table.add_columns(say(lang, "Name"), say(lang, "ID"),
                          say(lang, "Unit"), say(lang, "Tags"),
                          say(lang, "Phone"), say(lang, "Shifts"),
                          say(lang, "Nights"), say(lang, "Hours"),
                          say(lang, "Weekend/holiday"),
                          say(lang, "4 weeks before: shifts·nights·weekend"),
                          say(lang, "Leave"), say(lang, "Crew"), say(lang, "Checkpoints"),
                          say(lang, "Wishes"))
        crew_of = {m: c.name or c.id for c in bundle.crews for m in c.members}
        for m in self.members:
            n, nights, hours = load.get(m.id, (0, 0, 0.0))
            mine = totals[m.id]
            recent = f"{mine.recent.shifts}·{mine.recent.nights}·{mine.recent.weekend}"
            tags = " ".join(tag_name(t, lang) for t in m.tags)
            if m.no_nights:
                tags += say(lang, " no nights")
            table.add_row(Text(m.name, style="bold"), m.id, m.unit, tags, m.phone, str(n),
                          str(nights), f"{hours:g}", str(mine.period.weekend), recent,
                          _leave_text(m, bundle, period, lang),
                          Text(crew_of.get(m.id, "")), Text(" ".join(m.only_checkpoints or ())),
                          _wishes_text(m, bundle, period, lang), key=m.id)
        if self.members:
            table.move_cursor(row=min(keep, len(self.members) - 1))
        day0, day1 = period.first_day, period.first_day + timedelta(days=period.days - 1)
        self.query_one("#people-note",
                       Static).update(self.tr("{n_members} members; shifts, nights, hours and "
                                              "weekend or holiday shifts on duty from {day0} to "
                                              "{day1}, and the same in the four weeks before.",
                                              n_members=len(self.members), day0=day0, day1=day1))

    def _member(self) -> Member | None:
        table = self.query_one(DataTable)
        if not self.members or table.cursor_row >= len(self.members):
            return None
        return self.members[table.cursor_row]

    def _first_day(self) -> str:
        return self.roster_app.today.isoformat()

    def action_add(self) -> None:
        app = self.roster_app
        if app.session.bundle is not None:
            crews = app.session.bundle.crews
            app.with_operator(lambda: app.push_screen(MemberForm(None, app.lang, crews)))

    def action_edit(self) -> None:
        app = self.roster_app
        m = self._member()
        if m is not None:
            crews = app.session.bundle.crews if app.session.bundle is not None else ()
            app.with_operator(lambda: app.push_screen(MemberForm(m, app.lang, crews)))

    def action_leave(self) -> None:
        app = self.roster_app
        m = self._member()
        if m is not None:
            app.with_operator(lambda: app.push_screen(
                LeaveForm(m, app.lang, self._first_day(), sick=False)))

    def action_sick(self) -> None:
        app = self.roster_app
        m = self._member()
        if m is None:
            return

        def saved(ok: bool | None) -> None:
            if ok:
                ask(app, self.tr("Repair this period now, to fill the places left empty?"),
                    lambda: app.start_generate(repair=True),
                    self.tr("A repair changes as little as it can; u undoes it."))

        app.with_operator(lambda: app.push_screen(
            LeaveForm(m, app.lang, self._first_day(), sick=True), saved))

    def action_clear_leave(self) -> None:
        app = self.roster_app
        m = self._member()
        if m is None or not m.unavailable:
            self.notify(self.tr("No leave recorded for them."))
            return
        index = len(m.unavailable) - 1
        last = m.unavailable[index]
        bundle = app.session.bundle
        assert bundle is not None
        span = leave_span(last, bundle.tz, app.lang)
        member_id, _lang = m.id, app.lang
        ask(app, self.tr("Delete {name}'s leave {span}?", name=m.name, span=span),
            lambda: app.apply_edit(
                lambda b: edits.remove_leave(b, member_id, index),
                msg("{name} leave removed {span}", name=m.name,
                    span=history_span(last.start, last.end, bundle.tz))))

    def action_wish(self) -> None:
        app = self.roster_app
        m = self._member()
        if m is not None:
            app.with_operator(lambda: app.push_screen(WishForm(m, app.lang, self._first_day())))

    def action_clear_wish(self) -> None:
        app = self.roster_app
        m = self._member()
        bundle = app.session.bundle
        if m is None or bundle is None or not m.wishes:
            self.notify(self.tr("No wishes recorded for them."))
            return
        index = len(m.wishes) - 1
        last = m.wishes[index]
        span = leave_span(Leave(last.start, last.end), bundle.tz, app.lang)
        member_id = m.id
        ask(app, self.tr("Delete {name}'s wish {span}?", name=m.name, span=span),
            lambda: app.apply_edit(lambda b: plans.remove_wish(b, member_id, index),
                                   msg("{name} wish removed {span}", name=m.name,
                                       span=history_span(last.start, last.end, bundle.tz))))

    def action_remove(self) -> None:
        app = self.roster_app
        m = self._member()
        if m is None:
            return
        member_id, _lang = m.id, app.lang
        ask(app, self.tr("Remove {name} from the team?", name=m.name),
            lambda: app.apply_edit(lambda b: edits.remove_member(b, member_id),
                                   msg("remove member {name}", name=m.name)),
            self.tr("All their shifts go too; u undoes it."))

    def action_import_members(self) -> None:
        from roster.tui.dialogs.import_members import ImportMembersDialog

        app = self.roster_app
        if app.session.bundle is not None:
            app.with_operator(lambda: app.push_screen(ImportMembersDialog()))

    def action_back(self) -> None:
        self.roster_app.switch_mode("board")

    def on_data_table_row_selected(self) -> None:
        self.action_edit()
