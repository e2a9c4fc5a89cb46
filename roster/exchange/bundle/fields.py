"""The bundle's fields: known keys, and the typed converters every record is read with."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, tzinfo
from functools import lru_cache
from typing import Any, TypeVar, cast

from roster.domain.bounds import MAX_NAME_CHARS, MAX_TEXT_CHARS, text_problem
from roster.domain.errors import Problem
from roster.domain.messages import Message, msg
from roster.domain.timeutil import (
    TimeError,
    TimeOfDay,
    parse_date,
    parse_instant,
    parse_time_of_day,
)

FORMAT = "checkpoint-roster"
VERSION = 2

T = TypeVar("T")

_TEAM_KEYS = ("name", "village", "timezone", "lead", "id", "township")
_RULE_KEYS = (
    "min_rest_hours",
    "max_shifts_per_day",
    "max_consecutive_nights",
    "max_hours_per_week",
    "night_window",
    "holidays",
    "late_grace_minutes",
    "max_consecutive_days",
    "days_off_after_nights",
)
_MEMBER_KEYS = ("id", "name", "phone", "unit", "tags", "no_nights", "max_hours_per_week",
                "unavailable", "only_checkpoints", "wishes")
_LEAVE_KEYS = ("from", "to", "reason")
_WISH_KEYS = ("from", "to", "want", "weight", "reason")
_CHECKPOINT_KEYS = ("id", "name", "location", "from", "to", "shifts", "changes")
_TEMPLATE_KEYS = ("start", "end", "need", "need_tags", "night", "standby", "weekdays",
                  "rotation")
_ROTATION_KEYS = ("crews", "from")
_CHANGE_KEYS = ("from", "to", "template", "need", "need_tags", "standby", "closed", "reason")
_CREW_KEYS = ("id", "name", "members")
_ASSIGNMENT_KEYS = ("checkpoint", "start", "end", "member", "locked", "role")
_LOG_KEYS = ("id", "at", "recorded_at", "checkpoint", "member", "kind", "category", "count",
             "text", "corrects")
_TOP_KEYS = ("format", "version", "team", "rules", "members", "checkpoints", "assignments",
             "logs", "exported_at", "crews")

_MISSING = object()


def _extra(doc: dict[str, Any], known: Iterable[str]) -> dict[str, Any]:
    """The keys this program does not know, kept to be written back out."""
    known_set = _known(tuple(known))
    if doc.keys() <= known_set:  # the usual case, checked in C
        return {}
    return {k: v for k, v in doc.items() if k not in known_set}


@lru_cache(maxsize=32)
def _known(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(keys)


class _Reader:
    """Reads fields into typed values, noting a Problem (and a fallback) for each bad one."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self.problems: list[Problem] = []

    def bad(self, where: str, message: str | Message) -> None:
        self.problems.append(Problem(where, message))

    def obj(self, value: Any, where: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.bad(where, msg("expected an object, got {kind}", kind=_kind(value)))
            return None
        return value

    def field(self, doc: dict[str, Any], key: str, where: str, conv: Callable[[Any], T],
              default: Any = _MISSING) -> T:
        value = doc.get(key, _MISSING)
        place = f"{where}.{key}" if where else key
        if value is _MISSING:
            if default is _MISSING:
                self.bad(place, msg("is required"))
            return cast(T, None if default is _MISSING else default)
        try:
            return conv(value)
        except (TimeError, ValueError, TypeError) as exc:
            self.bad(place, said(exc))
            return cast(T, None if default is _MISSING else default)

    def items(self, doc: dict[str, Any], key: str, where: str,
              required: bool = False) -> list[tuple[str, Any]]:
        value = doc.get(key, _MISSING)
        prefix = f"{where}.{key}" if where else key
        if value is _MISSING or (value is None and not required):
            if required:
                self.bad(prefix, msg("is required"))
            return []
        if not isinstance(value, list):
            self.bad(prefix, msg("expected a list, got {kind}", kind=_kind(value)))
            return []
        return [(f"{prefix}[{i}]", item) for i, item in enumerate(value)]

    def instant(self, value: Any) -> Any:
        return parse_instant(value, self.tz)


# --- typed converters (raise ValueError/TypeError/TimeError with a message) ------------------


class _Cut:
    """A long value as a message shows it: the start of its ``repr``, then ``…``."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


#: The most characters of a bad value a message repeats (a 10**400 version, a 10,000-char id).
SHOWN_CHARS = 40


def short(value: Any) -> Any:
    """``value``, or a stand-in that shows its first :data:`SHOWN_CHARS` characters."""
    if isinstance(value, int) and value.bit_length() > 13_000:  # str() refuses > 4,300 digits
        return _Cut("…")
    text = repr(value)
    return value if len(text) <= SHOWN_CHARS else _Cut(text[:SHOWN_CHARS - 1] + "…")


def said(exc: Exception) -> str | Message:
    """What an error says: its message if it carries one, else its text."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Message) else str(exc)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: "text",
            list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def _text(value: Any, most: int = MAX_TEXT_CHARS) -> str:
    if not isinstance(value, str):
        raise TypeError(msg("expected text, got {kind}", kind=_kind(value)))
    problem = text_problem(value, most)
    if problem is not None:
        raise ValueError(problem)
    return value


def _nonempty_text(value: Any) -> str:
    """A name or an id: not empty, at most :data:`MAX_NAME_CHARS` characters."""
    text = _text(value, MAX_NAME_CHARS)
    if not text.strip():
        raise ValueError(msg("must not be empty"))
    return text


def _opt_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(msg("expected true or false, got {kind}", kind=_kind(value)))
    return value


def _opt_bool(value: Any) -> bool | None:
    return None if value is None else _bool(value)


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise TypeError(msg("expected a whole number, got {kind} {value!r}", kind=_kind(value),
                            value=short(value)))
    return value


def _opt_int(value: Any) -> int | None:
    return None if value is None else _int(value)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(msg("expected a number, got {kind} {value!r}", kind=_kind(value),
                            value=short(value)))
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(msg("must be a finite number"))
    return value


def _opt_number(value: Any) -> float | None:
    return None if value is None else _number(value)


def _tags(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(t, str) and t for t in value):
        raise TypeError(msg("expected a list of tag names"))
    return tuple(dict.fromkeys(_nonempty_text(t) for t in value))


def _tag_counts(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        raise TypeError(msg("expected an object tag → number, got {kind}", kind=_kind(value)))
    out: dict[str, int] = {}
    for tag, n in value.items():
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(msg("need for tag {tag!r} must be a whole number ≥ 0, got {n!r}",
                                 tag=short(tag), n=short(n)))
        out[tag] = n
    return out


def _window(value: Any) -> tuple[TimeOfDay, TimeOfDay]:
    if not isinstance(value, list) or len(value) != 2:
        raise TypeError(msg("expected [\"HH:MM\", \"HH:MM\"]"))
    return (parse_time_of_day(value[0]), parse_time_of_day(value[1], allow_24=True))


def _dates(value: Any) -> tuple[date, ...]:
    if not isinstance(value, list):
        raise TypeError(msg("expected a list of dates, got {kind}", kind=_kind(value)))
    return tuple(sorted({parse_date(v) for v in value}))


def _opt_date(value: Any) -> date | None:
    return None if value is None else parse_date(value)


def _time(value: Any) -> TimeOfDay:
    return parse_time_of_day(value)


def _end_time(value: Any) -> TimeOfDay:
    return parse_time_of_day(value, allow_24=True)


def _ids(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        raise TypeError(msg("expected a list of ids"))
    return tuple(dict.fromkeys(value))


def _opt_ids(value: Any) -> tuple[str, ...] | None:
    return None if value is None else _ids(value)


def _opt_weekdays(value: Any) -> tuple[int, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise TypeError(msg("expected a list of weekdays 1-7 (1 = Monday), or null for every "
                            "day"))
    for day in value:
        if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 7:
            raise ValueError(msg("weekday {day!r} is not a whole number from 1 (Monday) to 7 "
                                 "(Sunday)", day=short(day)))
    return tuple(sorted(set(value)))


def _want(value: Any) -> str:
    if value not in ("off", "on"):
        raise ValueError(msg("must be \"off\" or \"on\", got {value!r}", value=short(value)))
    return cast(str, value)


def _weight(value: Any) -> int:
    if isinstance(value, bool) or value not in (1, 2, 3):
        raise ValueError(msg("must be 1, 2 or 3, got {value!r}", value=short(value)))
    return int(value)


def _date(value: Any) -> date:
    return parse_date(value)
