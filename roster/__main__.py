"""``python -m roster``: the same as the ``roster`` command."""

import sys

from roster.cli import main

sys.exit(main())
