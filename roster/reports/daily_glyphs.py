"""What the daily report's PDF cannot print: the roster PDF's one rule, applied to the day.

A name or a note with a character the PDF font lacks (a rare name character such as
``䶮``, a character outside the Basic Multilingual Plane typed into a note) prints blank.
As for the printed roster, the report is written all the same and the command says, for
each, who or which log entry has which character and how to set ``ROSTER_CJK_FONT``
(:func:`roster.exchange.exporters.glyphs.font_warnings`, the same rule and words).

What is checked is what the PDF prints: the team, the checkpoints, every member named on
the page, the text of every log entry shown (notes, incidents, handovers, withdrawn ones
too), the open items carried in or left open; and, so that nothing printed blank goes
unsaid, any other character of the page that the font lacks.
"""

from __future__ import annotations

from collections.abc import Iterator

from roster.domain.messages import Message, msg
from roster.domain.model import LogEntry
from roster.dutylog.report import DayReport
from roster.exchange.exporters.fonts import FontFile, cjk_font
from roster.exchange.exporters.glyphs import font_warnings, glyphs_of

__all__ = ["unprintable_in_report"]


def unprintable_in_report(report: DayReport, lang: str, font: FontFile | None = None
                          ) -> list[Message]:
    """One warning per member, checkpoint, log entry or open item of the day's report
    whose text the PDF font prints (partly) blank."""
    from roster.reports.daily_report import blocks

    font = font or cjk_font()
    printed = "\n".join("\n".join([b.text, *b.columns, *(c for r in b.rows for c in r)])
                        for b in blocks(report, lang))
    texts = list(_texts(report, printed))
    glyphs = glyphs_of(font)
    said = {c for text, _ in texts for c in glyphs.missing(text)}
    rest = "".join(c for c in glyphs.missing(printed) if c not in said)
    if rest:
        texts.append((rest, msg("other text of the daily report")))
    return font_warnings(texts, font)


def _texts(report: DayReport, printed: str) -> Iterator[tuple[str, Message]]:
    """Each printed text with who or what it belongs to."""
    yield report.team, msg("the team's name")
    checkpoints = {c.checkpoint.id for c in report.checkpoints}
    for c in report.checkpoints:
        yield c.checkpoint.name, msg("checkpoint {name} ({id})", name=c.checkpoint.name,
                                     id=c.checkpoint.id)
    for ident, name in report.names.items():
        if ident not in checkpoints and name and name in printed:
            yield name, msg("member {name} ({id})", name=name, id=ident)
    seen: set[str] = set()
    for root, entry, text in _entries(report):
        if root not in seen and text:
            seen.add(root)
            when = entry.at.astimezone(report.tz)
            yield text, msg("log entry {id} ({when})", id=root, when=f"{when:%Y-%m-%d %H:%M}")
    for s in (s for c in report.checkpoints for s in c.shifts):
        for item in (*s.carried_in, *s.open_at_end):
            if item.id not in seen:
                seen.add(item.id)
                yield item.text, msg("open item {id}", id=item.id)


def _entries(report: DayReport) -> Iterator[tuple[str, LogEntry, str]]:
    """Each log entry printed: its id, the version in force, and its printed text (a
    handover's equipment too); handovers first, so their id names the whole text."""
    handovers = [*(h for c in report.checkpoints for s in c.shifts for h in s.handovers),
                 *report.unconfirmed]
    for h in handovers:
        yield h.id, h.entry, h.entry.text + h.equipment
    for c in report.checkpoints:
        for v in (*(v for s in c.shifts for v in s.entries), *c.other_entries):
            yield v.root, v.entry, v.entry.text
