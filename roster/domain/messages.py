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

import string
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


#: What a stored message's value may be; anything else is kept as its ``str``.
Said = str | Message


def message_to_doc(message: Message) -> dict[str, Any]:
    """A message as JSON data (for the history, which is shown later in whatever language
    the reader then uses): its catalog id, context and values, nested messages too.
    A date or any other value is kept as its ``str``."""
    doc: dict[str, Any] = {"text": message.text,
                           "params": {k: _value_to_doc(v) for k, v in message.params.items()}}
    if message.context:
        doc["context"] = message.context
    return doc


def _value_to_doc(value: Any) -> Any:
    if isinstance(value, Message):
        return {"msg": message_to_doc(value)}
    if isinstance(value, list | tuple):
        return [_value_to_doc(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def message_from_doc(doc: Any) -> Message | None:
    """The message :func:`message_to_doc` wrote, or ``None`` where ``doc`` is not one
    (the caller then shows the English words stored beside it)."""
    if not isinstance(doc, Mapping) or not isinstance(doc.get("text"), str):
        return None
    params = doc.get("params", {})
    context = doc.get("context", "")
    if not isinstance(params, Mapping) or not isinstance(context, str):
        return None
    try:
        values = {str(k): _value_from_doc(v) for k, v in params.items()}
        _fits(doc["text"], values)
    except ValueError:
        return None
    return Message(doc["text"], values, context)


def _fits(text: str, values: Mapping[str, Any]) -> None:
    """A stored text must format with its own values: plain ``{name}`` fields (a spec as
    short as ``{n:g}``), each one given. A hand-edited or damaged record is refused here,
    not when the history screen draws it."""
    for _, name, spec, _ in string.Formatter().parse(text):
        if name is not None and (name not in values or len(spec or "") > 4 or "{" in (spec or "")):
            raise ValueError(name)


def _value_from_doc(value: Any) -> Any:
    if isinstance(value, Mapping):
        inner = message_from_doc(value.get("msg"))
        if inner is None:
            raise ValueError("not a message")
        return inner
    if isinstance(value, list):
        return [_value_from_doc(v) for v in value]
    return value
