"""The Textual app and its one factory, used alike by the CLI, Pilot tests and snapshots.

This first screen shows the team, its checkpoints and today's shifts with who is on them;
the full roster board replaces it in the TUI issue. Data comes from the store, read once
at start and again on ``r``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from roster.errors import UserError
from roster.i18n import pick
from roster.model import Bundle, shifts_in
from roster.store import Store
from roster.timeutil import today


class RosterApp(App[None]):
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("r", "reload", "刷新 Reload", tooltip="Read the data folder again"),
        Binding("question_mark", "help", "帮助 Help", key_display="?"),
        Binding("q", "quit", "退出 Quit"),
    ]

    def __init__(self, data_dir: Path, lang: str = "zh", day: date | None = None) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.lang = lang
        self.day = day
        self.bundle: Bundle | None = None

    def t(self, zh: str, en: str) -> str:
        return pick(self.lang, zh, en)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="team")
        yield DataTable(id="today", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        info = self.query_one("#team", Static)
        table = self.query_one("#today", DataTable)
        table.clear(columns=True)
        try:
            store = Store(self.data_dir)
            if store.is_empty():
                self.title = "checkpoint-roster"
                info.update(self.t(f"{self.data_dir} 里还没有工作队。运行 `roster demo` "
                                   "载入演示数据，或 `roster import 文件.json` 导入。",
                                   f"No team in {self.data_dir} yet. Run `roster demo` to load "
                                   "the demo team, or `roster import FILE.json`."))
                return
            self.bundle = bundle = store.load()
        except UserError as exc:
            info.update(f"[b]{self.t('无法读取数据', 'Cannot read the data')}[/b]: {exc}")
            return
        day = self.day or today(bundle.tz)
        self.title = bundle.team.name
        self.sub_title = f"{bundle.team.village} · {day.isoformat()}"
        names = {m.id: m.name for m in bundle.members}
        info.update(self.t(
            f"{len(bundle.members)} 名队员 · {len(bundle.checkpoints)} 个卡点 · 今日 {day}",
            f"{len(bundle.members)} members · {len(bundle.checkpoints)} checkpoints · "
            f"today {day}"))
        table.add_columns(self.t("卡点", "Checkpoint"), self.t("地点", "Location"),
                          self.t("班次", "Shift"), self.t("需要", "Need"),
                          self.t("在岗", "On duty"), self.t("备班", "Standby"))
        on_shift: dict[tuple[object, ...], list[str]] = {}
        for a in bundle.assignments:
            on_shift.setdefault((*a.shift_key, a.role), []).append(names.get(a.member, a.member))
        cps = bundle.checkpoints_by_id()
        tz = bundle.tz
        for shift in shifts_in(bundle, day, 1):
            cp = cps[shift.checkpoint]
            span = f"{shift.start.astimezone(tz):%H:%M}–{shift.end.astimezone(tz):%H:%M}"
            if shift.night:
                span += self.t(" 夜", " night")
            table.add_row(cp.name, cp.location, span, str(shift.need),
                          "、".join(on_shift.get((*shift.key, "duty"), [])) or "—",
                          "、".join(on_shift.get((*shift.key, "standby"), [])) or "—")

    def action_help(self) -> None:
        self.notify(self.t("r 刷新 · q 退出。完整的排班板将在下一版提供。",
                           "r reload · q quit. The full roster board comes next."),
                    title=self.t("帮助", "Help"))


def make_app(data_dir: Path, lang: str = "zh", day: date | None = None) -> RosterApp:
    """The one factory for the app (CLI, tests and snapshots all build it here)."""
    return RosterApp(data_dir, lang, day)
