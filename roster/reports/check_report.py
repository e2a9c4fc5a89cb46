"""A check report as a team lead reads it: grouped, named, in their language and zone.

:mod:`roster.checker` returns ids and UTC instants so that every consumer can judge
with it; people need names, local times like "12-01 周二 08:00–16:00" and a hint of
what to do. The words for one gap or violation are built here once
(:func:`describe_gap`, :func:`describe_violation`, :func:`advise`) so that
``roster check``, its tables and the TUI's live warnings say the same thing. Only Rich
is imported: Rich measures CJK cells itself, so nothing is padded by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from roster.checker import (
    MISSING_STANDBY,
    MISSING_TAG,
    UNCOVERED,
    UNDERSTAFFED,
    Gap,
    Report,
    Violation,
)
from roster.domain.messages import N_
from roster.domain.model import Assignment, Bundle
from roster.domain.timeutil import parse_instant
from roster.i18n import kind_name, say, tag_name, weekday
from roster.reports.plans_report import plans_part
from roster.rules import (
    CONSECUTIVE_DAYS,
    CONSECUTIVE_NIGHTS,
    DAYS_OFF_AFTER_NIGHTS,
    HOURS_PER_WEEK,
    INVALID_ASSIGNMENT,
    NO_NIGHTS,
    OVERLAP,
    REST,
    SHIFTS_PER_DAY,
    UNAVAILABLE,
    WRONG_CHECKPOINT,
)

_DAY = timedelta(days=1)
#: Rows per table unless asked for all: Rich lays out about a thousand rows a second,
#: and a month of a county roster can have thousands of items (``--json`` has them all).
DEFAULT_ROWS = 200


# --- times -----------------------------------------------------------------------------------


def format_moment(value: datetime, tz: tzinfo, lang: str) -> str:
    """``12-01 周二 08:00`` in the team's zone."""
    local = value.astimezone(tz)
    return f"{local:%m-%d} {weekday(local.weekday(), lang)} {local:%H:%M}"


def format_span(start: datetime, end: datetime, tz: tzinfo, lang: str) -> str:
    """``12-01 周二 08:00–16:00``; both ends in full for a day or longer (never "08:00–08:00")."""
    if end - start < _DAY:
        return f"{format_moment(start, tz, lang)}–{end.astimezone(tz):%H:%M}"
    return f"{format_moment(start, tz, lang)} – {format_moment(end, tz, lang)}"


def _hours(value: float) -> str:
    return f"{value:g}"


# --- names -----------------------------------------------------------------------------------


class _Names:
    def __init__(self, bundle: Bundle) -> None:
        self.members = {m.id: m.name for m in bundle.members}
        self.checkpoints = {c.id: c.name for c in bundle.checkpoints}

    def member(self, ident: str) -> str:
        return self.members.get(ident, ident)

    def checkpoint(self, ident: str) -> str:
        return self.checkpoints.get(ident, ident)

    def shift(self, a: Assignment, tz: tzinfo, lang: str) -> str:
        role = say(lang, " (standby)") if a.role == "standby" else ""
        return f"{format_span(a.start, a.end, tz, lang)} {self.checkpoint(a.checkpoint)}{role}"


def _list(lang: str, items: Iterable[str], *, breakable: bool = False) -> str:
    """Names joined the language's way; ``breakable`` gives a terminal table a place to
    wrap between two names (Chinese writes 、 with no space, and a name split over two
    lines, 张建/国, reads as two people)."""
    sep = say(lang, ", ")
    return (sep if sep.endswith(" ") or not breakable else sep + " ").join(items)


# --- words for one item ----------------------------------------------------------------------


def describe_gap(gap: Gap, lang: str) -> str:
    """What is missing, e.g. "2 人中只有 1 人" / "1 of 2 people"."""
    if gap.kind == UNCOVERED:
        hours = (gap.end - gap.start).total_seconds() / 3600
        return say(lang, "{value} h with no shift", value=_hours(round(hours, 2)))
    need, have = gap.need or 0, gap.have or 0
    if gap.kind == UNDERSTAFFED:
        return say(lang, "{have} of {need} needed", have=have, need=need)
    if gap.kind == MISSING_TAG:
        tag = tag_name(gap.tag or "", lang)
        return say(lang, "{have} of {need} {tag}", have=have, need=need, tag=tag)
    if gap.kind == MISSING_STANDBY:
        return say(lang, "{have} of {need} on standby", have=have, need=need)
    return kind_name(gap.kind, lang)


_INVALID_REASONS = {
    "unknown_member": N_("no such member", context="invalid reason"),
    "unknown_checkpoint": N_("no such checkpoint", context="invalid reason"),
    "not_a_shift": N_("not a shift of that checkpoint", context="invalid reason"),
}


def describe_violation(v: Violation, tz: tzinfo, lang: str) -> str:
    """The numbers behind a violation, e.g. "休息 8 小时（至少 12 小时）"."""
    d = v.detail
    if v.kind == REST:
        return say(lang, "{value} h rest (at least {value2} h)", value=_hours(d['rest_hours']),
                   value2=_hours(d['min_rest_hours']))
    if v.kind == OVERLAP:
        both = "roles" in d and len(set(d["roles"])) > 1
        hours = _hours(d["overlap_hours"])
        if both:
            return say(lang, "{hours} h overlap of duty and standby", hours=hours)
        return say(lang, "{hours} h overlap", hours=hours)
    if v.kind == SHIFTS_PER_DAY:
        day = d["day"][5:]
        return say(lang, "{value} shifts on {day} (at most {value2})", value=d['shifts'], day=day,
                   value2=d['max'])
    if v.kind == CONSECUTIVE_NIGHTS:
        return say(lang, "{value} nights in a row (at most {value2})", value=d['nights'],
                   value2=d['max'])
    if v.kind == HOURS_PER_WEEK:
        return say(lang, "{value} h in week {value2} (cap {value3})", value=_hours(d['hours']),
                   value2=d['week'], value3=_hours(d['max_hours']))
    if v.kind == NO_NIGHTS:
        return say(lang, "takes no night shifts")
    if v.kind == UNAVAILABLE:
        if "from" not in d:
            return kind_name(v.kind, lang)
        span = format_span(parse_instant(d["from"], tz), parse_instant(d["to"], tz), tz, lang)
        reason = d.get("reason")
        if reason:
            return say(lang, "unavailable {span} ({reason})", span=span, reason=reason)
        return say(lang, "unavailable {span}", span=span)
    if v.kind == INVALID_ASSIGNMENT:
        return _list(lang, (say(lang, _INVALID_REASONS[r], context="invalid reason")
                            if r in _INVALID_REASONS else r for r in d.get("reasons", ())))
    return _describe_v2(v, lang)


def _describe_v2(v: Violation, lang: str) -> str:
    d = v.detail
    if v.kind == CONSECUTIVE_DAYS:
        return say(lang, "{value} days in a row (at most {value2})", value=d["days"],
                   value2=d["max"])
    if v.kind == DAYS_OFF_AFTER_NIGHTS:
        return say(lang, "on duty {day}, within {n} day(s) off after the night of {night}",
                   day=d["day"][5:], n=d["days_off"], night=d["night_day"][5:])
    if v.kind == WRONG_CHECKPOINT:
        return say(lang, "may serve only at {checkpoints}",
                   checkpoints=_list(lang, d.get("only_checkpoints", ())))
    return kind_name(v.kind, lang)


def advise_gap(gap: Gap, bundle: Bundle, lang: str) -> str:
    """Who could fill it, when the checker looked."""
    return _advise_gap(gap, _Names(bundle), lang)


def _advise_gap(gap: Gap, names: _Names, lang: str, *, breakable: bool = False) -> str:
    if not gap.searched:
        return ""
    if not gap.candidates:
        return say(lang, "nobody free")
    return say(lang, "could take it: ") + _list(lang, map(names.member, gap.candidates),
                                                breakable=breakable)


def advise(v: Violation, bundle: Bundle, lang: str) -> str:
    """Which assignment to move (or drop, when it cannot stand at all)."""
    return _advise(v, _Names(bundle), bundle.tz, lang)


def _advise(v: Violation, names: _Names, tz: tzinfo, lang: str) -> str:
    if v.move is None:
        return ""
    shift = names.shift(v.move, tz, lang)
    if v.kind == INVALID_ASSIGNMENT:
        return say(lang, "remove or correct: {shift}", shift=shift)
    locked = say(lang, " (locked)") if v.move.locked else ""
    return say(lang, "move: {shift}{locked}", shift=shift, locked=locked)


# --- the report ------------------------------------------------------------------------------


def summary(report: Report, lang: str) -> Text:
    first = report.period.first_day
    last = first + timedelta(days=report.period.days - 1)
    span = say(lang, "{first} to {last}", first=first, last=last)
    n_gaps, n_viol = report.gap_places, len(report.violations)
    if report.ok:
        return Text(say(lang, "{span}: no gaps, no violations.", span=span),
                    style="bold green")
    gaps = say(lang, "{n} gap", n=n_gaps) if n_gaps == 1 else say(lang, "{n} gaps", n=n_gaps)
    violations = (say(lang, "{n} violation", n=n_viol) if n_viol == 1
                  else say(lang, "{n} violations", n=n_viol))
    words = say(lang, "{span}: {gaps}, {violations}.", span=span, gaps=gaps,
                violations=violations)
    return Text(words, style="bold red")


def _longest_word(words: Iterable[str]) -> int:
    """The width of the longest word, so a problem's name wraps between words, never inside
    one ("understaff…" at 80 columns)."""
    return max((cell_len(w) for text in words for w in text.split()), default=0)


def _more(lang: str, hidden: int) -> Text:
    return Text(say(lang, "… and {hidden} more", hidden=hidden), style="dim")


def _gap_rows(report: Report, bundle: Bundle, lang: str,
              limit: int | None) -> list[tuple[Text | str, ...] | None]:
    """The gap table's rows, grouped by checkpoint (None: a new group)."""
    tz = bundle.tz
    names = _Names(bundle)
    order = {c.id: i for i, c in enumerate(bundle.checkpoints)}
    groups = sorted(report.gaps_by_checkpoint().items(),
                    key=lambda item: (order.get(item[0], len(order)), item[0]))
    rows: list[tuple[Text | str, ...] | None] = []
    shown = 0
    for index, (checkpoint, items) in enumerate(groups):
        if index:
            rows.append(None)
        for i, g in enumerate(items):
            if limit is not None and shown >= limit:
                break
            shown += 1
            # One shift short of people and of a tag is one place with two problems:
            # its time is written once, as the summary counts it once.
            same = i > 0 and items[i - 1].key == g.key
            rows.append((Text(names.checkpoint(checkpoint), style="bold") if i == 0 else "",
                         "" if same else format_span(g.start, g.end, tz, lang),
                         Text(kind_name(g.kind, lang), style="yellow"),
                         describe_gap(g, lang),
                         _advise_gap(g, names, lang, breakable=True)))
    if shown < len(report.gaps):
        rows.append((_more(lang, len(report.gaps) - shown), "", "", "", ""))
    return rows


def gaps_table(report: Report, bundle: Bundle, lang: str, limit: int | None = None) -> Table:
    """Gaps grouped by checkpoint (in the team's checkpoint order), then by time."""
    rows = _gap_rows(report, bundle, lang, limit)
    table = Table(title=say(lang, "Gaps by checkpoint"), box=box.SIMPLE_HEAD,
                  title_justify="left", expand=False)

    def longest(column: int) -> int:
        return _longest_word(str(row[column]) for row in rows if row is not None)

    table.add_column(say(lang, "Checkpoint"), no_wrap=True)
    table.add_column(say(lang, "When"))
    # Words wrap between them, never inside one ("已 …", "张建/国" at 80 columns).
    table.add_column(say(lang, "Problem"), min_width=longest(2))
    table.add_column(say(lang, "Detail"), min_width=longest(3), overflow="fold")
    table.add_column(say(lang, "Suggestion"), overflow="fold", min_width=min(longest(4), 24))
    for row in rows:
        if row is None:
            table.add_section()
        else:
            table.add_row(*row)
    return table


def violations_table(report: Report, bundle: Bundle, lang: str,
                     limit: int | None = None) -> Table:
    """Violations grouped by member (in the team's member order), then by time."""
    tz = bundle.tz
    names = _Names(bundle)
    table = Table(title=say(lang, "Violations by member"), box=box.SIMPLE_HEAD,
                  title_justify="left", expand=False)
    table.add_column(say(lang, "Member"), no_wrap=True)
    table.add_column(say(lang, "Problem"),
                     min_width=_longest_word(kind_name(v.kind, lang) for v in report.violations))
    table.add_column(say(lang, "Shifts"), no_wrap=True)
    table.add_column(say(lang, "Detail"))
    table.add_column(say(lang, "Suggestion"), overflow="fold")
    order = {m.id: i for i, m in enumerate(bundle.members)}
    groups = sorted(report.violations_by_member().items(),
                    key=lambda item: (order.get(item[0], len(order)), item[0]))
    shown = 0
    for index, (member, items) in enumerate(groups):
        if index:
            table.add_section()
        for i, v in enumerate(items):
            if limit is not None and shown >= limit:
                break
            shown += 1
            who = Text()
            if i == 0:
                who.append(names.member(member), style="bold")
                if member in names.members:
                    who.append(f" {member}", style="dim")
            table.add_row(who, Text(kind_name(v.kind, lang), style="red"),
                          "\n".join(names.shift(a, tz, lang) for a in v.assignments),
                          describe_violation(v, tz, lang), _advise(v, names, tz, lang))
    if shown < len(report.violations):
        table.add_row(_more(lang, len(report.violations) - shown), "", "", "", "")
    return table


def render_report(report: Report, bundle: Bundle, lang: str,
                  limit: int | None = DEFAULT_ROWS) -> Group:
    """The whole report for a terminal: a summary line, then gaps, then violations.

    ``limit`` caps the rows of each table (``None``: every row); a last row says how
    many were left out, and the summary always counts everything.
    """
    parts: list[RenderableType] = [summary(report, lang)]
    if report.gaps:
        parts.append(gaps_table(report, bundle, lang, limit))
    if report.violations:
        parts.append(violations_table(report, bundle, lang, limit))
    parts.extend(plans_part(report, bundle, lang, limit))
    return Group(*parts)


__all__ = [
    "DEFAULT_ROWS",
    "advise",
    "advise_gap",
    "describe_gap",
    "describe_violation",
    "format_moment",
    "format_span",
    "gaps_table",
    "render_report",
    "summary",
    "violations_table",
]
