"""Size contracts for roster/: no module over MAX_LINES lines, no function over MAX_CC.

Cyclomatic complexity is radon's count. ALLOWED may list what is over a limit with the
figure it has, where a table of data is the honest shape; an entry may only go down (the
check fails if one grows, and says so when one is no longer needed). It is empty today. Run from the repository root: python .ci/limits.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from radon.complexity import cc_visit

MAX_LINES = 500
MAX_CC = 15

#: "path" (lines) or "path:function" (complexity) -> today's figure. Only ever lower these.
ALLOWED: dict[str, int] = {
}


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    found: dict[str, int] = {}
    for path in sorted((root / "roster").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > MAX_LINES:
            found[rel] = lines
        for block in cc_visit(text):
            name = getattr(block, "fullname", block.name)
            if block.complexity > MAX_CC:
                found[f"{rel}:{name}"] = block.complexity
    failures = []
    for key, value in sorted(found.items()):
        allowed = ALLOWED.get(key)
        kind = "complexity" if ":" in key else "lines"
        if allowed is None:
            limit = MAX_CC if ":" in key else MAX_LINES
            failures.append(f"{key}: {kind} {value} (limit {limit})")
        elif value > allowed:
            failures.append(f"{key}: {kind} {value}, up from {allowed} (it may only go down)")
    stale = sorted(k for k in ALLOWED if k not in found)
    for key in sorted(found):
        if key in ALLOWED and found[key] < ALLOWED[key]:
            print(f"limits: {key} is down to {found[key]}; lower its ALLOWED entry")
    for key in stale:
        print(f"limits: {key} is within the limits now; remove it from ALLOWED")
    for line in failures:
        print(f"limits: {line}", file=sys.stderr)
    print(f"limits: {len(found)} over a limit, {len(ALLOWED)} allowed, {len(failures)} new")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
