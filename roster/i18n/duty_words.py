"""The duty log's words: attendance statuses, note categories, what an entry is."""

from __future__ import annotations

from roster.domain.messages import N_
from roster.domain.model import LogEntry
from roster.dutylog.compare import ABSENT, EXPECTED, LATE, ON_TIME, STANDBY
from roster.dutylog.entries import (
    CHECK_IN,
    CHECK_OUT,
    HANDOVER,
    NOTE,
    entry_type,
)
from roster.i18n import catalog

STATUS_NAMES: dict[str, str] = {
    ON_TIME: N_("on time"),
    LATE: N_("late"),
    ABSENT: N_("absent"),
    EXPECTED: N_("expected"),
    STANDBY: N_("standby"),
    "left_early": N_("left early"),
    "no_check_out": N_("no check-out"),
    "unrostered": N_("unrostered presence"),
    "coverage_gap": N_("too few on site"),
    "unconfirmed_handover": N_("handover not confirmed"),
    "stray": N_("unpaired check-in/out"),
}

CATEGORY_NAMES: dict[str, str] = {
    "vehicle": N_("vehicles checked"),
    "person": N_("people registered"),
    "temperature": N_("temperature anomaly"),
    "incident": N_("incident"),
    "handover": N_("handover"),
    "other": N_("other"),
}

TYPE_NAMES: dict[str, str] = {
    CHECK_IN: N_("check-in"),
    CHECK_OUT: N_("check-out"),
    "confirm": N_("handover confirmed"),
    "close": N_("open item closed"),
    HANDOVER: N_("handover"),
}


def _word(table: dict[str, str], key: str, lang: str) -> str:
    text = table.get(key)
    return catalog(lang).get(text, text) if text else key


def status_name(status: str, lang: str) -> str:
    return _word(STATUS_NAMES, status, lang)


def category_name(category: str, lang: str) -> str:
    return _word(CATEGORY_NAMES, category, lang)


def entry_label(e: LogEntry, lang: str) -> str:
    """What an entry is, in words: 签到, 交班, 车辆检查, ..."""
    kind = entry_type(e)
    if kind == NOTE:
        return category_name(e.category, lang)
    return _word(TYPE_NAMES, kind, lang)
