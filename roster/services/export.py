"""Running one export the way the CLI and the TUI's export dialog both do.

Exporters are pure (bundle + selection + language -> bytes). The steps around them are
not, and must be the same wherever an export is started: refuse a selection the format
cannot serve (a calendar needs a member or a checkpoint), refuse an empty one rather
than write an empty file, hand a printed layout what the last print of the same period
showed, and remember what this one shows once the file is safely written. Doing those
here keeps the command and the dialog thin and in agreement.

    prepared = export_to(store, bundle, EXPORTERS["pdf"], selection, lang, path)

is ``prepare`` (may raise), :func:`write_file` (atomic) and ``finish`` (remember it).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from roster.domain.errors import UserError
from roster.domain.messages import Message, msg
from roster.domain.model import Bundle
from roster.exchange.exporters import Exporter
from roster.exchange.exporters.grid import build, selected_assignments
from roster.exchange.exporters.print_memory import (
    memory_keys,
    memory_records,
    previous_from,
)
from roster.exchange.exporters.selection import Selection
from roster.store import Store

__all__ = ["EmptyExport", "Prepared", "empty_reason", "export_to", "finish", "prepare",
           "versions_text", "write_file"]


class EmptyExport(UserError):
    """Nothing in the selection to export; no file is written (the CLI exits 1)."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """An export rendered and not yet written: its bytes and what to remember after."""

    exporter: Exporter
    selection: Selection
    data: bytes
    #: The versions printed on the sheets (one per page group, as :func:`versions_text`
    #: names them); empty when the file prints none (JSON, CSV rows, a calendar).
    stamp: str
    #: Printed pages (checkpoint-weeks) for printed layouts, else 0.
    pages: int = 0
    #: Checkpoints whose cells were compared with a previous print.
    compared: int = 0
    #: Cells marked as changed since the last print.
    changed: int = 0
    memory: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: What the file does not show right (the file is written all the same).
    warnings: tuple[Message, ...] = ()


def empty_reason(bundle: Bundle, selection: Selection) -> Message | None:
    """Why the selection has nothing to export (one line naming what is empty), or None."""
    if selected_assignments(bundle, selection):
        return None
    span: Message | str = ""
    if selection.period is not None:
        p = selection.period
        last = p.first_day + timedelta(days=p.days - 1)
        span = msg(" in {first} to {last}", first=p.first_day.isoformat(),
                   last=last.isoformat())
    member = bundle.member(selection.member) if selection.member else None
    checkpoint = bundle.checkpoint(selection.checkpoint) if selection.checkpoint else None
    if member is not None and checkpoint is not None:
        return msg("{name} ({id}) has no shifts at {checkpoint}{span}; no file written",
                   name=member.name, id=member.id, checkpoint=checkpoint.name, span=span)
    if member is not None:
        return msg("{name} ({id}) has no shifts{span}; no file written", name=member.name,
                   id=member.id, span=span)
    if checkpoint is not None:
        return msg("{name} ({id}) has no assignments{span}; no file written",
                   name=checkpoint.name, id=checkpoint.id, span=span)
    return msg("no assignments{span}; no file written (run roster generate first?)", span=span)


def prepare(store: Store | None, bundle: Bundle, exporter: Exporter, selection: Selection,
            lang: str) -> Prepared:
    """Check the selection, fetch the last print if it matters, and render.

    Raises :class:`UserError` when the format needs a selection it was not given and
    :class:`EmptyExport` when there is nothing to export (formats other than the bundle,
    which always has the team to hand on).
    """
    missing = exporter.missing_selection(selection, lang)
    if missing:
        raise UserError(missing)
    if not exporter.whole_by_default:
        reason = empty_reason(bundle, selection)
        if reason:
            raise EmptyExport(reason)
    keys = memory_keys(bundle, selection) if exporter.printed else {}
    if keys and store is not None:
        selection = replace(selection,
                            previous=previous_from(store.print_memory(keys.values()), keys))
    calendar = exporter.name == "ics"
    if calendar:
        selection = _with_calendar_before(store, selection)
    data = exporter.render(bundle, selection, lang)
    warnings = tuple(exporter.warnings(bundle, selection))
    stamp = versions_text(exporter.sheet_versions(bundle, selection))
    if not exporter.printed:
        memory = _calendar_memory(bundle, selection, lang) if calendar else {}
        return Prepared(exporter, selection, data, stamp, memory=memory, warnings=warnings)
    layout = build(bundle, selection, block_days=7)
    return Prepared(exporter, selection, data, stamp, pages=exporter.page_count(layout, lang),
                    compared=len(selection.previous or {}),
                    changed=sum(g.changed for g in layout.grids),
                    memory=memory_records(layout) if keys else {}, warnings=warnings)


def _with_calendar_before(store: Store | None, selection: Selection) -> Selection:
    """The selection with what the last export of the same calendar sent (to cancel the
    events whose shifts have left the roster since)."""
    from roster.exchange.exporters.ics_calendar import calendar_key

    key = calendar_key(selection)
    if store is None or key is None:
        return selection
    record = store.print_memory([key]).get(key)
    events = record.get("events") if isinstance(record, Mapping) else None
    return replace(selection, calendar_before=events) if isinstance(events, Mapping) \
        else selection


def _calendar_memory(bundle: Bundle, selection: Selection, lang: str
                     ) -> dict[str, dict[str, Any]]:
    from roster.exchange.exporters.ics_calendar import calendar_memory

    return calendar_memory(bundle, selection, lang)


#: More versions than this are named by the first few and the last.
_VERSIONS_NAMED = 12


def versions_text(stamps: tuple[str, ...]) -> str:
    """``1a2b3c4d, 5e6f7a8b``: the versions on the sheets, in page order (a long export's
    first ones and its last)."""
    if len(stamps) <= _VERSIONS_NAMED:
        return ", ".join(stamps)
    return f"{', '.join(stamps[:_VERSIONS_NAMED - 1])}, …, {stamps[-1]}"


def finish(store: Store | None, prepared: Prepared) -> None:
    """After the file is written: remember what a printed export showed (or what a
    calendar sent)."""
    if store is not None and prepared.memory:
        store.remember_prints(prepared.memory)


def export_to(store: Store | None, bundle: Bundle, exporter: Exporter, selection: Selection,
              lang: str, path: Path) -> Prepared:
    """Render, write atomically, then remember what a printed export showed."""
    prepared = prepare(store, bundle, exporter, selection, lang)
    write_file(path, prepared.data)
    finish(store, prepared)
    return prepared


def _umask() -> int:
    """The process's umask, read without changing it where the system says it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o077)  # set and put back at once: no file is made in between
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """An export holds names and phones: a file replaced keeps the permissions it had,
    a new one gets what the user's umask allows (0600 under ``umask 077``), as any Unix
    tool would; never wider."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def write_file(path: Path, data: bytes) -> None:
    """Write atomically: a half-written export must never replace a good one."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(msg("{path}: the folder {folder} does not exist", path=path, folder=folder))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, _mode_for(path))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except IsADirectoryError:
        raise UserError(msg("{path}: is a folder; give a file name", path=path)) from None
    except OSError as exc:
        raise UserError(msg("{path}: cannot be written ({strerror})", path=path,
                            strerror=exc.strerror)) from None
