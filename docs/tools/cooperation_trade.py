"""Seed claim S10 in its weaker form: what specialisation through trade adds to the cooperation
scenario (docs/scenarios.md, section "Cooperation and specialisation").

Usage (the command that produced the section's table)::

    .venv/bin/python docs/tools/cooperation_trade.py --seeds 20

Runs ``tailored``, ``tailored_cooperation`` and ``tailored_cooperation`` without the unified
market's lower border costs (``trade.unified_border_factor = 1``, ``trade.protection_weight =
0``) to 2040 on the same seeds, and prints paired differences with 95 % bootstrap intervals.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from nqpf.sim import RegionalEconomy, Scenario

ROOT = Path(__file__).resolve().parents[2]
END = 2040
CASES = {
    "tailored": ("tailored", []),
    "cooperation": ("tailored_cooperation", []),
    "cooperation_no_trade_integration": (
        "tailored_cooperation",
        ["trade.unified_border_factor=1.0", "trade.protection_weight=0.0"],
    ),
}
PAIRS = [("cooperation", "tailored"), ("cooperation", "cooperation_no_trade_integration")]


def metrics(tables: dict) -> dict[str, float]:
    """The section's indicators of one run."""
    n = tables["national"].set_index("year")
    industries = tables["industries"]
    return {
        "gdp_2040": n.gdp[END],
        "tfp_2040": n.tfp[END] / n.tfp[n.index[0]],
        "utilization": n.capacity_utilization.loc[2024:].mean(),
        "similarity": n.similarity_index.loc[2024:].mean(),
        "trade_share": n.interregional_trade_share.loc[2024:].mean(),
        "industry_va_2040": industries[industries.year == END].value_added.sum(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()
    runs = {}
    for key, (name, overrides) in CASES.items():
        sc = Scenario.load(
            ROOT / "scenarios" / f"{name}.toml", overrides=[f"world.end_year={END}", *overrides]
        )
        runs[key] = [metrics(RegionalEconomy(sc, seed=s).run()) for s in range(args.seeds)]
    for a, b in PAIRS:
        print(f"== {a} - {b}")
        for m in runs[a][0]:
            rng = np.random.default_rng(0)
            d = np.array([x[m] - y[m] for x, y in zip(runs[a], runs[b], strict=True)])
            boot = d[rng.integers(0, len(d), (4000, len(d)))].mean(axis=1)
            lo, hi = np.percentile(boot, [2.5, 97.5])
            base = np.mean([y[m] for y in runs[b]])
            print(f"  {m}: {d.mean():+.5g} [{lo:+.5g}, {hi:+.5g}]  (comparator mean {base:.5g})")


if __name__ == "__main__":
    main()
