"""Each phase of the generator pipeline on its own, on teams small enough to reason about.

``test_generator.py`` pins what ``roster generate`` promises end to end; these pin what
each unit of the pipeline does to a :class:`RosterState`, so a phase can be changed (or a
new one added) and tested without running the rest.
"""

from __future__ import annotations

from roster.checker import check
from roster.domain.model import Bundle
from roster.generator.exact import BranchAndBound, ExactSearch
from roster.generator.explain import explain
from roster.generator.fairness import Measure
from roster.generator.gaps import CloseGaps, CloseTagGaps
from roster.generator.greedy import GreedyFill, accrue, batches
from roster.generator.load import load
from roster.generator.outcome import result
from roster.generator.pipeline import pipeline
from roster.generator.polish import FAIRNESS_WORK, FairnessPolish
from roster.generator.standby import FillStandby
from roster.generator.state import RosterState
from roster.rules.kinds import Reason, RuleKind
from tests.unit.generator.test_generator import FIRST, at, person, team, three_shifts, tpl


def _state(bundle: Bundle, days: int = 3, *, repair: bool = False) -> RosterState:
    st = RosterState(bundle, bundle.period(FIRST, days), seed=0, repair=repair)
    load(st)
    return st


def _clean(st: RosterState) -> bool:
    report = check(result(st, 0.0).bundle, st.period)
    return not report.violations


def _crew(n: int, **kwargs: object) -> list[dict[str, object]]:
    return [person(f"m{i}", **kwargs) for i in range(n)]  # type: ignore[arg-type]


# --- the state and its trials --------------------------------------------------------------


def test_a_trial_not_kept_is_undone_with_its_tallies() -> None:
    st = _state(team([three_shifts()], _crew(3)))
    with st.trial():
        st.assign(0, 0)
        st.assign(1, 1)
    assert st.roster[0] == [] and st.roster[1] == []
    assert st.fair.load.tally == [0, 0, 0] and st.ledgers[0].count() == 0


def test_a_kept_trial_stays_and_an_outer_undo_takes_a_kept_inner_one_too() -> None:
    st = _state(team([three_shifts()], _crew(3)))
    with st.trial() as outer:
        st.assign(0, 0)
        with st.trial() as inner:
            st.assign(1, 1)
            inner.keep()
        assert st.roster[1] == [1]
        outer.keep()
    assert st.roster[0] == [0] and st.roster[1] == [1]
    with st.trial(), st.trial() as inner:
        st.unassign(1, 1)
        inner.keep()
    assert st.roster[1] == [1] and st.fair.load.tally[1] == 1


def test_changes_outside_a_trial_are_not_recorded() -> None:
    st = _state(team([three_shifts()], _crew(2)))
    st.assign(0, 0)
    with st.trial():
        pass
    assert st.roster[0] == [0]


def test_a_measure_is_behind_while_available_and_neutral_for_the_away() -> None:
    m = Measure("load", 3)
    m.accrue(1.0, away=[2])
    m.tally[0] = 1
    assert m.dev(0) == 0.0 and m.dev(1) == -1.0 and m.dev(2) == 0.0
    m.hist[:] = [4, 0, 2]
    m.offsets([1.0, 1.0, 1.0], worked={0, 2})
    assert m.base == [1.0, 0.0, -1.0]  # the rate of those who worked is 3 a head


# --- the phases -----------------------------------------------------------------------------


def test_greedy_fills_every_place_in_time_order_without_breaking_a_rule() -> None:
    st = _state(team([three_shifts(need=2)], _crew(8)))
    GreedyFill().run(st, 0)
    assert all(st.places(k) == 0 for k in range(len(st.shifts)))
    assert [b[0] for b in batches(st)] == sorted(range(len(st.shifts)),
                                                 key=lambda k: st.duties[k].start)
    assert _clean(st)
    loads = st.fair.load.tally
    assert max(loads) - min(loads) <= 1


def test_greedy_leaves_a_place_a_tag_needs_to_gap_closing() -> None:
    bundle = team([{"id": "cp", "name": "卡点",
                    "shifts": [tpl("08:00", "16:00", 1, {"party": 1})]}],
                  [person("p", ("party",)), person("q")])
    st = _state(bundle, 1)
    st.assign(0, 0)  # the only party member is taken elsewhere by hand...
    st.fixed[0].add(0)
    st.unassign(0, 0)
    GreedyFill().run(st, 0)
    assert st.roster[0] == [0]  # ...the holder goes first, before anyone else


def test_close_gaps_moves_a_placement_to_make_room() -> None:
    # a holds the evening by hand, so rest keeps a off the day shift; b is on leave for
    # the day shift. Only moving a to the day and b to the evening fills both.
    bundle = team([{"id": "cp", "name": "卡点",
                    "shifts": [tpl("08:00", "16:00"), tpl("16:00", "00:00")]}],
                  [person("a"), person("b", leave=((at(0, "07:00"), at(0, "15:00")),))],
                  rules={"min_rest_hours": 8})
    st = _state(bundle, 1)
    day, evening = (next(k for k, s in enumerate(st.shifts) if s.start.hour == h)
                    for h in (0, 8))  # 08:00 and 16:00 in Shanghai are 00 and 08 UTC
    st.assign(0, evening)
    assert not st.can(0, day) and not st.can(1, day)
    CloseGaps().run(st, 400_000)
    assert st.roster[day] == [0] and st.roster[evening] == [1]
    assert _clean(st)


def test_close_tag_gaps_swaps_a_holder_in() -> None:
    bundle = team([{"id": "cp", "name": "卡点",
                    "shifts": [tpl("08:00", "16:00", 1, {"party": 1})]}],
                  [person("p", ("party",)), person("q")])
    st = _state(bundle, 1)
    st.assign(1, 0)  # q holds the place; the shift lacks its party member
    CloseTagGaps().run(st, 400_000)
    assert st.roster[0] == [0] and st.tag_deficit(0) == 0


def test_the_exact_search_proves_a_full_fill_and_never_makes_it_worse() -> None:
    st = _state(team([three_shifts()], _crew(3)), 2)
    GreedyFill().run(st, 0)
    before = st.filled()
    ExactSearch().run(st, 60_000)
    assert st.fill_proven and st.filled() >= before
    search = BranchAndBound(st, {0: 1}, 10)
    assert search.run() in (True, False) and st.filled() >= before


def test_polish_spreads_the_load_without_losing_a_place() -> None:
    st = _state(team([three_shifts()], _crew(3), rules={"min_rest_hours": 0,
                                                          "max_shifts_per_day": 3}), 2)
    for k in range(len(st.shifts)):
        if st.can(0, k):
            st.assign(0, k)  # everything to one member
    filled = st.filled()
    for batch in batches(st):
        accrue(st, batch)
    FairnessPolish().run(st, FAIRNESS_WORK)
    loads = st.fair.load.tally
    assert st.filled() == filled and max(loads) - min(loads) <= 1
    assert _clean(st)


def test_standby_goes_to_someone_who_could_take_the_duty_first() -> None:
    bundle = team([{"id": "cp", "name": "卡点",
                    "shifts": [tpl("08:00", "16:00", 1, standby=1)]}],
                  [person("a"), person("b", no_nights=True)])
    st = _state(bundle, 1)
    GreedyFill().run(st, 0)
    FillStandby().run(st, 0)
    on_duty = st.roster[0][0]
    assert st.standby[0] and st.standby[0][0] != on_duty


def test_explain_names_the_rule_that_keeps_each_member_off() -> None:
    bundle = team([three_shifts(need=3)], [person("a"), person("b", no_nights=True)])
    st = _state(bundle, 1)
    GreedyFill().run(st, 0)
    night = next(k for k, s in enumerate(st.shifts) if s.night)
    unfilled = next(u for u in explain(st) if u.start == st.shifts[night].start)
    reasons = dict(unfilled.reasons)
    assert reasons[RuleKind.NO_NIGHTS] == ("b",)
    assert reasons[Reason.ASSIGNED] == ("a",)


def test_the_pipeline_runs_the_phases_in_the_objectives_order() -> None:
    names = [step.phase.name for step in pipeline(12)]
    assert names == ["promote-standby", "greedy", "close-gaps", "close-tag-gaps", "plans",
                     "exact",
                     "polish", "windows", "standby"]
