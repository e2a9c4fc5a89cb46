"""Run ``roster`` as a user would: a real subprocess, its exit status, its output."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    data = tmp_path / "data"

    def _run(*args: str, data_dir: Path | None = data, env: dict[str, str] | None = None,
             cwd: Path | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("ROSTER_")}
        full_env.update({"ROSTER_LANG": "en", "ROSTER_OPERATOR": "tester",
                         "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"})
        full_env.update(env or {})
        prefix = ["--data", str(data_dir)] if data_dir is not None else []
        return subprocess.run([sys.executable, "-m", "roster", *prefix, *args],
                              capture_output=True, text=True, env=full_env, cwd=cwd or tmp_path,
                              timeout=120, input=stdin)

    return _run
