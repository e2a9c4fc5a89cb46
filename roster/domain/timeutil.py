"""Times of day, dates, instants and time zones, parsed strictly and computed exactly.

Instants inside the program are aware datetimes in UTC. Python compares and subtracts
two datetimes that share a tzinfo object as if they were naive, which gets a 24-hour
shift on a daylight-saving day wrong by an hour; keeping UTC inside and converting to
the team's zone only to read days and to print avoids that whole class of error.
The zones themselves come from pendulum.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache

import pendulum

from roster.domain.messages import msg

_TIME_RE = re.compile(r"^(\d{2}):(\d{2})$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class TimeError(ValueError):
    """A time, date, instant or zone that cannot be read; the message says why."""


@dataclass(frozen=True, slots=True, order=True)
class TimeOfDay:
    """Minutes since midnight: 0..1439, or 1440 for an end written ``24:00``."""

    minutes: int

    def __str__(self) -> str:
        return f"{self.minutes // 60:02d}:{self.minutes % 60:02d}"

    @property
    def hour(self) -> int:
        return self.minutes // 60

    @property
    def minute(self) -> int:
        return self.minutes % 60


def parse_time_of_day(text: object, *, allow_24: bool = False) -> TimeOfDay:
    if not isinstance(text, str):
        raise TimeError(msg("expected a time of day \"HH:MM\", got {text!r}", text=text))
    m = _TIME_RE.match(text)
    if not m:
        raise TimeError(msg("{text!r} is not a time of day \"HH:MM\"", text=text))
    hours, minutes = int(m.group(1)), int(m.group(2))
    if allow_24 and hours == 24 and minutes == 0:
        return TimeOfDay(1440)
    if hours > 23 or minutes > 59:
        raise TimeError(msg("{text!r} is not a time of day (00:00 to 23:59)", text=text))
    return TimeOfDay(hours * 60 + minutes)


#: The years a roster, a leave or a log entry may fall in. Dates at the ends of the
#: calendar (0001, 9999) would overflow the moment a period or a time zone is added to them;
#: they are refused where they enter, with one line.
FIRST_YEAR, LAST_YEAR = 1970, 2199


def _in_range(value: date, text: object) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise TimeError(msg("{text!r} is outside the years {first}–{last}", text=text,
                            first=FIRST_YEAR, last=LAST_YEAR))


def parse_date(text: object) -> date:
    if not isinstance(text, str) or not _DATE_RE.match(text):
        raise TimeError(msg("{text!r} is not a date \"YYYY-MM-DD\"", text=text))
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise TimeError(msg("{text!r} is not a date that exists", text=text)) from None
    _in_range(value, text)
    return value


@lru_cache(maxsize=64)
def zone(name: str) -> tzinfo:
    """The IANA zone ``name``; :class:`TimeError` if there is none by that name."""
    if not isinstance(name, str) or not name:
        raise TimeError(msg("{name!r} is not a time zone name", name=name))
    try:
        return pendulum.timezone(name)
    except Exception:  # pendulum raises InvalidTimezone / ZoneInfoNotFoundError by version
        raise TimeError(msg("{name!r} is not a known time zone (an IANA name like Asia/Shanghai)",
                            name=name)) \
            from None


def instant_at(day: date, time: TimeOfDay, tz: tzinfo) -> datetime:
    """The instant (UTC) at which the wall clock in ``tz`` shows ``day`` ``time``.

    A wall time skipped by a clock change (02:30 on a spring-forward night) is the
    instant the clock reaches after the jump; a repeated wall time is its first pass.
    """
    minutes = time.minutes
    if minutes >= 1440:
        day = day + timedelta(days=minutes // 1440)
        minutes %= 1440
    naive = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)
    return naive.replace(tzinfo=tz).astimezone(UTC)


def parse_instant(text: object, tz: tzinfo) -> datetime:
    """ISO 8601 instant; without an offset it is read as wall time in ``tz``. Returns UTC."""
    if isinstance(text, str):
        return _parse_instant(text, tz)
    raise TimeError(msg("expected an instant like \"2026-12-01T08:00:00+08:00\", got {text!r}",
                        text=text))


@lru_cache(maxsize=65536)
def _parse_instant(text: str, tz: tzinfo) -> datetime:
    # Cached: a roster repeats each shift's start and end once per person on it.
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise TimeError(msg("{text!r} is not an instant like \"2026-12-01T08:00:00+08:00\"",
                            text=text)) \
            from None
    # A wall date a day past the years could still be an instant inside them (and the
    # other way round): the years hold for the instant itself, in UTC, so an instant
    # accepted here reads back whatever zone it is later written in. The wall date is
    # checked first, loosely, so the conversion cannot overflow (year 0001, 9999).
    if not FIRST_YEAR - 1 <= value.year <= LAST_YEAR + 1:
        _in_range(value.date(), text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    value = value.astimezone(UTC)
    if not in_years(value):
        raise TimeError(msg("{text!r} is outside the years {first}–{last}", text=text,
                            first=FIRST_YEAR, last=LAST_YEAR))
    return value


def in_years(value: datetime) -> bool:
    """Whether the instant ``value`` falls in :data:`FIRST_YEAR`–:data:`LAST_YEAR` (in UTC,
    the one reading that does not depend on the zone it is shown in)."""
    return FIRST_YEAR <= value.astimezone(UTC).year <= LAST_YEAR


@lru_cache(maxsize=65536)
def format_instant(value: datetime, tz: tzinfo) -> str:
    """ISO 8601 with the team zone's offset, seconds precision: ``2026-12-01T08:00:00+08:00``."""
    return value.astimezone(tz).isoformat(timespec="seconds")


def local(value: datetime, tz: tzinfo) -> datetime:
    return value.astimezone(tz)


def local_date(value: datetime, tz: tzinfo) -> date:
    return value.astimezone(tz).date()


def now_utc() -> datetime:
    return datetime.now(UTC)


def today(tz: tzinfo) -> date:
    return datetime.now(tz).date()


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
