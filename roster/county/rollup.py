"""Many teams' bundles, one county: find the files, read each team in a worker process,
keep one file per team and only its figures.

A county has hundreds of teams and a city thousands, each bundle a few hundred kilobytes
to a few megabytes once a month of duty log is in it. So each worker process reads one
file, checks it with the team's own checker and duty-log comparison
(:func:`roster.county.figures.team_figures`) and sends back only the small
:class:`~roster.county.figures.TeamFigures`; no process ever holds more than the bundles
it is working on. A file that cannot be read becomes an :class:`Unreadable` with its one
line, and the roll-up goes on. Nothing is written anywhere.

Two files of one team (the same ``team.id``) count once: the newer ``exported_at`` wins
(a file without one is older than any with one; between equals, the file named first),
and the other is :class:`Superseded`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path

from roster.county.figures import TeamFigures, period_for, team_figures
from roster.domain.errors import UserError
from roster.domain.messages import Message, msg
from roster.exchange.bundle import load_bundle_file

__all__ = ["RollUp", "Superseded", "Totals", "Unreadable", "find_bundles", "read_team",
           "roll_up"]


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file that could not be rolled up: ``error`` is one line naming the file."""

    file: str
    error: Message | str


@dataclass(frozen=True, slots=True)
class Superseded:
    """A file of a team that a newer file of the same team (``by``) replaces."""

    file: str
    team_id: str
    by: str


@dataclass(frozen=True, slots=True)
class Totals:
    """The sum of the figures of some teams (a township, the county)."""

    teams: int = 0
    with_problems: int = 0
    checkpoints: int = 0
    shifts: int = 0
    empty_places: int = 0
    missing_tags: int = 0
    uncovered_hours: float = 0.0
    uncovered_gaps: int = 0
    violations: int = 0
    absent: int = 0
    late: int = 0
    unconfirmed_handovers: int = 0
    problems: int = 0


_SUMMED = tuple(f.name for f in fields(Totals) if f.name not in ("teams", "with_problems"))


def totals(teams: Iterable[TeamFigures]) -> Totals:
    sums: dict[str, float] = dict.fromkeys(_SUMMED, 0)
    count = with_problems = 0
    for t in teams:
        count += 1
        with_problems += t.problems > 0
        for name in _SUMMED:
            sums[name] += getattr(t, name)
    hours = round(sums.pop("uncovered_hours"), 2)
    return Totals(count, with_problems, uncovered_hours=hours,
                  **{k: int(v) for k, v in sums.items()})


@dataclass(frozen=True, slots=True)
class RollUp:
    """The county for one period: a row per team (problems first), what was left out."""

    first_day: date | None  # None: each team's own today
    days: int
    now: datetime
    teams: tuple[TeamFigures, ...]
    superseded: tuple[Superseded, ...]
    errors: tuple[Unreadable, ...]

    @property
    def total(self) -> Totals:
        return totals(self.teams)

    def townships(self) -> list[tuple[str, Totals]]:
        """Each township's totals, by township name (teams without one under "")."""
        names = sorted({t.township for t in self.teams})
        return [(name, totals(t for t in self.teams if t.township == name)) for name in names]

    @property
    def problems(self) -> bool:
        """Any team with a problem, or any file that could not be read."""
        return bool(self.errors) or any(t.problems for t in self.teams)


def find_bundles(paths: Sequence[str | Path]) -> list[str]:
    """The files to read, as the user would name them: each file given, and every
    ``*.json`` under each folder given (recursively, in name order); each file once."""
    out: list[str] = []
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        found = ([str(p) for p in sorted(path.rglob("*.json")) if p.is_file()]
                 if path.is_dir() else [str(given)])
        for name in found:
            key = os.path.realpath(name)
            if key not in seen:
                seen.add(key)
                out.append(name)
    return out


Job = tuple[str, date | None, int, datetime]


def read_team(job: Job) -> TeamFigures | Unreadable:
    """One file's figures, or why it could not be read (runs in a worker process)."""
    file, first_day, days, now = job
    try:
        bundle = load_bundle_file(Path(file))
        return team_figures(bundle, period_for(bundle, first_day, days, now), now, file)
    except UserError as exc:
        return Unreadable(file, exc.message)
    except Exception as exc:  # one bad file never takes down the roll-up
        return _failed(file, exc)


def _failed(file: str, exc: BaseException) -> Unreadable:
    """A file whose reading failed in a way no reader foresaw, as one line naming it."""
    text = " ".join(str(exc).split())
    text = text if len(text) <= 120 else text[:119] + "…"
    return Unreadable(file, msg("{file}: could not be read ({error})", file=file,
                                error=f"{type(exc).__name__}: {text}" if text
                                else type(exc).__name__))


def _read_chunk(jobs: list[Job]) -> list[TeamFigures | Unreadable]:
    return [read_team(job) for job in jobs]


def worker_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _results(jobs: list[Job], workers: int) -> Iterator[TeamFigures | Unreadable]:
    if workers <= 1 or len(jobs) <= 1:
        yield from map(read_team, jobs)
        return
    workers = min(workers, len(jobs))
    # Small chunks keep both workers busy to the end; a chunk is a list of short paths.
    chunk = max(1, min(16, len(jobs) // (workers * 8)))
    chunks = [jobs[i:i + chunk] for i in range(0, len(jobs), chunk)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_read_chunk, part) for part in chunks]
        for part, future in zip(chunks, futures, strict=True):
            try:
                yield from future.result()
            except Exception as exc:  # a worker that died (out of memory)
                yield from (_failed(job[0], exc) for job in part)


def roll_up(files: Sequence[str], first_day: date | None, days: int, now: datetime, *,
            workers: int | None = None,
            progress: Callable[[int, int], None] | None = None) -> RollUp:
    """Read and check every file in ``files`` (from :func:`find_bundles`) for the period
    ``first_day`` + ``days`` (each team's own zone), as of ``now``.

    ``workers``: processes to use (default: the processors this process may run on; 1
    reads in this process). ``progress(done, total)`` is called as files finish.
    """
    jobs = [(f, first_day, days, now) for f in files]
    figures: list[TeamFigures] = []
    errors: list[Unreadable] = []
    for done, result in enumerate(_results(jobs, workers or worker_count()), start=1):
        if isinstance(result, Unreadable):
            errors.append(result)
        else:
            figures.append(result)
        if progress is not None:
            progress(done, len(jobs))
    teams, superseded = one_per_team(figures)
    teams.sort(key=lambda t: (t.problems == 0, t.township, t.village, t.team, t.team_id))
    return RollUp(first_day, days, now, tuple(teams), tuple(superseded), tuple(errors))


def _newer(a: TeamFigures, b: TeamFigures) -> bool:
    """Whether ``a`` was exported after ``b`` (a file without a time is the oldest)."""
    if a.exported_at is None:
        return False
    return b.exported_at is None or a.exported_at > b.exported_at


def one_per_team(figures: Sequence[TeamFigures]) -> tuple[list[TeamFigures], list[Superseded]]:
    """The newest file of each team (in the order first seen), and the files it replaces."""
    best: dict[str, TeamFigures] = {}
    superseded: list[Superseded] = []
    for f in figures:
        current = best.get(f.team_id)
        if current is None:
            best[f.team_id] = f
        elif _newer(f, current):
            superseded.append(Superseded(current.file, f.team_id, f.file))
            best[f.team_id] = f
        else:
            superseded.append(Superseded(f.file, f.team_id, current.file))
    return list(best.values()), superseded


def nothing_read(files: Sequence[str], rollup: RollUp) -> UserError | None:
    """The error when no file could be rolled up (exit 2), else None."""
    if not files:
        return UserError(msg("no bundle found: give bundle files or folders holding *.json"))
    if rollup.teams:
        return None
    first = rollup.errors[0].error
    more = len(rollup.errors) - 1
    if more:
        return UserError(msg("no file could be read: {first} (and {count} more)",
                             first=first, count=more))
    return UserError(msg("no file could be read: {first}", first=first))
