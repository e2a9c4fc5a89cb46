"""The duty desk's log actions: hand over, confirm, close items, correct, withdraw, history.

Mixed into :class:`roster.tui.screens.desk.DeskScreen` (the methods say ``self: _Desk``),
so the desk module keeps the screen's layout, reading and check-in/out, and this one the
dialogs that write the log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual.widgets import DataTable

from roster.domain.messages import N_
from roster.domain.model import Bundle, LogEntry
from roster.domain.timeutil import TimeError
from roster.dutylog.desk import DeskRow, DeskView
from roster.dutylog.entries import KEY_BY, NOTE, Versioned, parse_when
from roster.i18n.duty_words import entry_label
from roster.services.duty import DutyLog
from roster.tui.dialogs.desk import (
    CloseItemDialog,
    ConfirmDialog,
    CorrectDialog,
    HandoverDialog,
    HistoryDialog,
    WithdrawDialog,
)


class _Desk(Protocol):
    """What these actions use of the desk screen they are mixed into."""

    checkpoint_id: str
    duty: DutyLog | None
    view: DeskView | None

    @property
    def app(self) -> Any: ...
    @property
    def lang(self) -> str: ...
    @property
    def bundle(self) -> Bundle: ...
    def tr(self, text: str, /, *, context: str = "", **fields: Any) -> str: ...
    def table(self, ident: str) -> DataTable[Any]: ...
    def words(self, words: Any) -> str: ...
    def say(self, message: str, kind: str = "ok") -> None: ...
    def _who(self, member: str | None) -> str: ...
    def _dialog_write(self, write: Callable[[], LogEntry],
                      done: Callable[[LogEntry], str]) -> str | None: ...
    # this mixin's own helpers, called through the same self
    def _member_choices(self, rows: list[DeskRow]) -> list[tuple[str, str]]: ...
    def _highlighted_member(self) -> str | None: ...
    def _selected_root(self) -> str | None: ...
    def _selected(self) -> Versioned | None: ...
    def _changes(self, e: LogEntry, values: dict[str, Any], at_text: str) -> dict[str, Any]: ...


class DeskLogActions:
    """The desk's actions that write the log through a dialog."""

    # --- handover ---

    def _member_choices(self: _Desk, rows: list[DeskRow]) -> list[tuple[str, str]]:
        """The people on the desk first (marked when on duty), then the rest of the team."""
        out = []
        for r in rows:
            state = self.tr("on duty") if r.checked_in else ""
            out.append((f"{self._who(r.member)} {state}".strip(), r.member))
        listed = {r.member for r in rows}
        out += [(m.name, m.id) for m in self.bundle.members if m.id not in listed]
        return out

    def _highlighted_member(self: _Desk) -> str | None:
        table = self.table("desk-people")
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

    def action_handover(self: _Desk) -> None:
        view, duty = self.view, self.duty
        if view is None or duty is None:
            return
        rows = list(view.rows)
        current = [r for r in rows if r.role in ("duty", "standby", "unrostered")] or rows
        default = self._highlighted_member()
        if default not in {r.member for r in current}:
            default = next((r.member for r in current if r.checked_in), None)

        def submit(member: str, text: str, equipment: str, items: list[str]) -> str | None:
            return self._dialog_write(
                lambda: duty.handover(self.checkpoint_id, member, text=text,
                                     equipment=equipment, new_items=items),
                lambda e: self.tr("{value} handed over; the incoming member confirms with c",
                                  value=self._who(e.member)))

        self.app.push_screen(HandoverDialog(self.lang, self._member_choices(current or rows),
                                            default, view.open_items, submit))

    def action_confirm(self: _Desk) -> None:
        view, duty = self.view, self.duty
        if view is None or duty is None:
            return
        if not view.unconfirmed:
            self.say(self.tr("No handover waits for confirmation"), "warning")
            return
        tz = self.bundle.tz
        handovers = [(f"{h.at.astimezone(tz):%m-%d %H:%M} {self._who(h.entry.member)}："
                      f"{h.entry.text[:30]}", h.id) for h in reversed(view.unconfirmed)]
        writer = view.unconfirmed[-1].entry.member
        rows = [r for r in view.rows if r.member != writer] or list(view.rows)
        incoming = [r for r in rows if r.role == "next"] + [r for r in rows if r.role != "next"]
        default = next((r.member for r in incoming if r.checked_in), None)

        def submit(handover: str, member: str, text: str) -> str | None:
            return self._dialog_write(
                lambda: duty.confirm(handover, member, text=text),
                lambda e: self.tr("{value} confirmed the handover", value=self._who(e.member)))

        self.app.push_screen(ConfirmDialog(self.lang, handovers,
                                           self._member_choices(incoming), default, submit))

    def action_close_item(self: _Desk) -> None:
        view, duty = self.view, self.duty
        if view is None or duty is None:
            return
        if not view.open_items:
            self.say(self.tr("No open items"), "warning")
            return
        member = self._highlighted_member()

        def submit(item_ids: list[str], text: str) -> str | None:
            return self._dialog_write(
                lambda: duty.close_items(self.checkpoint_id, item_ids, member=member, text=text),
                lambda e: self.tr("Open item closed"))

        self.app.push_screen(CloseItemDialog(self.lang, view.open_items, submit))

    # --- corrections ---

    def _selected_root(self: _Desk) -> str | None:
        table = self.table("desk-entries")
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

    def _selected(self: _Desk) -> Versioned | None:
        root = self._selected_root()
        view = self.view
        found = None if view is None else next((v for v in view.entries if v.root == root),
                                               None)
        if found is None:
            self.say(self.tr("Highlight an entry in the list first"),
                     "warning")
        return found

    def action_history(self: _Desk) -> None:
        v = self._selected()
        if v is None:
            return
        tz = self.bundle.tz

        def c(label: str) -> str:
            return self.tr(label, context="entry history column")

        versions = []
        for n, e in enumerate(v.history, start=1):
            note = self.tr("withdrawn") if e.extra.get("void") else (
                self.tr("original") if n == 1 else self.tr("correction"))
            versions.append((
                ((c(N_("#", context="entry history column")), str(n)), ("", note),
                 (c(N_("recorded", context="entry history column")),
                  f"{e.recorded_at.astimezone(tz):%m-%d %H:%M:%S}"),
                 (c(N_("by", context="entry history column")), str(e.extra.get(KEY_BY, "")))),
                ((c(N_("at", context="entry history column")),
                  f"{e.at.astimezone(tz):%m-%d %H:%M}"),
                 (c(N_("who", context="entry history column")), self._who(e.member)),
                 (c(N_("what", context="entry history column")), entry_label(e, self.lang)),
                 (c(N_("count", context="entry history column")),
                  "" if e.count is None else str(e.count))),
                ((c(N_("text", context="entry history column")), e.text),),
            ))
        self.app.push_screen(HistoryDialog(self.lang, self.tr("Correction history"), versions))

    def action_correct(self: _Desk) -> None:
        v, duty = self._selected(), self.duty
        if v is None or duty is None:
            return
        if v.void:
            self.say(self.tr("That entry was withdrawn"), "warning")
            return
        e = v.entry
        tz = self.bundle.tz
        local = e.at.astimezone(tz)
        now = duty.now().astimezone(tz)
        at_text = f"{local:%H:%M}" if local.date() == now.date() else f"{local:%Y-%m-%d %H:%M}"
        fields = {"at": at_text, "member": e.member, "category": e.category,
                  "count": "" if e.count is None else str(e.count), "text": e.text}
        members = [(m.name, m.id) for m in self.bundle.members]

        def submit(values: dict[str, Any]) -> str | None:
            try:
                changes = self._changes(e, values, at_text)
            except ValueError as exc:
                return self.words(exc)
            if not changes:
                return self.tr("Nothing was changed")
            return self._dialog_write(lambda: duty.correct(e, **changes),
                                      lambda _: self.tr("Corrected (the original is kept; h shows "
                                                        "the history)"))

        self.app.push_screen(CorrectDialog(self.lang, entry_label(e, self.lang), fields, members,
                                           e.kind == NOTE, submit))

    def _changes(self: _Desk, e: LogEntry, values: dict[str, Any], at_text: str) -> dict[str, Any]:
        assert self.duty is not None
        changes: dict[str, Any] = {}
        if values["at"] != at_text:
            try:
                changes["at"] = parse_when(values["at"], self.bundle.tz, self.duty.now())
            except TimeError as exc:
                raise ValueError(self.words(exc)) from None
        if values.get("member") != e.member:
            changes["member"] = values.get("member")
        if e.kind == NOTE:
            if values.get("category") and values["category"] != e.category:
                changes["category"] = values["category"]
            count_text = values.get("count", "")
            try:
                count = int(count_text) if count_text else None
            except ValueError:
                raise ValueError(self.tr("The count must be a whole number")) \
                    from None
            if count != e.count:
                changes["count"] = count
            if values.get("text", e.text) != e.text:
                changes["text"] = values["text"]
        return changes

    def action_withdraw(self: _Desk) -> None:
        v, duty = self._selected(), self.duty
        if v is None or duty is None:
            return
        if v.void:
            self.say(self.tr("That entry was withdrawn already"), "warning")
            return
        target = v.entry
        tz = self.bundle.tz
        shown = (
            (N_("Time", context="desk column"), f"{target.at.astimezone(tz):%Y-%m-%d %H:%M}"),
            (N_("What", context="desk column"), entry_label(target, self.lang)),
            (N_("Who", context="desk column"), self._who(target.member)),
            (N_("Count", context="desk column"),
             "" if target.count is None else str(target.count)),
            (N_("Text", context="desk column"), target.text),
        )
        entry = [(self.tr(label, context="desk column"), value) for label, value in shown
                 if value]

        def submit(reason: str) -> str | None:
            return self._dialog_write(lambda: duty.void(target, reason),
                                      lambda _: self.tr("Withdrawn (kept in the history)"))

        self.app.push_screen(WithdrawDialog(self.lang, entry_label(target, self.lang), entry,
                                            submit))
