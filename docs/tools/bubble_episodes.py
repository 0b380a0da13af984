"""Count boom-and-bust episodes of the funds' valuations and the costs of herding (docs/model.md
7.24 and 9.4).

Usage (the command behind the figures in docs/model.md)::

    .venv/bin/python docs/tools/bubble_episodes.py --seeds 12

For each scenario and seed (to 2040) an industry is *herded* when at least ``HERDED`` provinces
prioritise it in some plan, and has a *boom and bust* when its bubble index (industries table)
reaches a local peak of at least ``PEAK`` and falls by at least ``FALL`` of the peak within
``WITHIN`` years; also printed, the largest local peak of a herded industry's index and the share
of it lost within ``WITHIN`` years. ``--set`` overrides parameters in every run (the ranges in
docs/model.md 7.24 were measured so); ``--paths 4`` prints the herded industries' index year by
year for seeds 0-3 (the diagnosis in 7.24). Also prints, per scenario, written-off capital as a share of cumulative GDP
(2024-2040), the priorities of solar PV and NEV batteries at their highest, and the
herding-minus-tailored differences with t intervals.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from nqpf.sim import RegionalEconomy, Scenario

ROOT = Path(__file__).resolve().parents[2]
PEAK, FALL, WITHIN, HERDED = 1.5, 0.3, 5, 10
PLAN_YEARS = [2023, 2026, 2031, 2036]
END = 2040


def boom_bust(ind: pd.DataFrame) -> tuple[bool, float, float]:
    """(a herded industry booms and busts, the largest local peak of a herded industry's index
    after the start year, the share of that peak lost within ``WITHIN`` years)."""
    plans = ind[ind.year.isin(PLAN_YEARS)]
    herded = plans.groupby("industry").n_regions_prioritizing.max() >= HERDED
    found, largest, fall = False, 1.0, 0.0
    for key, rows in ind.groupby("industry"):
        if not herded.get(key, False):
            continue
        b = rows.sort_values("year").bubble_index.to_numpy()
        for t in range(1, len(b)):
            after = b[t + 1 : t + 1 + WITHIN]
            if b[t] < b[t - 1] or not after.size:
                continue
            if b[t] > largest:
                largest, fall = float(b[t]), float(1 - after.min() / b[t])
            if b[t] >= PEAK and after.min() <= (1 - FALL) * b[t]:
                found = True
    return found, largest, fall


def measure(
    name: str, seed: int, overrides: tuple[str, ...] = (), paths: bool = False
) -> dict[str, float]:
    sc = Scenario.load(
        ROOT / "scenarios" / f"{name}.toml", overrides=[f"world.end_year={END}", *overrides]
    )
    tables = RegionalEconomy(sc, seed=seed).run()
    nat, ind = tables["national"], tables["industries"]
    if paths:  # the herded industries' bubble index year by year (the diagnosis of 7.24)
        prio = ind[ind.year.isin(PLAN_YEARS)].groupby("industry").n_regions_prioritizing.max()
        herded = ind[ind.industry.isin(prio[prio >= HERDED].index)]
        table = herded.pivot(index="year", columns="industry", values="bubble_index")
        print(f"{name}, seed {seed}: bubble index of herded industries")
        print(table.round(2).to_string(), "\n")
    late = nat[nat.year >= 2024]
    found, largest, fall = boom_bust(ind)
    plans = ind[ind.year.isin(PLAN_YEARS)].groupby("industry").n_regions_prioritizing.max()
    return {
        "boom_bust": float(found),
        "largest_peak": largest,
        "fall_after_largest_peak": fall,
        "written_off_pct_gdp": 100 * late.written_off_capital.sum() / late.gdp.sum(),
        "worst_year_written_off_pct_gdp": float((100 * late.written_off_capital / late.gdp).max()),
        "exits": float(late.firm_exits.sum()),
        "gdp_2040": float(nat.gdp.iloc[-1]),
        "pv_provinces": float(plans.get("new_energy_pv", 0)),
        "nev_provinces": float(plans.get("nev_batteries", 0)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=12)
    parser.add_argument("--scenarios", default="herding,tailored,herding_credit_boom,baseline")
    parser.add_argument(
        "--set", action="append", default=[], help="override, e.g. finance.fund_momentum=4"
    )
    parser.add_argument(
        "--paths", type=int, default=0, help="print the herded industries' paths of seeds < N"
    )
    args = parser.parse_args()
    results = {}
    for name in args.scenarios.split(","):
        df = pd.DataFrame(
            [measure(name, s, tuple(args.set), s < args.paths) for s in range(args.seeds)]
        )
        results[name] = df
        print(f"{name}: boom-bust on {int(df.boom_bust.sum())} of {len(df)} seeds")
        print(df.describe().loc[["mean", "min", "max"]].round(3).to_string(), "\n")
    if {"herding", "tailored"} <= results.keys():
        h, t = results["herding"], results["tailored"]
        for col in ("written_off_pct_gdp", "largest_peak", "fall_after_largest_peak", "exits"):
            d = h[col] - t[col]
            half = 2.2 * d.std(ddof=1) / np.sqrt(len(d))
            print(
                f"herding - tailored {col}: {d.mean():.4g} [{d.mean() - half:.4g}, "
                f"{d.mean() + half:.4g}]"
            )
        d = 100 * (h.gdp_2040 / t.gdp_2040 - 1)
        half = 2.2 * d.std(ddof=1) / np.sqrt(len(d))
        print(
            f"herding - tailored GDP 2040 %: {d.mean():.3g} [{d.mean() - half:.3g}, "
            f"{d.mean() + half:.3g}]"
        )


if __name__ == "__main__":
    main()
