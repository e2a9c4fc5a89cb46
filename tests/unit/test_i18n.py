"""Words at the edge: every text the code says has a translation, and the core picks no
language.

The core says :func:`roster.domain.messages.msg` with the English text as the catalog
id (and marks table words with ``N_``); these tests read the source for every such id
and check each catalog has it, with the same ``{fields}``, so a text cannot lose its
translation silently (a renamed rule, a reworded error).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from roster.domain.errors import BundleError, Problem, UserError
from roster.domain.messages import msg
from roster.i18n import (
    KIND_NAMES,
    LANGS,
    TAG_NAMES,
    WEEKDAYS,
    catalog,
    catalog_names,
    fields,
    key,
    read_catalog,
    render,
)
from roster.rules.kinds import GapKind, RuleKind

ROSTER = Path(__file__).resolve().parents[2] / "roster"
#: Rooms that speak in codes and messages only. The edges take a language to render in:
#: the CLI, the TUI, the reports, the exporters, and the services that run them for both.
CORE = ("domain", "rules", "checker", "generator", "editing", "store", "dutylog", "county",
        "exchange/bundle", "exchange/members_import.py")


@cache
def _marked() -> dict[str, str]:
    """Every catalog key in the source (text, behind its context if any), and where:
    msg("...") and N_("...") and the edges' say(lang, "..."), .tr("...") and .tell("...")."""
    out: dict[str, str] = {}
    for path in ROSTER.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            for text, context in (*_key_texts(node), *_field_texts(node)):
                out.setdefault(key(text, context), f"{path.relative_to(ROSTER)}:{node.lineno}")
            text = _catalog_text(node)
            if text is not None:
                context = next((k.value.value for k in node.keywords  # type: ignore[attr-defined]
                                if k.arg == "context" and isinstance(k.value, ast.Constant)), "")
                out.setdefault(key(text, context), f"{path.relative_to(ROSTER)}:{node.lineno}")
    return out


def _key_texts(node: ast.AST) -> list[tuple[str, str]]:
    """A key of roster/tui/keys.py: its name and tip, in the context of its id."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "Key" and len(node.args) >= 4):
        return []
    kws = {k.arg: k.value for k in node.keywords}
    ident = kws.get("context", node.args[0])
    if not isinstance(ident, ast.Constant):
        return []
    texts = [(a.value, ctx) for a, ctx in zip(node.args[3:5], ("", " tip"), strict=False)
             if isinstance(a, ast.Constant)]
    return [(text, f"{ident.value}{suffix}") for text, suffix in texts]


def _field_texts(node: ast.AST) -> list[tuple[str, str]]:
    """A form field (tui/widgets/forms.py FieldSpec): label, hint, choices, in context."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "FieldSpec" and len(node.args) >= 2):
        return []
    name = node.args[0].value  # type: ignore[attr-defined]
    kws = {k.arg: k.value for k in node.keywords}
    label_context = kws["context"].value if "context" in kws else f"field {name}"  # type: ignore[attr-defined]
    out = [(node.args[1].value, label_context)]  # type: ignore[attr-defined]
    if len(node.args) > 3:
        out.append((node.args[3].value, f"field {name} hint"))  # type: ignore[attr-defined]
    if "choices" in kws:
        out += [(t.elts[1].value, f"field {name} choice")  # type: ignore[attr-defined]
                for t in kws["choices"].elts]  # type: ignore[attr-defined]
    return out


def _catalog_text(node: ast.AST) -> str | None:
    if not isinstance(node, ast.Call):
        return None
    f = node.func
    if isinstance(f, ast.Name) and f.id in ("msg", "N_"):
        arg = node.args[0] if node.args else None
    elif isinstance(f, ast.Name) and f.id == "say":
        arg = node.args[1] if len(node.args) > 1 else None
    elif isinstance(f, ast.Attribute) and f.attr in ("tr", "tell"):
        arg = node.args[0] if node.args else None
    else:
        return None
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    return None


def test_the_source_marks_texts_for_the_catalogs() -> None:
    marked = _marked()
    assert "there is no member {member_id}" in marked
    assert "too little rest" in marked


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_every_marked_text_has_a_translation_with_the_same_fields(lang: str) -> None:
    words = catalog(lang)
    missing = [f"{where}: {text!r}" for text, where in _marked().items() if text not in words]
    assert missing == []
    wrong = [k for k in _marked() if fields(words[k]) != fields(k.split("\x04")[-1])]
    assert wrong == []


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_no_catalog_keeps_a_text_the_code_no_longer_says(lang: str) -> None:
    assert sorted(set(catalog(lang)) - set(_marked())) == []


def test_every_rule_gap_tag_and_weekday_has_words() -> None:
    assert set(KIND_NAMES) == {*RuleKind, *GapKind}
    for text in (*KIND_NAMES.values(), *TAG_NAMES.values(), *WEEKDAYS):
        assert text in _marked() or text in catalog("zh")


def test_a_third_language_is_one_catalog_file(tmp_path: Path) -> None:
    zh = (ROSTER / "i18n" / "catalogs" / "zh.po").read_text(encoding="utf-8")
    (tmp_path / "zh.po").write_text(zh, encoding="utf-8")
    (tmp_path / "ug.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "too little rest"\nmsgstr "ئارام ئېلىش يېتەرسىز"\n', encoding="utf-8")
    assert catalog_names(tmp_path) == ("ug", "zh")
    assert read_catalog((tmp_path / "ug.po").read_text(encoding="utf-8")) == {
        "too little rest": "ئارام ئېلىش يېتەرسىز"}


def test_render_fills_fields_joins_lists_and_nests_messages() -> None:
    locked = msg("{names}: the shift is locked; unlock it first", names=["张三", "李四"])
    assert render(locked, "zh") == "张三、李四 的班次已锁定，先解锁再改"
    assert render(locked, "en") == "张三, 李四: the shift is locked; unlock it first"
    assert str(locked) == render(locked, "en")
    assert render(msg("must be at least {minimum:g}", minimum=1.0), "zh") == "须不小于 1"
    error = UserError(msg("{first}", first=Problem("name", msg("must not be empty"))))
    assert render(error, "zh") == "name: 不能为空"
    bundle = BundleError("team.json", [Problem("members[0].name", msg("must not be empty")),
                                       Problem("x", "y")])
    assert render(bundle, "zh") == "team.json: members[0].name: 不能为空（另有 1 处问题）"
    assert render("plain text", "zh") == "plain text"


def test_no_core_module_takes_a_language() -> None:
    offenders = []
    for room in CORE:
        paths = [ROSTER / room] if room.endswith(".py") else (ROSTER / room).rglob("*.py")
        for path in paths:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    names = [a.arg for a in (*node.args.args, *node.args.kwonlyargs)]
                    if "lang" in names:
                        offenders.append(f"{path.relative_to(ROSTER)}:{node.name}")
    assert offenders == []
