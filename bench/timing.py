"""Timing helpers the benchmarks share (run from the repo root: python bench/NAME.py)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Seconds taken by each of ``repeat`` calls of ``fn``."""
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out
