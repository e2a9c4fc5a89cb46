"""The one rule for a phone number, for the member form, ``roster member add`` and the
member import alike (a number the import refuses is refused everywhere)."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def normalise_phone(text: str) -> str | None:
    """A mainland mobile (11 digits) or landline (0AA[A]-NNNNNNN[N]) number, else None.

    Spaces, dashes and brackets are ignored and a ``+86``/``86`` prefix is dropped;
    ``""`` stays ``""`` (a phone is optional).
    """
    digits = re.sub(r"[\s()（）\-－—]", "", text)
    if not digits:
        return ""
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if _MOBILE.match(digits):
        return digits
    if _LANDLINE.match(digits):
        m = re.match(r"^(0(?:10|2\d|\d{3}))(\d{7,8})$", digits)
        return f"{m.group(1)}-{m.group(2)}" if m else digits
    return None
