"""The export registry: one table of formats that the CLI and the TUI's export dialog both read.

Each exporter is a pure function from a bundle and a selection to the file's bytes; the
caller writes them (atomically) wherever the user asked. The table also says what a
dialog or a command line needs to know about a format without trying it: its file
suffix, its titles, whether it is a printed layout (which defaults to a week and marks
what changed since the last print), which selections it requires (a calendar is for one
member or one checkpoint), and which layouts it offers. :mod:`roster.services.export` runs
an export with those rules, for the CLI and the TUI alike.

Format modules are imported when first used, so that ``roster export --format json``
does not load the PDF and Excel libraries.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from roster.domain.messages import N_, Message
from roster.domain.model import Bundle
from roster.exchange.exporters.selection import Selection

if TYPE_CHECKING:
    from roster.exchange.exporters.grid import Layout
from roster.i18n import say

__all__ = ["EXPORTERS", "Exporter", "Selection"]


@dataclass(frozen=True, slots=True)
class Exporter:
    name: str
    suffix: str
    #: What the format is, as a catalog id (English) in the context "export format".
    title_text: str
    #: ``"module:function"`` under ``roster.exchange.exporters``:
    #: ``render(bundle, selection, lang)``.
    target: str
    media_type: str = "application/octet-stream"
    #: A printed layout: a week by default, and cells changed since the last print marked.
    printed: bool = False
    #: Without a period flag, everything (the bundle) rather than the week from today.
    whole_by_default: bool = False
    #: At least one of these selections is required (``"member"``, ``"checkpoint"``).
    needs_one_of: tuple[str, ...] = ()
    #: Layouts offered (the first is the default); empty: only one.
    layouts: tuple[str, ...] = ()
    #: ``"module:function"`` ``(bundle, selection) -> list[Message]``: what the file will
    #: not show right (a character the font lacks); empty: nothing to warn of.
    checks: str = ""
    #: What the file prints a version stamp on: ``"week"`` (a page per checkpoint-week),
    #: ``"period"`` (a sheet or table per checkpoint), ``""`` nothing.
    versions: str = ""
    #: ``"module:function"`` ``(layout, lang) -> int``: the pages a printed layout prints.
    pages: str = ""

    def title(self, lang: str) -> str:
        return say(lang, self.title_text, context="export format")

    @property
    def render(self) -> Callable[[Bundle, Selection, str], bytes]:
        module, _, func = self.target.partition(":")
        renderer: Callable[[Bundle, Selection, str], bytes] = getattr(
            importlib.import_module(f"roster.exchange.exporters.{module}"), func)
        return renderer

    def warnings(self, bundle: Bundle, selection: Selection) -> list[Message]:
        """What the file will not show right, as messages for the user (it is still written)."""
        if not self.checks:
            return []
        module, _, func = self.checks.partition(":")
        check: Callable[[Bundle, Selection], list[Message]] = getattr(
            importlib.import_module(f"roster.exchange.exporters.{module}"), func)
        return check(bundle, selection)

    def sheet_versions(self, bundle: Bundle, selection: Selection) -> tuple[str, ...]:
        """The version stamps printed in the file, one per sheet (page group), in order.

        The command names these, so the version it says is the one on the wall.
        """
        if (not self.versions or (self.name == "csv" and selection.layout != "grid")
                or (self.name == "txt" and selection.member is not None)):
            return ()
        from roster.exchange.exporters.grid import build

        grids = build(bundle, selection, block_days=7 if self.versions == "week" else None).grids
        return tuple(dict.fromkeys(g.stamp for g in grids))

    def page_count(self, layout: Layout, lang: str) -> int:
        """The pages the file prints (a page per checkpoint-week, and continuations)."""
        if not self.pages:
            return len(layout.grids)
        module, _, func = self.pages.partition(":")
        count: Callable[[Layout, str], int] = getattr(
            importlib.import_module(f"roster.exchange.exporters.{module}"), func)
        return count(layout, lang)

    def missing_selection(self, selection: Selection, lang: str) -> str | None:
        """Why this format cannot export ``selection`` (a required flag missing), or None."""
        if not self.needs_one_of:
            return None
        if any(getattr(selection, need) is not None for need in self.needs_one_of):
            return None
        flags = " / ".join(f"--{n}" for n in self.needs_one_of)
        return say(lang,
                   "the {name} format needs {flags} (one member's or one checkpoint's calendar)",
                   name=self.name, flags=flags)


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("json", ".json", N_("bundle (JSON, re-importable)", context="export format"),
                 "json_bundle:render", "application/json", whole_by_default=True),
        Exporter("pdf", ".pdf", N_("print (PDF, a page per checkpoint per week)",
                                   context="export format"), "pdf_print:render",
                 "application/pdf", printed=True, checks="glyphs:unprintable",
                 versions="week", pages="pdf_print:page_count"),
        Exporter("html", ".html", N_("print (HTML, print from a browser)",
                                     context="export format"), "html_print:render",
                 "text/html", printed=True, versions="week",
                 pages="html_print:page_count"),
        Exporter("xlsx", ".xlsx", N_("Excel (a sheet per checkpoint, member totals)",
                                     context="export format"), "xlsx_book:render",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 versions="period"),
        Exporter("csv", ".csv", N_("CSV (a row per assignment, opens in Excel)",
                                   context="export format"), "csv_table:render",
                 "text/csv", layouts=("rows", "grid"), versions="period"),
        Exporter("ics", ".ics", N_("calendar (ICS, one member or checkpoint)",
                                   context="export format"), "ics_calendar:render",
                 "text/calendar", needs_one_of=("member", "checkpoint")),
        Exporter("txt", ".txt", N_("plain text (for a chat; a duty notice with --member)",
                                   context="export format"), "txt_table:render",
                 "text/plain", versions="period"),
    )
}
