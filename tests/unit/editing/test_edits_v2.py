"""Hand edits of bundle v2's plans: wishes, checkpoints a member may serve at, crews and
rotations, weekdays and dated changes; each refusal names its form field, and a change to
crews survives undo and redo (the patch carries crews)."""

from __future__ import annotations

from datetime import date

import pytest

from roster.domain.errors import UserError
from roster.domain.plans import Rotation
from roster.editing import edits
from roster.editing import plans as p
from roster.editing.patch import apply_patch, diff
from roster.exchange.bundle import read_bundle
from tests.unit.exchange.test_bundle_plans_v2 import v2_doc


def bundle():  # type: ignore[no-untyped-def]
    return read_bundle(v2_doc(), "t")


def test_a_wish_is_added_from_its_form_and_removed() -> None:
    b = bundle()
    wish = p.parse_wish({"from": "2026-12-09", "to": "2026-12-10", "want": "off",
                         "weight": "3", "reason": "赶集"}, b.tz)
    assert (wish.end - wish.start).days == 2 and wish.weight == 3
    b2 = p.add_wish(b, "m1", wish)
    assert b2.member("m1").wishes == (wish,)  # type: ignore[union-attr]
    assert p.remove_wish(b2, "m1", 0).member("m1").wishes == ()  # type: ignore[union-attr]


@pytest.mark.parametrize(("values", "field"), [
    ({"from": "", "to": ""}, "from"),
    ({"from": "2026-12-09", "to": "2026-12-01"}, "to"),
    ({"from": "2026-12-09", "want": "maybe"}, "want"),
    ({"from": "2026-12-09", "weight": "4"}, "weight"),
])
def test_a_bad_wish_names_its_field(values: dict[str, str], field: str) -> None:
    with pytest.raises(UserError) as info:
        p.parse_wish(values, bundle().tz)
    assert info.value.problems[0].where == field


def test_only_checkpoints_from_the_member_form_are_checked() -> None:
    b = bundle()
    m = b.member("m2")
    assert m is not None
    values = {"name": m.name, "only_checkpoints": "cp-m"}
    b2 = edits.update_member(b, edits.parse_member(values, m))
    assert b2.member("m2").only_checkpoints == ("cp-m",)  # type: ignore[union-attr]
    with pytest.raises(UserError) as info:
        edits.update_member(b, edits.parse_member({**values, "only_checkpoints": "cp-x"}, m))
    assert edits.field_of(info.value.problems[0]) == "only_checkpoints"


def test_crews_are_made_joined_left_and_kept_through_undo() -> None:
    b = bundle()
    b2 = p.set_crew(b, "m1", "g2")
    assert [c.members for c in b2.crews] == [(), ("m2", "m1")]
    b3 = p.add_crew(b2, "第三组", ("m2",))
    assert [(c.id, c.members) for c in b3.crews][-1] == ("g3", ("m2",))
    patch = diff(b, b3)
    assert apply_patch(b, patch).crews == b3.crews
    assert apply_patch(b3, patch.inverse()).crews == b.crews
    with pytest.raises(UserError):
        p.remove_crew(b3, "g1")  # in the rotation of cp-n
    assert [c.id for c in p.remove_crew(b3, "g3").crews] == ["g1", "g2"]


def test_rotation_weekdays_and_changes_are_edited() -> None:
    b = bundle()
    rot = p.parse_rotation({"rotation": "g2 g1", "rotation_from": "2026-12-01"})
    assert rot == Rotation(("g2", "g1"), date(2026, 12, 1))
    b2 = p.set_rotation(b, "cp-n", 0, rot)
    assert b2.checkpoint("cp-n").shifts[0].rotation == rot  # type: ignore[union-attr]
    with pytest.raises(UserError):
        p.set_rotation(b, "cp-n", 0, Rotation(("g9",), date(2026, 12, 1)))
    t = b.checkpoint("cp-n").shifts[1]  # type: ignore[union-attr]
    again = edits.parse_template({"start": "20:00", "end": "08:00", "need": "1",
                                  "weekdays": "6 7"}, t)
    assert again.weekdays == (6, 7) and again.rotation == t.rotation
    change = p.parse_change({"from": "2026-12-24", "to": "2026-12-26", "template": "1",
                             "need": "3", "need_tags": "party:2", "reason": "春节"}, 2)
    assert (change.template, change.need, dict(change.need_tags or {})) == (0, 3, {"party": 2})
    b3 = p.add_change(b, "cp-n", change)
    assert b3.checkpoint("cp-n").changes[-1] == change  # type: ignore[union-attr]
    assert len(p.remove_change(b3, "cp-n", 0).checkpoint("cp-n").changes) == 2  # type: ignore[union-attr]
    with pytest.raises(UserError) as info:
        p.parse_change({"from": "2026-12-24", "template": "5"}, 2)
    assert info.value.problems[0].where == "template"


def test_removing_a_member_checkpoint_or_template_keeps_the_plans_valid() -> None:
    b = bundle()
    gone = edits.remove_member(b, "m1")
    assert [c.members for c in gone.crews] == [(), ("m2",)]
    b2 = edits.remove_checkpoint(b, "cp-n")
    assert b2.member("m1").only_checkpoints is None  # type: ignore[union-attr]
    b3 = edits.remove_template(b, "cp-n", 0)
    changes = b3.checkpoint("cp-n").changes  # type: ignore[union-attr]
    assert [c.reason for c in changes] == ["修桥"]
