"""The daily report (值班日报) as a person reads it: text, HTML, PDF or JSON.

The words are chosen once, in :func:`blocks` (headings, tables, lines, each problem
flagged), and each format only lays those blocks out, so the text a cadre prints and the
HTML the township opens never say different things. Text columns are aligned by display
width as Rich measures it (a CJK character is two columns); HTML escapes every value
(names and notes are typed by people); PDF goes through the shared kit in
:mod:`roster.exchange.exporters.pdfkit` with the packaged Chinese font. :data:`REPORT_FORMATS` is
the one list the CLI and the desk read.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rich.cells import cell_len

from roster.domain.messages import Message
from roster.domain.model import NOTE_CATEGORIES
from roster.dutylog.compare import LATE, Attendance
from roster.dutylog.entries import (
    COUNTED_CATEGORIES,
    HANDOVER,
    Versioned,
)
from roster.dutylog.handovers import Handover
from roster.dutylog.report import DayReport, ShiftReport, to_json
from roster.exchange.exporters.grid import span_label

if TYPE_CHECKING:
    from roster.exchange.exporters.pdfkit import PdfDocument
from roster.i18n import say, weekday
from roster.i18n.duty_words import category_name, entry_label, status_name

__all__ = ["REPORT_FORMATS", "Block", "ReportFormat", "blocks", "render_html", "render_json",
           "render_pdf", "render_text"]


# --- the words, once ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of the report: a heading, a line of text, or a table."""

    kind: str  # "title" | "heading" | "subheading" | "line" | "problem" | "table"
    text: str = ""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = field(default=())


def _time(value: datetime | None, report: DayReport) -> str:
    """``08:05``, or ``12-02 08:05`` on another day than the report's; ``—`` for none."""
    if value is None:
        return "—"
    local = value.astimezone(report.tz)
    if local.date() == report.day:
        return f"{local:%H:%M}"
    return f"{local:%m-%d %H:%M}"


def _span(start: datetime, end: datetime | None, report: DayReport) -> str:
    """A shift's hours as the printed roster labels them (``16:00–00:00``, ``22:00–06:00``)."""
    if end is None:
        return f"{_time(start, report)}–…"
    first, last = start.astimezone(report.tz), end.astimezone(report.tz)
    if first.date() == report.day and last - first <= timedelta(days=1):
        return span_label(f"{first:%H:%M}", f"{last:%H:%M}")
    return f"{_time(start, report)}–{_time(end, report)}"


def _status(a: Attendance, lang: str) -> str:
    if a.status == LATE and a.arrived is not None:
        words = say(lang, "late {late_minutes} min", late_minutes=a.late_minutes)
    elif a.status == LATE:
        words = say(lang, "late (not here yet)")
    else:
        words = status_name(a.status, lang)
    extra = []
    if a.left_early:
        extra.append(say(lang, "left {early_minutes} min early", early_minutes=a.early_minutes))
    if a.no_check_out:
        extra.append(status_name("no_check_out", lang))
    if a.on_duty:
        extra.append(say(lang, "on duty"))
    return say(lang, ", ", context="clauses").join([words, *extra])


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f} h"


def _entry_row(v: Versioned, report: DayReport, lang: str) -> tuple[str, ...]:
    e = v.entry
    marks = []
    if v.void:
        marks.append(say(lang, "withdrawn"))
    elif v.corrected:
        marks.append(say(lang, "corrected ×{value}", value=len(v.history) - 1))
    count = "" if e.count is None else str(e.count)
    return (_time(e.at, report), report.name(e.member), entry_label(v.entry, lang), count, e.text,
            " ".join(marks))


def _totals_line(totals: dict[str, int], lang: str) -> str:
    parts = []
    for cat in NOTE_CATEGORIES:
        if cat == HANDOVER or cat not in totals:
            continue
        if cat in COUNTED_CATEGORIES:
            parts.append(f"{category_name(cat, lang)} {totals[cat]}")
        else:
            parts.append(say(lang, "{value} ×{value2}", value=category_name(cat, lang),
                             value2=totals[cat]))
    return " · ".join(parts) if parts else say(lang, "no notes")


def _handover_line(h: Handover, report: DayReport, lang: str) -> str:
    who = report.name(h.entry.member)
    head = say(lang, "{value} {who} handed over: {text}", value=_time(h.at, report), who=who,
               text=h.entry.text)
    if h.equipment:
        head += say(lang, "; equipment: {equipment}", equipment=h.equipment)
    if h.confirmed:
        head += say(lang, " (confirmed by {value} at {value2})", value=report.name(h.confirmed_by),
                    value2=_time(h.confirmed_at, report))
    else:
        head += say(lang, " (NOT confirmed)")
    return head


def shift_problems(s: ShiftReport, report: DayReport, lang: str) -> list[str]:
    """Each problem of a shift in one line."""
    out = []
    for a in s.attendance:
        if a.problems:
            out.append(f"{report.name(a.member)}：{_status(a, lang)}" if lang != "en"
                       else f"{report.name(a.member)}: {_status(a, lang)}")
    for u in s.unrostered:
        who, span = report.name(u.member), _span(u.start, u.end, report)
        out.append(say(lang, "unrostered presence: {who} {span}", who=who, span=span))
    for g in s.gaps:
        out.append(say(lang, "too few on site: {value} {have} of {need}", value=_span(g.start,
                                                                                      g.end,
                                                                                      report),
                                                                                      have=g.have,
                                                                                      need=g.need))
    for h in s.handovers:
        if not h.confirmed:
            when, who = _time(h.at, report), report.name(h.entry.member)
            out.append(say(lang, "handover not confirmed: {when} {who}", when=when, who=who))
    for x in s.strays:
        what = say(lang, "second check-in") if x.reason == "duplicate_check_in" \
            else say(lang, "check-out without check-in")
        out.append(f"{report.name(x.entry.member)} {_time(x.entry.at, report)} {what}")
    return out


def blocks(report: DayReport, lang: str) -> list[Block]:
    """The whole report as blocks, in reading order."""
    day = report.day
    dated = f"{report.team} · {day} {weekday(day.weekday(), lang)}"
    out = [Block("title", say(lang, "Daily duty report · {dated}", dated=dated))]
    problems = report.problem_count
    out.append(Block("line", say(lang, "Made at {value:%Y-%m-%d %H:%M} · {problems} problem(s)",
                                 value=report.now.astimezone(report.tz), problems=problems)))
    for c in report.checkpoints:
        out.append(Block("heading", f"{c.checkpoint.name}  ({c.checkpoint.id})"))
        out.append(Block("line", say(lang, "Day totals: ")
                         + _totals_line(c.totals, lang)))
        for s in c.shifts:
            out.extend(_shift_blocks(s, report, lang))
        if c.other_entries:
            out.append(Block("subheading",
                             say(lang, "Entries outside any shift")))
            out.append(_entries_table(c.other_entries, report, lang))
    if report.unconfirmed:
        out.append(Block("heading", say(lang, "Handovers not confirmed")))
        for h in report.unconfirmed:
            out.append(Block("problem", f"{report.name(h.checkpoint)}  "
                                        f"{h.at.astimezone(report.tz):%m-%d} "
                                        + _handover_line(h, report, lang)))
    if report.members:
        out.append(Block("heading", say(lang, "Members on the day")))
        out.append(Block("table", columns=(
            say(lang, "Member"), say(lang, "Planned"),
            say(lang, "Actual"), say(lang, "Nights"),
            say(lang, "On time"), say(lang, "Late"),
            say(lang, "Absent"), say(lang, "Left early"),
            say(lang, "Unrostered")),
            rows=tuple((report.name(m.member), f"{m.planned_hours:.1f} h",
                        f"{m.actual_hours:.1f} h",
                        str(m.nights), str(m.on_time), str(m.late), str(m.absent),
                        str(m.left_early), str(m.unrostered)) for m in report.members)))
    return out


def _entries_table(entries: tuple[Versioned, ...], report: DayReport, lang: str) -> Block:
    return Block("table", columns=(say(lang, "Time"), say(lang, "Who"),
                                   say(lang, "What"), say(lang, "Count"),
                                   say(lang, "Text"), say(lang, "Mark")),
                 rows=tuple(_entry_row(v, report, lang) for v in entries))


def _shift_blocks(s: ShiftReport, report: DayReport, lang: str) -> list[Block]:
    shift = s.shift
    night = say(lang, " night") if shift.night else ""
    out = [Block("subheading",
                 say(lang, "{value}{night} (needs {need})", value=_span(shift.start, shift.end,
                                                                        report), night=night,
                                                                        need=shift.need))]
    if s.attendance:
        out.append(Block("table", columns=(
            say(lang, "Rostered"), say(lang, "Role"),
            say(lang, "Status"), say(lang, "In"), say(lang, "Out"),
            say(lang, "Present")),
            rows=tuple((report.name(a.member),
                        say(lang, "standby") if a.assignment.role == "standby"
                        else say(lang, "duty"),
                        _status(a, lang), _time(a.arrived, report), _time(a.left, report),
                        _hours(a.present_minutes)) for a in s.attendance)))
    else:
        out.append(Block("problem", say(lang, "nobody rostered on this shift")))
    out.append(Block("line", say(lang, "Totals: ") + _totals_line(s.totals, lang)))
    if s.carried_in:
        out.append(Block("line", say(lang, "Open when the shift began: ")
                         + "；".join(i.text for i in s.carried_in)))
    for h in s.handovers:
        out.append(Block("line" if h.confirmed else "problem", _handover_line(h, report, lang)))
    if s.closed:
        out.append(Block("line", say(lang, "{n_closed} open item(s) closed",
                                     n_closed=len(s.closed))))
    if s.open_at_end:
        out.append(Block("line", say(lang, "Still open at the end: ")
                         + "；".join(i.text for i in s.open_at_end)))
    for inc in s.incidents:
        out.append(Block("problem", say(lang, "incident {value}: {text}", value=_time(inc.at,
                                                                                      report),
                                                                                      text=inc.text)))
    for p in shift_problems(s, report, lang):
        out.append(Block("problem", p))
    if s.entries:
        out.append(_entries_table(s.entries, report, lang))
    return out


# --- text ------------------------------------------------------------------------------------


def render_text(report: DayReport, lang: str) -> str:
    """Plain text, columns aligned by display width (a Chinese character is two columns)."""
    lines: list[str] = []
    for b in blocks(report, lang):
        if b.kind == "title":
            lines.append(b.text)
            lines.append("=" * cell_len(b.text))
        elif b.kind == "heading":
            lines.extend(["", f"■ {b.text}"])
        elif b.kind == "subheading":
            lines.append(f"  ─ {b.text}")
        elif b.kind == "problem":
            lines.append(f"    ! {b.text}")
        elif b.kind == "line":
            lines.append(f"    {b.text}")
        elif b.kind == "table":
            lines.extend("    " + row for row in _aligned(b.columns, b.rows))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _aligned(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[str]:
    """A header, a rule and the rows, each column padded to its widest cell.

    Rich measures the cells (CJK wide characters count two); laying the columns out here
    rather than with a Rich Table keeps a busy day's report at a few milliseconds.
    """
    widths = [cell_len(c) for c in columns]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], cell_len(cell))

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c + " " * (w - cell_len(c)) for c, w in zip(cells, widths, strict=True))

    return [line(columns), "  ".join("─" * w for w in widths), *(line(r) for r in rows)]


# --- HTML ------------------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 2em; color: #222; }
@media print { body { margin: 0; } h2, h3 { break-after: avoid; page-break-after: avoid; } }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #999; }
h3 { font-size: 1em; margin: 1em 0 .3em; }
table { border-collapse: collapse; margin: .3em 0 .8em; }
th, td { border: 1px solid #bbb; padding: .2em .5em; text-align: left; vertical-align: top; }
th { background: #eee; }
p { margin: .2em 0; } p.problem { color: #a00; }
"""


def render_html(report: DayReport, lang: str) -> str:
    e = html.escape
    title = e(blocks(report, lang)[0].text)
    parts = [f"<!DOCTYPE html>\n<html lang=\"{'en' if lang == 'en' else 'zh-CN'}\">\n<head>\n"
             f"<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{_CSS}</style>\n"
             "</head>\n<body>\n"]
    for b in blocks(report, lang):
        if b.kind == "title":
            parts.append(f"<h1>{e(b.text)}</h1>\n")
        elif b.kind == "heading":
            parts.append(f"<h2>{e(b.text)}</h2>\n")
        elif b.kind == "subheading":
            parts.append(f"<h3>{e(b.text)}</h3>\n")
        elif b.kind == "problem":
            parts.append(f"<p class=\"problem\">⚠ {e(b.text)}</p>\n")
        elif b.kind == "line":
            parts.append(f"<p>{e(b.text)}</p>\n")
        elif b.kind == "table":
            head = "".join(f"<th>{e(c)}</th>" for c in b.columns)
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>\n"
                           for row in b.rows)
            parts.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n"
                         "</table>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


# --- PDF ---------------------------------------------------------------------------------------


def render_pdf(report: DayReport, lang: str) -> bytes:
    """A4 portrait, the Chinese font embedded (:mod:`roster.exchange.exporters.pdfkit`).

    A heading is kept with what follows it (never left alone at a page's foot), and a
    table's columns are at least as wide as their longest name, so names never wrap.
    """
    from roster.exchange.exporters.pdfkit import BLACK, GREY, RED, PdfDocument

    all_blocks = blocks(report, lang)
    doc = PdfDocument(landscape=False, title=all_blocks[0].text, subject=say(lang,
                                                                             "Daily duty report"),
                      made_at=report.now)
    doc.add_page()
    y = doc.top
    width = doc.content_width
    styles = {"title": (15, True, BLACK), "heading": (12, True, BLACK),
              "subheading": (10, True, BLACK), "problem": (9, False, RED),
              "line": (9, False, GREY)}

    def room(height: float) -> float:
        if y + height > doc.bottom:
            doc.add_page()
            return doc.top
        return y

    for i, b in enumerate(all_blocks):
        if b.kind == "table":
            widths = _pdf_widths(doc, b, width, 8)
            y = room(doc.line_height(8) * 3)
            y = doc.table(doc.left, y, widths, [b.columns, *b.rows], size=8) + 2
            continue
        size, bold, color = styles[b.kind]
        indent = 0.0 if b.kind in ("title", "heading") else 3.0
        lines = doc.wrap(b.text, width - indent, size)
        gap = 3.0 if b.kind == "heading" else 0.0
        keep = 0.0
        if b.kind in ("heading", "subheading") and i + 1 < len(all_blocks):
            # Keep with next: room for the next block's first lines (a table's header
            # and first rows) under the heading, or both go to the next page.
            following = all_blocks[i + 1]
            keep = doc.line_height(8) * 4 + 4 if following.kind == "table" \
                else doc.line_height(styles[following.kind][0]) * 2
        y = room(doc.line_height(size) * len(lines) + gap + keep) + gap
        for line in lines:
            y = doc.text(doc.left + indent, y, line, size=size, bold=bold, color=color)
    return doc.output()


def _pdf_widths(doc: PdfDocument, b: Block, width: float, size: float) -> list[float]:
    """Column widths: each at least its widest word (a name, a time) so that no name is
    broken, and what is left shared in proportion to the columns' longest cells."""
    pad = 2 * 1.2 + 0.5
    least, weights = [], []
    for i, col in enumerate(b.columns):
        cells = [col, *(r[i] for r in b.rows)]
        words = [w for c in cells for w in c.split()] or [""]
        least.append(min(max(doc.text_width(w, size) for w in words) + pad, width / 3))
        longest = max(len(c) for c in cells)
        weights.append(min(max(longest, 3), 40))
    if sum(least) > width:
        least = [w * width / sum(least) for w in least]
    spare = width - sum(least)
    total = sum(weights)
    return [w0 + spare * w / total for w0, w in zip(least, weights, strict=True)]


# --- the registry -----------------------------------------------------------------------------


def render_json(report: DayReport, lang: str) -> str:
    return json.dumps(to_json(report), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True, slots=True)
class ReportFormat:
    name: str
    suffix: str
    render: Callable[[DayReport, str], bytes]
    #: What the file will not show right (a character the PDF font lacks); the file is
    #: written all the same and the caller says each (as ``roster export`` does).
    warnings: Callable[[DayReport, str], list[Message]] = lambda report, lang: []


def _pdf_warnings(report: DayReport, lang: str) -> list[Message]:
    from roster.reports.daily_glyphs import unprintable_in_report

    return unprintable_in_report(report, lang)


def _utf8(fn: Callable[[DayReport, str], str]) -> Callable[[DayReport, str], bytes]:
    return lambda report, lang: fn(report, lang).encode("utf-8")


REPORT_FORMATS: dict[str, ReportFormat] = {
    f.name: f for f in (
        ReportFormat("txt", ".txt", _utf8(render_text)),
        ReportFormat("html", ".html", _utf8(render_html)),
        ReportFormat("json", ".json", _utf8(render_json)),
        ReportFormat("pdf", ".pdf", render_pdf, _pdf_warnings),
    )
}
