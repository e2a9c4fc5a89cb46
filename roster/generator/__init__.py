"""Build a roster that breaks no rule, fills what can be filled, and shares the work out fairly.

Priorities, in order: no member rule is ever broken; as many places filled as possible;
then as many required tags met as possible; then (bundle v2) rotated shifts held by the
crew whose turn it is, then the largest weight of wishes met (``plans.py``, ``turns.py``);
then fairness, in which a rotating crew's days off stay off unless a place would stay
empty. Why it is built this way:

* **Rules in one place.** Whether a member may take a shift is asked of
  :class:`roster.rules.MemberLedger` and nothing else, the same predicates the checker
  judges with, so a generated roster cannot be one the checker rejects. The ledgers start
  from everything that is not ours to move: locked assignments, and the assignments
  around the period, so rest, nights and weekly hours see across its edges.
* **Chronological, batch by batch.** Shifts with identical times (a hundred checkpoints'
  08:00-16:00 on one day) are one batch: a member's eligibility is the same for all of
  them, so the ledger is asked about a member once per batch, and only until the batch is
  full. Walking the batches in time order lets a running fairness score steer each
  choice: whoever is furthest *behind their share* goes first (for a night batch, behind
  on nights). The share accrues only while a member is available, so members with leave
  carry proportionally less (``no_nights`` only lowers the night share: such a member
  does the same load in day shifts), and it starts from the member's shifts in the
  ``HISTORY_DAYS`` before the period, so last week's nights count this week. In a batch
  the tag-required places are filled first, scarcest tag first, from that tag's holders.
* **Then close what greed left open.** An empty place is retried by ejection chains (move
  one or two of a member's own placements to someone else to free them); a missing tag
  by swapping a holder in. An instance small enough is searched exactly (branch and
  bound, the greedy roster as incumbent), which proves the fill maximal or improves it.
* **Then polish fairness** without losing a place or a tag: a shift goes from someone two
  or more ahead to someone behind; two members of one class swap all their shifts in a
  run of days (nights come in runs and rest ties each shift to its neighbours, so a run
  trades where a single shift cannot); on small teams, runs of two or three days are
  re-solved exactly (a large-neighbourhood search).
* **Bounded and seeded.** Every search phase has a work budget counted in ledger
  questions, not seconds, so the result never depends on the machine's speed; every tie
  is broken by ``random.Random(seed)``: the same seed gives the same roster, another seed
  another roster that is as fair.

Repair keeps every unlocked assignment that is still valid, promotes a shift's own
standby into a duty hole first, and moves kept assignments only to close a gap nothing
else closes. ``generate`` is pure: a Bundle and a Period in, a :class:`GenerateResult` out.

Where each part lives: ``state.py`` (the working state and its trials), ``fairness.py``
(the measures and the objective), ``load.py``, then one module per phase (``greedy``,
``gaps``, ``exact``, ``polish``, ``standby``) composed in ``pipeline.py``;
``explain.py`` says why a place stayed empty and ``outcome.py`` builds the result.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from roster.domain.model import Bundle, Period, shifts_in
from roster.generator.exact import EXACT_MAX_PLACES
from roster.generator.fairness import HISTORY_DAYS, fairness_classes
from roster.generator.outcome import result
from roster.generator.pipeline import pipeline, run
from roster.generator.result import Change, GenerateResult, MemberStats, Unfilled, UnmetWish
from roster.generator.state import RosterState

__all__ = [
    "HISTORY_DAYS",
    "Change",
    "GenerateResult",
    "MemberStats",
    "Unfilled",
    "UnmetWish",
    "fairness_classes",
    "generate",
    "started_shifts",
]


def generate(bundle: Bundle, period: Period, *, seed: int = 0, repair: bool = False,
             progress: Callable[[float], None] | None = None,
             exact_max_places: int = EXACT_MAX_PLACES,
             now: datetime | None = None) -> GenerateResult:
    """Fill the period's shifts; see the module docstring for how and in what priority.

    Locked assignments and assignments outside the period are kept as they are (and
    respected as neighbours). Without ``repair`` the other assignments in the period are
    rebuilt; with it, every one still valid is kept and as few as possible change.
    ``exact_max_places`` bounds the size of instance the exact search is tried on
    (0 turns it off). With ``now`` (the product passes the clock), every shift that
    started before it is history: none of its assignments is added, moved or removed.
    """
    began = time.perf_counter()
    state = RosterState(bundle, period, seed=seed, repair=repair, progress=progress, now=now)
    run(state, pipeline(exact_max_places))
    outcome = result(state, 0.0)
    # Everything counts: building ledgers, the search, and the new Bundle itself.
    return replace(outcome, seconds=time.perf_counter() - began)


def started_shifts(bundle: Bundle, period: Period, now: datetime) -> tuple[int, int]:
    """(shifts of the period that started before ``now``, all shifts of the period)."""
    shifts = shifts_in(bundle, period.first_day, period.days)
    return sum(1 for s in shifts if s.start < now), len(shifts)
