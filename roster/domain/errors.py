"""Errors a user can cause, each naming the place at fault: one line on screen, exit 2.

Their words are :class:`~roster.domain.messages.Message` values (or plain text for what
has no words of its own, such as an operating system's reason); the CLI and the TUI
render them in the user's language with :func:`roster.i18n.render`.
"""

from __future__ import annotations

from dataclasses import dataclass

from roster.domain.messages import Message, msg


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: ``where`` names the record and field, ``message`` what."""

    where: str
    message: str | Message

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else str(self.message)


class UserError(Exception):
    """Something the user can fix (a bad flag, file or value); never shown as a traceback."""

    def __init__(self, message: str | Message, problems: list[Problem] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.problems: list[Problem] = list(problems or [])

    def __str__(self) -> str:
        return str(self.message)


class BundleError(UserError):
    """A bundle (or the store's documents) that does not describe a valid team."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        first = problems[0] if problems else "invalid"
        more = msg(" (and {count} more problem(s))", count=len(problems) - 1) \
            if len(problems) > 1 else ""
        super().__init__(msg("{source}: {first}{more}", source=source, first=first,
                             more=more), problems)
        self.source = source


class StoreError(UserError):
    """The data folder cannot be read or written safely; the files are left as they were."""
