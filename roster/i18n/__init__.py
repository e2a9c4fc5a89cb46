"""The words: the user's language, and every text the core says put into it.

The core speaks in :class:`~roster.domain.messages.Message` values whose catalog id is the
English text; :func:`render` looks them up in ``catalogs/<lang>.po`` (gettext's PO
format, which Poedit, Weblate and the other translation tools read) and fills in the
fields. English is the source language and needs no catalog; a third language is one
more ``.po`` file beside ``zh.po``, and nothing else (:data:`LANGS` lists what is there).
``tests/unit/test_i18n.py`` proves every text the code marks has a translation in every
catalog, with the same fields.

The edges say a text with :func:`say` (``say(lang, "text {field}", field=...)``), the TUI
with ``self.tr(...)``, the CLI with ``ctx.tell(...)``; tables of words mark theirs with
``N_("text", context=...)``.
"""

from __future__ import annotations

import locale
import os
import re
import string
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import pendulum
import polib

from roster.domain.errors import Problem
from roster.domain.messages import N_, Message
from roster.rules.kinds import GapKind, RuleKind

#: A language code: "en" (the source) or the name of a catalog ("zh").
Lang = str
SOURCE = "en"


CATALOGS = resources.files("roster.i18n").joinpath("catalogs")


def catalog_names(folder: Traversable = CATALOGS) -> tuple[str, ...]:
    """The languages that have a catalog in ``folder``."""
    return tuple(sorted(p.name.removesuffix(".po") for p in folder.iterdir()
                        if p.name.endswith(".po")))


#: Every language the app speaks: the catalogs there are, then English.
LANGS: tuple[str, ...] = (*catalog_names(), SOURCE)


def read_catalog(text: str) -> dict[str, str]:
    """A PO file's translations (English text → text); untranslated and fuzzy ones left out."""
    return {key(e.msgid, e.msgctxt or ""): e.msgstr for e in polib.pofile(text)
            if e.msgstr and not e.obsolete and "fuzzy" not in e.flags}


def key(text: str, context: str = "") -> str:
    """A catalog key: the text, behind its context if it has one (gettext's convention)."""
    return f"{context}\x04{text}" if context else text


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """The translations of ``lang``, empty for English (and for a language we lack)."""
    if lang == SOURCE or lang not in LANGS:
        return {}
    return read_catalog(CATALOGS.joinpath(f"{lang}.po").read_text(encoding="utf-8"))


def render(words: Any, lang: str) -> str:
    """``words`` in ``lang``: a Message (looked up, fields filled), a Problem or an error
    carrying one, or anything else as its ``str``."""
    if isinstance(words, Message):
        template = catalog(lang).get(key(words.text, words.context), words.text)
        return template.format(**{k: _value(v, lang) for k, v in words.params.items()})
    if isinstance(words, Problem):
        text = render(words.message, lang)
        return f"{words.where}: {text}" if words.where else text
    message = getattr(words, "message", None)
    if isinstance(words, Exception) and not isinstance(message, Message | Problem):
        message = words.args[0] if words.args else None  # TimeError(msg(...)) and the like
    if isinstance(words, Exception) and isinstance(message, Message | Problem):
        return render(message, lang)
    return str(words)


def _value(value: Any, lang: str) -> Any:
    """A field's value for ``format``: words rendered, a list joined the language's way
    (``、`` in Chinese), anything else as it is (so ``{hours:g}`` still formats)."""
    if isinstance(value, list | tuple):
        return _word(LIST_SEPARATOR, lang).join(render(v, lang) for v in value)
    if isinstance(value, Message | Problem | Exception):
        return render(value, lang)
    return value


def say(lang: str, text: str, /, *, context: str = "", **fields: Any) -> str:
    """``text`` (a catalog id: English, with ``{fields}``) in ``lang``, fields filled."""
    return render(Message(text, fields, context), lang)


def date_words(day: date, lang: str, pattern: str) -> str:
    """``day`` as the language writes it: ``pattern`` is a catalog id holding a pendulum
    format (English "MMM D" becomes Chinese "M月D日"), month and weekday names from
    pendulum's locale (English where it has none)."""
    fmt = say(lang, pattern, context="date format")
    when = pendulum.date(day.year, day.month, day.day)
    try:
        return when.format(fmt, locale=lang)
    except ValueError:
        return when.format(fmt, locale=SOURCE)


def fields(text: str) -> set[str]:
    """The ``{named}`` fields of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def detect_lang(env: Mapping[str, str] | None = None) -> Lang:
    """``ROSTER_LANG``, else the locale's language; Chinese unless it says another we have."""
    env = os.environ if env is None else env
    wanted = env.get("ROSTER_LANG", "").lower()
    if wanted in LANGS:
        return wanted
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return _of_locale(value)
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return _of_locale(code) if code else "zh"


def _of_locale(value: str) -> Lang:
    prefix = value.lower().split("_")[0].split(".")[0]
    if prefix in LANGS:
        return prefix
    return "zh" if prefix.startswith("zh") else SOURCE


#: Between the items of a list in a sentence ("、" in Chinese).
LIST_SEPARATOR = N_(", ")

#: Gap and violation kinds as the user reads them (keyed by GapKind and RuleKind).
KIND_NAMES: dict[str, str] = {
    GapKind.UNCOVERED: N_("uncovered hours"),
    GapKind.UNDERSTAFFED: N_("understaffed"),
    GapKind.MISSING_STANDBY: N_("missing standby"),
    GapKind.MISSING_TAG: N_("missing qualification"),
    RuleKind.OVERLAP: N_("overlapping shifts"),
    RuleKind.UNAVAILABLE: N_("rostered while unavailable"),
    RuleKind.REST: N_("too little rest"),
    RuleKind.SHIFTS_PER_DAY: N_("too many shifts in a day"),
    RuleKind.CONSECUTIVE_NIGHTS: N_("too many nights in a row"),
    RuleKind.HOURS_PER_WEEK: N_("weekly hours over the cap"),
    RuleKind.NO_NIGHTS: N_("night shift for a no-nights member"),
    RuleKind.INVALID_ASSIGNMENT: N_("invalid assignment"),
    RuleKind.WRONG_CHECKPOINT: N_("outside their checkpoints"),
    RuleKind.CONSECUTIVE_DAYS: N_("too many days in a row"),
    RuleKind.DAYS_OFF_AFTER_NIGHTS: N_("no days off after nights"),
}

TAG_NAMES: dict[str, str] = {
    "party": N_("party member"),
    "lead": N_("team lead"),
    "medic": N_("medic"),
    "driver": N_("driver"),
}

WEEKDAYS: tuple[str, ...] = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
                             N_("Sat"), N_("Sun"))


#: How the history's operations read (the store records the code).
OP_NAMES: dict[str, str] = {
    "edit": N_("edit", context="history op"), "generate": N_("generate", context="history op"),
    "repair": N_("repair", context="history op"),
    "import": N_("import", context="history op"), "demo": N_("demo", context="history op"),
    "undo": N_("undo", context="history op"),
    "redo": N_("redo", context="history op"), "restore": N_("restore", context="history op"),
    "init": N_("new team", context="history op"),
    "checkpoint-add": N_("add checkpoint", context="history op"),
    "member-add": N_("add member", context="history op"),
    "import-members": N_("import members", context="history op"),
}


def op_name(op: str, lang: str) -> str:
    text = OP_NAMES.get(op)
    return catalog(lang).get(key(text, "history op"), text) if text else op


def _word(text: str, lang: str) -> str:
    return catalog(lang).get(text, text)


def kind_name(kind: str, lang: str) -> str:
    text = KIND_NAMES.get(kind)
    return _word(text, lang) if text else kind


def tag_name(tag: str, lang: str) -> str:
    text = TAG_NAMES.get(tag)
    return _word(text, lang) if text else tag


def tag_words(tags: Iterable[str], lang: str, sep: str = ", ") -> str:
    """Tag codes as a person types them in ``lang`` (``党员, 医护``), for a form's field."""
    return sep.join(tag_name(t, lang) for t in tags)


def tag_ids(text: str) -> str:
    """A form's text with every tag name, in any language the app speaks, turned back into
    its code (``党员:1 team lead:1`` → ``party:1 lead:1``); other words stay as typed."""
    for name, tag in _tag_ids():
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", tag, text, flags=re.IGNORECASE)
    return text


@cache
def _tag_ids() -> tuple[tuple[str, str], ...]:
    pairs = {tag_name(tag, lang): tag for tag in TAG_NAMES for lang in LANGS}
    return tuple(sorted(pairs.items(), key=lambda kv: -len(kv[0])))  # "team lead" before "lead"


def weekday(index: int, lang: str) -> str:
    return _word(WEEKDAYS[index], lang)
