"""The rule book: each member rule written once, and who may take which place.

The checker judges with it, the generator obeys it, the slot editor ranks by it, so a
roster the generator builds can never be one the checker rejects (the property tests
prove it). Where to look:

* ``kinds.py``: every rule, gap and reason as an enum (the codes ``check`` reports);
* ``duties.py``: a shift reduced to integers, and each rule's predicate (:class:`RuleSet`);
* ``ledger.py``: one member's duties, answering "which rules would this shift break?";
* ``eligibility.py``: may this member take this duty or standby place, and if not, why.
"""

from __future__ import annotations

from roster.rules.duties import (
    Duty,
    RuleSet,
    day_span,
    duty_of,
    leave_spans,
    night_runs,
    ordinal_date,
    run_ends,
)
from roster.rules.kinds import (
    GAP_KINDS,
    MEMBER_RULES,
    VIOLATION_KINDS,
    GapKind,
    Reason,
    RuleKind,
    Why,
)
from roster.rules.ledger import MemberLedger

# The rule kinds under the names ``shared/spec/bundle.md`` gives them.
INVALID_ASSIGNMENT = RuleKind.INVALID_ASSIGNMENT
UNAVAILABLE = RuleKind.UNAVAILABLE
NO_NIGHTS = RuleKind.NO_NIGHTS
OVERLAP = RuleKind.OVERLAP
REST = RuleKind.REST
SHIFTS_PER_DAY = RuleKind.SHIFTS_PER_DAY
CONSECUTIVE_NIGHTS = RuleKind.CONSECUTIVE_NIGHTS
HOURS_PER_WEEK = RuleKind.HOURS_PER_WEEK
WRONG_CHECKPOINT = RuleKind.WRONG_CHECKPOINT
CONSECUTIVE_DAYS = RuleKind.CONSECUTIVE_DAYS
DAYS_OFF_AFTER_NIGHTS = RuleKind.DAYS_OFF_AFTER_NIGHTS

__all__ = [
    "CONSECUTIVE_DAYS",
    "CONSECUTIVE_NIGHTS",
    "DAYS_OFF_AFTER_NIGHTS",
    "GAP_KINDS",
    "HOURS_PER_WEEK",
    "INVALID_ASSIGNMENT",
    "MEMBER_RULES",
    "NO_NIGHTS",
    "OVERLAP",
    "REST",
    "SHIFTS_PER_DAY",
    "UNAVAILABLE",
    "VIOLATION_KINDS",
    "WRONG_CHECKPOINT",
    "Duty",
    "GapKind",
    "MemberLedger",
    "Reason",
    "RuleKind",
    "RuleSet",
    "Why",
    "day_span",
    "duty_of",
    "leave_spans",
    "night_runs",
    "ordinal_date",
    "run_ends",
]
