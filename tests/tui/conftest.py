"""Shared set-up for the app under Pilot: a demo team in a temporary data folder, a fixed day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from roster.generator import generate
from roster.samples.demo import demo_bundle
from roster.store import Store
from roster.tui.app import RosterApp, make_app

#: A Tuesday: the demo's week runs Monday 2026-11-30 to Sunday 2026-12-06.
DAY = date(2026, 12, 1)
SIZE = (120, 36)


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    """The demo team, no roster yet."""
    Store(tmp_path).save(demo_bundle(DAY), op="demo", operator="test")
    return tmp_path


@pytest.fixture
def rostered_dir(tmp_path: Path) -> Path:
    """The demo team with this week generated (seed 0): every place filled."""
    bundle = demo_bundle(DAY)
    result = generate(bundle, bundle.period(date(2026, 11, 30), 7), seed=0)
    Store(tmp_path).save(result.bundle, op="generate", operator="test")
    return tmp_path


def app_for(data_dir: Path, lang: str = "zh", **kwargs: object) -> RosterApp:
    options: dict[str, object] = {"operator": "测试员", "poll_seconds": 0.2}
    options.update(kwargs)
    return make_app(data_dir, lang, DAY, **options)  # type: ignore[arg-type]


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and the messages they posted be handled."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
