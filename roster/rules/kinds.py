"""The codes the core speaks in: every rule, gap and reason, as enums.

``shared/spec/bundle.md`` names these in ``check`` output; they are ``StrEnum`` so the
JSON and the text stay exactly those names, while code that mistypes one fails at import
(and the catalogs in :mod:`roster.i18n` are checked against these enums by a test, so a
renamed code cannot silently lose its words).
"""

from __future__ import annotations

from enum import StrEnum


class RuleKind(StrEnum):
    """A rule an assignment can break (the ``violations`` of ``roster check``)."""

    INVALID_ASSIGNMENT = "invalid_assignment"
    UNAVAILABLE = "unavailable"
    NO_NIGHTS = "no_nights"
    OVERLAP = "overlap"
    REST = "rest"
    SHIFTS_PER_DAY = "shifts_per_day"
    CONSECUTIVE_NIGHTS = "consecutive_nights"
    HOURS_PER_WEEK = "hours_per_week"
    WRONG_CHECKPOINT = "wrong_checkpoint"
    CONSECUTIVE_DAYS = "consecutive_days"
    DAYS_OFF_AFTER_NIGHTS = "days_off_after_nights"


class GapKind(StrEnum):
    """What a shift (or a stretch of a day) lacks (the ``gaps`` of ``roster check``)."""

    UNCOVERED = "uncovered"
    UNDERSTAFFED = "understaffed"
    MISSING_TAG = "missing_tag"
    MISSING_STANDBY = "missing_standby"


class Reason(StrEnum):
    """Why a member is not on a place, beyond the rules of :class:`RuleKind`."""

    ASSIGNED = "assigned"  # already on this shift
    LACKS_TAG = "lacks_tag"  # does not carry the tag the shift still needs
    STANDBY_ELSEWHERE = "standby"  # on standby for an overlapping shift (or on duty then)
    FREE = "free"  # nothing stops them (seen only when a search budget ran out)
    UNKNOWN_MEMBER = "unknown_member"  # the member is no longer on the team
    INVALID_SHIFT = "invalid_shift"  # the checkpoint or shift no longer exists
    DUPLICATE = "duplicate"  # the same member twice on one shift
    MOVED = "moved"  # moved by the generator to close a gap


#: Anything the core gives as the reason a member is not (or may not be) on a place.
Why = RuleKind | Reason

#: Every member rule, in the order explanations list them.
MEMBER_RULES: tuple[RuleKind, ...] = (
    RuleKind.UNAVAILABLE,
    RuleKind.WRONG_CHECKPOINT,
    RuleKind.NO_NIGHTS,
    RuleKind.OVERLAP,
    RuleKind.REST,
    RuleKind.SHIFTS_PER_DAY,
    RuleKind.CONSECUTIVE_NIGHTS,
    RuleKind.CONSECUTIVE_DAYS,
    RuleKind.DAYS_OFF_AFTER_NIGHTS,
    RuleKind.HOURS_PER_WEEK,
)

#: Violation kinds, in the order violations starting together are listed.
VIOLATION_KINDS: tuple[RuleKind, ...] = (RuleKind.INVALID_ASSIGNMENT, *MEMBER_RULES)

#: Gap kinds, in the order gaps of one shift are listed.
GAP_KINDS: tuple[GapKind, ...] = tuple(GapKind)
