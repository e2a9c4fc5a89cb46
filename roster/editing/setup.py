"""Starting a team from nothing: the team itself, checkpoints from a shift pattern, members.

The ``roster init`` / ``checkpoint add`` / ``member add`` commands and the app's first-run
flow build a team through these pure functions, so both refuse the same things with the
same words. A refusal is a :class:`~roster.domain.errors.UserError` whose problems name the
field at fault (``pattern``, ``first_start``, ``need``, ``tags``, ``standby``, ``timezone``
...); the CLI turns a field into its flag, a form puts the words under the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from roster.domain.errors import Problem, UserError
from roster.domain.messages import Message, msg
from roster.domain.model import Bundle, Checkpoint, Member, ShiftTemplate, Team, team_id_from_name
from roster.domain.timeutil import TimeError, TimeOfDay, parse_time_of_day, zone
from roster.domain.validate import validate_checkpoint
from roster.editing.checks import checked, fail, field_of
from roster.editing.edits import add_member, new_member_id

DEFAULT_ZONE = "Asia/Shanghai"
DEFAULT_FIRST_START = TimeOfDay(8 * 60)

#: The presets: name → (number of shifts, hours each); together they cover 24 hours.
PATTERNS: dict[str, tuple[int, int]] = {"3x8": (3, 8), "2x12": (2, 12), "24h": (1, 24)}

#: One shift of a day's pattern: start and end (``end <= start`` ends the next day).
Span = tuple[TimeOfDay, TimeOfDay]


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def bad(self, where: str, message: Message) -> None:
        self.items.append(Problem(where, message))

    def done(self) -> None:
        if self.items:
            raise UserError(self.items[0].message, list(self.items))


def new_team(name: str, *, village: str = "", township: str = "",
             timezone: str = DEFAULT_ZONE) -> Bundle:
    """An empty team (no members, no checkpoints yet) with the default rules."""
    problems = _Problems()
    name = name.strip()
    if not name:
        problems.bad("team", msg("must not be empty"))
    timezone = timezone.strip() or DEFAULT_ZONE
    try:
        zone(timezone)
    except TimeError as exc:
        problems.bad("timezone", exc.args[0])
    problems.done()
    team = Team(name=name, village=village.strip(), township=township.strip(),
                timezone=timezone, id=team_id_from_name(name))
    return checked(Bundle(team=team))


def parse_need_tags(text: str) -> dict[str, int]:
    """``party=1,medic=1`` (also ``party:1``; a bare ``party`` means one) as a mapping."""
    out: dict[str, int] = {}
    for word in text.replace("，", ",").replace("、", ",").split(","):
        word = word.strip()
        if not word:
            continue
        tag, sep, count = word.replace(":", "=").partition("=")
        tag = tag.strip()
        try:
            n = int(count) if sep else 1
        except ValueError:
            n = 0
        if not tag or n < 1:
            raise fail("tags", msg("{word!r}: write TAG=N, e.g. party=1", word=word))
        out[tag] = n
    return out


def _custom(text: str) -> list[Span]:
    """``08:00-20:00,20:00-08:00``: the spans of a custom pattern."""
    spans: list[Span] = []
    for word in text.split(","):
        start_text, sep, end_text = word.strip().replace("–", "-").partition("-")
        try:
            if not sep:
                raise TimeError(word)
            start = parse_time_of_day(start_text.strip())
            end = parse_time_of_day(end_text.strip(), allow_24=True)
        except TimeError:
            raise fail("pattern", msg("{pattern!r} is not a pattern: choose 3x8, 2x12 or 24h, "
                                      "or write the shifts as HH:MM-HH:MM,HH:MM-HH:MM",
                                      pattern=text)) from None
        spans.append((start, end))
    return spans


def pattern_spans(pattern: str, first_start: TimeOfDay = DEFAULT_FIRST_START) -> list[Span]:
    """The daily shifts of a preset (from ``first_start``, covering 24 hours) or of custom
    times written ``HH:MM-HH:MM,...`` (``first_start`` does not apply to those)."""
    preset = PATTERNS.get(pattern.strip().lower())
    if preset is None:
        return _custom(pattern)
    count, hours = preset
    out = []
    for i in range(count):
        start = (first_start.minutes + i * hours * 60) % 1440
        out.append((TimeOfDay(start), TimeOfDay((start + hours * 60) % 1440)))
    return out


def checkpoint_from_pattern(ident: str, name: str, pattern: str, *,
                            first_start: TimeOfDay = DEFAULT_FIRST_START, need: int = 1,
                            need_tags: Mapping[str, int] | None = None, standby: int = 0,
                            location: str = "") -> Checkpoint:
    """A checkpoint whose every shift of the pattern needs ``need`` people (``need_tags``
    of them with those qualifications) and ``standby`` on call."""
    problems = _Problems()
    if not ident.strip():
        problems.bad("id", msg("must not be empty"))
    if not name.strip():
        problems.bad("name", msg("must not be empty"))
    if need < 1:
        problems.bad("need", msg("must be at least 1, got {need}", need=need))
    if standby < 0:
        problems.bad("standby", msg("must not be negative, got {standby}", standby=standby))
    tags = dict(need_tags or {})
    for tag, n in tags.items():
        if n > need >= 1:
            problems.bad("tags", msg("{tag} asks for {n} but the shift needs only {need}",
                                     tag=tag, n=n, need=need))
    problems.done()
    templates = tuple(ShiftTemplate(start, end, need, dict(tags), None, standby)
                      for start, end in pattern_spans(pattern, first_start))
    cp = Checkpoint(ident.strip(), name.strip(), templates, location=location.strip())
    for problem in validate_checkpoint(cp, "pattern"):
        field = field_of(problem)
        if field in _OWN_FIELDS:  # a value given on its own (--need 1001): name it
            raise fail(field, msg("{first}", first=problem.message))
        # Custom times that overlap, a shift of no length: the pattern is what is wrong.
        raise fail("pattern", msg("{pattern!r}: {problem}", pattern=pattern,
                                  problem=problem.message))
    return cp


#: The checkpoint's fields given on their own, not by the pattern.
_OWN_FIELDS = frozenset({"id", "name", "location", "need", "standby", "need_tags"})


def add_new_member(bundle: Bundle, member: Member, *, lead: bool = False) -> Bundle:
    """``member`` added (a blank id gets the next free one); ``lead`` makes them team lead."""
    if not member.id.strip():
        member = replace(member, id=new_member_id(bundle))
    out = add_member(bundle, member)
    if lead:
        out = replace(out, team=replace(out.team, lead=member.id))
    return out


def _whole(values: Mapping[str, str], key: str, default: int, problems: _Problems) -> int:
    raw = values.get(key, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        problems.bad(key, msg("{raw!r} is not a whole number", raw=raw))
        return default


def new_checkpoint_id(bundle: Bundle) -> str:
    """The next free id in the ``cp1`` style."""
    taken = {c.id for c in bundle.checkpoints}
    n = len(taken) + 1
    while f"cp{n}" in taken:
        n += 1
    return f"cp{n}"


def checkpoint_from_form(values: Mapping[str, str], bundle: Bundle) -> Checkpoint:
    """A new checkpoint from form text: ``name``, ``id`` (blank: the next free one),
    ``pattern`` (a preset, or ``custom`` with the spans in ``times``), ``first_start``,
    ``need``, ``tags`` (``party=1``), ``standby``, ``location``."""
    problems = _Problems()
    need = _whole(values, "need", 1, problems)
    standby = _whole(values, "standby", 0, problems)
    first_text = values.get("first_start", "").strip() or str(DEFAULT_FIRST_START)
    first = DEFAULT_FIRST_START
    try:
        first = parse_time_of_day(first_text)
    except TimeError as exc:
        problems.bad("first_start", exc.args[0])
    problems.done()
    pattern = values.get("pattern", "3x8").strip()
    if pattern == "custom":
        pattern = values.get("times", "").strip()
        if not pattern:
            raise fail("times", msg("must not be empty"))
    ident = values.get("id", "").strip() or new_checkpoint_id(bundle)
    try:
        return checkpoint_from_pattern(ident, values.get("name", ""), pattern, first_start=first,
                                       need=need, need_tags=parse_need_tags(values.get("tags", "")),
                                       standby=standby, location=values.get("location", ""))
    except UserError as exc:
        first_problem = exc.problems[0] if exc.problems else None
        if values.get("pattern") == "custom" and first_problem and first_problem.where == "pattern":
            raise UserError(first_problem.message, [Problem("times", first_problem.message)]) \
                from None
        raise


#: The steps of starting a team in the app, in order.
SETUP_STEPS = ("team", "checkpoints", "members", "generate", "print")


def setup_step(bundle: Bundle | None) -> str:
    """Where starting this team stands: the first step whose work is not done yet
    (``print`` once there is a roster: printing leaves no trace in the team)."""
    if bundle is None:
        return "team"
    if not bundle.checkpoints:
        return "checkpoints"
    if not bundle.members:
        return "members"
    if not bundle.assignments:
        return "generate"
    return "print"
