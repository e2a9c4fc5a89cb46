"""Settings for the whole suite.

On CI (``CI`` set) hypothesis runs derandomized: the same examples every run, so a red
build always means a change broke something, never that a new random example turned up.
Locally it explores fresh examples each run and remembers failures in .hypothesis/.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
