"""Text that came from a person or a file, made safe to show on a terminal.

A name, a note, a flag or a file's cell is data: it may hold anything, and a terminal
obeys some of it. ``ESC]0;…BEL`` retitles the window, ``ESC[2J`` clears it, OSC 8 makes
links, C1 codes (U+0080–U+009F) are escapes on some terminals, bidi overrides (U+202E)
reorder what the reader sees, NUL and a lone surrogate break the output. This module is
the one place that says which characters those are and what is shown instead:

- C0 controls (but tab and newline), DEL and C1 controls become their visible pictures
  (``␛`` for ESC, ``␀`` for NUL, ``␡`` for DEL) or ``�``, so tampering is seen, not obeyed;
- the bidi embedding, override and isolate controls and the direction marks become ``�``;
- a lone surrogate (text decoded with ``surrogateescape`` or from a ``\\ud800`` in JSON)
  becomes ``�``; a carriage return is dropped.

:func:`printable` cleans one string; :data:`UNSAFE` is the same rule as a
:meth:`str.translate` table, which the CLI and the TUI install into Rich and Textual so
that every text they draw passes through it (``roster.cli.terminal``,
``roster.tui.terminal``). :func:`json_safe` keeps JSON lossless: it writes the same
characters as ``\\u001b``-style escapes instead.
"""

from __future__ import annotations

import re

#: Tab and newline are layout, not control: a note keeps its lines.
_KEPT = frozenset({0x09, 0x0A})
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)


def _picture(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


#: Every unsafe code point → what is shown instead (a ``str.translate`` table). A carriage
#: return is dropped (a Windows line end is noise, and alone it overwrites the line).
UNSAFE: dict[int, str] = {
    **{c: _picture(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if c not in _KEPT},
    0x0D: "",
    **{c: "\ufffd" for c in _BIDI},
    **{c: "\ufffd" for c in range(0xD800, 0xE000)},
}

_UNSAFE_CLASS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                           "\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with every character a terminal would obey replaced by a visible sign."""
    return text.translate(UNSAFE)


def is_clean(text: str) -> bool:
    """Whether ``text`` holds nothing :func:`printable` would replace."""
    return _UNSAFE_CLASS.search(text) is None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def is_clean_utf8(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8: it holds no lone surrogate (what Python
    makes of bytes that were not UTF-8, or of a ``\\ud800`` escape in JSON)."""
    return _LONE_SURROGATE.search(text) is None


def json_safe(dumped: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with every unsafe
    character written as a ``\\u001b``-style escape: the same data, safe on a terminal.

    Unsafe characters can only stand inside JSON strings, where the escape is exact.
    """
    return _UNSAFE_CLASS.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
