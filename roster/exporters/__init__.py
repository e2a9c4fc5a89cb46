"""The export registry: one table of formats that the CLI and the TUI's export dialog both read.

Each exporter is a pure function from a bundle and a selection to the file's bytes; the
caller writes them (atomically) wherever the user asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from roster.exporters import json_bundle
from roster.exporters.selection import Selection
from roster.model import Bundle

__all__ = ["EXPORTERS", "Exporter", "Selection"]


@dataclass(frozen=True, slots=True)
class Exporter:
    name: str
    suffix: str
    title_zh: str
    title_en: str
    render: Callable[[Bundle, Selection, str], bytes]


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("json", ".json", "数据包（JSON，可导入）", "bundle (JSON, re-importable)",
                 json_bundle.render),
    )
}
