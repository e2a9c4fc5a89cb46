"""What a team sends up to the county: its whole bundle, with members' phone numbers
kept only for the lead (the county office needs someone to call, not everyone's number)."""

from __future__ import annotations

from dataclasses import replace

from roster.domain.model import Bundle

__all__ = ["for_county"]


def for_county(bundle: Bundle) -> Bundle:
    """``bundle`` with every phone number but the lead's left out."""
    lead = bundle.team.lead
    members = tuple(m if m.id == lead or not m.phone else replace(m, phone="")
                    for m in bundle.members)
    return replace(bundle, members=members)
