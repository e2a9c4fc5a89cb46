"""What ``roster generate`` prints: the summary, the places left empty and why, the changes.

A team lead reads this once, right after generating, to decide whether to accept the
roster, ask the township for people, or fix a rule. So empty places come with their
reasons summed up in a phrase ("3 人请假, 10 人休息不足") rather than a list of ids, and a
repair lists its changes the way one would say them on the phone: when, where, who
replaces whom. Rendering lives apart from :mod:`roster.generator` so the generator stays
plain data; the CLI prints this renderable and the TUI may show the same one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from roster.domain.model import Bundle
from roster.generator import (
    ASSIGNED,
    DUPLICATE,
    FREE,
    INVALID_SHIFT,
    LACKS_TAG,
    MOVED,
    STANDBY_ELSEWHERE,
    UNKNOWN_MEMBER,
    Change,
    GenerateResult,
    MemberStats,
    Unfilled,
)
from roster.i18n import kind_name, pick, say, tag_name
from roster.rules.kinds import RuleKind

__all__ = ["change_line", "reason_phrase", "render_result", "summary_lines"]

#: How many members one reason excluded, as a phrase: (zh, en) with ``{n}``.
REASON_PHRASES: dict[str, tuple[str, str]] = {
    RuleKind.UNAVAILABLE: ("{n} 人请假", "{n} on leave"),
    RuleKind.NO_NIGHTS: ("{n} 人不排夜班", "{n} take no nights"),
    RuleKind.OVERLAP: ("{n} 人同时段有班", "{n} busy at that time"),
    RuleKind.REST: ("{n} 人休息不足", "{n} without enough rest"),
    RuleKind.SHIFTS_PER_DAY: ("{n} 人当天班次已满", "{n} at their shifts for the day"),
    RuleKind.CONSECUTIVE_NIGHTS: ("{n} 人连续夜班已满", "{n} at their run of nights"),
    RuleKind.HOURS_PER_WEEK: ("{n} 人本周工时已满", "{n} at their weekly hours"),
    ASSIGNED: ("{n} 人已在此班", "{n} already on it"),
    LACKS_TAG: ("{n} 人缺少资质", "{n} lack the qualification"),
    STANDBY_ELSEWHERE: ("{n} 人在别处备班", "{n} on standby elsewhere"),
    FREE: ("{n} 人可排", "{n} free"),
}

#: Why an assignment had to go, as the change list says it.
LEAVING_REASONS: dict[str, tuple[str, str]] = {
    RuleKind.UNAVAILABLE: ("请假", "on leave"),
    UNKNOWN_MEMBER: ("已不在队中", "no longer on the team"),
    INVALID_SHIFT: ("班次已不存在", "shift no longer exists"),
    DUPLICATE: ("重复排班", "duplicate"),
    MOVED: ("调班补缺", "moved to close a gap"),
}


def reason_phrase(reason: str, count: int, lang: str) -> str:
    zh, en = REASON_PHRASES.get(reason, ("{n} 人" + kind_name(reason, "zh"),
                                         "{n}: " + kind_name(reason, "en")))
    return pick(lang, zh, en).format(n=count)


def _names(bundles: Iterable[Bundle]) -> tuple[dict[str, str], dict[str, str]]:
    people: dict[str, str] = {}
    places: dict[str, str] = {}
    for b in bundles:
        for m in b.members:
            people.setdefault(m.id, m.name)
        for c in b.checkpoints:
            places.setdefault(c.id, c.name)
    return people, places


def _when(start: datetime, end: datetime, tz: tzinfo) -> str:
    s, e = start.astimezone(tz), end.astimezone(tz)
    return f"{s:%m-%d %H:%M}–{e:%H:%M}"


def _range(values: list[int]) -> str:
    return f"{min(values)}–{max(values)}" if values else "0–0"


def summary_lines(result: GenerateResult, lang: str) -> list[str]:
    """The summary as plain lines (also what a script or a log wants)."""
    out = [say(lang, "filled {filled}/{total} places", filled=result.filled, total=result.total)]
    if result.standby_total:
        out.append(say(lang, "standby {standby_filled}/{standby_total}",
                       standby_filled=result.standby_filled, standby_total=result.standby_total))
    if result.tags_unmet:
        out.append(say(lang, "{tags_unmet} required qualification(s) unmet",
                       tags_unmet=result.tags_unmet))
    out.extend(_spread_lines(result, lang))
    if result.filled < result.total:
        out.append(say(lang, "no valid roster fills more (proved)")
                   if result.fill_proven else
                   say(lang, "best effort; not proved that no roster fills more"))
    if result.repair:
        out.append(say(lang, "{n_changes} change(s)", n_changes=len(result.changes)))
    out.append(say(lang, "took {seconds:.2f} s", seconds=result.seconds))
    return out


def _ranges(stats: list[MemberStats], *fields: str) -> list[str]:
    return [_range([getattr(s, f) for s in stats]) for f in fields]


def _spread_lines(result: GenerateResult, lang: str) -> list[str]:
    """How evenly the work fell: everyone who could work, then those without leave."""
    working = [s for s in result.stats if s.availability > 0]
    full = [s for s in working if s.availability >= 1]
    if not working:
        return []
    shifts, nights, weekend = _ranges(working, "shifts", "nights", "weekend")
    out = [say(lang, "shifts per member {shifts}, nights {nights}, weekend/holiday {weekend}",
               shifts=shifts, nights=nights, weekend=weekend)]
    if len(full) != len(working) and full:
        shifts, nights = _ranges(full, "shifts", "nights")
        out.append(say(lang, "(members without leave: shifts {shifts}, nights {nights})",
                       shifts=shifts, nights=nights))
    return out


def _shortfall(u: Unfilled, lang: str) -> str:
    parts = []
    if u.missing:
        parts.append(say(lang, "{missing} short", missing=u.missing)
                     if u.role == "duty" else
                     say(lang, "{missing} standby short", missing=u.missing))
    for tag, n in u.tags_missing:
        parts.append(say(lang, "{n} {value} short", n=n, value=tag_name(tag, lang)))
    return say(lang, ", ", context="clauses").join(parts)


def _reasons(u: Unfilled, lang: str) -> str:
    return say(lang, ", ", context="clauses").join(
        reason_phrase(reason, len(ids), lang) for reason, ids in u.reasons if reason != ASSIGNED)


def change_line(change: Change, people: dict[str, str], places: dict[str, str], tz: tzinfo,
                lang: str) -> str:
    """``12-03 08:00–16:00 北口卡点: 马俊杰 → 王振华`` (with the role and why, when useful)."""
    def who(member: str | None) -> str:
        return "—" if member is None else people.get(member, member)

    place = places.get(change.checkpoint, change.checkpoint)
    where = f"{_when(change.start, change.end, tz)} {place}"
    role = "" if change.role == "duty" else say(lang, " [standby]")
    line = f"{where}{role}: {who(change.old_member)} → {who(change.new_member)}"
    notes = []
    if change.kind == "promoted":
        notes.append(say(lang, "standby steps in"))
    if change.reason:
        zh, en = LEAVING_REASONS.get(change.reason, (kind_name(change.reason, "zh"),
                                                     kind_name(change.reason, "en")))
        notes.append(pick(lang, zh, en))
    if notes:
        line += pick(lang, f"（{'，'.join(notes)}）", f" ({', '.join(notes)})")
    return line


def render_result(result: GenerateResult, bundle: Bundle, lang: str) -> RenderableType:
    """The whole report as one Rich renderable."""
    tz = bundle.tz
    people, places = _names([result.bundle, bundle])
    first = result.period.first_day
    last = first + timedelta(days=result.period.days - 1)
    title = pick(lang, "排班修补" if result.repair else "排班生成",
                 "Roster repair" if result.repair else "Roster generated")
    head = Text(f"{title}  {first:%Y-%m-%d} – {last:%Y-%m-%d}", style="bold")
    parts: list[RenderableType] = [head]
    good = result.complete
    for i, line in enumerate(summary_lines(result, lang)):
        style = ("green" if good else "yellow") if i == 0 else ""
        parts.append(Text(line, style=style))

    if result.unfilled:
        table = Table(title=say(lang, "Shifts left short"), title_justify="left",
                      show_lines=False, expand=False)
        table.add_column(say(lang, "When"), no_wrap=True)
        table.add_column(say(lang, "Checkpoint"))
        table.add_column(say(lang, "Short"))
        table.add_column(say(lang, "Why"))
        for u in result.unfilled:
            table.add_row(_when(u.start, u.end, tz), places.get(u.checkpoint, u.checkpoint),
                          _shortfall(u, lang), _reasons(u, lang))
        parts.append(table)

    if result.changes:
        parts.append(Text(say(lang, "Changes:"), style="bold"))
        for change in result.changes:
            parts.append(Text("  " + change_line(change, people, places, tz, lang)))
    for note in result.notes:
        parts.append(Text(note, style="dim"))
    return Group(*parts)
