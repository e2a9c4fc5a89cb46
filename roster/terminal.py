"""Every text Rich and Textual draw passes through the one rule of ``roster.domain.text``.

Rich's ``Text`` and Textual's ``Content`` already strip a few control codes (bell,
backspace, carriage return…) from every string they are given, through one translate
table each; they keep ESC, C1 codes and bidi overrides, which a terminal obeys. Adding
:data:`~roster.domain.text.UNSAFE` to those tables makes every string that reaches the
screen (a table cell, a message, an error line, a widget's label) safe at the one point
all of them pass, instead of at each of the hundred places that show a name or a note.

The CLI installs it into Rich when it starts (``roster.cli``), the TUI into Rich and
Textual when it is imported (``roster.tui``, the only package that imports Textual);
tests prove the tables still take it after a library upgrade.
"""

from __future__ import annotations

from types import ModuleType

from roster.domain.text import UNSAFE

_TABLE = "_CONTROL_STRIP_TRANSLATE"


def guard(module: ModuleType) -> None:
    """Add the rule to ``module``'s strip table (Rich's ``control``, Textual's ``content``)."""
    table = getattr(module, _TABLE, None)
    if not isinstance(table, dict):  # pragma: no cover - a library changed; tests say so
        raise RuntimeError(f"{module.__name__}.{_TABLE} is gone: terminal text is not guarded")
    table.update(UNSAFE)


def guard_rich() -> None:
    """Make every Rich ``Text`` show unsafe characters as visible signs."""
    from rich import control

    guard(control)
