"""Small facades over the store for the CLI and the TUI: the roster session, the duty log,
exports. Screens call these, never the store."""
