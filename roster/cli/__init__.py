"""The ``roster`` command: argument parsing, exit statuses and printing, nothing more."""

from roster.terminal import guard_rich

guard_rich()
