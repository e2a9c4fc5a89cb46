"""The bundle as JSON: the format a team is handed on in and imported from (bundle.md)."""

from __future__ import annotations

from roster.domain.model import Bundle
from roster.exchange.bundle import dumps
from roster.exchange.exporters.selection import Selection


def render(bundle: Bundle, selection: Selection, lang: str) -> bytes:
    """The whole team, with assignments and logs narrowed to the selection if one is given."""
    del lang  # a bundle is data, the same in every language
    return dumps(selection.narrow(bundle), exported_at=selection.made_at).encode("utf-8")
