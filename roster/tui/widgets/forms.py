"""A form as data: fields described once, drawn as a modal, each error under its field.

The people, leave, checkpoint, template and rules forms differ only in their fields and
in what saving does. Saving calls :meth:`FormScreen.submit`; a
:class:`roster.domain.errors.UserError` raised there (by a ``roster.editing.edits.parse_*``
function or by the edit itself) is shown next to the field its problems name, and nothing is saved.
A form keeps its own input while the roster under it changes (the duty desk may write
meanwhile): it is never rebuilt from the store.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Select, Static

from roster.domain.errors import UserError
from roster.editing.edits import field_of
from roster.tui.base import RosterAppMixin
from roster.tui.keys import FORM, bindings
from roster.tui.widgets.plain import Caption, Plain

if TYPE_CHECKING:
    pass


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A form field. ``label``, ``hint`` and the choices' words are catalog ids (English),
    in the contexts "field NAME", "field NAME hint" and "field NAME choice"."""

    name: str
    label: str
    value: str = ""
    hint: str = ""
    kind: str = "text"  # text, check, select
    choices: tuple[tuple[str, str], ...] = ()  # (value, words) for select
    context: str = ""  # the label's catalog context, when "field NAME" is not enough


class FormScreen(RosterAppMixin, ModalScreen[bool]):
    """A modal form; subclasses give the title, the fields and :meth:`submit`."""

    BINDINGS = bindings(FORM)

    def __init__(self, title: str, fields: list[FieldSpec], lang: str) -> None:
        super().__init__(classes="form-screen")
        self.form_title = title
        self.fields = fields
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Plain(self.form_title, classes="form-title")
            with VerticalScroll(classes="form-fields"):
                for f in self.fields:
                    label = self.tr(f.label, context=f.context or f"field {f.name}")
                    if f.kind == "check":
                        yield Checkbox(label, f.value == "1", id=f"field-{f.name}")
                    else:
                        yield Caption(label, classes="field-label")
                        if f.kind == "select":
                            choices = [(self.tr(words, context=f"field {f.name} choice"), v)
                                       for v, words in f.choices]
                            yield Select(choices, value=f.value, allow_blank=False,
                                         id=f"field-{f.name}")
                        else:
                            hint = self.tr(f.hint, context=f"field {f.name} hint") \
                                if f.hint else ""
                            yield Input(f.value, placeholder=hint, id=f"field-{f.name}")
                    yield Plain("", id=f"error-{f.name}", classes="field-error")
            yield Plain("", id="form-error", classes="field-error")
            yield Plain(self.tr("Enter or ctrl+s saves · esc cancels"), classes="form-hint")

    def on_mount(self) -> None:
        for f in self.fields:
            self.query_one(f"#error-{f.name}").display = False
        self.query_one("#form-error").display = False
        first = self.query("Input, Checkbox, Select").first()
        first.focus()

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, Checkbox):
                out[f.name] = "1" if widget.value else "0"
            elif isinstance(widget, Select):
                out[f.name] = str(widget.value)
            elif isinstance(widget, Input):
                out[f.name] = widget.value
        return out

    @abstractmethod
    def submit(self, values: dict[str, str]) -> None:
        """Save; raise UserError (nothing saved) to show its problems next to the fields."""

    def show_errors(self, exc: UserError) -> None:
        names = {f.name for f in self.fields}
        general: list[str] = []
        shown: set[str] = set()
        for problem in exc.problems or []:
            name = field_of(problem)
            if name in names and name not in shown:
                label = self.query_one(f"#error-{name}", Static)
                label.update(self.words(problem.message))
                label.display = True
                shown.add(name)
            elif name not in names:
                general.append(self.words(problem))
        if not exc.problems:
            general.append(self.words(exc))
        box = self.query_one("#form-error", Static)
        box.update("\n".join(general))
        box.display = bool(general)

    def clear_errors(self) -> None:
        for f in self.fields:
            self.query_one(f"#error-{f.name}").display = False
        self.query_one("#form-error").display = False

    def action_save(self) -> None:
        self.clear_errors()
        try:
            self.submit(self.values())
        except UserError as exc:
            self.show_errors(exc)
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()
