"""Bundle version 2's plans at the edge: wishes, rotations, checkpoint changes and crews,
read from their documents (every problem named by record and key) and written back."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any, cast

from roster.domain.plans import CheckpointChange, Crew, Rotation, Wish
from roster.domain.timeutil import format_instant
from roster.exchange.bundle.fields import (
    _CHANGE_KEYS,
    _CREW_KEYS,
    _ROTATION_KEYS,
    _WISH_KEYS,
    _date,
    _extra,
    _ids,
    _nonempty_text,
    _opt_bool,
    _opt_int,
    _Reader,
    _tag_counts,
    _text,
    _want,
    _weight,
)

# --- document → model ------------------------------------------------------------------------


def read_wishes(r: _Reader, doc: dict[str, Any], where: str) -> tuple[Wish, ...]:
    out: list[Wish] = []
    for at, item in r.items(doc, "wishes", where):
        w = r.obj(item, at)
        if w is None:
            continue
        before = len(r.problems)
        wish = Wish(
            start=r.field(w, "from", at, r.instant),
            end=r.field(w, "to", at, r.instant),
            want=cast(Any, r.field(w, "want", at, _want, "off")),
            weight=r.field(w, "weight", at, _weight, 1),
            reason=r.field(w, "reason", at, _text, ""),
            extra=_extra(w, _WISH_KEYS),
        )
        if len(r.problems) == before:
            out.append(wish)
    return tuple(out)


def read_rotation(r: _Reader, doc: dict[str, Any], where: str) -> Rotation | None:
    value = doc.get("rotation")
    if value is None:
        return None
    at = f"{where}.rotation"
    rot = r.obj(value, at)
    if rot is None:
        return None
    crews = r.field(rot, "crews", at, _ids)
    start = r.field(rot, "from", at, _date)
    if crews is None or start is None:
        return None
    return Rotation(crews=crews, start=start, extra=_extra(rot, _ROTATION_KEYS))


def read_changes(r: _Reader, doc: dict[str, Any], where: str) -> tuple[CheckpointChange, ...]:
    out: list[CheckpointChange] = []
    for at, item in r.items(doc, "changes", where):
        c = r.obj(item, at)
        if c is None:
            continue
        before = len(r.problems)
        change = CheckpointChange(
            start=r.field(c, "from", at, _date),
            end=r.field(c, "to", at, _date),
            template=r.field(c, "template", at, _opt_int, None),
            need=r.field(c, "need", at, _opt_int, None),
            need_tags=r.field(c, "need_tags", at, _opt_tag_counts, None),
            standby=r.field(c, "standby", at, _opt_int, None),
            closed=r.field(c, "closed", at, _opt_bool, None),
            reason=r.field(c, "reason", at, _text, ""),
            extra=_extra(c, _CHANGE_KEYS),
        )
        if len(r.problems) == before:
            out.append(change)
    return tuple(out)


def _opt_tag_counts(value: Any) -> dict[str, int] | None:
    return None if value is None else _tag_counts(value)


def read_crew(r: _Reader, doc: dict[str, Any], where: str) -> Crew | None:
    before = len(r.problems)
    crew = Crew(
        id=r.field(doc, "id", where, _nonempty_text) or "",
        name=r.field(doc, "name", where, _text, ""),
        members=r.field(doc, "members", where, _ids, ()),
        extra=_extra(doc, _CREW_KEYS),
    )
    return crew if len(r.problems) == before else None


# --- model → document ------------------------------------------------------------------------


def wish_to_doc(w: Wish, tz: tzinfo) -> dict[str, Any]:
    return {"from": format_instant(w.start, tz), "to": format_instant(w.end, tz),
            "want": w.want, "weight": w.weight, "reason": w.reason, **w.extra}


def rotation_to_doc(rot: Rotation | None) -> dict[str, Any] | None:
    if rot is None:
        return None
    return {"crews": list(rot.crews), "from": rot.start.isoformat(), **rot.extra}


def change_to_doc(c: CheckpointChange) -> dict[str, Any]:
    doc: dict[str, Any] = {"from": c.start.isoformat(), "to": c.end.isoformat(),
                           "template": c.template}
    if c.need is not None:
        doc["need"] = c.need
    if c.need_tags is not None:
        doc["need_tags"] = dict(c.need_tags)
    if c.standby is not None:
        doc["standby"] = c.standby
    if c.closed is not None:
        doc["closed"] = c.closed
    doc["reason"] = c.reason
    doc.update(c.extra)
    return doc


def crew_to_doc(c: Crew) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "members": list(c.members), **c.extra}
