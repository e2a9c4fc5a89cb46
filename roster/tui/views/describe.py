"""Words for what the board shows: one cell, one problem, the legend, a shift's title.

The check report's own words (:mod:`roster.reports.check_report`: ``describe_gap``,
``describe_violation``, ``advise``, ``format_span``) are reused here, so the board, the
problems panel and ``roster check`` say the same thing. Rich text only, no Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from rich.text import Text

from roster.checker import UNCOVERED, Gap, Report, Violation
from roster.domain.messages import N_
from roster.domain.model import Bundle, Leave, Period, Shift, ShiftKey
from roster.domain.rotation import crew_on
from roster.i18n import kind_name, say, tag_name, weekday
from roster.reports.check_report import (
    advise,
    advise_gap,
    describe_gap,
    describe_violation,
    format_span,
)
from roster.tui.views.grid import BROKEN, FULL, LOCK, LOCK_EN, SHORT, STATES, SYMBOLS, TAG, Cell

STATE_WORDS: dict[str, str] = {
    FULL: N_("full", context="cell state"),
    SHORT: N_("short", context="cell state"),
    TAG: N_("qualification missing", context="cell state"),
    BROKEN: N_("rule broken", context="cell state"),
}
STATE_STYLES: dict[str, str] = {FULL: "green", SHORT: "yellow", TAG: "magenta", BROKEN: "red"}


def _locked(lang: str) -> str:
    return f"{LOCK if lang == 'zh' else LOCK_EN} {say(lang, 'locked', context='cell')}"


def legend(lang: str) -> Text:
    text = Text()
    for state in STATES:
        text.append(f" {SYMBOLS[state]} ", style=f"bold {STATE_STYLES[state]}")
        text.append(say(lang, STATE_WORDS[state], context="cell state"))
        text.append("  ")
    text.append(f" {_locked(lang)}", style="bold")
    text.append(say(lang, "   - closed"), style="dim")
    return text


def shift_title(bundle: Bundle, shift: Shift, lang: str) -> str:
    """``北口卡点 · 12-01 周二 08:00–16:00 · 需 2 人（党员 1）· 备班 1``."""
    cp = bundle.checkpoint(shift.checkpoint)
    name = cp.name if cp else shift.checkpoint
    parts = [name, format_span(shift.start, shift.end, bundle.tz, lang)]
    need = say(lang, "needs {need}", need=shift.need)
    if shift.need_tags:
        tags = say(lang, ", ", context="clauses").join(f"{tag_name(t, lang)} {n}"
                                          for t, n in shift.need_tags.items())
        need += say(lang, " ({tags})", tags=tags)
    parts.append(need)
    if shift.standby:
        parts.append(say(lang, "standby {standby}", standby=shift.standby))
    if shift.night:
        parts.append(say(lang, "night"))
    if cp is not None and cp.shifts[shift.template].rotation is not None:
        crew_id = crew_on(cp, shift.template, shift.day)
        crew = next((c for c in bundle.crews if c.id == crew_id), None)
        if crew is not None:
            parts.append(say(lang, "turn of {crew}", crew=crew.name or crew.id))
    return " · ".join(parts)


def cell_lines(bundle: Bundle, cell: Cell, lang: str,
               name: Callable[[str], str] | None = None) -> Text:
    """Two lines about a cell: who is on it, and what is wrong with it."""
    text = Text()
    if cell.shift is None:
        text.append(say(lang, "The checkpoint is closed that day."),
                    style="dim")
        return text
    if name is None:
        names = {m.id: m.name for m in bundle.members}

        def name(ident: str) -> str:
            return names.get(ident, ident)
    text.append(shift_title(bundle, cell.shift, lang), style="bold")
    if cell.locked:
        text.append(f"  {_locked(lang)}", style="bold")
    text.append("\n")
    sep = say(lang, ", ")
    duty = sep.join(name(a.member) for a in cell.duty) or "—"
    text.append(say(lang, "on duty: ") + duty)
    if cell.standby or cell.shift.standby:
        standby = sep.join(name(a.member) for a in cell.standby) or "—"
        text.append(say(lang, "  standby: ") + standby)
    notes = [f"{kind_name(g.kind, lang)} {describe_gap(g, lang)}" for g in cell.gaps]
    notes += [f"{name(v.member)} {kind_name(v.kind, lang)} "
              f"{describe_violation(v, bundle.tz, lang)}" for v in cell.violations]
    if notes:
        text.append("   ")
        text.append(say(lang, "; ").join(notes),
                    style=STATE_STYLES.get(cell.state, ""))
    return text


def leave_span(leave: Leave, tz: tzinfo, lang: str) -> str:
    """Whole days as ``12-09 周三 – 12-10 周四`` (the last day included), else the instants."""
    start, end = leave.start.astimezone(tz), leave.end.astimezone(tz)
    if start.time() == time(0) and end.time() == time(0):
        last = end.date() - timedelta(days=1)
        first_text = f"{start:%m-%d} {weekday(start.weekday(), lang)}"
        if last == start.date():
            return first_text
        return f"{first_text} – {last:%m-%d} {weekday(last.weekday(), lang)}"
    return format_span(leave.start, leave.end, tz, lang)


def history_span(start: datetime, end: datetime, tz: tzinfo) -> str:
    """A span in words no language owns (``12-09 – 12-10``, ``12-01 08:00–16:00``), for the
    history, which is read later in whatever language the reader then uses."""
    s, e = start.astimezone(tz), end.astimezone(tz)
    if s.time() == time(0) and e.time() == time(0):
        last = e.date() - timedelta(days=1)
        return f"{s:%m-%d}" if last <= s.date() else f"{s:%m-%d} – {last:%m-%d}"
    if e - s < timedelta(days=1):
        return f"{s:%m-%d %H:%M}–{e:%H:%M}"
    return f"{s:%m-%d %H:%M} – {e:%m-%d %H:%M}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One line of the problems panel and the cell it leads to."""

    text: Text
    checkpoint: str
    start: datetime
    key: ShiftKey | None


def problems(report: Report, bundle: Bundle, lang: str, limit: int) -> tuple[list[Problem], int]:
    """The report as panel lines (gaps first, then violations), at most ``limit``;
    also how many were left out."""
    names = {m.id: m.name for m in bundle.members}
    cps = {c.id: c.name for c in bundle.checkpoints}
    out: list[Problem] = []
    for g in report.gaps:
        if len(out) >= limit:
            break
        out.append(_gap_line(g, bundle, cps, lang))
    for v in report.violations:
        if len(out) >= limit:
            break
        out.append(_violation_line(v, bundle, report.period, names, lang))
    hidden = len(report.gaps) + len(report.violations) - len(out)
    return out, hidden


def wish_problems(report: Report, bundle: Bundle, lang: str) -> list[Problem]:
    """Unmet wishes, their own group after gaps and violations (never counted as problems):
    a heading (``checkpoint`` empty: not a cell), then one line per wish, leading to the
    member's shift inside an off wish."""
    tally = report.wishes
    if not tally.unmet_list:
        return []
    heading = Text(say(lang, "Wishes not met: {unmet} (weight {weight})", unmet=tally.unmet,
                       weight=tally.unmet_weight), style="bold magenta")
    out = [Problem(heading, "", report.period.start, None)]
    names = {m.id: m.name for m in bundle.members}
    for u in tally.unmet_list:
        w = u.wish
        text = Text("♡ ", style="magenta")
        text.append(names.get(u.member, u.member), style="bold")
        want = say(lang, "off") if w.want == "off" else say(lang, "on duty")
        text.append(f"  {format_span(w.start, w.end, bundle.tz, lang)}  {want} ×{w.weight}")
        if w.reason:
            text.append(f"  {w.reason}", style="dim")
        at = next((a for a in bundle.assignments if a.member == u.member and a.role == "duty"
                   and w.overlaps(a.start, a.end)), None)
        out.append(Problem(text, at.checkpoint if at else "", at.start if at else w.start,
                           at.shift_key if at else None))
    return out


def _gap_line(g: Gap, bundle: Bundle, cps: dict[str, str], lang: str) -> Problem:
    text = Text()
    symbol = SYMBOLS[SHORT] if g.kind != "missing_tag" else SYMBOLS[TAG]
    text.append(f"{symbol} ", style="bold yellow")
    text.append(format_span(g.start, g.end, bundle.tz, lang))
    text.append(f"  {cps.get(g.checkpoint, g.checkpoint)}  ", style="bold")
    text.append(kind_name(g.kind, lang), style="yellow")
    text.append(f"  {describe_gap(g, lang)}")
    hint = advise_gap(g, bundle, lang)
    if hint:
        text.append(f"  {hint}", style="dim")
    key = None if g.kind == UNCOVERED else g.key
    return Problem(text, g.checkpoint, g.start, key)


def _violation_line(v: Violation, bundle: Bundle, period: Period, names: dict[str, str],
                    lang: str) -> Problem:
    text = Text()
    text.append(f"{SYMBOLS[BROKEN]} ", style="bold red")
    text.append(names.get(v.member, v.member), style="bold")
    text.append("  ")
    text.append(kind_name(v.kind, lang), style="red")
    text.append(f"  {describe_violation(v, bundle.tz, lang)}")
    hint = advise(v, bundle, lang)
    if hint:
        text.append(f"  {hint}", style="dim")
    inside = [a for a in v.assignments if period.contains(a.start)]
    target = v.move if v.move is not None and period.contains(v.move.start) else (
        inside[0] if inside else v.assignments[0])
    return Problem(text, target.checkpoint, target.start, target.shift_key)
