"""Chinese first, English second: the language of every message the user reads.

Each call site writes both texts side by side (``pick(lang, "未排满", "understaffed")``)
so a reader sees the two meanings together and neither can drift out of date unseen.
Tables of words used in several places (rule names, weekdays) live here once.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping
from typing import Literal

from roster.rules.kinds import GapKind, RuleKind

Lang = Literal["zh", "en"]
LANGS: tuple[str, ...] = ("zh", "en")


def pick(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def detect_lang(env: Mapping[str, str] | None = None) -> Lang:
    """``ROSTER_LANG``, else the locale's language; Chinese unless it says English-or-other."""
    env = os.environ if env is None else env
    wanted = env.get("ROSTER_LANG", "").lower()
    if wanted in LANGS:
        return "en" if wanted == "en" else "zh"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "en" if code and not code.lower().startswith("zh") else "zh"


#: Gap and violation kinds as the user reads them.
KIND_NAMES: dict[str, tuple[str, str]] = {  # keyed by GapKind and RuleKind
    GapKind.UNCOVERED: ("无人值守时段", "uncovered hours"),
    GapKind.UNDERSTAFFED: ("人手不足", "understaffed"),
    GapKind.MISSING_STANDBY: ("缺备班", "missing standby"),
    GapKind.MISSING_TAG: ("缺少资质", "missing qualification"),
    RuleKind.OVERLAP: ("时间重叠", "overlapping shifts"),
    RuleKind.UNAVAILABLE: ("请假期间排班", "rostered while unavailable"),
    RuleKind.REST: ("休息不足", "too little rest"),
    RuleKind.SHIFTS_PER_DAY: ("一天班次过多", "too many shifts in a day"),
    RuleKind.CONSECUTIVE_NIGHTS: ("连续夜班过多", "too many nights in a row"),
    RuleKind.HOURS_PER_WEEK: ("周工时超限", "weekly hours over the cap"),
    RuleKind.NO_NIGHTS: ("不排夜班者排了夜班", "night shift for a no-nights member"),
    RuleKind.INVALID_ASSIGNMENT: ("无效排班", "invalid assignment"),
}

TAG_NAMES: dict[str, tuple[str, str]] = {
    "party": ("党员", "party member"),
    "lead": ("带班", "team lead"),
    "medic": ("医护", "medic"),
    "driver": ("司机", "driver"),
}

WEEKDAYS: tuple[tuple[str, str], ...] = (
    ("周一", "Mon"), ("周二", "Tue"), ("周三", "Wed"), ("周四", "Thu"),
    ("周五", "Fri"), ("周六", "Sat"), ("周日", "Sun"),
)


def kind_name(kind: str, lang: str) -> str:
    zh, en = KIND_NAMES.get(kind, (kind, kind))
    return pick(lang, zh, en)


def tag_name(tag: str, lang: str) -> str:
    zh, en = TAG_NAMES.get(tag, (tag, tag))
    return pick(lang, zh, en)


def weekday(index: int, lang: str) -> str:
    zh, en = WEEKDAYS[index]
    return pick(lang, zh, en)
