"""The generator as a list of phases, each a small unit with ``run(state, budget)``.

The order is the objective's priority order: fill (greedy, then gap closing), required
tags, crew turns and wishes (bundle v2), then an exact search where the instance is
small, then fairness, then standby.
A new goal (wishes, crew turns) is a new phase or objective term in this list, not a
branch inside an old phase. Each step says how much work its phase may do (what the
budget counts is the phase's own: ledger questions or search nodes) and how far along
the run is once it is done, for the progress bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from roster.generator.exact import EXACT_NODES, LNS_NODES, ExactSearch, WindowSearch
from roster.generator.gaps import REPAIR_WORK, CloseGaps, CloseTagGaps, PromoteStandby
from roster.generator.greedy import GreedyFill
from roster.generator.load import load
from roster.generator.polish import FAIRNESS_WORK, FairnessPolish
from roster.generator.standby import FillStandby
from roster.generator.state import RosterState
from roster.generator.turns import PLAN_WORK, PlanPolish


class Phase(Protocol):
    name: str

    def run(self, st: RosterState, budget: int) -> None: ...


@dataclass(frozen=True, slots=True)
class Step:
    phase: Phase
    budget: int = 0
    #: The progress to report once the phase is done (None: report nothing).
    done_at: float | None = None


def pipeline(exact_max_places: int) -> list[Step]:
    """The phases of a generate (or repair) run, in order."""
    return [
        Step(PromoteStandby()),
        Step(GreedyFill(), done_at=0.7),
        Step(CloseGaps(), REPAIR_WORK, done_at=0.8),
        Step(CloseTagGaps(), REPAIR_WORK),
        Step(PlanPolish(), PLAN_WORK),
        Step(ExactSearch(exact_max_places), EXACT_NODES, done_at=0.85),
        Step(FairnessPolish(), FAIRNESS_WORK),
        Step(WindowSearch(exact_max_places), LNS_NODES, done_at=0.95),
        Step(FillStandby(), done_at=1.0),
    ]


def run(st: RosterState, steps: list[Step]) -> None:
    st.report(0.0)
    load(st)
    st.plan.start(st)
    st.report(0.05)
    for step in steps:
        step.phase.run(st, step.budget)
        if step.done_at is not None:
            st.report(step.done_at)
