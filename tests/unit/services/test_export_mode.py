"""An export holds names and phones (#13 item 7): it is written with the permissions the
user's umask allows, never 0644 regardless, and a file replaced keeps its own."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from roster.services.export import write_file


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize(("mask", "mode"), [(0o077, 0o600), (0o027, 0o640), (0o022, 0o644)])
def test_a_new_export_follows_the_umask(tmp_path: Path, mask: int, mode: int) -> None:
    os.umask(mask)
    out = tmp_path / "roster.csv"
    write_file(out, b"name,phone\n")
    assert _mode(out) == mode
    assert out.read_bytes() == b"name,phone\n"


@pytest.mark.usefixtures("umask")
def test_a_replaced_export_keeps_its_permissions(tmp_path: Path) -> None:
    out = tmp_path / "roster.pdf"
    out.write_bytes(b"old")
    out.chmod(0o600)
    os.umask(0o022)
    write_file(out, b"new")
    assert _mode(out) == 0o600 and out.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.pdf"]  # no temp file left
