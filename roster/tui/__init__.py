"""The TUI: the only part of the package that imports Textual.

``app.py`` is the one app (``make_app``), ``keys.py`` every key; ``screens/`` one module per
screen, ``widgets/`` and ``dialogs/`` what screens are built from, ``views/`` what a screen
shows as plain data, ``styles/`` the Textual CSS.
"""

from pathlib import Path

from textual import content

from roster.terminal import guard, guard_rich

# Every text the app draws, Rich's and Textual's, shows unsafe characters as signs.
guard_rich()
guard(content)

#: The folder of the app's ``.tcss`` files (CSS_PATH is resolved against a class's module).
STYLES = Path(__file__).resolve().parent / "styles"
