"""The core stays headless: importing it never pulls in Textual, and TinyDB stays in the store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROSTER = Path(__file__).resolve().parents[2] / "roster"


def test_core_modules_do_not_import_textual() -> None:
    core = sorted(
        ".".join(("roster", *p.relative_to(ROSTER).with_suffix("").parts)).removesuffix(".__init__")
        for p in ROSTER.rglob("*.py")
        if "tui" not in p.relative_to(ROSTER).parts and p.stem != "__main__"
    )
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in core)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        + "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr


def test_only_the_store_imports_tinydb() -> None:
    offenders = [
        p.relative_to(ROSTER).as_posix()
        for p in ROSTER.rglob("*.py")
        if "store" not in p.relative_to(ROSTER).parts
        and any(line.lstrip().startswith(("import tinydb", "from tinydb"))
                for line in p.read_text(encoding="utf-8").splitlines())
    ]
    assert offenders == []


def test_only_the_tui_package_imports_textual() -> None:
    offenders = [
        p.relative_to(ROSTER).as_posix()
        for p in ROSTER.rglob("*.py")
        if "tui" not in p.relative_to(ROSTER).parts
        and any(line.lstrip().startswith(("import textual", "from textual"))
                for line in p.read_text(encoding="utf-8").splitlines())
    ]
    assert offenders == []


def test_every_reason_code_has_words_in_both_languages() -> None:
    from roster.reports.generate_report import LEAVING_REASONS, REASON_PHRASES
    from roster.rules.kinds import Reason, RuleKind

    for reason in Reason:
        phrase = REASON_PHRASES.get(reason) or LEAVING_REASONS.get(reason)
        assert phrase is not None, reason
        assert all(phrase), reason
    for rule in RuleKind:
        if rule != RuleKind.INVALID_ASSIGNMENT:
            assert rule in REASON_PHRASES, rule
