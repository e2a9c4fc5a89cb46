"""The county roll-up: a folder of many teams' bundles as one table of figures.

Pure: it reads files and returns plain figures; it never writes and speaks no language
(its errors are messages). ``figures.py`` counts one team with the team's own checker
and duty-log comparison; ``rollup.py`` finds the files, reads them in worker processes,
keeps one file per team and sums townships and the county.
"""

from __future__ import annotations

from roster.county.figures import (
    FINE_HOUR,
    SHORT_HOUR,
    TAG_HOUR,
    UNCOVERED_HOUR,
    TeamFigures,
    hour_strip,
    period_for,
    team_figures,
)
from roster.county.rollup import (
    RollUp,
    Superseded,
    Totals,
    Unreadable,
    find_bundles,
    nothing_read,
    one_per_team,
    read_team,
    roll_up,
    totals,
    worker_count,
)
from roster.county.send import for_county

__all__ = [
    "FINE_HOUR",
    "SHORT_HOUR",
    "TAG_HOUR",
    "UNCOVERED_HOUR",
    "RollUp",
    "Superseded",
    "TeamFigures",
    "Totals",
    "Unreadable",
    "find_bundles",
    "for_county",
    "hour_strip",
    "nothing_read",
    "one_per_team",
    "period_for",
    "read_team",
    "roll_up",
    "team_figures",
    "totals",
    "worker_count",
]
