"""How large a jump the h-sweep test would flag (docs/model.md 9.3, Done-when 2 of the herding issue).

Usage (the command behind the power figures in docs/model.md 9.3)::

    .venv/bin/python docs/tools/step_power.py

Runs the test's sweep (``_sweep_h(21, 8, 2035)`` of ``tests/integration/test_choice_rule.py``,
about 30 s), then, for each indicator named below and each interior step of h, adds a jump of
size ``j`` to all 8 seeds from that value of h on, in either direction, and finds by bisection
the smallest ``j`` that each of the test's two criteria flags at that step: the point estimates
with the median-step floor (``_large_steps``) and the literal criterion beyond seed noise
(``_steps_beyond_noise``, its own 2,000 resamples). Prints, per indicator and criterion, the
median and the range over steps of the larger of the two directions' thresholds.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the criteria are the test's own

from tests.integration.test_choice_rule import (  # noqa: E402
    END_YEAR,
    _large_steps,
    _steps_beyond_noise,
    _sweep_h,
)

INDICATORS = {"local_debt_end": 0.2, "gdp_end": 20_000.0, "npl": 0.02}
"""Indicators and the largest jump searched [the indicator's unit]."""


def flags(frame: pd.DataFrame, col: str, h_before: float, criterion) -> bool:
    return any(abs(lo - h_before) < 1e-9 for lo, _, _ in criterion(frame, col))


def smallest_jump(frame, col, k, hs, criterion, top) -> float:
    """Smallest jump (either direction, the larger of the two) flagged at the step hs[k-1]->hs[k]."""
    worst = 0.0
    for sign in (1.0, -1.0):

        def flagged(j: float, sign: float = sign) -> bool:
            f = frame[["h", "seed", col]].copy()
            f.loc[f.h >= hs[k] - 1e-9, col] += sign * j
            return flags(f, col, hs[k - 1], criterion)

        lo, hi = 0.0, top
        if not flagged(hi):
            return np.nan
        for _ in range(30):
            mid = 0.5 * (lo + hi)
            lo, hi = (lo, mid) if flagged(mid) else (mid, hi)
        worst = max(worst, hi)
    return worst


def main() -> None:
    frame = _sweep_h(21, 8, END_YEAR)
    hs = np.sort(frame.h.unique())
    for col, top in INDICATORS.items():
        for name, criterion in (
            ("median floor", _large_steps),
            ("beyond noise", _steps_beyond_noise),
        ):
            need = np.array(
                [smallest_jump(frame, col, k, hs, criterion, top) for k in range(2, 20)]
            )
            print(
                f"{col}, {name}: smallest flagged jump median {np.nanmedian(need):.4g}, "
                f"range {np.nanmin(need):.4g}-{np.nanmax(need):.4g} over {np.isfinite(need).sum()} steps"
            )


if __name__ == "__main__":
    main()
