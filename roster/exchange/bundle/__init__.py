"""The bundle: the one JSON document a team is handed on in (``shared/spec/bundle.md``).

This module is the single converter between JSON-shaped documents and model objects,
used by ``import``/``export --format json`` and by the store (which keeps its records in
the same shapes). Reading collects *every* problem with the record and field at fault
instead of stopping at the first, so a team lead can fix a file in one pass. Keys we do
not know are kept in each record's ``extra`` and written back out.
"""

from __future__ import annotations

from roster.exchange.bundle.fields import (
    FORMAT,
    VERSION,
)
from roster.exchange.bundle.read import (
    load_bundle_file,
    load_json_file,
    parse_bundle,
    read_assignment,
    read_bundle,
    read_checkpoint,
    read_log,
    read_logs,
    read_member,
    read_rules,
    read_timezone,
)
from roster.exchange.bundle.write import (
    assignment_sort_key,
    assignment_to_doc,
    checkpoint_to_doc,
    dumps,
    log_to_doc,
    member_to_doc,
    rules_to_doc,
    team_to_doc,
    template_to_doc,
    to_doc,
)

__all__ = [
    "FORMAT",
    "VERSION",
    "assignment_sort_key",
    "assignment_to_doc",
    "checkpoint_to_doc",
    "dumps",
    "load_bundle_file",
    "load_json_file",
    "log_to_doc",
    "member_to_doc",
    "parse_bundle",
    "read_assignment",
    "read_bundle",
    "read_checkpoint",
    "read_log",
    "read_logs",
    "read_member",
    "read_rules",
    "read_timezone",
    "rules_to_doc",
    "team_to_doc",
    "template_to_doc",
    "to_doc",
]
