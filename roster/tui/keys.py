"""Every key of the app, once: key, action, words in both languages, tooltip, id.

Textual bindings are class data fixed when a class is made, but the app switches between
中文 and English while it runs. So a binding carries only its key, action and ``id``;
what it is *called* is looked up here by that id, in the current language, by the key
bar, the help screen and the command palette alike. Nothing about a key is written twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType

from roster.i18n import pick


@dataclass(frozen=True, slots=True)
class Key:
    id: str
    keys: str
    action: str
    zh: str
    en: str
    tip_zh: str = ""
    tip_en: str = ""
    show: bool = True
    display: str | None = None
    priority: bool = False

    def title(self, lang: str) -> str:
        return pick(lang, self.zh, self.en)

    def tooltip(self, lang: str) -> str:
        return pick(lang, self.tip_zh or self.zh, self.tip_en or self.en)


APP = (
    Key("app.help", "question_mark", "help", "帮助", "Help", "列出本屏的所有按键",
        "List every key of this screen", display="?"),
    Key("app.palette", "ctrl+p", "command_palette", "命令", "Commands", "搜索并执行任何操作",
        "Search and run any action", display="^p"),
    Key("app.undo", "u,ctrl+z", "undo", "撤销", "Undo", "撤销本次会话的上一步改动",
        "Undo the last change of this session", display="u"),
    Key("app.redo", "U,ctrl+y", "redo", "重做", "Redo", "重做刚撤销的改动",
        "Redo the change just undone", display="U"),
    Key("app.lang", "f2", "switch_lang", "中/EN", "中/EN", "切换界面语言", "Switch the language"),
    Key("app.quit", "q", "quit", "退出", "Quit", "退出程序（改动已随时保存）",
        "Quit (every change is already saved)"),
    Key("app.board", "1", "show('board')", "排班板", "Board", "回到排班板", "The roster board",
        show=False),
    Key("app.coverage", "2", "show('coverage')", "覆盖", "Coverage", "每个卡点全天的在岗覆盖",
        "Each checkpoint's 24 hours, staffed versus needed", show=False),
    Key("app.people", "3", "show('people')", "人员", "People", "队员、请假、病假",
        "Members, leave, sickness", show=False),
    Key("app.checkpoints", "4", "show('checkpoints')", "卡点与规则", "Checkpoints & rules",
        "卡点、班次模板与排班规则", "Checkpoints, shift templates and rules", show=False),
    Key("app.history", "5", "show('history')", "改动记录", "History",
        "谁在何时改了什么；恢复到任一改动之前", "Who changed what, when; go back before any change",
        show=False),
    Key("app.export", "x", "export", "导出", "Export", "把排班导出为文件",
        "Export the roster to a file"),
)

BOARD = (
    Key("board.open", "enter", "open_slot", "编辑", "Edit", "编辑光标处的班次：谁在岗、谁备班",
        "Edit the shift under the cursor: who is on, who is on standby"),
    Key("board.prev", "left_square_bracket", "period(-1)", "上期", "Prev", "上一周（月）",
        "Previous week (month)", display="["),
    Key("board.next", "right_square_bracket", "period(1)", "下期", "Next", "下一周（月）",
        "Next week (month)", display="]"),
    Key("board.today", "t", "today", "今天", "Today", "跳到今天", "Go to today"),
    Key("board.mode", "w", "toggle_mode", "周/月", "Week/Month", "按周或按月显示",
        "Show a week or a month"),
    Key("board.generate", "g", "generate", "生成", "Generate", "为本期生成排班（锁定的不动）",
        "Generate this period's roster (locked shifts stay)"),
    Key("board.repair", "G", "repair", "修补", "Repair", "只改必要之处，补上缺口",
        "Change as little as possible to close the gaps"),
    Key("board.mark", "m", "mark", "对调", "Swap", "标记一个班次，再标记另一个即可对调",
        "Mark a shift, then mark another to swap them"),
    Key("board.lock", "L", "lock", "锁定", "Lock", "锁定或解锁此班（生成时保持不动）",
        "Lock or unlock this shift (generate leaves it alone)"),
    Key("board.problems", "p", "toggle_problems", "问题", "Problems", "显示或隐藏问题列表",
        "Show or hide the list of problems"),
    Key("board.desk", "b", "desk", "值班台", "Desk", "打开此卡点的值班台",
        "Open the duty desk of this checkpoint"),
    Key("board.unmark", "escape", "unmark", "取消标记", "Unmark", "取消对调标记",
        "Forget the shift marked for a swap", show=False),
)

MOVE = (
    Key("move.up", "up,k", "cursor(-1, 0)", "上", "Up", show=False, display="↑ k"),
    Key("move.down", "down,j", "cursor(1, 0)", "下", "Down", show=False, display="↓ j"),
    Key("move.left", "left,h", "cursor(0, -1)", "左", "Left", show=False, display="← h"),
    Key("move.right", "right,l", "cursor(0, 1)", "右", "Right", show=False, display="→ l"),
    Key("move.pageup", "pageup", "page(-1)", "上翻页", "Page up", show=False),
    Key("move.pagedown", "pagedown", "page(1)", "下翻页", "Page down", show=False),
    Key("move.home", "home", "edge(-1)", "最左", "First column", show=False),
    Key("move.end", "end", "edge(1)", "最右", "Last column", show=False),
)

SCROLL = (
    Key("scroll.up", "up,k", "scroll_up", "上", "Up", show=False, display="↑ k"),
    Key("scroll.down", "down,j", "scroll_down", "下", "Down", show=False, display="↓ j"),
    Key("scroll.pageup", "pageup", "page_up", "上翻页", "Page up", show=False),
    Key("scroll.pagedown", "pagedown", "page_down", "下翻页", "Page down", show=False),
)

SLOT = (
    Key("slot.duty", "a", "add('duty')", "加入在岗", "Add on duty", "把选中的候选人排入此班",
        "Put the highlighted candidate on this shift"),
    Key("slot.standby", "s", "add('standby')", "加入备班", "Add standby",
        "把选中的候选人排为备班", "Put the highlighted candidate on standby"),
    Key("slot.replace", "r", "replace", "替换", "Replace",
        "用选中的候选人替换在岗名单中选中的人", "The candidate takes the place of the person "
        "highlighted on duty"),
    Key("slot.remove", "delete,backspace", "remove", "移除", "Remove",
        "把在岗或备班名单中选中的人移出此班", "Take the highlighted person off this shift",
        display="del"),
    Key("slot.lock", "L", "lock", "锁定", "Lock", "锁定或解锁此班", "Lock or unlock this shift"),
    Key("slot.close", "escape", "close", "返回", "Back", "回到排班板", "Back to the board",
        display="esc"),
)

PEOPLE = (
    Key("people.add", "a", "add", "新增", "Add", "新增队员", "Add a member"),
    Key("people.edit", "e", "edit", "修改", "Edit", "修改选中的队员",
        "Edit the highlighted member"),
    Key("people.remove", "delete", "remove", "删除", "Remove", "删除队员及其所有班次",
        "Remove the member and all their shifts", display="del"),
    Key("people.leave", "v", "leave", "请假", "Leave", "为选中的队员登记请假",
        "Record leave for the highlighted member"),
    Key("people.sick", "s", "sick", "病假", "Sick", "登记病假、撤下其班次，并可立即修补",
        "Mark sick, take them off their shifts, and offer a repair"),
    Key("people.unleave", "V", "clear_leave", "销假", "Cancel leave", "删除最近一段请假",
        "Delete the latest leave"),
    Key("people.import", "i", "import_members", "导入", "Import",
        "从表格（CSV 或 Excel）导入队员，先预览再导入", "Import members from a spreadsheet "
        "(CSV or Excel): preview first, then import"),
    Key("people.back", "escape", "back", "返回", "Back", "回到排班板", "Back to the board",
        display="esc"),
)

CHECKPOINTS = (
    Key("cps.add", "a", "add", "新增卡点", "Add checkpoint", "新增一个卡点", "Add a checkpoint"),
    Key("cps.edit", "e", "edit", "修改", "Edit", "修改选中的卡点或班次模板",
        "Edit the highlighted checkpoint or shift template"),
    Key("cps.template", "n", "new_template", "新增班次", "Add shift", "为选中的卡点新增班次模板",
        "Add a shift template to the highlighted checkpoint"),
    Key("cps.remove", "delete", "remove", "删除", "Remove", "删除选中的卡点或班次模板",
        "Remove the highlighted checkpoint or shift template", display="del"),
    Key("cps.rules", "r", "rules", "规则", "Rules", "修改排班规则", "Edit the team's rules"),
    Key("cps.back", "escape", "back", "返回", "Back", "回到排班板", "Back to the board",
        display="esc"),
)

HISTORY = (
    Key("history.restore", "r", "restore", "恢复", "Restore",
        "把排班恢复到选中改动之前的样子", "Put the roster back as it was before that change"),
    Key("history.back", "escape", "back", "返回", "Back", "回到排班板", "Back to the board",
        display="esc"),
)

COVERAGE = (
    Key("coverage.prev", "left_square_bracket", "period(-1)", "上期", "Prev", "上一周（月）",
        "Previous week (month)", display="["),
    Key("coverage.next", "right_square_bracket", "period(1)", "下期", "Next", "下一周（月）",
        "Next week (month)", display="]"),
    Key("coverage.back", "escape", "back", "返回", "Back", "回到排班板", "Back to the board",
        display="esc"),
)

FORM = (
    Key("form.save", "ctrl+s", "save", "保存", "Save", "检查并保存", "Check and save",
        display="^s"),
    Key("form.cancel", "escape", "cancel", "取消", "Cancel", "不保存，关闭",
        "Close without saving", display="esc"),
)

IMPORT_MEMBERS = (
    Key("import.run", "ctrl+s", "run_import", "导入", "Import",
        "按预览导入（有问题的行须先勾选跳过）",
        "Import as previewed (bad rows only once skipping them is ticked)", display="^s"),
    Key("import.cancel", "escape", "cancel", "取消", "Cancel", "不导入，关闭",
        "Close without importing", display="esc"),
)

CONFIRM = (
    Key("confirm.yes", "y", "answer(True)", "是", "Yes"),
    Key("confirm.no", "n,escape", "answer(False)", "否", "No", display="n"),
)

HELP = (
    Key("help.close", "escape,question_mark,q", "close", "关闭", "Close", display="esc"),
)

#: Every key of the desk, once: the bindings, the key bar and ``?`` are made from it.
DESK_KEYS: tuple[Key, ...] = (
    *(Key(f"desk.person{n}", str(n), f"person({n})", f"{n} 号签到/签退", f"Check {n} in/out",
          show=False) for n in range(1, 10)),
    Key("desk.find", "slash", "find", "找人", "Find", "输入姓名或手机尾号，回车签到/签退",
        "Type part of a name or the last digits of a phone, Enter checks in/out",
        display="/"),
    Key("desk.note", "n", "note", "记录", "Note",
        "写一条记录：选类别，Tab 到数量、回车到内容，回车保存",
        "Write a note: pick the category, Tab to the count, Enter to the text, Enter saves"),
    Key("desk.handover", "o", "handover", "交班", "Hand over",
        "交班人写交接：情况、装备、待办事项", "The outgoing member writes the handover"),
    Key("desk.confirm", "c", "confirm", "确认交接", "Confirm", "接班人确认交接",
        "The incoming member confirms the handover"),
    Key("desk.close", "x", "close_item", "关闭待办", "Close item", "关闭一项待办事项",
        "Close an open item"),
    Key("desk.history", "h", "history", "历史", "History", "选中记录的更正历史",
        "The correction history of the highlighted entry"),
    Key("desk.correct", "e", "correct", "更正", "Correct", "更正选中的记录（原记录保留）",
        "Correct the highlighted entry (the original is kept)"),
    Key("desk.withdraw", "d", "withdraw", "撤销", "Withdraw", "撤销误记的记录（仍留在历史里）",
        "Withdraw an entry made by mistake (it stays in the history)"),
    Key("desk.reload", "r", "reload", "刷新", "Reload", "重新读取数据", "Read the data again",
        show=False),
    Key("desk.help", "question_mark", "help", "帮助", "Help", "列出值班台的所有按键",
        "List every key of the desk", display="?"),
    Key("desk.back", "escape", "back", "返回", "Back", "离开输入框；再按返回排班板",
        "Leave the input box; again to go back to the board", display="esc", show=False),
)


ALL: dict[str, Key] = {k.id: k for table in (APP, BOARD, MOVE, SCROLL, SLOT, PEOPLE, CHECKPOINTS,
                                             HISTORY, COVERAGE, FORM, IMPORT_MEMBERS,
                                             CONFIRM, HELP, DESK_KEYS)
                       for k in table}


def bindings(table: tuple[Key, ...]) -> list[BindingType]:
    """Textual bindings for a table: the words stay here, found again by ``id``."""
    return [Binding(k.keys, k.action, k.en, show=k.show, key_display=k.display,
                    priority=k.priority, tooltip=k.tip_en, id=k.id) for k in table]


def describe(binding: Binding, lang: str) -> tuple[str, str]:
    """What a binding is called, and its tooltip, in ``lang``."""
    key = ALL.get(binding.id or "")
    if key is None:
        return binding.description, binding.tooltip
    return key.title(lang), key.tooltip(lang)


def shown(binding: Binding) -> bool:
    key = ALL.get(binding.id or "")
    return key.show if key is not None else binding.show
