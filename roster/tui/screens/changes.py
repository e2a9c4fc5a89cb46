"""Screen 4's bundle v2 parts: a checkpoint's dated changes (surge, closure, tag changes)
as a list with a calendar strip, and the form that adds one."""

from __future__ import annotations

from datetime import date, timedelta

from rich.cells import cell_len
from rich.text import Text

from roster.domain.messages import msg
from roster.domain.model import Checkpoint
from roster.domain.plans import CheckpointChange
from roster.editing import plans
from roster.i18n import say, tag_name, weekday
from roster.tui.widgets.forms import FieldSpec, FormScreen

#: Days the calendar strip shows, from the first day of the period in view.
STRIP_DAYS = 28


def change_text(change: CheckpointChange, cp: Checkpoint, lang: str) -> tuple[str, str, str]:
    """(dates, which shift, what changes) of one change, as the list shows them."""
    days = f"{change.start:%m-%d}" if change.start == change.end else \
        f"{change.start:%m-%d} – {change.end:%m-%d}"
    which = say(lang, "every shift") if change.template is None else (
        cp.shifts[change.template].label() if change.template < len(cp.shifts) else "?")
    what: list[str] = []
    if change.closed:
        what.append(say(lang, "closed"))
    if change.need is not None:
        what.append(say(lang, "needs {need}", need=change.need))
    if change.need_tags is not None:
        what.append(" ".join(f"{tag_name(k, lang)}×{v}" for k, v in change.need_tags.items())
                    or say(lang, "no tags"))
    if change.standby is not None:
        what.append(say(lang, "standby {n}", n=change.standby))
    return days, which, say(lang, ", ", context="clauses").join(what)


def strip(cp: Checkpoint, first: date, lang: str, width: int | None = None) -> Text:
    """A calendar strip of the next :data:`STRIP_DAYS` days: ``×`` closed, ``+`` more people
    or other tags, ``·`` as every day; weekdays under a line of day numbers. Given the
    ``width`` it has, a line breaks only where a week ends (80 columns split 19· / 20·)."""
    out = Text(f"{weekday(first.weekday(), lang)} ", style="dim")
    week = Text()
    for i in range(STRIP_DAYS):
        day = first + timedelta(days=i)
        if i and day.weekday() == 0:
            _add_week(out, week, width)
            week = Text()
        hits = [c for c in cp.changes if c.start <= day <= c.end]
        mark, style = "·", "dim"
        if any(c.closed for c in hits):
            mark, style = "×", "bold red"
        elif hits:
            mark, style = "+", "bold yellow"
        week.append(f"{day.day}{mark} ", style=style)
    _add_week(out, week, width)
    return out


def _add_week(out: Text, week: Text, width: int | None) -> None:
    line = out.plain.rsplit("\n", 1)[-1]
    if any(ch.isdigit() for ch in line):  # a week is on this line already
        fits = width is None or cell_len(line) + 1 + week.cell_len <= width
        out.append("│" if fits else "\n", style="dim")
    out.append_text(week)


class ChangeForm(FormScreen):
    """A dated change of one checkpoint: a surge, a closure, other tags."""

    def __init__(self, cp: Checkpoint, lang: str, first: str) -> None:
        fields = [
            FieldSpec("from", "From (date)", first, "YYYY-MM-DD"),
            FieldSpec("to", "To (date, inclusive)", first, "YYYY-MM-DD"),
            FieldSpec("template", "Shift (its number from 1; blank: every shift)", "", "1"),
            FieldSpec("closed", "Closed on those days", "0", kind="check"),
            FieldSpec("need", "People needed (blank: as usual)", "", "3"),
            FieldSpec("need_tags", "Required tags (blank: as usual)", "", "party:2"),
            FieldSpec("standby", "Standby (blank: as usual)", ""),
            FieldSpec("reason", "Reason", "", "market day, Spring Festival, bridge works…"),
        ]
        super().__init__(say(lang, "{name}: a change on some days", name=cp.name), fields, lang)
        self.cp = cp

    def submit(self, values: dict[str, str]) -> None:
        app = self.roster_app
        change = plans.parse_change(values, len(self.cp.shifts))
        cp_id = self.cp.id
        days, _, _ = change_text(change, self.cp, self.lang)
        app.apply_edit(lambda b: plans.add_change(b, cp_id, change),
                       msg("{name} change {days}", name=self.cp.name, days=days),
                       raise_errors=True)
