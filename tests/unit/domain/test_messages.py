"""A message kept as data: the history stores what was said, to say it later in whatever
language the reader then uses (issue 13 item 17: summaries stayed in the language of the
moment they were written)."""

from __future__ import annotations

from datetime import date

import pytest

from roster.domain.messages import message_from_doc, message_to_doc, msg
from roster.i18n import render


def test_a_nested_message_round_trips_and_renders_in_either_language() -> None:
    said = msg("undo: {summary}", summary=msg("add member {name}", name="张三"))
    back = message_from_doc(message_to_doc(said))
    assert back == said
    assert render(back, "en") == "undo: add member 张三"
    assert render(back, "zh") != render(back, "en") and "张三" in render(back, "zh")


def test_values_that_are_not_json_are_kept_as_text() -> None:
    doc = message_to_doc(msg("demo roster {first} +{days}d", first=date(2026, 12, 1), days=14))
    assert doc["params"] == {"first": "2026-12-01", "days": 14}
    back = message_from_doc(doc)
    assert back is not None and render(back, "en") == "demo roster 2026-12-01 +14d"


@pytest.mark.parametrize("doc", [
    None, "text", {"text": 3}, {"text": "{x}", "params": {}},  # a field with no value
    {"text": "{0}", "params": {}}, {"text": "{x.__class__}", "params": {"x": 1}},
    {"text": "{x:>999999999}", "params": {"x": 1}},  # a width that would fill the memory
    {"text": "{x}", "params": {"x": {"msg": {"text": "{y}"}}}},  # a damaged inner one
    {"text": "a", "params": []}, {"text": "a", "context": 5},
])
def test_a_damaged_stored_message_is_none_not_a_crash_later(doc: object) -> None:
    assert message_from_doc(doc) is None
