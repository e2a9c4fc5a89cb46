"""The ``roster`` command: argument parsing, exit statuses and printing, nothing more."""
