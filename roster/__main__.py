"""``python -m roster``: the same as the ``roster`` command."""

import sys

from roster.cli.main import main

sys.exit(main())
