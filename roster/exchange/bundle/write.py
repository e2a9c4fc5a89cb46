"""Writing a bundle: model objects into the documents ``shared/spec/bundle.md`` describes."""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import Any

from roster.domain.model import (
    Assignment,
    Bundle,
    Checkpoint,
    LogEntry,
    Member,
    Rules,
    ShiftTemplate,
    Team,
)
from roster.domain.timeutil import format_instant
from roster.exchange.bundle.fields import FORMAT, VERSION
from roster.exchange.bundle.plans import change_to_doc, crew_to_doc, rotation_to_doc, wish_to_doc

# --- model → document ------------------------------------------------------------------------


def _num(value: float) -> float | int:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def team_to_doc(team: Team) -> dict[str, Any]:
    return {"id": team.id, "name": team.name, "village": team.village,
            "township": team.township, "timezone": team.timezone,
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
        "max_consecutive_days": rules.max_consecutive_days,
        "days_off_after_nights": rules.days_off_after_nights,
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
        "only_checkpoints": None if m.only_checkpoints is None else list(m.only_checkpoints),
        "wishes": [wish_to_doc(w, tz) for w in m.wishes],
        **m.extra,
    }


def template_to_doc(t: ShiftTemplate) -> dict[str, Any]:
    return {"start": str(t.start), "end": str(t.end), "need": t.need,
            "need_tags": dict(t.need_tags), "night": t.night, "standby": t.standby,
            "weekdays": None if t.weekdays is None else list(t.weekdays),
            "rotation": rotation_to_doc(t.rotation), **t.extra}


def checkpoint_to_doc(c: Checkpoint) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "location": c.location,
        "from": c.open_from.isoformat() if c.open_from else None,
        "to": c.open_to.isoformat() if c.open_to else None,
        "shifts": [template_to_doc(t) for t in c.shifts],
        "changes": [change_to_doc(ch) for ch in c.changes],
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


def to_doc(bundle: Bundle, exported_at: datetime | None = None) -> dict[str, Any]:
    """The bundle document; assignments in time order so diffs of two exports stay small.

    ``exported_at`` (when the file is being written) is given by an export; the store's
    own copy has none."""
    tz = bundle.tz
    stamp = {} if exported_at is None else {"exported_at": format_instant(exported_at, tz)}
    return {
        "format": FORMAT,
        "version": VERSION,
        **stamp,
        "team": team_to_doc(bundle.team),
        "rules": rules_to_doc(bundle.rules),
        "members": [member_to_doc(m, tz) for m in bundle.members],
        "checkpoints": [checkpoint_to_doc(c) for c in bundle.checkpoints],
        "crews": [crew_to_doc(c) for c in bundle.crews],
        "assignments": [assignment_to_doc(a, tz)
                        for a in sorted(bundle.assignments, key=assignment_sort_key)],
        "logs": [log_to_doc(e, tz) for e in bundle.logs],
        **bundle.extra,
    }


def dumps(bundle: Bundle, exported_at: datetime | None = None) -> str:
    return json.dumps(to_doc(bundle, exported_at), ensure_ascii=False, indent=2) + "\n"
