"""The history of a roster: one record per change, kept in ``team.json``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from roster.domain.messages import Message, Said, message_from_doc, message_to_doc, msg
from roster.domain.timeutil import format_instant
from roster.store.files import corrupt


@dataclass(frozen=True, slots=True)
class Change:
    """One change of the roster: what was done, by whom, and what it brought back if anything.

    ``restores`` is set on ``undo`` and ``restore`` changes: the roster became what it was
    before change ``restores``.
    """

    seq: int
    at: datetime
    op: str
    operator: str = ""
    summary: str = ""  # in English, for any reader of the file
    restores: int | None = None
    had_team: bool = True  # whether there was a roster before this change
    #: The summary as words to say in the reader's language (records written before it was
    #: kept have only ``summary``).
    words: Message | None = None

    @property
    def said(self) -> Said:
        """What to show: the words, in whatever language the reader uses, else the text."""
        return self.words if self.words is not None else self.summary


def change_to_doc(change: Change, tz: tzinfo) -> dict[str, Any]:
    return {"seq": change.seq, "at": format_instant(change.at, tz), "op": change.op,
            "operator": change.operator, "summary": change.summary,
            "restores": change.restores, "had_team": change.had_team,
            **({"words": message_to_doc(change.words)} if change.words is not None else {})}


def _whole(value: Any, name: str, *, low: int = 1) -> int:
    """A stored whole number (not a bool, not text, not a float) of at least ``low``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name} is {value!r}, expected a whole number from {low}")
    return value


def read_change(doc: Mapping[str, Any], path: Path) -> Change:
    """One history record, checked field by field; a damaged one is reported by ``seq``."""
    try:
        if not isinstance(doc.get("at"), str) or not isinstance(doc.get("op"), str):
            raise ValueError("at and op must be text")
        at = datetime.fromisoformat(doc["at"])
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        restores = doc.get("restores")
        return Change(seq=_whole(doc.get("seq"), "seq"), at=at.astimezone(UTC), op=doc["op"],
                      operator=str(doc.get("operator", "")), summary=str(doc.get("summary", "")),
                      restores=None if restores is None else _whole(restores, "restores"),
                      had_team=bool(doc.get("had_team", True)),
                      words=message_from_doc(doc.get("words")))
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise corrupt(path, msg("history record seq={seq!r} is damaged ({exc})",
                                seq=doc.get("seq"), exc=str(exc))) from None
