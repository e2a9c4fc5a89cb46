"""The bundle: the one JSON document a team is handed on in (``shared/spec/bundle.md``).

This module is the single converter between JSON-shaped documents and model objects,
used by ``import``/``export --format json`` and by the store (which keeps its records in
the same shapes). Reading collects *every* problem with the record and field at fault
instead of stopping at the first, so a team lead can fix a file in one pass. Keys we do
not know are kept in each record's ``extra`` and written back out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import date, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, cast

from roster.domain.errors import BundleError, Problem
from roster.domain.model import (
    LOG_KINDS,
    ROLES,
    Assignment,
    Bundle,
    Checkpoint,
    Leave,
    LogEntry,
    Member,
    Rules,
    ShiftTemplate,
    Team,
)
from roster.domain.timeutil import (
    TimeError,
    TimeOfDay,
    format_instant,
    parse_date,
    parse_instant,
    parse_time_of_day,
    zone,
)
from roster.domain.validate import validate

FORMAT = "checkpoint-roster"
VERSION = 1

T = TypeVar("T")

_TEAM_KEYS = ("name", "village", "timezone", "lead")
_RULE_KEYS = (
    "min_rest_hours",
    "max_shifts_per_day",
    "max_consecutive_nights",
    "max_hours_per_week",
    "night_window",
    "holidays",
    "late_grace_minutes",
)
_MEMBER_KEYS = ("id", "name", "phone", "unit", "tags", "no_nights", "max_hours_per_week",
                "unavailable")
_LEAVE_KEYS = ("from", "to", "reason")
_CHECKPOINT_KEYS = ("id", "name", "location", "from", "to", "shifts")
_TEMPLATE_KEYS = ("start", "end", "need", "need_tags", "night", "standby")
_ASSIGNMENT_KEYS = ("checkpoint", "start", "end", "member", "locked", "role")
_LOG_KEYS = ("id", "at", "recorded_at", "checkpoint", "member", "kind", "category", "count",
             "text", "corrects")
_TOP_KEYS = ("format", "version", "team", "rules", "members", "checkpoints", "assignments",
             "logs")

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

    def bad(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def obj(self, value: Any, where: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.bad(where, f"expected an object, got {_kind(value)}")
            return None
        return value

    def field(self, doc: dict[str, Any], key: str, where: str, conv: Callable[[Any], T],
              default: Any = _MISSING) -> T:
        value = doc.get(key, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                self.bad(f"{where}.{key}", "is required")
            return cast(T, None if default is _MISSING else default)
        try:
            return conv(value)
        except (TimeError, ValueError, TypeError) as exc:
            self.bad(f"{where}.{key}", str(exc))
            return cast(T, None if default is _MISSING else default)

    def items(self, doc: dict[str, Any], key: str, where: str,
              required: bool = False) -> list[tuple[str, Any]]:
        value = doc.get(key, _MISSING)
        if value is _MISSING or (value is None and not required):
            if required:
                self.bad(f"{where}.{key}", "is required")
            return []
        if not isinstance(value, list):
            self.bad(f"{where}.{key}", f"expected a list, got {_kind(value)}")
            return []
        prefix = f"{where}.{key}" if where else key
        return [(f"{prefix}[{i}]", item) for i, item in enumerate(value)]

    def instant(self, value: Any) -> Any:
        return parse_instant(value, self.tz)


# --- typed converters (raise ValueError/TypeError/TimeError with a message) ------------------


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: "text",
            list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {_kind(value)}")
    return value


def _nonempty_text(value: Any) -> str:
    text = _text(value)
    if not text.strip():
        raise ValueError("must not be empty")
    return text


def _opt_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {_kind(value)}")
    return value


def _opt_bool(value: Any) -> bool | None:
    return None if value is None else _bool(value)


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise TypeError(f"expected a whole number, got {_kind(value)} {value!r}")
    return value


def _opt_int(value: Any) -> int | None:
    return None if value is None else _int(value)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {_kind(value)} {value!r}")
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("must be a finite number")
    return value


def _opt_number(value: Any) -> float | None:
    return None if value is None else _number(value)


def _tags(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(t, str) and t for t in value):
        raise TypeError("expected a list of tag names")
    return tuple(dict.fromkeys(value))


def _tag_counts(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object tag → number, got {_kind(value)}")
    out: dict[str, int] = {}
    for tag, n in value.items():
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"need for tag {tag!r} must be a whole number ≥ 0, got {n!r}")
        out[tag] = n
    return out


def _window(value: Any) -> tuple[TimeOfDay, TimeOfDay]:
    if not isinstance(value, list) or len(value) != 2:
        raise TypeError("expected [\"HH:MM\", \"HH:MM\"]")
    return (parse_time_of_day(value[0]), parse_time_of_day(value[1], allow_24=True))


def _dates(value: Any) -> tuple[date, ...]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list of dates, got {_kind(value)}")
    return tuple(sorted({parse_date(v) for v in value}))


def _opt_date(value: Any) -> date | None:
    return None if value is None else parse_date(value)


def _time(value: Any) -> TimeOfDay:
    return parse_time_of_day(value)


def _end_time(value: Any) -> TimeOfDay:
    return parse_time_of_day(value, allow_24=True)


# --- records: document → model ---------------------------------------------------------------


def _read_team(r: _Reader, doc: dict[str, Any]) -> Team:
    return Team(
        name=r.field(doc, "name", "team", _nonempty_text) or "",
        village=r.field(doc, "village", "team", _text, default=""),
        timezone=r.field(doc, "timezone", "team", _text, default="Asia/Shanghai"),
        lead=r.field(doc, "lead", "team", _opt_text, default=None),
        extra=_extra(doc, _TEAM_KEYS),
    )


def read_rules(r: _Reader, doc: dict[str, Any]) -> Rules:
    d = Rules()
    return Rules(
        min_rest_hours=r.field(doc, "min_rest_hours", "rules", _number, d.min_rest_hours),
        max_shifts_per_day=r.field(doc, "max_shifts_per_day", "rules", _int,
                                   d.max_shifts_per_day),
        max_consecutive_nights=r.field(doc, "max_consecutive_nights", "rules", _int,
                                       d.max_consecutive_nights),
        max_hours_per_week=r.field(doc, "max_hours_per_week", "rules", _number,
                                   d.max_hours_per_week),
        night_window=r.field(doc, "night_window", "rules", _window, d.night_window),
        holidays=r.field(doc, "holidays", "rules", _dates, d.holidays),
        late_grace_minutes=r.field(doc, "late_grace_minutes", "rules", _int,
                                   d.late_grace_minutes),
        extra=_extra(doc, _RULE_KEYS),
    )


def read_member(r: _Reader, doc: dict[str, Any], where: str) -> Member:
    spans: list[Leave] = []
    for at, item in r.items(doc, "unavailable", where):
        span = r.obj(item, at)
        if span is None:
            continue
        start = r.field(span, "from", at, r.instant)
        end = r.field(span, "to", at, r.instant)
        if start is None or end is None:
            continue
        spans.append(Leave(start, end, r.field(span, "reason", at, _text, ""),
                           _extra(span, _LEAVE_KEYS)))
    return Member(
        id=r.field(doc, "id", where, _nonempty_text) or "",
        name=r.field(doc, "name", where, _nonempty_text) or "",
        phone=r.field(doc, "phone", where, _text, ""),
        unit=r.field(doc, "unit", where, _text, ""),
        tags=r.field(doc, "tags", where, _tags, ()),
        no_nights=r.field(doc, "no_nights", where, _bool, False),
        max_hours_per_week=r.field(doc, "max_hours_per_week", where, _opt_number, None),
        unavailable=tuple(spans),
        extra=_extra(doc, _MEMBER_KEYS),
    )


def read_checkpoint(r: _Reader, doc: dict[str, Any], where: str) -> Checkpoint:
    templates: list[ShiftTemplate] = []
    for at, item in r.items(doc, "shifts", where, required=True):
        t = r.obj(item, at)
        if t is None:
            continue
        start = r.field(t, "start", at, _time)
        end = r.field(t, "end", at, _end_time)
        if start is None or end is None:
            continue
        templates.append(ShiftTemplate(
            start=start,
            end=end,
            need=r.field(t, "need", at, _int, 1),
            need_tags=r.field(t, "need_tags", at, _tag_counts, {}),
            night=r.field(t, "night", at, _opt_bool, None),
            standby=r.field(t, "standby", at, _int, 0),
            extra=_extra(t, _TEMPLATE_KEYS),
        ))
    return Checkpoint(
        id=r.field(doc, "id", where, _nonempty_text) or "",
        name=r.field(doc, "name", where, _nonempty_text) or "",
        location=r.field(doc, "location", where, _text, ""),
        open_from=r.field(doc, "from", where, _opt_date, None),
        open_to=r.field(doc, "to", where, _opt_date, None),
        shifts=tuple(templates),
        extra=_extra(doc, _CHECKPOINT_KEYS),
    )


def _role(value: Any) -> str:
    if value not in ROLES:
        raise ValueError(f"must be one of {', '.join(ROLES)}, got {value!r}")
    return cast(str, value)


def _log_kind(value: Any) -> str:
    if value not in LOG_KINDS:
        raise ValueError(f"must be one of {', '.join(LOG_KINDS)}, got {value!r}")
    return cast(str, value)


def read_assignment(r: _Reader, doc: dict[str, Any], where: str) -> Assignment | None:
    # A month of a county's roster is tens of thousands of these: take the well-formed ones
    # straight through, and fall back to the field-by-field reader for anything unusual.
    checkpoint, start, end, member = (doc.get("checkpoint"), doc.get("start"), doc.get("end"),
                                      doc.get("member"))
    locked, role = doc.get("locked", False), doc.get("role", "duty")
    if (type(checkpoint) is str and checkpoint and type(member) is str and member
            and type(start) is str and type(end) is str and type(locked) is bool
            and role in ROLES and len(doc) == 4 + ("locked" in doc) + ("role" in doc)):
        try:
            return Assignment(checkpoint, parse_instant(start, r.tz), parse_instant(end, r.tz),
                              member, locked, role)
        except TimeError:
            pass
    before = len(r.problems)
    a = Assignment(
        checkpoint=r.field(doc, "checkpoint", where, _nonempty_text),
        start=r.field(doc, "start", where, r.instant),
        end=r.field(doc, "end", where, r.instant),
        member=r.field(doc, "member", where, _nonempty_text),
        locked=r.field(doc, "locked", where, _bool, False),
        role=cast(Any, r.field(doc, "role", where, _role, "duty")),
        extra=_extra(doc, _ASSIGNMENT_KEYS),
    )
    return a if len(r.problems) == before else None


def _quick_log(r: _Reader, doc: dict[str, Any]) -> LogEntry | None:
    """A well-formed entry read straight through (a year of a desk's log is ~70,000)."""
    get = doc.get
    ident, at, recorded, checkpoint, kind = (get("id"), get("at"), get("recorded_at", get("at")),
                                             get("checkpoint"), get("kind"))
    member, category, count, text, corrects = (get("member"), get("category", ""),
                                               get("count"), get("text", ""), get("corrects"))
    if not (type(ident) is str and ident and type(at) is str and type(recorded) is str
            and type(checkpoint) is str and checkpoint and kind in LOG_KINDS
            and (member is None or type(member) is str) and type(category) is str
            and (count is None or type(count) is int) and type(text) is str
            and (corrects is None or type(corrects) is str)):
        return None
    try:
        return LogEntry(ident, parse_instant(at, r.tz), parse_instant(recorded, r.tz),
                        checkpoint, kind, member, category, count, text, corrects,
                        _extra(doc, _LOG_KEYS))
    except TimeError:
        return None


def read_log(r: _Reader, doc: dict[str, Any], where: str) -> LogEntry | None:
    quick = _quick_log(r, doc)
    if quick is not None:
        return quick
    before = len(r.problems)
    at = r.field(doc, "at", where, r.instant)
    entry = LogEntry(
        id=r.field(doc, "id", where, _nonempty_text),
        at=at,
        recorded_at=r.field(doc, "recorded_at", where, r.instant, at),
        checkpoint=r.field(doc, "checkpoint", where, _nonempty_text),
        member=r.field(doc, "member", where, _opt_text, None),
        kind=cast(Any, r.field(doc, "kind", where, _log_kind)),
        category=r.field(doc, "category", where, _text, ""),
        count=r.field(doc, "count", where, _opt_int, None),
        text=r.field(doc, "text", where, _text, ""),
        corrects=r.field(doc, "corrects", where, _opt_text, None),
        extra=_extra(doc, _LOG_KEYS),
    )
    return entry if len(r.problems) == before else None


def read_logs(docs: Any, tz: tzinfo) -> tuple[list[LogEntry], list[Problem]]:
    """Duty-log records on their own (the store keeps them outside the roster file)."""
    r = _Reader(tz)
    entries = [e for at, item in r.items({"logs": docs}, "logs", "")
               if (d := r.obj(item, at)) is not None and (e := read_log(r, d, at)) is not None]
    ids: set[str] = set()
    for i, e in enumerate(entries):
        if e.id in ids:
            r.bad(f"logs[{i}] ({e.id}).id", f"duplicate log id {e.id!r}")
        ids.add(e.id)
    return entries, r.problems


def read_timezone(team_doc: Any) -> tuple[tzinfo, list[Problem]]:
    """The team's zone, read first because every instant and date depends on it."""
    name = team_doc.get("timezone", "Asia/Shanghai") if isinstance(team_doc, dict) else None
    if name is None:
        name = "Asia/Shanghai"
    try:
        return zone(name), []
    except TimeError as exc:
        return zone("Asia/Shanghai"), [Problem("team.timezone", str(exc))]


def parse_bundle(doc: Any) -> tuple[Bundle | None, list[Problem]]:
    """A document → a valid Bundle, or None with every problem found."""
    if not isinstance(doc, dict):
        return None, [Problem("", f"expected a JSON object at the top, got {_kind(doc)}")]
    if doc.get("format") != FORMAT:
        return None, [Problem("format", f"expected \"{FORMAT}\", got {doc.get('format')!r}"
                              " (this is not a checkpoint-roster bundle)")]
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        return None, [Problem("version", f"expected a whole number, got {version!r}")]
    if version > VERSION:
        return None, [Problem("version", f"version {version} is newer than this program reads "
                              f"(up to {VERSION}); update checkpoint-roster")]
    if version < 1:
        return None, [Problem("version", f"unknown version {version}")]

    tz, problems = read_timezone(doc.get("team"))
    r = _Reader(tz)
    r.problems.extend(problems)
    team_doc = r.obj(doc.get("team"), "team") if "team" in doc else None
    if "team" not in doc:
        r.bad("team", "is required")
    team = _read_team(r, team_doc) if team_doc is not None else Team(name="")
    rules_doc = r.obj(doc.get("rules", {}), "rules")
    rules = read_rules(r, rules_doc) if rules_doc is not None else Rules()

    members = [read_member(r, d, at) for at, item in r.items(doc, "members", "")
               if (d := r.obj(item, at)) is not None]
    checkpoints = [read_checkpoint(r, d, at) for at, item in r.items(doc, "checkpoints", "")
                   if (d := r.obj(item, at)) is not None]
    assignments = [a for at, item in r.items(doc, "assignments", "")
                   if (d := r.obj(item, at)) is not None
                   and (a := read_assignment(r, d, at)) is not None]
    logs = [e for at, item in r.items(doc, "logs", "")
            if (d := r.obj(item, at)) is not None and (e := read_log(r, d, at)) is not None]

    bundle = Bundle(team=team, rules=rules, members=tuple(members),
                    checkpoints=tuple(checkpoints), assignments=tuple(assignments),
                    logs=tuple(logs), extra=_extra(doc, _TOP_KEYS))
    problems = validate(bundle)
    if r.problems:
        # A record whose fields could not be read holds stand-in values; checks across
        # records would only repeat its problems with less detail, so they are left out.
        faulty = {_record(p.where) for p in r.problems}
        problems = r.problems + [p for p in problems if _record(p.where) not in faulty]
    return (None, problems) if problems else (bundle, [])


def _record(where: str) -> str:
    """``members[3] (m04).unavailable[0]`` → ``members[3]``: the record a problem is in."""
    return re.sub(r" \([^)]*\)", "", where).split(".")[0]


def read_bundle(doc: Any, source: str) -> Bundle:
    bundle, problems = parse_bundle(doc)
    if bundle is None:
        raise BundleError(source, problems)
    return bundle


def load_json_file(path: Path) -> Any:
    """Parse a JSON file; a missing, unreadable or malformed file is a one-line BundleError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BundleError(str(path), [Problem("", "no such file")]) from None
    except IsADirectoryError:
        raise BundleError(str(path), [Problem("", "is a folder, not a file")]) from None
    except OSError as exc:
        raise BundleError(str(path), [Problem("", f"cannot be read ({exc.strerror})")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BundleError(str(path), [Problem("", f"is not UTF-8 text (byte {exc.start})")]) \
            from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BundleError(str(path), [Problem(f"line {exc.lineno} column {exc.colno}",
                                              f"malformed JSON ({exc.msg})")]) from None


def load_bundle_file(path: Path) -> Bundle:
    return read_bundle(load_json_file(path), str(path))


# --- model → document ------------------------------------------------------------------------


def _num(value: float) -> float | int:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def team_to_doc(team: Team) -> dict[str, Any]:
    return {"name": team.name, "village": team.village, "timezone": team.timezone,
            "lead": team.lead, **team.extra}


def rules_to_doc(rules: Rules) -> dict[str, Any]:
    return {
        "min_rest_hours": _num(rules.min_rest_hours),
        "max_shifts_per_day": rules.max_shifts_per_day,
        "max_consecutive_nights": rules.max_consecutive_nights,
        "max_hours_per_week": _num(rules.max_hours_per_week),
        "night_window": [str(rules.night_window[0]), str(rules.night_window[1])],
        "holidays": [d.isoformat() for d in rules.holidays],
        "late_grace_minutes": rules.late_grace_minutes,
        **rules.extra,
    }


def member_to_doc(m: Member, tz: tzinfo) -> dict[str, Any]:
    return {
        "id": m.id,
        "name": m.name,
        "phone": m.phone,
        "unit": m.unit,
        "tags": list(m.tags),
        "no_nights": m.no_nights,
        "max_hours_per_week": None if m.max_hours_per_week is None
        else _num(m.max_hours_per_week),
        "unavailable": [{"from": format_instant(s.start, tz), "to": format_instant(s.end, tz),
                         "reason": s.reason, **s.extra} for s in m.unavailable],
        **m.extra,
    }


def template_to_doc(t: ShiftTemplate) -> dict[str, Any]:
    return {"start": str(t.start), "end": str(t.end), "need": t.need,
            "need_tags": dict(t.need_tags), "night": t.night, "standby": t.standby, **t.extra}


def checkpoint_to_doc(c: Checkpoint) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "location": c.location,
        "from": c.open_from.isoformat() if c.open_from else None,
        "to": c.open_to.isoformat() if c.open_to else None,
        "shifts": [template_to_doc(t) for t in c.shifts],
        **c.extra,
    }


def assignment_to_doc(a: Assignment, tz: tzinfo) -> dict[str, Any]:
    return {"checkpoint": a.checkpoint, "start": format_instant(a.start, tz),
            "end": format_instant(a.end, tz), "member": a.member, "locked": a.locked,
            "role": a.role, **a.extra}


def log_to_doc(e: LogEntry, tz: tzinfo) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": e.id,
        "at": format_instant(e.at, tz),
        "recorded_at": format_instant(e.recorded_at, tz),
        "checkpoint": e.checkpoint,
        "member": e.member,
        "kind": e.kind,
        "category": e.category,
        "count": e.count,
        "text": e.text,
    }
    if e.corrects is not None:
        doc["corrects"] = e.corrects
    doc.update(e.extra)
    return doc


def assignment_sort_key(a: Assignment) -> tuple[Any, ...]:
    return (a.start, a.checkpoint, a.end, a.role, a.member)


def to_doc(bundle: Bundle) -> dict[str, Any]:
    """The bundle document; assignments in time order so diffs of two exports stay small."""
    tz = bundle.tz
    return {
        "format": FORMAT,
        "version": VERSION,
        "team": team_to_doc(bundle.team),
        "rules": rules_to_doc(bundle.rules),
        "members": [member_to_doc(m, tz) for m in bundle.members],
        "checkpoints": [checkpoint_to_doc(c) for c in bundle.checkpoints],
        "assignments": [assignment_to_doc(a, tz)
                        for a in sorted(bundle.assignments, key=assignment_sort_key)],
        "logs": [log_to_doc(e, tz) for e in bundle.logs],
        **bundle.extra,
    }


def dumps(bundle: Bundle) -> str:
    return json.dumps(to_doc(bundle), ensure_ascii=False, indent=2) + "\n"
