"""The county roll-up as a person or a script reads it: JSON (``shared/spec/cli.md``) and
a text table to paste into a chat.

The figures are :mod:`roster.county`'s; this module only chooses the words and lays them
out. Text columns are aligned by display width (a Chinese character is two columns) with
ASCII separators only, as the roster's own text table is
(:mod:`roster.exchange.exporters.txt_table`).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import tzinfo
from typing import Any

from rich.cells import cell_len

from roster.county import RollUp, TeamFigures, Totals
from roster.domain.messages import N_
from roster.domain.model import Period, make_period
from roster.domain.timeutil import format_instant, zone
from roster.exchange.exporters.txt_table import pad
from roster.i18n import render, say

__all__ = ["COLUMNS", "by_township", "county_period", "figures", "left_out", "render_json",
           "render_text", "title", "to_json", "township_name"]

DEFAULT_ZONE = "Asia/Shanghai"

#: The figures of a row, in the order every format shows them, with their column words.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("checkpoints", N_("checkpoints", context="county column")),
    ("shifts", N_("shifts", context="county column")),
    ("empty_places", N_("empty places", context="county column")),
    ("missing_tags", N_("missing tags", context="county column")),
    ("uncovered_hours", N_("uncovered h", context="county column")),
    ("violations", N_("violations", context="county column")),
    ("absent", N_("absent", context="county column")),
    ("late", N_("late", context="county column")),
    ("unconfirmed_handovers", N_("unconfirmed handovers", context="county column")),
    ("problems", N_("problems", context="county column")),
)


def county_period(rollup: RollUp) -> tuple[Period, tzinfo]:
    """The period as the county reads it, in the zone most of its teams keep (each team's
    own figures are for the same days in its own zone), and that zone."""
    zones = Counter(t.timezone for t in rollup.teams)
    tz = zone(zones.most_common(1)[0][0] if zones else DEFAULT_ZONE)
    first = rollup.first_day or rollup.now.astimezone(tz).date()
    return make_period(first, rollup.days, tz), tz


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 2)


def _exported(t: TeamFigures) -> str | None:
    return None if t.exported_at is None else format_instant(t.exported_at, zone(t.timezone))


def _team_json(t: TeamFigures) -> dict[str, Any]:
    return {
        "team_id": t.team_id, "team": t.team, "village": t.village, "township": t.township,
        "file": t.file, "exported_at": _exported(t),
        **{name: _number(getattr(t, name)) for name, _ in COLUMNS},
    }


def to_json(rollup: RollUp, lang: str) -> dict[str, Any]:
    """The object ``roster county --format json`` writes (errors in ``lang``)."""
    period, tz = county_period(rollup)
    return {
        "period": {"start": format_instant(period.start, tz),
                   "end": format_instant(period.end, tz)},
        "teams": [_team_json(t) for t in rollup.teams],
        "superseded": [{"file": s.file, "team_id": s.team_id} for s in rollup.superseded],
        "errors": [{"file": e.file, "error": render(e.error, lang)} for e in rollup.errors],
    }


def render_json(rollup: RollUp, lang: str) -> bytes:
    return (json.dumps(to_json(rollup, lang), ensure_ascii=False, indent=2) + "\n").encode()


# --- text ------------------------------------------------------------------------------------


def _aligned(header: list[str], rows: list[list[str]], numeric_from: int) -> list[str]:
    """A header, an ASCII rule and the rows; figures right-aligned, text left-aligned."""
    widths = [cell_len(h) for h in header]
    for row in rows:
        widths = [max(w, cell_len(c)) for w, c in zip(widths, row, strict=True)]

    def line(cells: list[str]) -> str:
        out = []
        for i, (c, w) in enumerate(zip(cells, widths, strict=True)):
            out.append(" " * (w - cell_len(c)) + c if i >= numeric_from else pad(c, w))
        return "  ".join(out).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def figures(source: TeamFigures | Totals) -> list[int | float]:
    """The numbers of a row (a team, a township, the county), in :data:`COLUMNS` order."""
    return [_number(getattr(source, name)) for name, _ in COLUMNS]


def _figures(source: TeamFigures | Totals) -> list[str]:
    return [str(v) for v in figures(source)]


def _columns(lang: str) -> list[str]:
    return [say(lang, words, context="county column") for _, words in COLUMNS]


def township_name(name: str, lang: str) -> str:
    return name or say(lang, "(no township)")



def by_township(rollup: RollUp) -> list[tuple[str, Totals, list[TeamFigures]]]:
    """Each township with its totals and its teams (problems first), by township name."""
    teams: dict[str, list[TeamFigures]] = {}
    for t in rollup.teams:
        teams.setdefault(t.township, []).append(t)
    return [(name, sums, teams[name]) for name, sums in rollup.townships()]


def title(rollup: RollUp, lang: str) -> tuple[str, str]:
    """The heading of every format: what, when, how many; and when it was made."""
    period, tz = county_period(rollup)
    total = rollup.total
    return (say(lang, "County roll-up · {first_day} ({days} day(s)) · {teams} team(s), "
                      "{with_problems} with problems",
                first_day=period.first_day, days=period.days, teams=total.teams,
                with_problems=total.with_problems),
            say(lang, "Made at {value:%Y-%m-%d %H:%M}", value=rollup.now.astimezone(tz)))


def _exported_text(t: TeamFigures) -> str:
    return "" if t.exported_at is None else \
        f"{t.exported_at.astimezone(zone(t.timezone)):%Y-%m-%d %H:%M}"


def render_text(rollup: RollUp, lang: str) -> bytes:
    """The roll-up as aligned text: the totals at the top, then a row per team."""
    total = rollup.total
    lines = [*title(rollup, lang), ""]
    head = [say(lang, "township", context="county column"),
            say(lang, "teams", context="county column"), *_columns(lang)]
    rows = [[township_name(name, lang), str(t.teams), *_figures(t)]
            for name, t in rollup.townships()]
    rows.append([say(lang, "county", context="county column"), str(total.teams),
                 *_figures(total)])
    lines += _aligned(head, rows, numeric_from=1)
    lines.append("")
    head = [say(lang, "township", context="county column"),
            say(lang, "village", context="county column"),
            say(lang, "team", context="county column"), *_columns(lang),
            say(lang, "exported at", context="county column")]
    rows = [[township_name(t.township, lang), t.village, t.team, *_figures(t), _exported_text(t)]
            for t in rollup.teams]
    lines += _aligned(head, rows, numeric_from=3)
    for heading, items in left_out(rollup, lang):
        lines += ["", heading, *(f"  {item}" for item in items)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def left_out(rollup: RollUp, lang: str) -> list[tuple[str, list[str]]]:
    """What was not counted, as (heading, lines): superseded files, unreadable ones."""
    out: list[tuple[str, list[str]]] = []
    if rollup.superseded:
        out.append((say(lang, "Superseded by a newer file of the same team:"),
                    [f"{s.file} -> {s.by}" for s in rollup.superseded]))
    if rollup.errors:
        out.append((say(lang, "Could not be read:"),
                    [render(e.error, lang) for e in rollup.errors]))
    return out
