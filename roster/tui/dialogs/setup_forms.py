"""Forms for starting a team: the team itself, and a checkpoint from a shift pattern.

The checkpoint form is also what ``a`` on screen 4 opens, on any team: a preset (three
8-hour shifts, two 12-hour shifts, one 24-hour shift) or custom times, with the people,
required qualifications and standby every shift needs. Both read their fields through
:mod:`roster.editing.setup`, as ``roster init`` and ``roster checkpoint add`` do.
"""

from __future__ import annotations

from dataclasses import replace

from roster.domain.messages import msg
from roster.domain.model import Bundle, Checkpoint, Member
from roster.editing.edits import add_checkpoint, parse_member
from roster.editing.setup import (
    DEFAULT_ZONE,
    add_new_member,
    checkpoint_from_form,
    new_checkpoint_id,
    new_team,
)
from roster.i18n import say, tag_ids
from roster.tui.widgets.forms import FieldSpec, FormScreen


class TeamForm(FormScreen):
    """The team: name, village, township, time zone and the lead (its first member)."""

    def __init__(self, lang: str) -> None:
        fields = [
            FieldSpec("team", "Team name", "", "e.g. 北王村驻村工作队"),
            FieldSpec("village", "Village"),
            FieldSpec("township", "Township"),
            FieldSpec("timezone", "Time zone", DEFAULT_ZONE),
            FieldSpec("lead", "Team lead (name; the first member)"),
            FieldSpec("phone", "Lead's phone"),
        ]
        super().__init__(say(lang, "Step 1 of 5: the team"), fields, lang)

    def submit(self, values: dict[str, str]) -> None:
        app = self.roster_app
        bundle = new_team(values.get("team", ""), village=values.get("village", ""),
                          township=values.get("township", ""),
                          timezone=values.get("timezone", ""))
        lead = values.get("lead", "").strip()
        if lead:
            member = parse_member({"name": lead, "phone": values.get("phone", "")},
                                  Member("", ""))
            bundle = add_new_member(bundle, member, lead=True)
        app.session.start_team(bundle, summary=msg("new team {name}", name=bundle.team.name))
        app.after_team_started()


class NewCheckpointForm(FormScreen):
    """A checkpoint staffed around the clock, from a preset or custom times."""

    def __init__(self, bundle: Bundle, lang: str, title: str = "") -> None:
        fields = [
            FieldSpec("name", "Name", context="field checkpoint name"),
            FieldSpec("id", "ID", new_checkpoint_id(bundle), context="field checkpoint id"),
            FieldSpec("pattern", "Shift pattern", "3x8", kind="select",
                      choices=(("3x8", "3 × 8 h (08–16, 16–24, 0–8)"),
                               ("2x12", "2 × 12 h (08–20, 20–08)"),
                               ("24h", "one 24-hour shift"), ("custom", "custom times"))),
            FieldSpec("first_start", "First shift starts", "08:00", "HH:MM"),
            FieldSpec("times", "Custom times", "", "07:00-19:00,19:00-07:00"),
            FieldSpec("need", "People per shift", "1"),
            FieldSpec("tags", "Required qualifications (tag=count)", "", "party=1"),
            FieldSpec("standby", "Standby per shift", "0"),
            FieldSpec("location", "Location"),
        ]
        super().__init__(title or say(lang, "New checkpoint"), fields, lang)

    def submit(self, values: dict[str, str]) -> None:
        app = self.roster_app
        bundle = app.session.bundle
        assert bundle is not None
        values = {**values, "tags": tag_ids(values.get("tags", ""))}
        cp: Checkpoint = checkpoint_from_form(values, bundle)
        wanted_id = values.get("id", "").strip()

        def change(b: Bundle) -> Bundle:
            # A blank id takes the next free one of the roster as it is now.
            return add_checkpoint(b, cp if wanted_id else replace(cp, id=new_checkpoint_id(b)))

        app.apply_edit(change, msg("add checkpoint {name}", name=cp.name),
                       op="checkpoint-add", raise_errors=True)
