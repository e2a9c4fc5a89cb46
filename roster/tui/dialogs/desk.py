"""The duty desk's small dialogs: hand over, confirm, close an item, correct, withdraw, history.

Each dialog that writes is given a ``submit`` function that does the write and returns
an error message (or None). The dialog closes only when the write succeeded; on a
refusal it shows why and keeps everything typed, because a cadre writing a handover at
the end of a night shift must never have to type it twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from roster.domain.model import NOTE_CATEGORIES
from roster.dutylog.handovers import OpenItem
from roster.i18n import say
from roster.tui import STYLES
from roster.tui.widgets.desk_input import KeyQueue, keys_in_order
from roster.tui.widgets.plain import Caption, Plain, plain

Choices = Sequence[tuple[str, str]]  # (label, value) as Select takes them
Submit = Callable[..., str | None]

__all__ = ["CloseItemDialog", "ConfirmDialog", "CorrectDialog", "DeskDialog", "HandoverDialog",
           "HelpDialog", "HistoryDialog", "WithdrawDialog"]


class DeskDialog(ModalScreen[bool]):
    """A dialog of the desk: a title, its fields, an error line, OK and cancel."""

    CSS_PATH = STYLES / "desk.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="desk.dialog.cancel"),
        # Not a priority key: it waits its turn after the text typed before it.
        Binding("ctrl+s", "ok", "OK", id="desk.dialog.ok"),
    ]

    def __init__(self, lang: str, title: str, submit: Submit | None = None) -> None:
        super().__init__(classes="desk-dialog-screen")
        self.lang = lang
        self.title_text = title
        self.submit = submit

    def tr(self, text: str, /, *, context: str = "", **fields: Any) -> str:
        return say(self.lang, text, context=context, **fields)

    def compose(self) -> ComposeResult:
        with Vertical(classes="desk-dialog"):
            yield Plain(self.title_text, classes="desk-dialog-title")
            with VerticalScroll(classes="desk-dialog-fields"):
                yield from self.fields()
            yield Plain("", classes="desk-dialog-error")
            with Horizontal(classes="desk-dialog-buttons"):
                if self.submit is not None:
                    yield Button(self.ok_label(), variant="primary", id="dialog-ok")
                yield Button(self.tr("Cancel esc") if self.submit is not None
                             else self.tr("Close esc"), id="dialog-cancel")

    def fields(self) -> ComposeResult:
        yield from ()

    def _forward_event(self, event: events.Event) -> None:
        """Keys typed while the dialog opens (nothing focused yet) wait for its first field."""
        KeyQueue.of(self.app).forward(self, event)

    def on_mount(self) -> None:
        """Open on the first field, so what is typed lands where it is meant to; keys
        typed ahead wait until it is focused (see ``roster.tui.widgets.desk_input``)."""
        keys_in_order(self)
        for widget in self.query_one(".desk-dialog-fields").query("*"):
            if widget.focusable:
                self.set_focus(widget)
                return
        self.set_focus(self.query_one("#dialog-cancel" if self.submit is None else "#dialog-ok"))

    def ok_label(self) -> str:
        return self.tr("OK ctrl+s")

    def values(self) -> tuple[Any, ...] | None:
        """The arguments for ``submit``, or None (with :meth:`fail` called) if incomplete."""
        return ()

    def fail(self, message: str) -> None:
        self.query_one(".desk-dialog-error", Static).update(message)

    def action_ok(self) -> None:
        if self.submit is None:
            self.dismiss(False)
            return
        args = self.values()
        if args is None:
            return
        error = self.submit(*args)
        if error:
            self.fail(error)  # keep what was typed
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        if isinstance(self.focused, TextArea):
            # Esc leaves the many-line box (Enter there is a new line), keeping the text
            self.set_focus(self.query_one("#dialog-ok" if self.submit else "#dialog-cancel"))
            return
        self.dismiss(False)

    @on(Button.Pressed, "#dialog-ok")
    def _ok_pressed(self) -> None:
        self.action_ok()

    @on(Button.Pressed, "#dialog-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _next_or_ok(self, event: Input.Submitted) -> None:
        """Enter in a field moves on to the next one, and submits from the last."""
        if self.enter_submits(event.input):
            self.action_ok()
        else:
            self.focus_next()

    def enter_submits(self, field: Input) -> bool:
        inputs = list(self.query(Input))
        return bool(inputs) and field is inputs[-1]


def _select(choices: Choices, value: str | None, ident: str, *, blank: bool = False,
            prompt: str = "") -> Select[str]:
    values = {v for _, v in choices}
    chosen: Any = value if value in values else (Select.NULL if blank or not choices
                                                   else choices[0][1])
    return Select(list(choices), value=chosen, allow_blank=blank or not choices, id=ident,
                  prompt=prompt or "—")


def _picked(select: Select[str]) -> str | None:
    value = select.value
    return value if isinstance(value, str) else None


class HandoverDialog(DeskDialog):
    """The outgoing member writes the handover; still-open items are carried automatically."""

    def __init__(self, lang: str, members: Choices, member: str | None,
                 carried: Sequence[OpenItem], submit: Submit) -> None:
        super().__init__(lang, say(lang, "Hand over"), submit)
        self.members, self.member, self.carried = members, member, carried

    def fields(self) -> ComposeResult:
        yield Caption(self.tr("Outgoing member"))
        yield _select(self.members, self.member, "handover-member")
        yield Caption(self.tr("What the next shift should know"))
        yield Input(id="handover-text")
        yield Caption(self.tr("Equipment handed on"))
        yield Input(id="handover-equipment")
        yield Caption(self.tr("New open items (one per line)"))
        yield TextArea(id="handover-items", soft_wrap=True)
        if self.carried:
            yield Plain(self.tr("Still open (carried forward): ")
                         + "；".join(i.text for i in self.carried), classes="desk-dialog-note")

    def ok_label(self) -> str:
        return self.tr("Hand over ctrl+s")

    def values(self) -> tuple[Any, ...] | None:
        member = _picked(self.query_one("#handover-member", Select))
        if member is None:
            self.fail(self.tr("Choose the outgoing member"))
            return None
        items = self.query_one("#handover-items", TextArea).text.splitlines()
        return (member, self.query_one("#handover-text", Input).value,
                self.query_one("#handover-equipment", Input).value, items)

    def enter_submits(self, field: Input) -> bool:
        return False  # the items box comes after the inputs; ctrl+s hands over


class ConfirmDialog(DeskDialog):
    """The incoming member confirms a handover."""

    def __init__(self, lang: str, handovers: Choices, members: Choices, member: str | None,
                 submit: Submit) -> None:
        super().__init__(lang, say(lang, "Confirm a handover"), submit)
        self.handovers, self.members, self.member = handovers, members, member

    def fields(self) -> ComposeResult:
        yield Caption(self.tr("Handover"))
        yield _select(self.handovers, None, "confirm-handover")
        yield Caption(self.tr("Incoming member"))
        yield _select(self.members, self.member, "confirm-member")
        yield Caption(self.tr("Remark (optional)"))
        yield Input(id="confirm-text")

    def ok_label(self) -> str:
        return self.tr("Confirm ctrl+s")

    def values(self) -> tuple[Any, ...] | None:
        handover = _picked(self.query_one("#confirm-handover", Select))
        member = _picked(self.query_one("#confirm-member", Select))
        if handover is None or member is None:
            self.fail(self.tr("Choose the handover and the incoming member"))
            return None
        return handover, member, self.query_one("#confirm-text", Input).value


class CloseItemDialog(DeskDialog):
    """Close an open item: pick it, say how it was closed."""

    def __init__(self, lang: str, items: Sequence[OpenItem], submit: Submit) -> None:
        super().__init__(lang, say(lang, "Close an open item"), submit)
        self.items = items

    def fields(self) -> ComposeResult:
        yield OptionList(*(Option(plain(i.text), id=i.id) for i in self.items), id="close-items")
        yield Caption(self.tr("How it was dealt with (optional)"))
        yield Input(id="close-text")

    def on_mount(self) -> None:
        options = self.query_one("#close-items", OptionList)
        if options.option_count:
            options.highlighted = 0  # and the list is the first field, where the dialog opens

    def ok_label(self) -> str:
        return self.tr("Close it ctrl+s")

    def values(self) -> tuple[Any, ...] | None:
        options = self.query_one("#close-items", OptionList)
        if options.highlighted is None:
            self.fail(self.tr("Choose an item"))
            return None
        ident = options.get_option_at_index(options.highlighted).id
        return [ident], self.query_one("#close-text", Input).value

    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        self.set_focus(self.query_one("#close-text", Input))


class CorrectDialog(DeskDialog):
    """A correction: the entry's fields, prefilled; what is changed becomes a new version."""

    def __init__(self, lang: str, what: str, fields: dict[str, Any], members: Choices,
                 is_note: bool, submit: Submit) -> None:
        super().__init__(lang, say(lang, "Correct: {what}", what=what), submit)
        self.initial, self.members, self.is_note = fields, members, is_note

    def fields(self) -> ComposeResult:
        f = self.initial
        yield Caption(self.tr("Time (HH:MM or YYYY-MM-DD HH:MM)"))
        yield Input(f["at"], id="correct-at")
        yield Caption(self.tr("Member"))
        yield _select(self.members, f["member"], "correct-member", blank=self.is_note)
        if self.is_note:
            yield Caption(self.tr("Category"))
            yield _select(self.category_choices(), f["category"], "correct-category")
            yield Caption(self.tr("Count"))
            yield Input(f["count"], id="correct-count", type="integer")
            yield Caption(self.tr("Text"))
            yield Input(f["text"], id="correct-text")

    def category_choices(self) -> Choices:
        from roster.i18n.duty_words import category_name

        return [(category_name(c, self.lang), c) for c in NOTE_CATEGORIES]

    def ok_label(self) -> str:
        return self.tr("Correct ctrl+s")

    def values(self) -> tuple[Any, ...] | None:
        out: dict[str, Any] = {"at": self.query_one("#correct-at", Input).value.strip(),
                               "member": _picked(self.query_one("#correct-member", Select))}
        if self.is_note:
            out["category"] = _picked(self.query_one("#correct-category", Select))
            out["count"] = self.query_one("#correct-count", Input).value.strip()
            out["text"] = self.query_one("#correct-text", Input).value
        return (out,)


class WithdrawDialog(DeskDialog):
    """Withdraw an entry made by mistake (it stays in the history, marked withdrawn).

    It shows the entry it withdraws (time, kind, who, count, text: ``entry`` as label and
    value pairs), as data, so nobody withdraws the wrong line at 3 a.m.
    """

    def __init__(self, lang: str, what: str, entry: Sequence[tuple[str, str]],
                 submit: Submit) -> None:
        super().__init__(lang, say(lang, "Withdraw: {what}", what=what), submit)
        self.entry = entry

    def fields(self) -> ComposeResult:
        yield Plain(_pairs(self.entry), id="withdraw-entry")
        yield Plain(self.tr("Nothing is deleted: the entry stays in the log, marked withdrawn."),
                     classes="desk-dialog-note")
        yield Caption(self.tr("Reason"))
        yield Input(id="withdraw-reason")

    def ok_label(self) -> str:
        return self.tr("Withdraw ctrl+s")

    def values(self) -> tuple[Any, ...] | None:
        return (self.query_one("#withdraw-reason", Input).value,)


def _pairs(pairs: Sequence[tuple[str, str]]) -> Table:
    """Label and value, one pair a line; the values are data (never markup), wrapped."""
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(overflow="fold")
    for label, value in pairs:
        table.add_row(Text(label), Text(value))
    return table


#: One version of an entry: lines of (label, value) pairs (an empty value is left out).
Version = Sequence[Sequence[tuple[str, str]]]


class HistoryDialog(DeskDialog):
    """Every version of one entry, oldest first: what was written, when, and by whom.

    A version is a few lines of labelled values, not a row of a wide table: at 80 columns
    the table's columns were cut (``withd``, ``correc…``). Within a pair nothing breaks,
    so a kind or a mark is always a whole word; only the free text wraps.
    """

    def __init__(self, lang: str, title: str, versions: Sequence[Version]) -> None:
        super().__init__(lang, title)
        self.versions = versions

    def fields(self) -> ComposeResult:
        yield Plain(Group(*(_version(v) for v in self.versions)), id="history-table")


def _version(version: Version) -> Text:
    text = Text()
    for n, line in enumerate(version):
        pairs = [(label, value) for label, value in line if value]
        last = n == len(version) - 1
        for i, (label, value) in enumerate(pairs):
            if i:
                text.append("  ")
            if label:
                text.append(f"{label}\u00a0", style="bold" if n == 0 else "dim")
            # data as written; a pair is kept on one line (the free text, last, wraps)
            text.append(value if last else value.replace(" ", "\u00a0"),
                        style="bold" if n == 0 else "")
        text.append("\n")
    return text


class HelpDialog(DeskDialog):
    """``?``: the desk's keys, from the same table its bindings are made from."""

    def __init__(self, lang: str, rows: Sequence[tuple[str, str, str]]) -> None:
        super().__init__(lang, say(lang, "Duty desk keys"))
        self.rows = rows

    def fields(self) -> ComposeResult:
        table = Table(box=None, expand=True, header_style="bold")
        table.add_column(self.tr("Key"), no_wrap=True, style="bold")
        table.add_column(self.tr("Action"), no_wrap=True)
        table.add_column(self.tr("What it does"))
        for row in self.rows:
            table.add_row(*row)
        yield Plain(table, id="help-table")
