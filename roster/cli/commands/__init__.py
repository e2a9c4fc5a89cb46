"""The ``roster`` subcommands, one module per family; each module's ``register`` adds its parsers.

Adding a family of commands means adding its module to :data:`MODULES`, nothing else.
"""

from __future__ import annotations

from roster.cli.commands import county, desk, export, log, members, pin, plan, setup, team

MODULES = (team, setup, plan, export, log, members, desk, pin, county)
