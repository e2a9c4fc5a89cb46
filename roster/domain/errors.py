"""Errors a user can cause, each naming the place at fault: one line on screen, exit 2."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: ``where`` names the record and field, ``message`` what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class UserError(Exception):
    """Something the user can fix (a bad flag, file or value); never shown as a traceback."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = list(problems or [])

    def __str__(self) -> str:
        return self.message


class BundleError(UserError):
    """A bundle (or the store's documents) that does not describe a valid team."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        first = str(problems[0]) if problems else "invalid"
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(f"{source}: {first}{more}", problems)
        self.source = source


class StoreError(UserError):
    """The data folder cannot be read or written safely; the files are left as they were."""
