"""The roster as an iCalendar file: one member's duty calendar, or one checkpoint's.

A cadre imports their own file into the phone's calendar and gets each shift with a
reminder; a checkpoint's file shows who is on each shift. The events carry the team's
time zone (``DTSTART;TZID=Asia/Shanghai`` with its ``VTIMEZONE``), and each event's UID
is built from what identifies the duty itself (member or checkpoint, shift start), never
from its position or the export time: importing an updated roster updates the events
instead of adding copies. ``SEQUENCE`` grows with the export time so calendar programs
that insist on it accept the update.

A shift taken from a member must also leave their calendar, and a calendar program only
removes an event it is told about: the export service remembers each calendar's events
(:func:`calendar_memory`, by :func:`calendar_key`) and hands them back in
:attr:`Selection.calendar_before`; an event whose shift is no longer on the roster is sent
again with ``STATUS:CANCELLED``, its old UID and a higher ``SEQUENCE`` (RFC 5545 3.8.1.11
and 3.8.7.4; ``STATUS:CANCELLED`` is allowed in a ``METHOD:PUBLISH`` file by RFC 5546
3.2.1). A calendar program that honours it drops or strikes the event. khal does not drop
it on import, whatever the file says (not even for ``METHOD:CANCEL``, pimutils/khal#1406):
it keeps the event and lists it as ``CANCELLED 16:00-24:00 …``. For khal and for a program
that ignores ``STATUS`` altogether, the cancellation also says so where every calendar
shows it, in its title (``已取消：…``), frees the time (``TRANSP:TRANSPARENT``) and has
no reminder.

The ``icalendar`` library writes the file: it escapes text, folds long lines at 75
octets as RFC 5545 demands, and builds the ``VTIMEZONE`` from the IANA zone, all of which
are easy to get subtly wrong by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from icalendar import Alarm, Calendar, Event

from roster.domain.model import Bundle, Member
from roster.domain.timeutil import zone
from roster.exchange.exporters.grid import (
    Cell,
    CheckpointGrid,
    Layout,
    build,
    heading,
    label,
)
from roster.exchange.exporters.selection import Selection
from roster.i18n import say

PRODID = "-//checkpoint-roster//roster export//ZH"
UID_DOMAIN = "checkpoint-roster"
#: SEQUENCE counts minutes from here, so a later export of an event has a larger one.
_SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
#: Events that ended longer ago than this are no longer remembered (nor cancelled).
_FORGET_AFTER = timedelta(days=31)


def _utc_stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def member_uid(member_id: str, checkpoint_id: str, start: datetime) -> str:
    """The UID of one member's duty on one shift (stable across exports)."""
    return f"duty-{member_id}-{checkpoint_id}-{_utc_stamp(start)}@{UID_DOMAIN}"


def shift_uid(checkpoint_id: str, start: datetime) -> str:
    """The UID of one shift of a checkpoint (stable across exports)."""
    return f"shift-{checkpoint_id}-{_utc_stamp(start)}@{UID_DOMAIN}"


def render(bundle: Bundle, selection: Selection, lang: str) -> bytes:
    tz = zone(bundle.team.timezone)
    member = bundle.member(selection.member) if selection.member else None
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _calendar_name(bundle, selection, member, lang))
    cal.add("x-wr-timezone", bundle.team.timezone)
    layout, events = _events(bundle, selection, lang)
    for event in events:
        cal.add_component(event)
    for event in _cancelled(bundle, selection, {str(e["uid"]) for e in events}, tz, lang):
        cal.add_component(event)
    _add_zone(cal, layout)
    return bytes(cal.to_ical())


def _sequence(made: datetime | None) -> int:
    return max(0, int((made - _SEQUENCE_EPOCH).total_seconds() // 60)) if made else 0


def _events(bundle: Bundle, selection: Selection, lang: str) -> tuple[Layout, list[Event]]:
    """The calendar's events, in time order."""
    # A member's events name the others on the same shift, so the grid is built for
    # everyone and the member's own shifts are picked from it.
    layout = build(bundle, replace(selection, member=None))
    tz = zone(bundle.team.timezone)
    member = bundle.member(selection.member) if selection.member else None
    made = selection.made_at
    stamp_time = made or (layout.period.start if layout.period else _SEQUENCE_EPOCH)
    out: list[Event] = []
    for grid in layout.grids:
        for cell in sorted(grid.cells.values(), key=lambda c: c.shift.start):
            if cell.is_empty:
                continue
            event = (_member_event(layout, grid, cell, member, lang) if member is not None
                     else _shift_event(layout, grid, cell, lang))
            if event is None:
                continue
            event.add("dtstart", cell.shift.start.astimezone(tz))
            event.add("dtend", cell.shift.end.astimezone(tz))
            event.add("dtstamp", stamp_time.astimezone(UTC))
            if made is not None:
                event.add("last-modified", made.astimezone(UTC))
            event.add("sequence", _sequence_after(selection, str(event["uid"])))
            if grid.checkpoint.location:
                event.add("location", grid.checkpoint.location)
            event.add_component(_alarm(str(event["summary"])))
            out.append(event)
    return layout, out


def _sequence_after(selection: Selection, uid: str) -> int:
    """This export's SEQUENCE for ``uid``: from the export time, above the last one sent."""
    before = (selection.calendar_before or {}).get(uid)
    last = before.get("sequence") if isinstance(before, Mapping) else None
    now = _sequence(selection.made_at)
    return max(now, last + 1) if isinstance(last, int) else now


def _alarm(what: str) -> Alarm:
    """The reminder an hour before the shift (the README promises it for every calendar)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", what)
    alarm.add("trigger", timedelta(hours=-1))
    return alarm


def calendar_key(selection: Selection) -> str | None:
    """Where one calendar's events are remembered between exports (member or checkpoint)."""
    if selection.member is not None:
        return f"ics|member:{selection.member}"
    if selection.checkpoint is not None:
        return f"ics|checkpoint:{selection.checkpoint}"
    return None


def _on_roster(bundle: Bundle, selection: Selection) -> set[str]:
    """The UIDs of every event this calendar could hold today, whatever the period."""
    if selection.member is not None:
        return {member_uid(a.member, a.checkpoint, a.start) for a in bundle.assignments
                if a.member == selection.member
                and selection.checkpoint in (None, a.checkpoint)}
    return {shift_uid(a.checkpoint, a.start) for a in bundle.assignments
            if a.checkpoint == selection.checkpoint}


def _gone(bundle: Bundle, selection: Selection, sent: set[str]) -> dict[str, Mapping[str, Any]]:
    """The remembered events whose shift has left the roster: UID -> what was sent."""
    before = selection.calendar_before or {}
    if not before:
        return {}
    current = _on_roster(bundle, selection) | sent
    return {uid: rec for uid, rec in before.items()
            if uid not in current and isinstance(rec, Mapping)}


def _cancelled(bundle: Bundle, selection: Selection, sent: set[str], tz: tzinfo,
               lang: str) -> list[Event]:
    made = selection.made_at or _SEQUENCE_EPOCH
    out = []
    for uid, rec in sorted(_gone(bundle, selection, sent).items()):
        try:
            start = datetime.fromisoformat(str(rec["start"]))
            end = datetime.fromisoformat(str(rec["end"]))
        except (KeyError, ValueError):
            continue
        event = Event()
        event.add("uid", uid)
        # The title as sent, said to be cancelled (the memory keeps the title as sent,
        # so a cancellation sent again is not prefixed twice).
        event.add("summary", say(lang, "Cancelled: {summary}",
                                 summary=str(rec.get("summary", ""))))
        event.add("dtstart", start.astimezone(tz))
        event.add("dtend", end.astimezone(tz))
        event.add("dtstamp", made.astimezone(UTC))
        event.add("sequence", _sequence_after(selection, uid))
        event.add("status", "CANCELLED")
        event.add("transp", "TRANSPARENT")  # the time is free again
        out.append(event)
    return out


def calendar_memory(bundle: Bundle, selection: Selection, lang: str
                    ) -> dict[str, dict[str, Any]]:
    """What to remember of this export (by :func:`calendar_key`): every event it sent,
    cancelled ones marked, plus the earlier events of other periods still on the roster."""
    key = calendar_key(selection)
    if key is None:
        return {}
    _, events = _events(bundle, selection, lang)
    sent = {str(e["uid"]) for e in events}
    gone = _gone(bundle, selection, sent)
    on_roster = _on_roster(bundle, selection)
    before = selection.calendar_before or {}
    kept: dict[str, Any] = {uid: dict(rec) for uid, rec in before.items()
                            if isinstance(rec, Mapping) and uid in on_roster}
    for uid, rec in gone.items():
        kept[uid] = {**dict(rec), "cancelled": True, "sequence": _sequence_after(selection, uid)}
    for e in events:
        kept[str(e["uid"])] = {"start": e.decoded("dtstart").isoformat(),
                               "end": e.decoded("dtend").isoformat(),
                               "summary": str(e["summary"]), "sequence": int(str(e["sequence"])),
                               "cancelled": False}
    if selection.made_at is not None:  # a month after a shift, its event is left alone
        horizon = (selection.made_at - _FORGET_AFTER).astimezone(UTC).isoformat()
        kept = {uid: rec for uid, rec in kept.items()
                if _utc_iso(rec.get("end")) >= horizon}
    made = selection.made_at.isoformat() if selection.made_at else None
    return {key: {"made_at": made, "events": kept}}


def _utc_iso(value: Any) -> str:
    try:
        return datetime.fromisoformat(str(value)).astimezone(UTC).isoformat()
    except ValueError:
        return ""


def _calendar_name(bundle: Bundle, selection: Selection, member: Member | None,
                   lang: str) -> str:
    if member is not None:
        return say(lang, "{name} duty", name=member.name)
    cp = bundle.checkpoint(selection.checkpoint or "")
    return f"{cp.name if cp else selection.checkpoint} {label('title', lang)}"


def _add_zone(cal: Calendar, layout: Layout) -> None:
    """The team's VTIMEZONE, with its rules for a year either side of the period."""
    if layout.period is not None:
        first = layout.period.first_day - timedelta(days=366)
        last = layout.period.first_day + timedelta(days=layout.period.days + 366)
        cal.add_missing_timezones(first_date=first, last_date=last)
    else:
        cal.add_missing_timezones()


def _others(cell: Cell, member_id: str | None) -> tuple[list[str], list[str]]:
    duty = [p.name for p in cell.duty if p.member != member_id]
    standby = [p.name for p in cell.standby if p.member != member_id]
    return duty, standby


def _description(layout: Layout, grid: CheckpointGrid, cell: Cell, lang: str,
                 member_id: str | None) -> str:
    duty, standby = _others(cell, member_id)
    lines = []
    if cell.crew:
        lines.append(say(lang, "Crew: ") + cell.crew)
    if duty:
        lines.append(say(lang, "On duty: ") + "、".join(duty))
    if standby:
        lines.append(say(lang, "Standby: ") + "、".join(standby))
    if cell.missing:
        lines.append(label("short", lang, n=cell.missing))
    lead = layout.lead
    if lead is not None:
        phone = f" {lead.phone}" if lead.phone else ""
        lines.append(f"{heading('lead', lang)}{lead.name}{phone}")
    lines.append(f"{layout.team.name} · {grid.checkpoint.name} · "
                 f"{label('stamp', lang)} {grid.stamp}")
    return "\n".join(lines)


def _member_event(layout: Layout, grid: CheckpointGrid, cell: Cell, member: Member,
                  lang: str) -> Event | None:
    on_duty = any(p.member == member.id for p in cell.duty)
    on_standby = any(p.member == member.id for p in cell.standby)
    if not on_duty and not on_standby:
        return None
    what = say(lang, "Duty") if on_duty else label("standby", lang)
    if cell.shift.night:
        what = f"{what}（{label('night', lang)}）" if lang != "en" else f"{what} (night)"
    event = Event()
    event.add("uid", member_uid(member.id, grid.checkpoint.id, cell.shift.start))
    crew = f" {label('crew', lang, crew=cell.crew)}" if cell.crew else ""
    event.add("summary", f"{grid.checkpoint.name} {what}{crew}")
    event.add("description", _description(layout, grid, cell, lang, member.id))
    event.add("categories", [say(lang, "Duty")])
    return event


def _shift_event(layout: Layout, grid: CheckpointGrid, cell: Cell, lang: str) -> Event:
    event = Event()
    event.add("uid", shift_uid(grid.checkpoint.id, cell.shift.start))
    names = " ".join(p.name for p in cell.duty) or "—"
    crew = f"{label('crew', lang, crew=cell.crew)} " if cell.crew else ""
    event.add("summary", f"{grid.checkpoint.name} {crew}{names}")
    event.add("description", _description(layout, grid, cell, lang, None))
    return event


__all__ = ["calendar_key", "calendar_memory", "member_uid", "render", "shift_uid"]
