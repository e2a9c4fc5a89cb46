"""The sizes and years a record may hold: the one rule the bundle reader and every writer share.

The reader (:mod:`roster.exchange.bundle`) refuses a name over :data:`MAX_NAME_CHARS`, a
text over :data:`MAX_TEXT_CHARS`, a lone surrogate and an instant outside the years
(:func:`roster.domain.timeutil.in_years`). A value a command or a form could write but the
reader then refused would lock the data folder for good (every later load, undo and
restore fails on it), so :func:`bounds` checks model objects against the same limits and
:func:`roster.domain.validate.validate` (which the store and every edit run before a
write) reports them, each naming the record and field at fault.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from roster.domain.errors import Problem
from roster.domain.messages import Message, msg
from roster.domain.model import Bundle, LogEntry, Member
from roster.domain.text import is_clean_utf8
from roster.domain.timeutil import FIRST_YEAR, LAST_YEAR, in_years

#: The longest text a record may hold (a note, a handover); a name or an id is shorter.
MAX_TEXT_CHARS = 10_000
MAX_NAME_CHARS = 200

_NAME, _TEXT = MAX_NAME_CHARS, MAX_TEXT_CHARS

#: One field to check: its place, its value, its longest length.
_Field = tuple[str, str | None, int]


def text_problem(value: str, most: int = MAX_TEXT_CHARS) -> Message | None:
    """Why the reader would refuse ``value`` as a text of at most ``most`` characters."""
    if len(value) > most:
        return msg("is longer than {most} characters", most=most)
    if not is_clean_utf8(value):
        return msg("is not valid text (it holds a lone UTF-16 surrogate, such as \\ud800)")
    return None


def _texts(fields: Iterable[_Field]) -> Iterator[Problem]:
    for where, value, most in fields:
        if value is not None and (problem := text_problem(value, most)) is not None:
            yield Problem(where, problem)


def _years(where: str, *values: datetime | None) -> Iterator[Problem]:
    for value in values:
        if value is not None and not in_years(value):
            yield Problem(where, msg("is outside the years {first}–{last}", first=FIRST_YEAR,
                                     last=LAST_YEAR))
            return


def _at(kind: str, index: int, ident: str) -> str:
    return f"{kind}[{index}] ({ident})" if ident else f"{kind}[{index}]"


def _member(m: Member, where: str) -> Iterator[Problem]:
    yield from _texts(((f"{where}.id", m.id, _NAME), (f"{where}.name", m.name, _NAME),
                       (f"{where}.phone", m.phone, _TEXT), (f"{where}.unit", m.unit, _TEXT)))
    yield from _texts((f"{where}.tags", t, _NAME) for t in m.tags)
    yield from _texts((f"{where}.only_checkpoints", c, _NAME)
                      for c in m.only_checkpoints or ())
    for i, span in enumerate(m.unavailable):
        yield from _texts(((f"{where}.unavailable[{i}].reason", span.reason, _TEXT),))
        yield from _years(f"{where}.unavailable[{i}]", span.start, span.end)
    for i, wish in enumerate(m.wishes):
        yield from _texts(((f"{where}.wishes[{i}].reason", wish.reason, _TEXT),))
        yield from _years(f"{where}.wishes[{i}]", wish.start, wish.end)


def _records(bundle: Bundle) -> Iterator[Problem]:
    team = bundle.team
    yield from _texts((("team.name", team.name, _NAME), ("team.village", team.village, _TEXT),
                       ("team.township", team.township, _TEXT), ("team.lead", team.lead, _TEXT),
                       ("team.timezone", team.timezone, _TEXT)))
    for i, m in enumerate(bundle.members):
        yield from _member(m, _at("members", i, m.id))
    for i, c in enumerate(bundle.checkpoints):
        where = _at("checkpoints", i, c.id)
        yield from _texts(((f"{where}.id", c.id, _NAME), (f"{where}.name", c.name, _NAME),
                           (f"{where}.location", c.location, _TEXT)))
        yield from _texts((f"{where}.changes[{j}].reason", ch.reason, _TEXT)
                          for j, ch in enumerate(c.changes))
    for i, crew in enumerate(bundle.crews):
        where = _at("crews", i, crew.id)
        yield from _texts(((f"{where}.id", crew.id, _NAME), (f"{where}.name", crew.name, _TEXT)))


_FIRST = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
_PAST_LAST = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)


def _assignments(bundle: Bundle) -> Iterator[Problem]:
    # A county's month is tens of thousands of these: one pass of comparisons, and the
    # slow, naming pass only when something is wrong.
    if all(_FIRST <= a.start < _PAST_LAST and _FIRST <= a.end < _PAST_LAST
           and len(a.checkpoint) <= _NAME
           and len(a.member) <= _NAME for a in bundle.assignments):
        return
    for i, a in enumerate(bundle.assignments):
        yield from _years(f"assignments[{i}]", a.start, a.end)
        yield from _texts(((f"assignments[{i}].checkpoint", a.checkpoint, _NAME),
                           (f"assignments[{i}].member", a.member, _NAME)))


def _moments(bundle: Bundle) -> Iterator[Problem]:
    yield from _assignments(bundle)
    for i, e in enumerate(bundle.logs):
        yield from entry_bounds(e, _at("logs", i, e.id))
    yield from _years("exported_at", bundle.exported_at)


def entry_bounds(e: LogEntry, where: str = "") -> list[Problem]:
    """What the reader would refuse in one duty-log entry (a note over 10,000 characters,
    an instant outside the years): for a writer that appends entries one at a time."""
    at = f"{where}." if where else ""
    return [*_years(where or "at", e.at, e.recorded_at),
            *_texts(((f"{at}id", e.id, _NAME), (f"{at}checkpoint", e.checkpoint, _NAME),
                     (f"{at}member", e.member, _TEXT), (f"{at}category", e.category, _TEXT),
                     (f"{at}text", e.text, _TEXT), (f"{at}corrects", e.corrects, _TEXT)))]


def bounds(bundle: Bundle) -> list[Problem]:
    """Every value of ``bundle`` the bundle reader would refuse for its length, its text or
    its year, each naming the record and field at fault."""
    return [*_records(bundle), *_moments(bundle)]
