"""The TUI: the only part of the package that imports Textual."""
