"""Seed claim S10: what specialisation through trade, and along the PV chain of stages, adds to
the cooperation scenario (docs/scenarios.md, section "Cooperation and specialisation").

Usage (the command that produced the section's table)::

    .venv/bin/python docs/tools/cooperation_trade.py --seeds 20 --jobs 2

Runs ``tailored``, ``tailored_cooperation``, ``tailored_cooperation`` without the unified
market's lower border costs (``trade.unified_border_factor = 1``, ``trade.protection_weight =
0``) and ``herding`` to 2040 on the same seeds, and prints paired differences with 95 %
bootstrap intervals. The chain indicators read the two stages of the PV chain
(``pv_polysilicon`` -> ``new_energy_pv``, ``sim/economics/chain.py``) over 2028-2040: how alike
their maps are (``chain_overlap``: sum over regions of the smaller of the two stages' capacity
shares, 1 = every region holds both in the same proportion, 0 = no region holds both), how many
regions hold at least 2 % of each stage (``regions_with_both_stages``), the share of the
upstream stage's output sold outside its region, each stage's utilisation and price, and the
chain's real value added in 2040.
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor
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
    "herding": ("herding", []),
}
PAIRS = [
    ("cooperation", "tailored"),
    ("cooperation", "cooperation_no_trade_integration"),
    ("cooperation", "herding"),
]
UPSTREAM, DOWNSTREAM = "pv_polysilicon", "new_energy_pv"
CHAIN_FROM = 2028


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
        **chain_metrics(tables),
    }


def chain_metrics(tables: dict) -> dict[str, float]:
    """The PV chain's indicators of one run (module doc)."""
    cells = tables["region_industries"]
    cells = cells[cells.year >= CHAIN_FROM]
    share = {}
    for key in (UPSTREAM, DOWNSTREAM):
        cap = cells[cells.industry == key].pivot(index="year", columns="region", values="capacity")
        share[key] = cap.div(cap.sum(axis=1), axis=0)
    up = cells[cells.industry == UPSTREAM].groupby("year")[["exports", "output"]].sum()
    ind = tables["industries"]
    ind = ind[ind.year >= CHAIN_FROM].set_index(["industry", "year"])
    out = {
        "chain_overlap": np.minimum(share[UPSTREAM], share[DOWNSTREAM]).sum(axis=1).mean(),
        "regions_with_both_stages": ((share[UPSTREAM] >= 0.02) & (share[DOWNSTREAM] >= 0.02))
        .sum(axis=1)
        .mean(),
        "upstream_shipped_share": (up.exports / up.output).mean(),
        "chain_va_2040": sum(ind.loc[(k, END), "value_added"] for k in (UPSTREAM, DOWNSTREAM)),
    }
    for key, name in ((UPSTREAM, "upstream"), (DOWNSTREAM, "downstream")):
        out[f"{name}_utilization"] = ind.loc[key].capacity_utilization.mean()
        out[f"{name}_price"] = ind.loc[key].price.mean()
    return out


def run(key: str, seed: int) -> dict[str, float]:
    """One case on one seed, to 2040."""
    name, overrides = CASES[key]
    sc = Scenario.load(
        ROOT / "scenarios" / f"{name}.toml", overrides=[f"world.end_year={END}", *overrides]
    )
    return metrics(RegionalEconomy(sc, seed=seed).run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    args = parser.parse_args()
    runs = {}
    with ProcessPoolExecutor(args.jobs) as pool:
        for key in CASES:
            runs[key] = list(pool.map(run, [key] * args.seeds, range(args.seeds)))
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
