"""The single judge of a roster: every gap and every broken rule in a period, as data.

``roster check``, the generator's self-check, the TUI's live warnings and every test ask
this module, so a roster cannot be "fine" in one place and "wrong" in another. It
decides *which* shifts and assignments to look at (the spec's period semantics, the
neighbours outside the period that still matter) and *how to report* them; whether a
pair of shifts is too close, a week too long or a run of nights too many is asked of
the predicates in :mod:`roster.rules` and never compared here, so a rule lives in one
place only.

What is checked (``shared/spec/bundle.md``, "What ``roster check`` reports"):

* Places short (``understaffed``, ``missing_tag``, ``missing_standby``) on every shift
  that *starts* in the period (the 00:00-08:00 shift of its first day, not the 22:00-06:00
  shift of the day before, which belongs to that day). ``uncovered`` is the part of a
  checkpoint's active days inside the period that no shift covers; there every shift that
  overlaps the period counts as cover.
* Member-rule violations for assignments that *start* in the period, together with the
  neighbours outside it they interact with: a rest or overlap pair with one side inside,
  a night run with a night inside, every shift of an ISO week the period touches.

Decisions where the spec leaves room (tests pin each one):

* Coverage ignores member rules, as the spec says: a valid assignment counts toward its
  shift however many rules it breaks. So one member on *duty and standby* of the same
  shift counts toward ``need`` and toward ``standby``; the clash is reported once, as an
  ``overlap`` of the two assignments, and the standby one is the one to move. Coverage
  therefore never falls when an assignment is added.
* A member on the same shift twice in the same role counts once, for coverage and for
  the rules; the duplicate is not itself reported.
* Standby assignments are held to ``unavailable`` and to ``overlap`` with the member's
  own duty shifts only (not ``no_nights``, which is a night rule, nor rest, hours,
  nights or shifts per day); two overlapping standbys are not a violation.
* A checkpoint that opens on a day is active from that day's 00:00; if its first shift
  of the day starts later (say 06:00, the night shift belonging to the day before, when
  it was closed), the hours before it are ``uncovered``.
* ``invalid_assignment`` covers assignments starting in the period; it counts toward
  nothing and is subject to no other rule.
* An ISO week over the cap is reported only if one of its shifts starts in the period
  (a period starting on Thursday does not report a week already broken by Wednesday);
  the same holds for every violation: each names at least one assignment in the period.

What to do (``Violation.move``, ``Gap.candidates``): the later of a rest or overlap pair
(the standby of a duty/standby clash), the first night past the limit in a run (which
leaves a run of exactly the limit), the last shift of a day or week over its cap, and
the assignment itself for leave, ``no_nights`` and invalid ones; a locked assignment is
passed over while an unlocked one will do. Candidates are members whose
:class:`roster.rules.MemberLedger` allows the shift (and who hold the tag, for
``missing_tag``), fewest shifts in the period first; they are searched for the first
``SUGGESTED_GAPS`` gaps only, because a month of a county roster can have thousands.

Where each part lives: ``report.py`` (Gap, Violation, Report and their JSON),
``context.py`` (which shifts and assignments a check sees; who could fill a gap),
``gaps.py`` (coverage) and ``violations.py`` (member rules).
"""

from __future__ import annotations

from roster.checker.context import Context, with_candidates
from roster.checker.gaps import coverage_gaps, uncovered_gaps
from roster.checker.plans import substitutes, wish_tally
from roster.checker.report import (
    CANDIDATES_PER_GAP,
    GAP_KINDS,
    MISSING_STANDBY,
    MISSING_TAG,
    SUGGESTED_GAPS,
    UNCOVERED,
    UNDERSTAFFED,
    VIOLATION_KINDS,
    Gap,
    Report,
    Substitute,
    UnmetWish,
    Violation,
    WishTally,
    _gap_sort_key,
    _violation_sort_key,
)
from roster.checker.violations import member_violations
from roster.domain.model import Bundle, Period


def check(bundle: Bundle, period: Period, *, suggest: bool = True,
          suggest_gaps: int = SUGGESTED_GAPS) -> Report:
    """Every gap and violation of ``bundle`` in ``period``.

    With ``suggest``, the first ``suggest_gaps`` fillable gaps (in report order) name
    members who could fill them; :func:`fill_candidates` finds them for any other gap.
    """
    ctx = Context(bundle, period)
    gaps = sorted(coverage_gaps(ctx) + uncovered_gaps(ctx), key=_gap_sort_key)
    violations = ctx.invalid + member_violations(ctx)
    violations.sort(key=_violation_sort_key)
    if suggest and suggest_gaps > 0:
        gaps = with_candidates(ctx, gaps, suggest_gaps)
    return Report(
        period=period,
        gaps=tuple(gaps),
        violations=tuple(violations),
        # The shifts that belong to the period: those that start in it (bundle.md).
        shifts=sum(1 for i in ctx.coverage if ctx.shifts[i].start >= period.start),
        assignments=ctx.in_period_count,
        member_names={v.member: m.name for v in violations
                      if (m := ctx.members.get(v.member)) is not None},
        checkpoint_names={g.checkpoint: c.name for g in gaps
                          if (c := ctx.checkpoints.get(g.checkpoint)) is not None},
        wishes=wish_tally(ctx),
        substitutes=substitutes(ctx),
    )


def fill_candidates(bundle: Bundle, period: Period, gap: Gap,
                    limit: int = CANDIDATES_PER_GAP) -> tuple[str, ...]:
    """Members who could fill ``gap`` without breaking a rule, best first.

    For a gap ``check`` left unsearched (past ``suggest_gaps``), or for the TUI asking
    about the one shift under the cursor.
    """
    ctx = Context(bundle, period)
    return ctx.candidates(gap, limit)


__all__ = [
    "CANDIDATES_PER_GAP",
    "GAP_KINDS",
    "MISSING_STANDBY",
    "MISSING_TAG",
    "SUGGESTED_GAPS",
    "UNCOVERED",
    "UNDERSTAFFED",
    "VIOLATION_KINDS",
    "Gap",
    "Report",
    "Substitute",
    "UnmetWish",
    "Violation",
    "WishTally",
    "check",
    "fill_candidates",
]
