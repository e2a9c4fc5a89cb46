"""How an edit refuses: one error naming the form field at fault, in the core's messages."""

from __future__ import annotations

from collections.abc import Iterable

from roster.domain.errors import Problem, UserError
from roster.domain.messages import Message, msg
from roster.domain.model import Bundle
from roster.domain.validate import validate


def fail(where: str, message: Message) -> UserError:
    return UserError(message, [Problem(where, message)])


def field_of(problem: Problem) -> str:
    """The form field a problem names: the last dotted part of ``where`` (``members[2].name``
    → ``name``), without an index (``unavailable[0]`` → ``unavailable``)."""
    last = problem.where.rsplit(".", 1)[-1].strip()
    return last.split("[", 1)[0].split(" ", 1)[0]


def checked(bundle: Bundle) -> Bundle:
    """``bundle`` if it would load back; else the validator's problems, first one named."""
    problems = validate(bundle)
    if problems:
        more = msg(" (and {count} more problem(s))", count=len(problems) - 1) \
            if len(problems) > 1 else ""
        raise UserError(msg("{first}{more}", first=problems[0], more=more), problems)
    return bundle


def unknown_tags(bundle: Bundle, tags: Iterable[str]) -> Message | None:
    """A warning (the change is still made) when a shift asks for qualifications no member
    of the team has: every such shift would show a gap nobody can fill, so the lead is told
    at once, with the qualifications the members do have (a typing slip shows)."""
    have = sorted({t for m in bundle.members for t in m.tags})
    unknown = [t for t in dict.fromkeys(tags) if t not in have]
    if not unknown:
        return None
    return msg("no member has the qualification {tags}, so those places will stay empty "
               "until someone does; the members have: {have}", tags=unknown,
               have=have or msg("no qualification yet"))
