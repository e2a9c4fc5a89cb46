"""Reading a bundle: documents into model objects, collecting every problem with its place."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path
from typing import Any, TypeVar, cast

from roster.domain.errors import BundleError, Problem
from roster.domain.messages import msg
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
    team_id_from_name,
)
from roster.domain.timeutil import TimeError, parse_instant, zone
from roster.domain.validate import validate
from roster.exchange.bundle.fields import (
    _ASSIGNMENT_KEYS,
    _CHECKPOINT_KEYS,
    _LEAVE_KEYS,
    _LOG_KEYS,
    _MEMBER_KEYS,
    _RULE_KEYS,
    _TEAM_KEYS,
    _TEMPLATE_KEYS,
    _TOP_KEYS,
    FORMAT,
    VERSION,
    _bool,
    _dates,
    _end_time,
    _extra,
    _int,
    _kind,
    _nonempty_text,
    _number,
    _opt_bool,
    _opt_date,
    _opt_ids,
    _opt_int,
    _opt_number,
    _opt_text,
    _opt_weekdays,
    _Reader,
    _tag_counts,
    _tags,
    _text,
    _time,
    _window,
    short,
)
from roster.exchange.bundle.jsonfile import load_json_file
from roster.exchange.bundle.plans import read_changes, read_crew, read_rotation, read_wishes

# --- records: document → model ---------------------------------------------------------------


def _read_team(r: _Reader, doc: dict[str, Any]) -> Team:
    name = r.field(doc, "name", "team", _nonempty_text) or ""
    return Team(
        name=name,
        village=r.field(doc, "village", "team", _text, default=""),
        timezone=r.field(doc, "timezone", "team", _text, default="Asia/Shanghai"),
        lead=r.field(doc, "lead", "team", _opt_text, default=None),
        # A version 1 file has no id: it is made from the name, the same for every file
        # of that team, and kept from then on (the store writes it).
        id=r.field(doc, "id", "team", _team_id, default=None) or team_id_from_name(name),
        township=r.field(doc, "township", "team", _text, default=""),
        extra=_extra(doc, _TEAM_KEYS),
    )


def _team_id(value: Any) -> str:
    text = _nonempty_text(value)
    if len(text) > 100 or any(not ch.isprintable() for ch in text):
        raise ValueError(msg("must be at most 100 printable characters"))
    return text


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
        max_consecutive_days=r.field(doc, "max_consecutive_days", "rules", _opt_int,
                                     d.max_consecutive_days),
        days_off_after_nights=r.field(doc, "days_off_after_nights", "rules", _int,
                                      d.days_off_after_nights),
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
        only_checkpoints=r.field(doc, "only_checkpoints", where, _opt_ids, None),
        wishes=read_wishes(r, doc, where),
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
            weekdays=r.field(t, "weekdays", at, _opt_weekdays, None),
            rotation=read_rotation(r, t, at),
            extra=_extra(t, _TEMPLATE_KEYS),
        ))
    return Checkpoint(
        id=r.field(doc, "id", where, _nonempty_text) or "",
        name=r.field(doc, "name", where, _nonempty_text) or "",
        location=r.field(doc, "location", where, _text, ""),
        open_from=r.field(doc, "from", where, _opt_date, None),
        open_to=r.field(doc, "to", where, _opt_date, None),
        shifts=tuple(templates),
        changes=read_changes(r, doc, where),
        extra=_extra(doc, _CHECKPOINT_KEYS),
    )


def _role(value: Any) -> str:
    if value not in ROLES:
        raise ValueError(msg("must be one of {choices}, got {value!r}", choices=list(ROLES),
                             value=short(value)))
    return cast(str, value)


def _log_kind(value: Any) -> str:
    if value not in LOG_KINDS:
        raise ValueError(msg("must be one of {choices}, got {value!r}", choices=list(LOG_KINDS),
                             value=short(value)))
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


def _plain_head(ident: Any, at: Any, recorded: Any, checkpoint: Any, kind: Any) -> bool:
    return (type(ident) is str and bool(ident) and type(at) is str and type(recorded) is str
            and type(checkpoint) is str and bool(checkpoint) and kind in LOG_KINDS)


def _plain_tail(member: Any, category: Any, count: Any, text: Any, corrects: Any) -> bool:
    return ((member is None or type(member) is str) and type(category) is str
            and (count is None or type(count) is int) and type(text) is str
            and (corrects is None or type(corrects) is str))


def _quick_log(r: _Reader, doc: dict[str, Any]) -> LogEntry | None:
    """A well-formed entry read straight through (a year of a desk's log is ~70,000)."""
    get = doc.get
    ident, at, recorded, checkpoint, kind = (get("id"), get("at"), get("recorded_at", get("at")),
                                             get("checkpoint"), get("kind"))
    member, category, count, text, corrects = (get("member"), get("category", ""),
                                               get("count"), get("text", ""), get("corrects"))
    if not (_plain_head(ident, at, recorded, checkpoint, kind)
            and _plain_tail(member, category, count, text, corrects)):
        return None
    try:
        # The checks above are what the casts stand on.
        return LogEntry(cast(str, ident), parse_instant(at, r.tz), parse_instant(recorded, r.tz),
                        cast(str, checkpoint), cast(Any, kind), member, category, count, text,
                        corrects, _extra(doc, _LOG_KEYS))
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
            r.bad(f"logs[{i}] ({e.id}).id", msg("duplicate log id {id!r}", id=e.id))
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
        return zone("Asia/Shanghai"), [Problem("team.timezone",
                                               exc.args[0] if exc.args else str(exc))]


R = TypeVar("R")


def _refuse_envelope(doc: Any) -> Problem | None:
    """Why ``doc`` is no bundle this program reads (not an object, format, version)."""
    if not isinstance(doc, dict):
        return Problem("", msg("expected a JSON object at the top, got {kind}", kind=_kind(doc)))
    if doc.get("format") != FORMAT:
        return Problem("format",
                       msg("expected \"{format}\", got {value!r} (this is not a checkpoint-roster "
                           "bundle)",
                           format=FORMAT, value=doc.get('format')))
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        return Problem("version", msg("expected a whole number, got {version!r}",
                                      version=short(version)))
    if version > VERSION:
        return Problem("version",
                       msg("version {version} is newer than this program reads (up to {newest}); "
                           "update checkpoint-roster",
                           version=short(version), newest=VERSION))
    if version < 1:
        return Problem("version", msg("unknown version {version}", version=short(version)))
    return None


def _records(r: _Reader, doc: dict[str, Any], key: str,
             read: Callable[[_Reader, dict[str, Any], str], R | None]) -> list[R]:
    """Every readable record of the list ``doc[key]`` (problems go to ``r``)."""
    return [x for at, item in r.items(doc, key, "")
            if (d := r.obj(item, at)) is not None and (x := read(r, d, at)) is not None]


def parse_bundle(doc: Any) -> tuple[Bundle | None, list[Problem]]:
    """A document → a valid Bundle, or None with every problem found."""
    refused = _refuse_envelope(doc)
    if refused is not None:
        return None, [refused]
    tz, problems = read_timezone(doc.get("team"))
    r = _Reader(tz)
    r.problems.extend(problems)
    team_doc = r.obj(doc.get("team"), "team") if "team" in doc else None
    if "team" not in doc:
        r.bad("team", msg("is required"))
    team = _read_team(r, team_doc) if team_doc is not None else Team(name="")
    rules_doc = r.obj(doc.get("rules", {}), "rules")
    rules = read_rules(r, rules_doc) if rules_doc is not None else Rules()

    members = _records(r, doc, "members", read_member)
    checkpoints = _records(r, doc, "checkpoints", read_checkpoint)
    assignments = _records(r, doc, "assignments", read_assignment)
    logs = _records(r, doc, "logs", read_log)
    crews = _records(r, doc, "crews", read_crew)

    exported_at = r.field(doc, "exported_at", "", r.instant, default=None)

    bundle = Bundle(team=team, rules=rules, members=tuple(members),
                    checkpoints=tuple(checkpoints), assignments=tuple(assignments),
                    logs=tuple(logs), crews=tuple(crews), extra=_extra(doc, _TOP_KEYS),
                    exported_at=exported_at)
    problems = validate(bundle)
    if r.problems:
        # A record whose fields could not be read holds stand-in values; checks across
        # records would only repeat its problems with less detail, so they are left out.
        # A whole part that could not be read (``members`` an object) leaves every check
        # across records a follow-on (a lead "not a member"): only the first causes stay.
        if any(p.where in _PARTS for p in r.problems):
            return None, r.problems
        faulty = {_record(p.where) for p in r.problems}
        problems = r.problems + [p for p in problems if _record(p.where) not in faulty]
    return (None, problems) if problems else (bundle, [])


#: The parts of a bundle that hold records.
_PARTS = frozenset({"team", "rules", "members", "checkpoints", "assignments", "logs"})


def _record(where: str) -> str:
    """``members[3] (m04).unavailable[0]`` → ``members[3]``: the record a problem is in."""
    return re.sub(r" \([^)]*\)", "", where).split(".")[0]


def read_bundle(doc: Any, source: str) -> Bundle:
    bundle, problems = parse_bundle(doc)
    if bundle is None:
        raise BundleError(source, problems)
    return bundle


def load_bundle_file(path: Path) -> Bundle:
    return read_bundle(load_json_file(path), str(path))
