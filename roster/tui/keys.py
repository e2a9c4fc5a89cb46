"""Every key of the app, once: key, action, name, tooltip, id.

A key's name and tooltip are catalog ids (English); their words in other languages are in
``roster/i18n/catalogs``, under the key's id as the context (one English word may be two
keys in Chinese).

Textual bindings are class data fixed when a class is made, but the app switches between
中文 and English while it runs. So a binding carries only its key, action and ``id``;
what it is *called* is looked up here by that id, in the current language, by the key
bar, the help screen and the command palette alike. Nothing about a key is written twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType

from roster.i18n import say


@dataclass(frozen=True, slots=True)
class Key:
    id: str
    keys: str
    action: str
    name: str  # a catalog id (English); its words come from roster/i18n/catalogs
    tip: str = ""
    show: bool = True
    display: str | None = None
    priority: bool = False
    number: int | None = None  # fills {n} in the name (the desk's 1-9 keys)
    #: The catalog context of the name (and, with " tip", of the tip); else the id.
    context: str = ""

    def title(self, lang: str) -> str:
        # Each key is its own context: one English word may be two keys in Chinese.
        return say(lang, self.name, context=self.context or self.id, n=self.number)

    def tooltip(self, lang: str) -> str:
        if self.tip:
            return say(lang, self.tip, context=f"{self.context or self.id} tip")
        return self.title(lang)


APP = (
    Key("app.help", "question_mark", "help", "Help", "List every key of this screen",
        display="?"),
    Key("app.palette", "ctrl+p", "command_palette", "Commands",
        "Search and run any action", display="^p"),
    Key("app.undo", "u,ctrl+z", "undo", "Undo", "Undo the last change of this session",
        display="u"),
    Key("app.redo", "U,ctrl+y", "redo", "Redo", "Redo the change just undone", display="U"),
    Key("app.lang", "f2", "switch_lang", "中/EN", "Switch the language"),
    Key("app.quit", "q", "quit", "Quit", "Quit (every change is already saved)"),
    Key("app.board", "1", "show('board')", "Board", "The roster board", show=False),
    Key("app.coverage", "2", "show('coverage')", "Coverage",
        "Each checkpoint's 24 hours, staffed versus needed", show=False),
    Key("app.people", "3", "show('people')", "People", "Members, leave, sickness",
        show=False),
    Key("app.checkpoints", "4", "show('checkpoints')", "Checkpoints & rules",
        "Checkpoints, shift templates and rules", show=False),
    Key("app.history", "5", "show('history')", "History",
        "Who changed what, when; go back before any change", show=False),
    Key("app.crews", "6", "show('crews')", "Crews",
        "Crews and their members; rotations and their next turns", show=False),
    Key("app.export", "x", "export", "Export", "Export the roster to a file"),
)

BOARD = (
    Key("board.open", "enter", "open_slot", "Edit",
        "Edit the shift under the cursor: who is on, who is on standby"),
    Key("board.prev", "left_square_bracket", "period(-1)", "Prev", "Previous week (month)",
        display="["),
    Key("board.next", "right_square_bracket", "period(1)", "Next", "Next week (month)",
        display="]"),
    Key("board.today", "t", "today", "Today", "Go to today"),
    Key("board.mode", "w", "toggle_mode", "Week/Month", "Show a week or a month"),
    Key("board.generate", "g", "generate", "Generate",
        "Generate this period's roster (locked shifts stay)"),
    Key("board.repair", "G", "repair", "Repair",
        "Change as little as possible to close the gaps"),
    Key("board.mark", "m", "mark", "Swap", "Mark a shift, then mark another to swap them"),
    Key("board.lock", "L", "lock", "Lock",
        "Lock or unlock this shift (generate leaves it alone)"),
    Key("board.problems", "p", "toggle_problems", "Problems",
        "Show or hide the list of problems"),
    Key("board.desk", "b", "desk", "Desk", "Open the duty desk of this checkpoint"),
    Key("board.unmark", "escape", "unmark", "Unmark", "Forget the shift marked for a swap",
        show=False),
)

MOVE = (
    Key("move.up", "up,k", "cursor(-1, 0)", "Up", show=False, display="↑ k"),
    Key("move.down", "down,j", "cursor(1, 0)", "Down", show=False, display="↓ j"),
    Key("move.left", "left,h", "cursor(0, -1)", "Left", show=False, display="← h"),
    Key("move.right", "right,l", "cursor(0, 1)", "Right", show=False, display="→ l"),
    Key("move.pageup", "pageup", "page(-1)", "Page up", show=False),
    Key("move.pagedown", "pagedown", "page(1)", "Page down", show=False),
    Key("move.home", "home", "edge(-1)", "First column", show=False),
    Key("move.end", "end", "edge(1)", "Last column", show=False),
)

SCROLL = (
    Key("scroll.up", "up,k", "scroll_up", "Up", show=False, display="↑ k"),
    Key("scroll.down", "down,j", "scroll_down", "Down", show=False, display="↓ j"),
    Key("scroll.pageup", "pageup", "page_up", "Page up", show=False),
    Key("scroll.pagedown", "pagedown", "page_down", "Page down", show=False),
)

SLOT = (
    Key("slot.duty", "a", "add('duty')", "Add on duty",
        "Put the highlighted candidate on this shift"),
    Key("slot.standby", "s", "add('standby')", "Add standby",
        "Put the highlighted candidate on standby"),
    Key("slot.replace", "r", "replace", "Replace",
        "The candidate takes the place of the person highlighted on duty"),
    Key("slot.remove", "delete,backspace", "remove", "Remove",
        "Take the highlighted person off this shift", display="del"),
    Key("slot.lock", "L", "lock", "Lock", "Lock or unlock this shift"),
    Key("slot.close", "escape", "close", "Back", "Back to the board", display="esc"),
)

PEOPLE = (
    Key("people.add", "a", "add", "Add", "Add a member"),
    Key("people.edit", "e", "edit", "Edit", "Edit the highlighted member"),
    Key("people.remove", "delete", "remove", "Remove",
        "Remove the member and all their shifts", display="del"),
    Key("people.leave", "v", "leave", "Leave", "Record leave for the highlighted member"),
    Key("people.sick", "s", "sick", "Sick",
        "Mark sick, take them off their shifts, and offer a repair"),
    Key("people.unleave", "V", "clear_leave", "Cancel leave", "Delete the latest leave"),
    Key("people.wish", "w", "wish", "Wish",
        "Add a wish of the highlighted member: days off (or on), weight 1-3"),
    Key("people.unwish", "W", "clear_wish", "Delete wish", "Delete the member's latest wish"),
    Key("people.import", "i", "import_members", "Import",
        "Import members from a spreadsheet (CSV or Excel): preview first, then import"),
    Key("people.back", "escape", "back", "Back", "Back to the board", display="esc"),
)

CHECKPOINTS = (
    Key("cps.add", "a", "add", "Add checkpoint", "Add a checkpoint"),
    Key("cps.edit", "e", "edit", "Edit",
        "Edit the highlighted checkpoint or shift template"),
    Key("cps.template", "n", "new_template", "Add shift",
        "Add a shift template to the highlighted checkpoint"),
    Key("cps.remove", "delete", "remove", "Remove",
        "Remove the highlighted checkpoint or shift template", display="del"),
    Key("cps.rules", "r", "rules", "Rules", "Edit the team's rules"),
    Key("cps.change", "c", "new_change", "Add change",
        "Add a dated change to the highlighted checkpoint: a surge, a closure, other tags"),
    Key("cps.back", "escape", "back", "Back", "Back to the board", display="esc"),
)

CREWS = (
    Key("crews.add", "a", "add", "Add crew", "Add a crew"),
    Key("crews.edit", "e", "edit", "Edit", "Edit the highlighted crew: its name and members"),
    Key("crews.remove", "delete", "remove", "Remove", "Remove the highlighted crew",
        display="del"),
    Key("crews.back", "escape", "back", "Back", "Back to the board", display="esc"),
)

HISTORY = (
    Key("history.restore", "r", "restore", "Restore",
        "Put the roster back as it was before that change"),
    Key("history.back", "escape", "back", "Back", "Back to the board", display="esc"),
)

COVERAGE = (
    Key("coverage.prev", "left_square_bracket", "period(-1)", "Prev",
        "Previous week (month)", display="["),
    Key("coverage.next", "right_square_bracket", "period(1)", "Next", "Next week (month)",
        display="]"),
    Key("coverage.back", "escape", "back", "Back", "Back to the board", display="esc"),
)

FORM = (
    Key("form.save", "ctrl+s", "save", "Save", "Check and save", display="^s"),
    Key("form.cancel", "escape", "cancel", "Cancel", "Close without saving", display="esc"),
)

IMPORT_MEMBERS = (
    Key("import.run", "ctrl+s", "run_import", "Import",
        "Import as previewed (bad rows only once skipping them is ticked)", display="^s"),
    Key("import.cancel", "escape", "cancel", "Cancel", "Close without importing",
        display="esc"),
)

CONFIRM = (
    Key("confirm.yes", "y", "answer(True)", "Yes"),
    Key("confirm.no", "n,escape", "answer(False)", "No", display="n"),
)

HELP = (
    Key("help.close", "escape,question_mark,q", "close", "Close", display="esc"),
)

COUNTY = (
    Key("county.open", "enter", "open_team", "Open",
        "Open the highlighted team's board from its file, to read only", priority=True),
    Key("county.township", "t", "next_township", "Township",
        "Show one township, then the next; all of them again after the last"),
    Key("county.problems", "p", "toggle_problems", "Problems only",
        "Show only the teams with problems, or every team"),
)

COUNTY_APP = (
    Key("app.county", "c", "show('county')", "County", "Back to the county table"),
)

#: The first-run flow (an empty data folder): one key does the step, the rest move on.
SETUP = (
    Key("setup.go", "enter", "go", "Do this step",
        "Fill in the team, add a checkpoint or a member, generate, print", priority=True),
    Key("setup.add", "a", "add", "Add", "Add another checkpoint or member"),
    Key("setup.import", "i", "import_members", "Import",
        "Import the members from the county's spreadsheet (.csv or .xlsx)"),
    Key("setup.next", "n", "next", "Next step", "Go on to the next step"),
    Key("setup.leave", "escape", "leave", "Leave",
        "Leave the set-up; it goes on where it stopped when the app opens again",
        display="esc"),
)

#: Every key of the desk, once: the bindings, the key bar and ``?`` are made from it.
DESK_KEYS: tuple[Key, ...] = (
    *(Key(f"desk.person{n}", str(n), f"person({n})", "Check {n} in/out", show=False, number=n,
          context="desk.person")
      for n in range(1, 10)),
    Key("desk.find", "slash", "find", "Find",
        "Type part of a name or the last digits of a phone, Enter checks in/out", display="/"),
    Key("desk.note", "n", "note", "Note",
        "Write a note: pick the category, Tab to the count, Enter to the text, Enter saves"),
    Key("desk.handover", "o", "handover", "Hand over",
        "The outgoing member writes the handover"),
    Key("desk.confirm", "c", "confirm", "Confirm",
        "The incoming member confirms the handover"),
    Key("desk.close", "x", "close_item", "Close item", "Close an open item"),
    Key("desk.history", "h", "history", "History",
        "The correction history of the highlighted entry"),
    Key("desk.correct", "e", "correct", "Correct",
        "Correct the highlighted entry (the original is kept)"),
    Key("desk.withdraw", "d", "withdraw", "Withdraw",
        "Withdraw an entry made by mistake (it stays in the history)"),
    Key("desk.reload", "r", "reload", "Reload", "Read the data again", show=False),
    Key("desk.help", "question_mark", "help", "Help", "List every key of the desk",
        display="?"),
    Key("desk.back", "escape", "back", "Back",
        "Leave the input box; again to leave the desk", display="esc", show=False),
)


ALL: dict[str, Key] = {k.id: k for table in (APP, BOARD, MOVE, SCROLL, SLOT, PEOPLE, CHECKPOINTS,
                                             CREWS, HISTORY, COVERAGE, FORM, IMPORT_MEMBERS,
                                             CONFIRM, HELP, DESK_KEYS, COUNTY, COUNTY_APP,
                                             SETUP)
                       for k in table}


def bindings(table: tuple[Key, ...]) -> list[BindingType]:
    """Textual bindings for a table: the words stay here, found again by ``id``."""
    return [Binding(k.keys, k.action, k.title("en"), show=k.show, key_display=k.display,
                    priority=k.priority, tooltip=k.tooltip("en"), id=k.id) for k in table]


def describe(binding: Binding, lang: str) -> tuple[str, str]:
    """What a binding is called, and its tooltip, in ``lang``."""
    key = ALL.get(binding.id or "")
    if key is None:
        return binding.description, binding.tooltip
    return key.title(lang), key.tooltip(lang)


def shown(binding: Binding) -> bool:
    key = ALL.get(binding.id or "")
    return key.show if key is not None else binding.show
