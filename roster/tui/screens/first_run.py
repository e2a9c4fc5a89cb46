"""Starting a real team in the app: team → checkpoints → members → first fortnight → print.

``roster`` on an empty data folder opens this instead of a message, and so does a team
that has no checkpoint or no member yet: each step saves as it goes (one change in the
history each, so ``u``, screen 5 and ``roster undo`` take it back), and leaving with Esc
keeps everything; the next start goes on at the first step not done. The steps use the
same forms and dialogs as the rest of the app (the member form, the spreadsheet import,
the generator with its progress bar, the PDF exporter), and the same rules as
``roster init`` / ``checkpoint add`` / ``member add`` (:mod:`roster.editing.setup`).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Static

from roster.domain.errors import UserError
from roster.domain.messages import N_, Message
from roster.domain.model import Bundle, Period, make_period
from roster.domain.timeutil import now_utc
from roster.editing.setup import SETUP_STEPS, setup_step
from roster.exchange.exporters import EXPORTERS
from roster.exchange.exporters.selection import Selection
from roster.tui.base import RosterAppMixin
from roster.tui.dialogs.export import tell_exported
from roster.tui.keys import SETUP, bindings
from roster.tui.widgets.bars import KeyBar
from roster.tui.widgets.plain import Plain

FORTNIGHT = 14
STEP_NAMES = {
    "team": N_("Team", context="setup step"),
    "checkpoints": N_("Checkpoints", context="setup step"),
    "members": N_("Members", context="setup step"),
    "generate": N_("First fortnight", context="setup step"),
    "print": N_("Print", context="setup step"),
}
STEP_HELP = {
    "team": N_("Enter: the team's name, village, township, time zone and lead.",
               context="setup help"),
    "checkpoints": N_("Enter (or a): add a checkpoint with its shift pattern. n: on to the "
                      "members once there is one.", context="setup help"),
    "members": N_("Enter (or a): type in a member; i: import the county's spreadsheet. n: on "
                  "once there is one.", context="setup help"),
    "generate": N_("Enter: generate the first fortnight ({first} to {last}), fairly, by the "
                   "rules.", context="setup help"),
    "print": N_("Enter: print the fortnight as a PDF for the checkpoint wall (file name below).",
                context="setup help"),
    "done": N_("Printed → {path}. Enter: to the roster board.", context="setup help"),
}


def needs_setup(bundle: Bundle | None) -> bool:
    """Whether the app should open on the set-up: no team, or no checkpoint or member yet."""
    return setup_step(bundle) in ("team", "checkpoints", "members")


class FirstRunScreen(RosterAppMixin, Screen[None]):
    """The set-up of a new team, step by step (see the module docstring)."""

    BINDINGS = bindings(SETUP)

    def __init__(self) -> None:
        super().__init__(id="first-run")
        self.step = "team"
        self.printed: Path | None = None
        self.generated: Period | None = None

    def compose(self) -> ComposeResult:
        yield Plain(id="setup-title", classes="form-title")
        yield Plain(id="setup-steps")
        yield Plain(id="setup-body", classes="screen-note")
        yield Input(id="setup-path")
        yield Plain(id="setup-message")
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        self.step = setup_step(self.roster_app.session.bundle)
        self.follow(self.redraw)
        self.redraw(None)

    # --- what is shown ---

    @property
    def bundle(self) -> Bundle | None:
        return self.roster_app.session.bundle

    def fortnight(self) -> Period | None:
        """The first fortnight: from today (the one generated, once it was)."""
        bundle = self.bundle
        if bundle is None:
            return None
        if self.generated is not None:
            return self.generated
        return make_period(self.roster_app.today, FORTNIGHT, bundle.tz)

    def redraw(self, _: Any) -> None:
        bundle = self.bundle
        if self.step == "team" and bundle is not None:
            # A team arrived from elsewhere (``roster demo`` or an import in another terminal).
            if not needs_setup(bundle):
                self.dismiss(None)
                return
            self.step = setup_step(bundle)
        if self.step == "generate" and bundle is not None and bundle.assignments:
            self.step = "print"  # the fortnight was generated (and saved)
        self.query_one("#setup-title", Static).update(self.tr("Start your team"))
        steps = Text()
        for n, name in enumerate(SETUP_STEPS, start=1):
            style = "bold reverse" if name == self.step else (
                "dim" if SETUP_STEPS.index(name) > SETUP_STEPS.index(self._shown()) else "")
            steps.append(f" {n} {self.tr(STEP_NAMES[name], context='setup step')} ", style=style)
            if n < len(SETUP_STEPS):
                steps.append("›")
        self.query_one("#setup-steps", Static).update(steps)
        self.query_one("#setup-body", Static).update(self._body(bundle))
        path = self.query_one("#setup-path", Input)
        path.display = self.step == "print"
        path.disabled = self.step != "print"  # hidden, it must not take the keys either
        if self.step == "print" and not path.value:
            path.value = str(self._default_pdf())
            path.focus()

    def _shown(self) -> str:
        return "print" if self.step == "done" else self.step

    def _body(self, bundle: Bundle | None) -> Text:
        period = self.fortnight()
        first = period.first_day if period else date.today()
        text = Text(self.tr(STEP_HELP[self.step], context="setup help", first=first,
                            last=first + timedelta(days=FORTNIGHT - 1), path=self.printed))
        if bundle is None:
            return text
        text.append("\n\n" + bundle.team.name, style="bold")
        for cp in bundle.checkpoints:
            shifts = ", ".join(f"{t.label()} ×{t.need}" for t in cp.shifts)
            text.append(f"\n  {cp.name} ({cp.id}): {shifts}")
        if bundle.members:
            names = "、".join(m.name for m in bundle.members[:30])
            more = f" … +{len(bundle.members) - 30}" if len(bundle.members) > 30 else ""
            text.append("\n" + self.tr("{count} member(s): {names}", count=len(bundle.members),
                                       names=names + more))
        return text

    def _say(self, message: str, *, error: bool = False) -> None:
        self.query_one("#setup-message", Static).update(
            Text(message, style="bold red" if error else ""))

    def _default_pdf(self) -> Path:
        bundle, period = self.bundle, self.fortnight()
        name = bundle.team.name if bundle else "roster"
        return Path.cwd() / f"{name}-{period.first_day if period else ''}.pdf"

    # --- the steps ---

    def action_go(self) -> None:
        app = self.roster_app
        if self.step == "team":
            from roster.tui.dialogs.setup_forms import TeamForm

            app.with_operator(lambda: app.push_screen(TeamForm(app.lang)))
        elif self.step in ("checkpoints", "members"):
            self.action_add()
        elif self.step == "generate":
            self.generated = self.fortnight()
            app.start_generate(repair=False, period=self.generated)
        elif self.step == "print":
            self._print()
        else:
            self.action_leave()

    def action_add(self) -> None:
        app = self.roster_app
        bundle = self.bundle
        if bundle is None:
            return
        if self.step == "checkpoints":
            from roster.tui.dialogs.setup_forms import NewCheckpointForm

            title = self.tr("Step 2 of 5: a checkpoint")
            app.with_operator(lambda: app.push_screen(NewCheckpointForm(bundle, app.lang, title)))
        elif self.step == "members":
            from roster.tui.screens.people import MemberForm

            app.with_operator(lambda: app.push_screen(MemberForm(None, app.lang)))

    def action_import_members(self) -> None:
        from roster.tui.dialogs.import_members import ImportMembersDialog

        app = self.roster_app
        if self.step == "members" and self.bundle is not None:
            app.with_operator(lambda: app.push_screen(ImportMembersDialog()))

    def action_next(self) -> None:
        bundle = self.bundle
        done = {"team": bundle is not None,
                "checkpoints": bundle is not None and bool(bundle.checkpoints),
                "members": bundle is not None and bool(bundle.members),
                "generate": bundle is not None and bool(bundle.assignments),
                "print": True}
        if not done.get(self.step, True):
            self._say(self.tr("Add at least one first."), error=True)
            return
        if self.step == "print":
            self.step = "done"
        elif self.step != "done":
            self.step = SETUP_STEPS[SETUP_STEPS.index(self.step) + 1]
        self._say("")
        self.redraw(None)

    def team_started(self) -> None:
        """The team form saved: on to the checkpoints."""
        self.step = "checkpoints"
        self.redraw(None)

    def action_leave(self) -> None:
        app = self.roster_app
        if self.bundle is None:
            app.exit()  # nothing to show without a team; the set-up opens again next time
            return
        period = self.fortnight()
        self.dismiss(None)
        if period is not None and self.step in ("print", "done"):
            app.go_to_day(period.first_day)

    # --- printing ---

    @on(Input.Submitted, "#setup-path")
    def _path_entered(self) -> None:
        self._print()

    def _print(self) -> None:
        period = self.fortnight()
        raw = self.query_one("#setup-path", Input).value.strip()
        if period is None or not raw:
            self._say(self.tr("Give a file name"), error=True)
            return
        exporter = EXPORTERS["pdf"]
        selection = Selection(period, None, None,
                              layout=exporter.layouts[0] if exporter.layouts else "rows",
                              made_at=now_utc().replace(microsecond=0))
        self._say(self.tr("Printing…"))
        self._export(selection, Path(raw).expanduser())

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, selection: Selection, path: Path) -> None:
        app = self.roster_app
        try:
            prepared = app.session.export(EXPORTERS["pdf"], selection, app.lang, path)
        except UserError as exc:
            self.app.call_from_thread(self._say, self.words(exc), error=True)
            return
        self.app.call_from_thread(self._printed, path, prepared.warnings)

    def _printed(self, path: Path, warnings: tuple[Message, ...] = ()) -> None:
        if warnings:  # a name that prints blank: said as the export dialog says it
            tell_exported(self, self.tr("Exported → {path}", path=path), warnings)
        self.printed = path
        self.step = "done"
        self._say("")
        self.redraw(None)
