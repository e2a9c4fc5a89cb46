"""The demo team, moved in time so that it is always "this week" when it is loaded.

``data/demo.json`` is written relative to a Monday (its ``demo_anchor``); loading it
shifts every date and instant by whole days so the anchor becomes the Monday of the
current week, and the two members' leave always falls next week, as the story needs.
The file ships inside the package (``roster.data``) so a wheel install has it.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any

from roster.domain.model import Bundle
from roster.domain.timeutil import monday_of
from roster.exchange.bundle import read_bundle

ANCHOR_KEY = "demo_anchor"


def demo_document() -> dict[str, Any]:
    text = resources.files("roster.data").joinpath("demo.json").read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


def _shift_date(value: Any, days: int) -> Any:
    if not isinstance(value, str):
        return value
    return (date.fromisoformat(value) + timedelta(days=days)).isoformat()


def _shift_instant(value: Any, days: int) -> Any:
    if not isinstance(value, str):
        return value
    # Whole calendar days on the wall clock: the demo's zone keeps its offset all year.
    return (datetime.fromisoformat(value) + timedelta(days=days)).isoformat()


def shift_document(doc: dict[str, Any], days: int) -> dict[str, Any]:
    """A copy of a bundle document with every date and instant moved by ``days`` days."""
    out: dict[str, Any] = json.loads(json.dumps(doc))
    rules = out.get("rules", {})
    rules["holidays"] = [_shift_date(d, days) for d in rules.get("holidays", [])]
    for m in out.get("members", []):
        for span in m.get("unavailable", []):
            span["from"] = _shift_instant(span.get("from"), days)
            span["to"] = _shift_instant(span.get("to"), days)
    for c in out.get("checkpoints", []):
        c["from"] = _shift_date(c.get("from"), days)
        c["to"] = _shift_date(c.get("to"), days)
    for a in out.get("assignments", []):
        a["start"] = _shift_instant(a.get("start"), days)
        a["end"] = _shift_instant(a.get("end"), days)
    for e in out.get("logs", []):
        e["at"] = _shift_instant(e.get("at"), days)
        e["recorded_at"] = _shift_instant(e.get("recorded_at"), days)
    if ANCHOR_KEY in out:
        out[ANCHOR_KEY] = _shift_date(out[ANCHOR_KEY], days)
    return out


def demo_bundle(today: date) -> Bundle:
    """The demo team with its anchor moved to the Monday of ``today``'s week."""
    doc = demo_document()
    anchor = date.fromisoformat(doc[ANCHOR_KEY])
    shifted = shift_document(doc, (monday_of(today) - anchor).days)
    return read_bundle(shifted, "demo team")
