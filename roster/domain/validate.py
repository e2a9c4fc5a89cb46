"""Whether a team's data makes sense as a whole: ids, references, spans, rules, templates.

Field-level reading (a ``25:00``, a string where a number belongs) happens in
:mod:`roster.exchange.bundle`; this module checks model objects however they were made, so the
bundle import, the store and the TUI's forms all refuse the same things with the same
words. Roster *rule* breaches (rest, nights, ...) are not errors here: they are the
checker's business, because a team lead may save a roster that breaks them on purpose.
"""

from __future__ import annotations

from collections import Counter

from roster.domain.bounds import bounds
from roster.domain.errors import Problem
from roster.domain.messages import msg
from roster.domain.model import Bundle, Checkpoint, Member, Rules, ShiftTemplate, templates_overlap
from roster.domain.timeutil import TimeError, zone


def _at(kind: str, index: int, ident: str) -> str:
    return f"{kind}[{index}] ({ident})" if ident else f"{kind}[{index}]"


def validate_rules(rules: Rules) -> list[Problem]:
    out: list[Problem] = []

    def bad(key: str, message: str) -> None:
        out.append(Problem(f"rules.{key}", message))

    if rules.min_rest_hours < 0:
        bad("min_rest_hours", "must not be negative")
    if rules.max_shifts_per_day < 1:
        bad("max_shifts_per_day", "must be at least 1")
    if rules.max_consecutive_nights < 0:
        bad("max_consecutive_nights", "must not be negative")
    if rules.max_hours_per_week <= 0:
        bad("max_hours_per_week", "must be more than 0")
    if rules.late_grace_minutes < 0:
        bad("late_grace_minutes", "must not be negative")
    # Upper bounds: a value past them means nothing for a roster and would overflow the
    # time arithmetic later (late_grace_minutes 1e15), so it is refused where it enters.
    for key, value, most in (("min_rest_hours", rules.min_rest_hours, 168),
                             ("max_shifts_per_day", rules.max_shifts_per_day, 24),
                             ("max_consecutive_nights", rules.max_consecutive_nights, 366),
                             ("max_hours_per_week", rules.max_hours_per_week, 168),
                             ("late_grace_minutes", rules.late_grace_minutes, 1440),
                             ("max_consecutive_days", rules.max_consecutive_days or 0, 366),
                             ("days_off_after_nights", rules.days_off_after_nights, 366)):
        if value > most:
            out.append(Problem(f"rules.{key}", msg("must be at most {most}", most=most)))
    if rules.max_consecutive_days is not None and rules.max_consecutive_days < 1:
        out.append(Problem("rules.max_consecutive_days",
                           msg("must be at least 1 (or null for no limit)")))
    if rules.days_off_after_nights < 0:
        bad("days_off_after_nights", "must not be negative")
    if rules.night_window[0].minutes == rules.night_window[1].minutes % 1440:
        bad("night_window", "start and end are the same time; the night must have a length")
    return out


def validate_member(m: Member, where: str) -> list[Problem]:
    out: list[Problem] = []
    if not m.id.strip():
        out.append(Problem(f"{where}.id", msg("must not be empty")))
    if not m.name.strip():
        out.append(Problem(f"{where}.name", msg("must not be empty")))
    if m.max_hours_per_week is not None and m.max_hours_per_week < 0:
        out.append(Problem(f"{where}.max_hours_per_week", msg("must not be negative")))
    if m.max_hours_per_week is not None and m.max_hours_per_week > 168:
        out.append(Problem(f"{where}.max_hours_per_week", msg("must be at most {most}", most=168)))
    for i, span in enumerate(m.unavailable):
        if span.end <= span.start:
            out.append(Problem(f"{where}.unavailable[{i}]",
                               msg("ends before it starts (\"to\" must be after \"from\")")))
    for i, wish in enumerate(m.wishes):
        if wish.end <= wish.start:
            out.append(Problem(f"{where}.wishes[{i}].to",
                               msg("the wish's span is empty (\"to\" must be after \"from\")")))
    return out


def validate_template(t: ShiftTemplate, at: str) -> list[Problem]:
    out: list[Problem] = []
    if t.start.minutes >= 1440:
        out.append(Problem(f"{at}.start", msg("must be a time of day before 24:00")))
    if t.need < 1:
        out.append(Problem(f"{at}.need", msg("must be at least 1, got {need}", need=t.need)))
    for key, value in (("need", t.need), ("standby", t.standby)):
        if value > 1000:
            out.append(Problem(f"{at}.{key}", msg("must be at most {most}", most=1000)))
    if t.standby < 0:
        out.append(Problem(f"{at}.standby", msg("must not be negative, got {standby}",
                                                standby=t.standby)))
    for tag, n in t.need_tags.items():
        if n > t.need:
            out.append(Problem(f"{at}.need_tags.{tag}",
                               msg("asks for {n} but the shift needs only {need} people", n=n,
                                   need=t.need)))
    return out


def validate_checkpoint(c: Checkpoint, where: str) -> list[Problem]:
    out: list[Problem] = []
    if not c.id.strip():
        out.append(Problem(f"{where}.id", msg("must not be empty")))
    if not c.name.strip():
        out.append(Problem(f"{where}.name", msg("must not be empty")))
    if c.open_from and c.open_to and c.open_to < c.open_from:
        out.append(Problem(f"{where}.to", msg("last day {open_to} is before first day {open_from}",
                                              open_to=c.open_to, open_from=c.open_from)))
    if not c.shifts:
        out.append(Problem(f"{where}.shifts", msg("needs at least one shift template")))
    for i, t in enumerate(c.shifts):
        out.extend(validate_template(t, f"{where}.shifts[{i}] ({t.label()})"))
    out.extend(_changes(c, where))
    for i, a in enumerate(c.shifts):
        for j in range(i + 1, len(c.shifts)):
            b = c.shifts[j]
            if templates_overlap(a, b):
                out.append(Problem(f"{where}.shifts",
                                   msg("templates [{i}] {first} and [{j}] {second} overlap", i=i,
                                       first=a.label(), j=j, second=b.label())))
    return out


def _changes(c: Checkpoint, where: str) -> list[Problem]:
    out: list[Problem] = []
    for i, ch in enumerate(c.changes):
        at = f"{where}.changes[{i}]"
        if ch.end < ch.start:
            out.append(Problem(f"{at}.to", msg("last day {end} is before first day {start}",
                                               end=ch.end, start=ch.start)))
        if ch.template is not None and not 0 <= ch.template < len(c.shifts):
            out.append(Problem(f"{at}.template",
                               msg("names template {index}, but the checkpoint has {count} "
                                   "(counted from 0)", index=ch.template, count=len(c.shifts))))
        if ch.need is not None and ch.need < 1:
            out.append(Problem(f"{at}.need", msg("must be at least 1, got {need}", need=ch.need)))
        if ch.standby is not None and ch.standby < 0:
            out.append(Problem(f"{at}.standby", msg("must not be negative, got {standby}",
                                                    standby=ch.standby)))
    return out


def _crews(bundle: Bundle) -> list[Problem]:
    """Crews name members who exist, each member in one crew at most; rotations name crews."""
    out: list[Problem] = []
    member_ids = {m.id for m in bundle.members}
    crew_ids = Counter(c.id for c in bundle.crews)
    first_crew: dict[str, str] = {}
    for i, crew in enumerate(bundle.crews):
        where = _at("crews", i, crew.id)
        if crew_ids[crew.id] > 1:
            out.append(Problem(f"{where}.id", msg("duplicate crew id {id!r}", id=crew.id)))
        for member in crew.members:
            if member not in member_ids:
                out.append(Problem(f"{where}.members",
                                   msg("names {member!r}, who is not a member", member=member)))
            elif member in first_crew:
                out.append(Problem(f"{where}.members",
                                   msg("{member!r} is already in crew {crew!r}; a member belongs "
                                       "to one crew at most", member=member,
                                       crew=first_crew[member])))
            else:
                first_crew[member] = crew.id
    for i, cp in enumerate(bundle.checkpoints):
        for j, t in enumerate(cp.shifts):
            for crew_id in t.rotation.crews if t.rotation is not None else ():
                if crew_id not in crew_ids:
                    out.append(Problem(f"{_at('checkpoints', i, cp.id)}.shifts[{j}].rotation",
                                       msg("names crew {crew!r}, which does not exist",
                                           crew=crew_id)))
    return out


def _members(bundle: Bundle) -> list[Problem]:
    out: list[Problem] = []
    member_ids = Counter(m.id for m in bundle.members)
    seen: set[str] = set()
    cp_ids = {c.id for c in bundle.checkpoints}
    for i, m in enumerate(bundle.members):
        where = _at("members", i, m.id)
        out.extend(validate_member(m, where))
        if m.id in seen:  # the second record with an id is at fault, not the first
            out.append(Problem(f"{where}.id", msg("duplicate member id {id!r}", id=m.id)))
        seen.add(m.id)
        for cp in m.only_checkpoints or ():
            if cp not in cp_ids:
                out.append(Problem(f"{where}.only_checkpoints",
                                   msg("names checkpoint {checkpoint!r}, which does not exist",
                                       checkpoint=cp)))
    if bundle.team.lead is not None and bundle.team.lead not in member_ids:
        out.append(Problem("team.lead", msg("names {lead!r}, who is not a member",
                                            lead=bundle.team.lead)))
    return out


def _checkpoints(bundle: Bundle) -> list[Problem]:
    out: list[Problem] = []
    seen: set[str] = set()
    for i, c in enumerate(bundle.checkpoints):
        where = _at("checkpoints", i, c.id)
        out.extend(validate_checkpoint(c, where))
        if c.id in seen:
            out.append(Problem(f"{where}.id", msg("duplicate checkpoint id {id!r}", id=c.id)))
        seen.add(c.id)
    return out


def validate(bundle: Bundle) -> list[Problem]:
    """Every problem with the bundle's records, each naming the record and field at fault."""
    out: list[Problem] = []
    if not bundle.team.name.strip():
        out.append(Problem("team.name", msg("must not be empty")))
    try:
        zone(bundle.team.timezone)
    except TimeError as exc:
        out.append(Problem("team.timezone", exc.args[0] if exc.args else str(exc)))
    out.extend(validate_rules(bundle.rules))

    out.extend(_members(bundle))
    out.extend(_checkpoints(bundle))
    out.extend(_crews(bundle))
    seen: set[str] = set()
    for i, e in enumerate(bundle.logs):
        if e.id in seen:
            out.append(Problem(f"logs[{i}] ({e.id}).id", msg("duplicate log id {id!r}", id=e.id)))
        seen.add(e.id)
    # What the bundle reader refuses (a name too long, a year out of range) is refused here
    # too, so nothing saved can lock the folder against its own reader.
    out.extend(bounds(bundle))
    return out
