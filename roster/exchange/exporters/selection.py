"""What part of a team an export covers: a period, one checkpoint, one member (all optional).

It also carries the few facts an exporter may print but must not fetch itself, so that
every exporter stays a pure function of its arguments: the layout asked for, the time the
export is made, and what the last printed sheets of the same period showed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from roster.domain.model import Assignment, Bundle, LogEntry, Period


@dataclass(frozen=True, slots=True)
class Selection:
    period: Period | None = None
    checkpoint: str | None = None
    member: str | None = None
    #: ``"rows"`` (one line per assignment) or ``"grid"`` (dates x shifts), where a format has both.
    layout: str = "rows"
    #: When the export is made (printed on sheets); None prints no time.
    made_at: datetime | None = None
    #: Per checkpoint id, the names per cell on the last printed sheets of this period
    #: (``roster.exchange.exporters.grid``); cells that differ are marked. None: mark nothing.
    previous: Mapping[str, Mapping[str, tuple[str, ...]]] | None = None
    #: A calendar's events at its last export (UID -> start, end, summary, sequence,
    #: cancelled): those whose shift has since left the roster are sent as cancelled.
    calendar_before: Mapping[str, Mapping[str, Any]] | None = None

    @property
    def is_everything(self) -> bool:
        return self.period is None and self.checkpoint is None and self.member is None

    def wants_assignment(self, a: Assignment) -> bool:
        if self.period is not None and not self.period.contains(a.start):
            return False
        if self.checkpoint is not None and a.checkpoint != self.checkpoint:
            return False
        return self.member is None or a.member == self.member

    def wants_log(self, e: LogEntry) -> bool:
        if self.period is not None and not self.period.contains(e.at):
            return False
        if self.checkpoint is not None and e.checkpoint != self.checkpoint:
            return False
        return self.member is None or e.member == self.member

    def narrow(self, bundle: Bundle) -> Bundle:
        """The bundle with only the selected assignments and log entries."""
        if self.is_everything:
            return bundle
        return replace(
            bundle,
            assignments=tuple(a for a in bundle.assignments if self.wants_assignment(a)),
            logs=tuple(e for e in bundle.logs if self.wants_log(e)),
        )
