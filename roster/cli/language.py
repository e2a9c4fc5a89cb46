"""The command line in the user's language: ``--help``, argparse's own messages and the
flag checks.

The language has to be known before the parser is built (argparse prints the help while it
parses), so :func:`lang_of` finds ``--lang`` in the raw arguments, else the locale's
language. Inside :func:`speaking`, argparse's words ("usage:", "options", "the following
arguments are required") come from our catalog, the help texts (marked with ``N_`` where
the commands register their flags) are looked up as they are printed, and the flag types'
refusals are said in the same language.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from rich.cells import cell_len

from roster.domain.messages import N_, Message
from roster.i18n import LANGS, Lang, catalog, detect_lang, key, render

#: argparse's own words we say in Chinese (argparse looks each up with ``gettext`` as it
#: builds a parser or reports a mistake; ``%``-fields are argparse's, kept as they are).
ARGPARSE_WORDS = (
    N_("usage: ", context="argparse"),
    N_("positional arguments", context="argparse"),
    N_("options", context="argparse"),
    N_("show this help message and exit", context="argparse"),
    N_("show program's version number and exit", context="argparse"),
    N_("the following arguments are required: %s", context="argparse"),
    N_("invalid choice: %(value)r (choose from %(choices)s)", context="argparse"),
    N_("unrecognized arguments: %s", context="argparse"),
    N_("expected one argument", context="argparse"),
    N_("expected at most one argument", context="argparse"),
    N_("expected at least one argument", context="argparse"),
    N_("argument %(argument_name)s: %(message)s", context="argparse"),
    N_("invalid %(type)s value: %(value)r", context="argparse"),
    N_("ambiguous option: %(option)s could match %(matches)s", context="argparse"),
    N_("not allowed with argument %s", context="argparse"),
    N_("one of the arguments %s is required", context="argparse"),
    N_("ignored explicit argument %r", context="argparse"),
)

_LANG: ContextVar[Lang] = ContextVar("roster_cli_lang", default="en")


def lang_of(argv: Sequence[str]) -> Lang:
    """The language the command will speak: ``--lang`` where it is given (before the
    command, as the parser takes it), else ``ROSTER_LANG`` or the locale's."""
    args, i = list(argv), 0
    while i < len(args) and args[i].startswith("-") and args[i] != "--":
        flag, _, value = args[i].partition("=")
        if flag in _GLOBAL_WITH_VALUE and not value:
            value = args[i + 1] if i + 1 < len(args) else ""
            i += 1
        if flag == "--lang" and value in LANGS:
            return value  # type: ignore[return-value]
        i += 1
    return detect_lang()


#: The flags before the command that take a value (so the value is not the command).
_GLOBAL_WITH_VALUE = frozenset({"--data", "--lang", "--operator", "--pin"})


def words(text: str, lang: str, context: str = "") -> str:
    """A marked text in ``lang``, as written (no fields filled: argparse fills its own)."""
    return catalog(lang).get(key(text, context), text)


def said(words: Message | Exception) -> str:
    """A flag check's refusal, in the language of the command being parsed."""
    return render(words, _LANG.get())


class Formatter(argparse.HelpFormatter):
    """argparse's help with our texts in the command's language, wrapped by terminal cells
    (a Chinese character takes two; argparse counts one and never breaks between them)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help
        if not text:
            return text
        lang = _LANG.get()
        said_here = words(text, lang)
        # argparse's own flags (--version) carry its English default, not a gettext call.
        return said_here if said_here != text else words(text, lang, "argparse")

    def add_text(self, text: str | None) -> None:
        super().add_text(words(text, _LANG.get()) if text else text)

    def _split_lines(self, text: str, width: int) -> list[str]:
        text = self._whitespace_matcher.sub(" ", text).strip()  # type: ignore[attr-defined]
        return wrap_cells(text, max(width, 1))

    def _format_usage(self, *args: Any) -> str:
        usage = super()._format_usage(*args)
        head, _, rest = usage.partition("\n")
        extra = cell_len(head) - len(head)  # "用法：" is 3 characters and 6 cells
        if extra > 0 and rest:
            rest = "\n".join(" " * extra + line if line.strip() else line
                             for line in rest.split("\n"))
        return f"{head}\n{rest}" if rest else head


#: A Chinese character (or full-width sign) is a place to break a line; a Latin word is not.
_TOKENS = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff"
                     r"\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|\s+")
#: Signs that never begin a line (they stay with the character before them).
_NO_LINE_START = set("，。、；：？！）》」』】,.;:?!)")
#: Signs that never end a line (they go with the character after them).
_NO_LINE_END = set("（《「『【")


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal cells, broken between words and
    between Chinese characters (argparse and Rich break only at spaces, so a Chinese
    sentence after a Latin word went whole to the next line), punctuation kept with the
    character before it. A word longer than a line is cut by cells."""
    tokens: list[str] = []
    opening = ""
    for token in _TOKENS.findall(text):
        if token in _NO_LINE_END:
            opening += token
        elif tokens and token in _NO_LINE_START and not opening:
            tokens[-1] += token
        else:
            tokens.append(opening + token)
            opening = ""
    if opening:
        tokens.append(opening)
    lines: list[str] = []
    line = ""
    for token in tokens:
        if cell_len(line + token) <= width or not line.strip():
            line += token
        else:
            lines.append(line.rstrip())
            line = token.lstrip()
        while cell_len(line) > width:  # a single word wider than the line
            cut = next(i for i in range(len(line), 0, -1) if cell_len(line[:i]) <= width) \
                if cell_len(line[:1]) <= width else 1
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines


@contextmanager
def speaking(lang: Lang) -> Iterator[None]:
    """Build and run the parser in ``lang``: argparse's words from our catalog."""
    token = _LANG.set(lang)
    saved = argparse._  # type: ignore[attr-defined]
    # argparse says its words through the name ``_`` (gettext) of its own module; there is
    # no other hook, and the parser's life is inside this block.
    argparse._ = lambda text: words(text, lang, "argparse")  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = saved  # type: ignore[attr-defined]
        _LANG.reset(token)


def current_lang() -> Lang:
    return _LANG.get()


__all__ = ["ARGPARSE_WORDS", "Formatter", "current_lang", "lang_of", "said", "speaking",
           "words"]

