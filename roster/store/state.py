"""What ``team.json`` says about itself, checked before anything is written (#13.1, .3).

Every write of the roster reads the file's meta record and history first: the next change
number comes from them, and the backup of the current file is written before the new one.
A record that is not what the store writes (a ``seq`` that is text, a ``last_seq`` that
the history does not end at, a roster without its team record) is damage: it is named,
in one line, before the backup and before any log shard is touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from roster.domain.errors import StoreError
from roster.domain.messages import msg
from roster.domain.model import Bundle
from roster.exchange.bundle import to_doc
from roster.store.files import (
    ASSIGNMENTS,
    BUNDLE_EXTRA,
    CHANGES,
    CHECKPOINTS,
    MEMBERS,
    RULES,
    TEAM,
    Tables,
    check_meta,
    corrupt,
)
from roster.store.history import Change, read_change

#: The roster tables that only exist beside a team record.
_WITH_TEAM = (RULES, MEMBERS, CHECKPOINTS, ASSIGNMENTS, BUNDLE_EXTRA)


@dataclass(frozen=True, slots=True)
class TeamState:
    """The checked meta record, history (newest first) and whether a team is saved."""

    meta: dict[str, Any] = field(default_factory=lambda: {"generation": 0, "last_seq": 0})
    changes: tuple[Change, ...] = ()
    has_team: bool = False

    @property
    def last_seq(self) -> int:
        return self.changes[0].seq if self.changes else int(self.meta.get("last_seq", 0))


def read_state(tables: Tables | None, path: Path) -> TeamState:
    """The state of ``team.json`` (``tables``; None: no file yet), or a StoreError naming
    the first record that is not as the store writes it."""
    if tables is None:
        return TeamState()
    meta = dict(check_meta(tables, path))
    changes = _history(tables, path)
    newest = changes[0].seq if changes else 0
    if "last_seq" in meta and meta["last_seq"] != newest:
        raise corrupt(path, msg("meta.last_seq is {last_seq}, but the history ends at "
                                "change {newest}", last_seq=meta["last_seq"], newest=newest))
    return TeamState(meta, changes, _has_team(tables, changes, path))


def _history(tables: Tables, path: Path) -> tuple[Change, ...]:
    changes = sorted((read_change(d, path) for d in tables.get(CHANGES, {}).values()),
                     key=lambda c: c.seq, reverse=True)
    for older, newer in zip(changes[1:], changes, strict=False):
        if older.seq == newer.seq:
            raise corrupt(path, msg("two history records have seq={seq}", seq=newer.seq))
    return tuple(changes)


def _has_team(tables: Tables, changes: tuple[Change, ...], path: Path) -> bool:
    """Whether a team is saved. No team record is only "no team" when nothing else of a
    roster is there and the newest change left none (an undo of the first change)."""
    if tables.get(TEAM):
        return True
    left = [name for name in _WITH_TEAM if tables.get(name)]
    if left:
        raise _no_team_record(path, msg("the {tables} records are still there",
                                        tables=left))
    if changes and _left_a_team(changes):
        raise _no_team_record(path, msg("history change {seq} ({op}) left a roster",
                                        seq=changes[0].seq, op=changes[0].op))
    return False


def _left_a_team(changes: tuple[Change, ...]) -> bool:
    newest = changes[0]
    if newest.restores is None:
        return True  # only an undo or a restore can leave no team
    target = next((c for c in changes if c.seq == newest.restores), None)
    return target is not None and target.had_team


def _no_team_record(path: Path, why: object) -> StoreError:
    return corrupt(path, msg("the team record is missing, but {why}", why=why))


_BUNDLE_KEYS = frozenset(("format", "version", "team", "rules", "members", "checkpoints",
                          "assignments", "logs"))


def roster_docs(bundle: Bundle | None) -> dict[str, list[dict[str, Any]]]:
    """The rows of each roster table of ``team.json`` holding ``bundle`` (None: no team)."""
    if bundle is None:
        return {name: [] for name in (TEAM, *_WITH_TEAM)}
    doc = to_doc(replace(bundle, logs=()))
    extra = {k: v for k, v in doc.items() if k not in _BUNDLE_KEYS}
    return {TEAM: [doc["team"]], RULES: [doc["rules"]], MEMBERS: doc["members"],
            CHECKPOINTS: doc["checkpoints"], ASSIGNMENTS: doc["assignments"],
            BUNDLE_EXTRA: [extra] if extra else []}
