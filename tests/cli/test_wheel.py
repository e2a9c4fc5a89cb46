"""The package works installed from a wheel, not only from the checkout: data travels inside."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    (path,) = out.glob("checkpoint_roster-*.whl")
    return path


def test_wheel_carries_the_demo_team_the_styles_and_the_catalogs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "roster/data/demo.json" in names
    assert "roster/tui/styles/app.tcss" in names
    assert "roster/i18n/catalogs/zh.po" in names
    assert "roster/cli/main.py" in names
    # every package of the source tree is in the wheel (a new room must be listed)
    packages = {p.parent.relative_to(ROOT).as_posix()
                for p in (ROOT / "roster").rglob("__init__.py")}
    assert {f"{p}/__init__.py" for p in packages} <= names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_loads_the_demo_away_from_the_checkout(wheel: Path,
                                                              tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target), "ROSTER_LANG": "zh"}
    result = subprocess.run(
        [sys.executable, "-c",
         "import roster, sys; from roster.cli.main import main; "
         "assert roster.__file__.startswith(sys.argv[1]), roster.__file__; "
         "sys.exit(main(['--data', sys.argv[2], 'demo']))",
         str(target), str(tmp_path / "data")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "已载入演示工作队" in result.stdout  # the Chinese catalog travelled too
