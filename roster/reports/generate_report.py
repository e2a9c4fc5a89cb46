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

from roster.checker.totals import running_totals
from roster.domain.messages import N_
from roster.domain.model import Bundle
from roster.generator import Change, GenerateResult, MemberStats, Unfilled
from roster.i18n import kind_name, say, tag_name
from roster.rules.kinds import Reason, RuleKind

__all__ = ["change_line", "reason_phrase", "render_result", "summary_lines"]

#: How many members one reason excluded, as a phrase: (zh, en) with ``{n}``.
REASON_PHRASES: dict[str, str] = {
    RuleKind.UNAVAILABLE: N_("{n} on leave", context="reason phrase"),
    RuleKind.NO_NIGHTS: N_("{n} take no nights", context="reason phrase"),
    RuleKind.OVERLAP: N_("{n} busy at that time", context="reason phrase"),
    RuleKind.REST: N_("{n} without enough rest", context="reason phrase"),
    RuleKind.SHIFTS_PER_DAY: N_("{n} at their shifts for the day", context="reason phrase"),
    RuleKind.CONSECUTIVE_NIGHTS: N_("{n} at their run of nights", context="reason phrase"),
    RuleKind.HOURS_PER_WEEK: N_("{n} at their weekly hours", context="reason phrase"),
    RuleKind.WRONG_CHECKPOINT: N_("{n} serve at other checkpoints only",
                                  context="reason phrase"),
    RuleKind.CONSECUTIVE_DAYS: N_("{n} at their run of days", context="reason phrase"),
    RuleKind.DAYS_OFF_AFTER_NIGHTS: N_("{n} resting after nights", context="reason phrase"),
    Reason.ASSIGNED: N_("{n} already on it", context="reason phrase"),
    Reason.LACKS_TAG: N_("{n} lack the qualification", context="reason phrase"),
    Reason.STANDBY_ELSEWHERE: N_("{n} on standby elsewhere", context="reason phrase"),
    Reason.FREE: N_("{n} free", context="reason phrase"),
}

#: Why an assignment had to go, as the change list says it.
LEAVING_REASONS: dict[str, str] = {
    RuleKind.UNAVAILABLE: N_("on leave", context="leaving reason"),
    Reason.UNKNOWN_MEMBER: N_("no longer on the team", context="leaving reason"),
    Reason.INVALID_SHIFT: N_("shift no longer exists", context="leaving reason"),
    Reason.DUPLICATE: N_("duplicate", context="leaving reason"),
    Reason.MOVED: N_("moved to close a gap", context="leaving reason"),
}


def reason_phrase(reason: str, count: int, lang: str) -> str:
    phrase = REASON_PHRASES.get(reason)
    if phrase is None:
        return say(lang, "{n}: {rule}", n=count, rule=kind_name(reason, lang))
    return say(lang, phrase, context="reason phrase", n=count)


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
    if result.crew_places:
        out.append(say(lang, "crew places held {held}/{places}", held=result.crew_held,
                       places=result.crew_places))
    if result.wish_weight_total:
        out.append(say(lang, "wishes met: weight {met}/{total}", met=result.wish_weight_met,
                       total=result.wish_weight_total))
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
        reason_phrase(reason, len(ids), lang) for reason,
        ids in u.reasons if reason != Reason.ASSIGNED)


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
        leaving = LEAVING_REASONS.get(change.reason)
        notes.append(say(lang, leaving, context="leaving reason") if leaving
                     else kind_name(change.reason, lang))
    if notes:
        line += say(lang, " ({notes})", notes=say(lang, ", ", context="clauses").join(notes))
    return line


#: Members listed in the running totals (the most loaded first); a county team has 1,000.
TOTALS_SHOWN = 200


def totals_table(result: GenerateResult, people: dict[str, str], lang: str) -> Table:
    """Each member's running totals, the period's and the four weeks' before ("why me?")."""
    table = Table(title=say(lang, "Running totals (shifts · nights · weekend or holiday)"),
                  title_justify="left", expand=False)
    table.add_column(say(lang, "Member"))
    table.add_column(say(lang, "This period"), justify="right")
    table.add_column(say(lang, "4 weeks before"), justify="right")
    totals = running_totals(result.bundle, result.period)
    rows = sorted(totals.items(), key=lambda kv: (-kv[1].period.shifts - kv[1].recent.shifts,
                                                  kv[0]))
    for member, t in rows[:TOTALS_SHOWN]:
        table.add_row(Text(people.get(member, member)),
                      f"{t.period.shifts} · {t.period.nights} · {t.period.weekend}",
                      f"{t.recent.shifts} · {t.recent.nights} · {t.recent.weekend}")
    if len(rows) > TOTALS_SHOWN:
        table.caption = say(lang, "the {shown} with the most shifts of {count} members",
                            shown=TOTALS_SHOWN, count=len(rows))
    return table


def _wishes_table(result: GenerateResult, people: dict[str, str], places: dict[str, str],
                  tz: tzinfo, lang: str) -> Table:
    """Each unmet wish, explained like a place left short: the shift, and why nobody
    else (for an off wish) or not the member (for an on wish)."""
    table = Table(title=say(lang, "Wishes not met"), title_justify="left", expand=False)
    for column in (say(lang, "Member"), say(lang, "When"), say(lang, "Wish"), say(lang, "Why")):
        table.add_column(column)
    for u in result.unmet_wishes:
        want = say(lang, "off") if u.want == "off" else say(lang, "on duty")
        shift = ""
        if u.shifts:
            cp, start, end = u.shifts[0]
            shift = f"{_when(start, end, tz)} {places.get(cp, cp)}: "
        why = say(lang, ", ", context="clauses").join(
            reason_phrase(reason, len(ids), lang) for reason, ids in u.reasons
            if reason != Reason.ASSIGNED)
        span = (_when(u.start, u.end, tz) if u.end - u.start < timedelta(days=1) else
                f"{u.start.astimezone(tz):%m-%d %H:%M} – {u.end.astimezone(tz):%m-%d %H:%M}")
        table.add_row(Text(people.get(u.member, u.member)), span,
                      Text(f"{want} ×{u.weight} {u.reason}".strip()), Text(shift + why))
    return table


def render_result(result: GenerateResult, bundle: Bundle, lang: str) -> RenderableType:
    """The whole report as one Rich renderable."""
    tz = bundle.tz
    people, places = _names([result.bundle, bundle])
    first = result.period.first_day
    last = first + timedelta(days=result.period.days - 1)
    title = say(lang, "Roster repair") if result.repair else say(lang, "Roster generated")
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

    parts.append(totals_table(result, people, lang))
    if result.unmet_wishes:
        parts.append(_wishes_table(result, people, places, tz, lang))

    if result.changes:
        parts.append(Text(say(lang, "Changes:"), style="bold"))
        for change in result.changes:
            parts.append(Text("  " + change_line(change, people, places, tz, lang)))
    for note in result.notes:
        parts.append(Text(note, style="dim"))
    return Group(*parts)
