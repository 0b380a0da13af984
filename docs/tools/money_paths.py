"""The money figures of docs/model.md, section 7.26 (local debt, bank capital, lending factor,
NPLs, dividends, recapitalisation), for the baseline and herding scenarios.

Usage (the command that produced the figures)::

    .venv/bin/python docs/tools/money_paths.py --seeds 12

Runs each scenario on seeds 0..N-1 to its end year with the accounts checked every year (the
transaction-flow matrix included) and prints means over seeds.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from nqpf.sim import RegionalEconomy, Scenario

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = ["local_debt_to_gdp", "bank_capital_ratio", "lending_factor", "npl_ratio"]
YEARS = [2023, 2024, 2030, 2035, 2040, 2045, 2050]


def national(name: str, seed: int) -> pd.DataFrame:
    sc = Scenario.load(ROOT / "scenarios" / f"{name}.toml")
    model = RegionalEconomy(sc, seed=seed, check_accounts=True)
    return model.run(tables=("national",))["national"].set_index("year")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=12)
    args = parser.parse_args()
    for name in ("baseline", "herding"):
        runs = [national(name, seed) for seed in range(args.seeds)]
        mean = sum(r[COLUMNS] for r in runs) / len(runs)
        print(f"== {name}, seeds 0-{args.seeds - 1}, means over seeds")
        print(mean.loc[[y for y in YEARS if y in mean.index]].round(4).to_string())
        lf = [r["lending_factor"].loc[2024:] for r in runs]
        npl = [r["npl_ratio"].max() for r in runs]
        print(
            f"lending factor mean 2024-end {np.mean([x.mean() for x in lf]):.4f} "
            f"(lowest {np.min([x.min() for x in lf]):.4f}); NPL peak mean {np.mean(npl):.4f} "
            f"(highest {np.max(npl):.4f}); dividends 2024-end "
            f"{np.mean([r['bank_dividends'].loc[2024:].sum() for r in runs]):,.0f} bn yuan; "
            f"recapitalisation {np.mean([r['bank_recapitalisation'].loc[2024:].sum() for r in runs]):,.1f}"
            f" bn yuan; central debt / GDP at the end {np.mean([r['central_debt_to_gdp'].iloc[-1] for r in runs]):.5f}"
        )


if __name__ == "__main__":
    main()
