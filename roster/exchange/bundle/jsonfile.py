"""Reading a bundle file into JSON data, within sane sizes, before any record is read.

A bundle is one team (its roster and a year of duty logs: a few megabytes). A file past
:data:`MAX_BUNDLE_BYTES`, nested past :data:`MAX_DEPTH` (a 200,000-deep list would
exhaust the parser's recursion) or holding text no file can store (a lone surrogate from
a ``\\ud800`` escape, which would crash the first write) is refused with one line that
names the file and the place. The limits are stated in the README.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from roster.domain.errors import BundleError, Problem
from roster.domain.messages import Message, msg
from roster.domain.text import is_clean_utf8

#: A bundle is one team: its roster, a year of duty logs, well under this.
MAX_BUNDLE_BYTES = 64 * 1024 * 1024
#: A bundle nests six levels deep; extra keys kept from a newer version add a few.
MAX_DEPTH = 64
#: No count, hour or version has more digits; a 5,000-digit one would stop Python's int().
MAX_DIGITS = 100


class _TooManyDigits(ValueError):
    pass


def _whole(text: str) -> int:
    """A JSON integer, refused past :data:`MAX_DIGITS` digits before it is converted."""
    if len(text) > MAX_DIGITS + 1 and len(text.lstrip("-")) > MAX_DIGITS:
        raise _TooManyDigits(len(text.lstrip("-")))
    return int(text)


def _refused(path: Path, where: str, message: Message) -> BundleError:
    return BundleError(str(path), [Problem(where, message)])


def _shape_problem(doc: Any) -> tuple[str, Message] | None:
    """The first place past :data:`MAX_DEPTH` or holding text no file can store (a lone
    surrogate from a ``\\ud800`` escape, in a key or a value), walked without recursion."""
    stack: list[tuple[Any, str, int]] = [(doc, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            return where, msg("nested more than {most} levels deep", most=MAX_DEPTH)
        if isinstance(value, str):
            if not is_clean_utf8(value):
                return where, msg("is not valid text (it holds a lone UTF-16 surrogate, such "
                                  "as \\ud800)")
        elif isinstance(value, dict):
            for key, item in value.items():
                place = f"{where}.{key}" if where else str(key)
                if not is_clean_utf8(key):
                    return where or "(top)", msg("is not valid text (it holds a lone UTF-16 "
                                                 "surrogate, such as \\ud800)")
                stack.append((item, place, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{i}]", depth + 1) for i, item in enumerate(value))
    return None


def load_json_file(path: Path) -> Any:
    """Parse a JSON file; a missing, unreadable, malformed, oversized or too deeply nested
    file is a one-line BundleError."""
    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise _refused(path, "", msg("larger than {mb} MB; a bundle holds one team",
                                         mb=MAX_BUNDLE_BYTES // (1024 * 1024)))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _refused(path, "", msg("no such file")) from None
    except IsADirectoryError:
        raise _refused(path, "", msg("is a folder, not a file")) from None
    except OSError as exc:
        raise _refused(path, "", msg("cannot be read ({strerror})",
                                     strerror=exc.strerror)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refused(path, "", msg("is not UTF-8 text (byte {start})",
                                     start=exc.start)) from None
    try:
        doc = json.loads(text, parse_int=_whole)
    except json.JSONDecodeError as exc:
        raise _refused(path, f"line {exc.lineno} column {exc.colno}",
                       msg("malformed JSON ({msg})", msg=exc.msg)) from None
    except _TooManyDigits as exc:
        raise _refused(path, "", msg("holds a number of {digits} digits (at most {most})",
                                     digits=exc.args[0], most=MAX_DIGITS)) from None
    except ValueError as exc:  # any other value Python cannot hold
        raise _refused(path, "", msg("holds a value that cannot be read ({error})",
                                     error=str(exc)[:120])) from None
    except RecursionError:
        raise _refused(path, "", msg("nested more than {most} levels deep",
                                     most=MAX_DEPTH)) from None
    problem = _shape_problem(doc)
    if problem is not None:
        raise _refused(path, *problem)
    return doc
