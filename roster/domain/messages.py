"""Words for a person, not yet in their language: what the core says instead of a string.

The core never chooses a language. It says :func:`msg` with the English text as the
catalog id (``{named}`` fields, as :meth:`str.format` takes them) and the values; the
CLI, the TUI and the exporters put it into the user's language with
:func:`roster.i18n.render`, which looks the text up in ``roster/i18n/catalogs/<lang>.po``.
A value may itself be a :class:`Message` (a reason inside a sentence) and is rendered
in the same language.

``str()`` of a message is its English text, for logs and for code that has no user.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Message:
    text: str
    params: Mapping[str, Any] = field(default_factory=dict)
    #: Tells apart one English text that another language says two ways (gettext's msgctxt).
    context: str = ""

    def __str__(self) -> str:
        return self.text.format(**{k: _plain(v) for k, v in self.params.items()})


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, Message):
        return str(value)
    return value


def msg(text: str, /, *, context: str = "", **params: Any) -> Message:
    """A message with catalog id ``text`` (its English words) and the values of its fields."""
    return Message(text, params, context)


def N_(text: str, *, context: str = "") -> str:
    """Marks ``text`` as a catalog id where a plain string is needed (a table of words);
    ``context`` is the one its lookups pass (it tells the catalog check where to look)."""
    return text
