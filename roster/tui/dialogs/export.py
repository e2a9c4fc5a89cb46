"""Export: any format of the export registry, for the period in view or everything.

The formats, their titles and what each needs come from :data:`roster.exchange.exporters.EXPORTERS`
and an export runs through :mod:`roster.services.export` exactly as ``roster export``
does; the file is written atomically in a worker, so a long PDF does not freeze the app.
A format with several layouts (CSV: a row per assignment, or the printed grid) offers
them, and the one chosen goes into the selection as ``--layout`` puts it there.

What the written file does not show right (a name character the PDF font lacks, see
:func:`roster.exchange.exporters.glyphs.unprintable`) is said by :func:`tell_exported` in
the same notice that the file is written, as a warning that stays on screen long enough
to read it and set the font; the first-run wizard's print says it the same way.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from roster.domain.errors import UserError
from roster.domain.messages import N_, Message
from roster.domain.timeutil import now_utc
from roster.exchange.exporters import EXPORTERS, Exporter, Selection
from roster.tui.base import RosterAppMixin
from roster.tui.keys import FORM, bindings
from roster.tui.widgets.plain import Caption, Plain, plain

if TYPE_CHECKING:
    from roster.services.export import Prepared

EVERYTHING = "all"
PERIOD = "period"
NOBODY = "-"
#: Names of the exporters' layouts; a layout not named here is shown by its own name.
LAYOUT_NAMES = {"rows": N_("a row per assignment", context="layout"),
                "grid": N_("the printed grid", context="layout")}
#: Seconds a warning about a written file stays on screen (Textual's default is 5):
#: long enough to read which member's name prints blank and the font to set.
WARNING_SECONDS = 60.0
#: Columns a notice takes from the screen at most (Textual's toast: 60 wide, at most half
#: the screen, less its border and padding).
_NOTICE_WIDTH = 60
#: Measures wrapped text (never prints).
_MEASURE = Console(width=_NOTICE_WIDTH, file=io.StringIO(), color_system=None)


def _rows(text: str, width: int) -> int:
    """The rows ``text`` takes wrapped to ``width`` columns, as Rich wraps it."""
    return len(Text(text).wrap(_MEASURE, width))


def _fitting(title: str, lines: Sequence[str], width: int, height: int) -> int:
    """How many of ``lines`` a notice under ``title`` shows on a ``width`` × ``height``
    screen (one at least): a notice taller than the screen would hide its own top."""
    room = max(20, min(_NOTICE_WIDTH, width // 2) - 4)
    # Less the border, a count line, the key bar and a row of air.
    budget = height - 5 - _rows(title, room)
    used = 0
    for n, line in enumerate(lines):
        used += _rows(line, room)
        if used > budget:
            return max(1, n)
    return len(lines)


def tell_exported(widget: RosterAppMixin, title: str, warnings: Sequence[Message]) -> None:
    """Say that the file is written (``title``) and, in the same notice so that one never
    hides the other, each warning about what it does not show right (as many as the
    screen shows, the rest counted)."""
    app = widget.roster_app
    if not warnings:
        app.notify(title)
        return
    lines = [f"⚠ {widget.words(w)}" for w in warnings]
    shown = _fitting(title, lines, app.size.width, app.size.height)
    if shown < len(lines):
        lines[shown:] = [widget.tr("… and {n} more like these", n=len(lines) - shown)]
    app.notify("\n".join(lines), title=title, severity="warning", timeout=WARNING_SECONDS)


class ExportDialog(RosterAppMixin, ModalScreen[None]):
    BINDINGS = bindings(FORM)

    def __init__(self, fmt: str | None = None) -> None:
        """``fmt``: the format chosen at first (the palette's "Export: PDF"), else the first."""
        super().__init__()
        self.first_format = fmt if fmt in EXPORTERS else next(iter(EXPORTERS))

    def compose(self) -> ComposeResult:
        app = self.roster_app
        lang = app.lang
        bundle = app.session.bundle
        assert bundle is not None
        with Vertical(classes="form"):
            yield Plain(self.tr("Export"), classes="form-title")
            yield Caption(self.tr("Format"), classes="field-label")
            yield Select([(e.title(lang), e.name) for e in EXPORTERS.values()],
                         value=self.first_format, allow_blank=False, id="export-format")
            yield Caption(self.tr("Layout"), classes="field-label", id="export-layout-label")
            yield Select(self._layouts(EXPORTERS[self.first_format]), allow_blank=True,
                         id="export-layout")
            yield Caption(self.tr("What", context="export scope"), classes="field-label")
            yield Select([(self.tr("this period"), PERIOD),
                          (self.tr("everything"), EVERYTHING)], value=PERIOD,
                         allow_blank=False, id="export-scope")
            yield Caption(self.tr("Checkpoint (optional)"), classes="field-label")
            yield Select([(self.tr("all", context="checkpoints"), NOBODY)]
                         + [(plain(c.name), c.id) for c in bundle.checkpoints], value=NOBODY,
                         allow_blank=False, id="export-checkpoint")
            yield Caption(self.tr("Member (optional)"), classes="field-label")
            yield Select([(self.tr("all", context="members"), NOBODY)]
                         + [(plain(m.name), m.id) for m in bundle.members], value=NOBODY,
                         allow_blank=False, id="export-member")
            yield Caption(self.tr("Save as"), classes="field-label")
            yield Input(self._default_path("json"), id="export-path")
            yield Plain("", id="export-error", classes="field-error")
            yield Plain(self.tr("ctrl+s exports · esc cancels"),
                         classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#export-error").display = False
        self._show_layouts(EXPORTERS[str(self.query_one("#export-format", Select).value)])
        self.query_one("#export-format", Select).focus()

    def _layouts(self, exporter: Exporter) -> list[tuple[str, str]]:
        return [(self.tr(LAYOUT_NAMES[name], context="layout") if name in LAYOUT_NAMES else name,
                 name)
                for name in exporter.layouts]

    def _show_layouts(self, exporter: Exporter) -> None:
        """Offer the format's layouts (the first chosen), or hide the choice if it has none."""
        layout = self.query_one("#export-layout", Select)
        layout.set_options(self._layouts(exporter))
        if exporter.layouts:
            layout.value = exporter.layouts[0]
        layout.display = bool(exporter.layouts)
        self.query_one("#export-layout-label").display = bool(exporter.layouts)

    def _default_path(self, fmt: str) -> str:
        s = self.roster_app.session
        name = s.bundle.team.name if s.bundle else "roster"
        return str(Path.cwd() / f"{name}-{s.first_day}{EXPORTERS[fmt].suffix}")

    @on(Select.Changed, "#export-format")
    def _format(self, event: Select.Changed) -> None:
        path = self.query_one("#export-path", Input)
        path.value = str(Path(path.value).with_suffix(EXPORTERS[str(event.value)].suffix))
        scope = self.query_one("#export-scope", Select)
        scope.value = EVERYTHING if EXPORTERS[str(event.value)].whole_by_default else PERIOD
        self._show_layouts(EXPORTERS[str(event.value)])

    def _error(self, message: str) -> None:
        box = self.query_one("#export-error", Static)
        box.update(message)
        box.display = True

    def action_save(self) -> None:
        app = self.roster_app
        exporter = EXPORTERS[str(self.query_one("#export-format", Select).value)]
        scope = self.query_one("#export-scope", Select).value
        checkpoint = str(self.query_one("#export-checkpoint", Select).value)
        member = str(self.query_one("#export-member", Select).value)
        raw = self.query_one("#export-path", Input).value.strip()
        chosen = self.query_one("#export-layout", Select).value
        if not raw:
            self._error(self.tr("Give a file name"))
            return
        selection = Selection(app.session.period if scope == PERIOD else None,
                              None if checkpoint == NOBODY else checkpoint,
                              None if member == NOBODY else member,
                              layout=(str(chosen) if chosen in exporter.layouts
                                      else exporter.layouts[0] if exporter.layouts else "rows"),
                              made_at=now_utc().replace(microsecond=0))
        missing = exporter.missing_selection(selection, app.lang)
        if missing:
            self._error(missing)
            return
        self.query_one("#export-error").display = False
        self._export(exporter.name, selection, Path(raw).expanduser(), app.lang)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, fmt: str, selection: Selection, path: Path, lang: str) -> None:
        try:
            prepared = self.roster_app.session.export(EXPORTERS[fmt], selection, lang, path)
        except UserError as exc:
            self.app.call_from_thread(self._error, self.words(exc))
            return
        self.app.call_from_thread(self._done, path, prepared)

    def _done(self, path: Path, prepared: Prepared) -> None:
        tell_exported(self, self.tr("Exported → {path}", path=path), prepared.warnings)
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
