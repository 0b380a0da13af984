"""Boom and bust of the funds' valuations in herded industries (docs/model.md 7.24), measured
with the definition of ``docs/tools/bubble_episodes.py`` (peak of an industry's bubble index at
least 1.5, then a fall of at least 30 % within 5 years; herded = prioritised by at least 10
provinces in some plan).

Measured on seeds 0-11 to 2040 (``bubble_episodes.py --seeds 12``), on the economy with the PV
chain of stages: with the default fund parameters neither ``herding`` nor ``tailored`` has such
an episode on any seed; the largest peak of a herded industry's index is 1.38 (1.34-1.46) under
herding and 1.35 (1.29-1.49) under tailoring, paired difference +0.029 [-0.018, +0.076], not
distinguishable from zero (before the chain: +0.049 [+0.017, +0.081]), and 21-41 % of that peak
is gone within 5 years. With ``finance.fund_momentum = 3`` herding has episodes on 4 of 12 seeds,
tailoring on none, and the peaks differ by +0.058 [+0.000, +0.116]. Those figures are on the
literature values of the saving slope and TFP trend; with the baseline's estimates
(``bubble_episodes.py --seeds 12``, 2026-12-04, Firm views on) the counts at the defaults are the
same (0 and 0 of 12), peaks 1.39 (1.34-1.47) and 1.35 (1.29-1.49), and with ``fund_momentum = 3``
herding has episodes on 6 of 12 seeds, tailoring on none.
"""

from __future__ import annotations

import importlib.util
from functools import cache

import numpy as np
import pytest

from tests.conftest import ROOT

SEEDS = range(12)


def _tool():
    path = ROOT / "docs" / "tools" / "bubble_episodes.py"
    spec = importlib.util.spec_from_file_location("bubble_episodes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def episodes(name: str, overrides: tuple[str, ...] = ()) -> tuple[dict[str, float], ...]:
    tool = _tool()
    return tuple(
        tool.measure(name, seed, overrides + ("economy.firm_agents=false",)) for seed in SEEDS
    )


def _paired(key: str, overrides: tuple[str, ...] = ()) -> tuple[float, float, float]:
    h = np.array([r[key] for r in episodes("herding", overrides)])
    t = np.array([r[key] for r in episodes("tailored", overrides)])
    d = h - t
    rng = np.random.default_rng(0)
    boot = d[rng.integers(0, len(d), (4000, len(d)))].mean(axis=1)
    lo, hi = np.percentile(boot, [2.5, 97.5])
    return float(d.mean()), float(lo), float(hi)


@pytest.mark.slow
def test_herded_valuations_rise_and_fall_back_under_both_strategies():
    for name in ("herding", "tailored"):
        for r in episodes(name):
            # funds overvalue the herded industries while the herd builds (peak 1.29-1.49
            # measured) and lose a fifth to two fifths of it within 5 years (21-41 % measured);
            # herding's peak is not distinguishably higher at the default fund parameters
            assert 1.15 < r["largest_peak"] < 1.75, (name, r["largest_peak"])
            assert r["fall_after_largest_peak"] > 0.12, (name, r["fall_after_largest_peak"])


@pytest.mark.slow
def test_stronger_extrapolation_gives_herding_booms_and_busts_tailoring_does_not():
    stronger = ("finance.fund_momentum=3",)
    herding = sum(r["boom_bust"] for r in episodes("herding", stronger))
    tailored = sum(r["boom_bust"] for r in episodes("tailored", stronger))
    # 4 and 0 of 12 measured (7 and 1 before the PV chain of stages)
    assert herding >= 3 and tailored <= 1, (herding, tailored)
    mean, lo, hi = _paired("largest_peak", stronger)
    # +0.058 [+0.000, +0.116] measured: the mean is claimed, its interval touches zero
    assert mean > 0, f"herding - tailored largest peak {mean:.3f} [{lo:.3f}, {hi:.3f}]"
