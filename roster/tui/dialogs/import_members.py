"""Import members from a spreadsheet on the People screen, as ``roster import-members`` does.

A county sends its cadres as an Excel or CSV file; the lead should see what the file
would do before it touches the team. So the dialog reads the file with
:mod:`roster.exchange.members_import` (the same pure core as the CLI) and shows a preview: who
is new, who matches a member already there (and what changes), and every bad row by its
spreadsheet row number and reason. A file that cannot be read at all is reported next
to the path. Nothing is saved until the lead imports, and bad rows block the import
unless "skip bad rows" is ticked, as ``--skip-bad`` does. The import goes through
:meth:`roster.tui.app.RosterApp.apply_edit` as one recorded change (op
``import-members``), so undo, redo and the history see it like any other edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, DataTable, Input, Static

from roster.domain.errors import UserError
from roster.domain.messages import N_, msg
from roster.domain.model import Bundle
from roster.exchange.members_import import (
    Plan,
    ReadResult,
    RowProblem,
    apply_import,
    plan_import,
    read_file,
)
from roster.i18n import tag_name
from roster.tui.base import RosterAppMixin
from roster.tui.keys import IMPORT_MEMBERS, bindings
from roster.tui.widgets.plain import Caption, Plain, Table

#: What a row would do, as the CLI's preview says it.
_ACTIONS = {"add": N_("new", context="import action"), "update": N_("update",
                                                                    context="import action"),
                                                                    "same": N_("present",
                                                                               context="import "
                                                                                       "action")}
_FIELDS = {"phone": N_("phone", context="import field"), "unit": N_("unit",
                                                                    context="import field"),
                                                                    "tags": N_("tags",
                                                                               context="import "
                                                                                       "field"),
           "no_nights": N_("no nights", context="import field")}


@dataclass(frozen=True, slots=True)
class Preview:
    """A file read and planned against the team: what the dialog shows and imports."""

    path: Path
    result: ReadResult
    plan: Plan

    @property
    def problems(self) -> list[RowProblem]:
        """Bad rows of the file and rows the plan cannot place, in row order (as the CLI)."""
        return sorted((*self.result.problems, *self.plan.problems), key=lambda p: p.row)


class ImportMembersDialog(RosterAppMixin, ModalScreen[bool]):
    """Path, preview, bad rows, "skip bad rows", import; dismissed with whether it saved."""

    BINDINGS = bindings(IMPORT_MEMBERS)

    def __init__(self, path: str = "") -> None:
        super().__init__(classes="form-screen")
        self.initial_path = path
        self.preview: Preview | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="form import"):
            yield Plain(self.tr("Import members from a spreadsheet"),
                         classes="form-title")
            yield Caption(self.tr("File (.csv or .xlsx); Enter previews"), classes="field-label")
            yield Input(self.initial_path, placeholder=self.tr("e.g. ~/Downloads/members.xlsx"),
                        id="import-path")
            yield Plain("", id="import-path-error", classes="field-error")
            yield Plain("", id="import-summary", classes="form-note")
            yield Table(id="import-preview", cursor_type="row", zebra_stripes=True)
            yield Plain("", id="import-problems", classes="import-problems")
            yield Checkbox(self.tr("Skip bad rows"), id="import-skip-bad")
            yield Plain("", id="import-error", classes="field-error")
            yield Plain(self.tr("Enter previews · ctrl+s imports · esc cancels"),
                         classes="form-hint")

    def on_mount(self) -> None:
        for ident in ("#import-path-error", "#import-summary", "#import-preview",
                      "#import-problems", "#import-skip-bad", "#import-error"):
            self.query_one(ident).display = False
        self.query_one("#import-path", Input).focus()

    # --- showing ---

    def _show(self, ident: str, message: str | Text) -> None:
        box = self.query_one(ident, Static)
        box.update(message)
        box.display = bool(message)

    def _clear(self) -> None:
        self.preview = None
        for ident in ("#import-path-error", "#import-summary", "#import-problems",
                      "#import-error"):
            self._show(ident, "")
        self.query_one("#import-preview", DataTable).display = False
        self.query_one("#import-skip-bad", Checkbox).display = False

    def _path(self) -> Path | None:
        raw = self.query_one("#import-path", Input).value.strip()
        return Path(raw).expanduser() if raw else None

    def _result_text(self, plan: Plan, index: int) -> str:
        item = plan.items[index]
        result = self.tr(_ACTIONS[item.action], context="import action")
        if item.action != "add":
            result += f" {item.member_id}"
            if item.matched_by:
                by = self.tr("phone") if item.matched_by == "phone" else self.tr("name")
                result += self.tr(" (matched by {by})", by=by)
        if item.changes:
            what = self.tr(", ").join(self.tr(_FIELDS[c], context="import field")
                                      for c in item.changes)
            result += self.tr(": {what}", what=what)
        return result

    def _fill(self, preview: Preview) -> None:
        lang = self.roster_app.lang
        plan = preview.plan
        table = self.query_one("#import-preview", DataTable)
        table.clear(columns=True)
        table.add_columns(self.tr("Row"), self.tr("Name"), self.tr("Phone"),
                          self.tr("Unit"), self.tr("Tags"),
                          self.tr("Result"))
        for index, item in enumerate(plan.items):
            row = item.row
            # Text, not str: a name like "[red]" is data, not markup.
            table.add_row(*(Text(v) for v in (
                str(row.row), row.name, row.phone, row.unit,
                " ".join(tag_name(t, lang) for t in row.tags),
                self._result_text(plan, index))), key=str(row.row))
        table.display = bool(plan.items)

        added, updated, same = plan.count("add"), plan.count("update"), plan.count("same")
        summary = self.tr("{added} new, {updated} to update, {same} already in the team.",
                          added=added, updated=updated, same=same)
        if preview.result.ignored:
            summary += self.tr(" Columns not read: {columns}.",
                               columns=list(preview.result.ignored))
        for note in preview.result.skipped:
            summary += " " + self.words(note.words)
        self._show("#import-summary", summary)

        problems = preview.problems
        self._show("#import-problems", Text("\n".join(self.words(p.words) for p in problems)))
        self.query_one("#import-skip-bad", Checkbox).display = bool(problems)
        if problems:
            rows = self.tr(", ").join(str(p.row) for p in problems)
            self._show("#import-error",
                       self.tr("{n_problems} bad row(s) ({rows}); fix the file and preview again, "
                               "or tick \"Skip bad rows\" to import the rest",
                               n_problems=len(problems), rows=rows))

    # --- reading ---

    def read_preview(self) -> Preview | None:
        """Read the file in the path box and show what importing it would do."""
        self._clear()
        path = self._path()
        if path is None:
            self._show("#import-path-error", self.tr("Give the file's path"))
            return None
        bundle = self.roster_app.session.bundle
        if bundle is None:
            return None
        try:
            result = read_file(path)
        except UserError as exc:
            self._show("#import-path-error", Text(self.tr("Cannot read it: {exc}", exc=exc)))
            return None
        self.preview = Preview(path, result, plan_import(bundle, result.rows))
        self._fill(self.preview)
        return self.preview

    @on(Input.Submitted, "#import-path")
    def _submitted(self) -> None:
        self.read_preview()

    @on(Input.Changed, "#import-path")
    def _path_changed(self) -> None:
        if self.preview is not None and self._path() != self.preview.path:
            self._clear()

    # --- importing ---

    def action_run_import(self) -> None:
        preview = self.preview
        if preview is None or preview.path != self._path():
            if self.read_preview() is not None:
                self._show("#import-error", self.tr("Check the preview, then ctrl+s imports."))
            return
        problems = preview.problems
        if problems and not self.query_one("#import-skip-bad", Checkbox).value:
            self._fill(preview)
            return
        if not preview.plan.changes_anything:
            self.notify(self.tr("Nothing new to import: everyone on the list is already in the "
                                "team."))
            self.dismiss(False)
            return
        self._apply(preview, len(problems))

    def _apply(self, preview: Preview, skipped: int) -> None:
        app = self.roster_app
        rows = preview.result.rows
        done: list[Plan] = []

        def change(current: Bundle) -> Bundle:
            bundle, plan = apply_import(current, rows)
            done.append(plan)
            return bundle

        planned = preview.plan
        added, updated = planned.count("add"), planned.count("update")
        name = preview.path.name
        skipped_words = msg(", {n} bad row(s) skipped", n=skipped) if skipped else ""
        summary = msg("{name}: +{added} added, {updated} updated{skipped}", name=name,
                      added=added, updated=updated, skipped=skipped_words)
        try:
            saved = app.apply_edit(change, summary, op="import-members", raise_errors=True)
        except UserError as exc:
            self._show("#import-error", Text(self.words(exc)))
            return
        if not saved:
            return
        plan = done[-1] if done else planned
        added, updated, same = plan.count("add"), plan.count("update"), plan.count("same")
        self.notify(self.tr("Imported: {added} added, {updated} updated, {same} matched"
                            "{skipped} (u undoes it)", added=added, updated=updated, same=same,
                            skipped=skipped_words))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
