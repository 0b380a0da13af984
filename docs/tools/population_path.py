"""Measure the model's population against the projection and the data (docs/model.md, demography).

Usage (the command that produced the figures in docs/model.md)::

    .venv/bin/python docs/tools/population_path.py --seeds 12

Prints, over seeds 0..N-1 of the baseline:

1. the largest gap over 2023-2050 between the national population (and the population aged 15-64)
   and UN WPP 2024 [% of WPP];
2. Beijing's and Shanghai's population in 2050 relative to 2023 (mean, min and max over seeds);
3. from a 2018 start (amenities from the 2017-18 data only), the cross-province correlation of
   population growth 2018-23 with the shipped panel and its RMSE [points a year].
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from nqpf.sim import RegionalEconomy, Scenario
from nqpf.sim.data import demography as wpp
from nqpf.sim.data.panel import load_panel

BASELINE = "scenarios/baseline.toml"


def run(scenario: Scenario, seed: int) -> dict:
    model = RegionalEconomy(scenario, seed=seed)
    model.run()
    return model.results(("national", "regions"))


def wpp_working_age_counts(years: np.ndarray) -> np.ndarray:
    """WPP 15-64 population at the end of each year [million], interpolated log-linearly in the
    file's own counts (independently of the model's share interpolation)."""
    raw = pd.read_csv(wpp.WPP_AGE_FILE)
    t = raw["year"].to_numpy(float) + 0.5
    return np.exp(np.interp(years + 1.0, t, np.log(raw["pop_15_64_thousands"]))) / 1000.0


def national_gaps(nat) -> tuple[float, float]:
    """Largest |model / WPP - 1| of population and of the 15-64 population [%]."""
    years = nat["year"].to_numpy(float)
    pop = nat["population"].to_numpy()
    work = nat["working_age_population"].to_numpy()
    gap_pop = np.abs(pop / wpp.wpp_year_end_population(years) - 1.0).max()
    gap_work = np.abs(work / wpp_working_age_counts(years) - 1.0).max()
    return 100 * gap_pop, 100 * gap_work


def city_ratios(reg) -> dict[str, float]:
    """Population in 2050 / population in 2023 for Beijing and Shanghai."""
    p = reg.pivot(index="region", columns="year", values="population")
    return {c: float(p.loc[c, 2050] / p.loc[c, 2023]) for c in ("Beijing", "Shanghai")}


def backtest_2018(seed: int) -> tuple[float, float]:
    """Correlation and RMSE [points/year] of provincial growth 2018-23, model vs panel."""
    sc = Scenario.load(BASELINE, overrides=["world.start_year=2018", "world.end_year=2023"])
    reg = run(sc, seed)["regions"].pivot(index="region", columns="year", values="population")
    data = load_panel().pivot(index="region", columns="year", values="population_10k")
    model_g = (reg[2023] / reg[2018]) ** 0.2 - 1.0
    data_g = ((data[2023] / data[2018]) ** 0.2 - 1.0).loc[model_g.index]
    corr = float(np.corrcoef(model_g, data_g)[0, 1])
    rmse = float(np.sqrt(((model_g - data_g) ** 2).mean()) * 100)
    return corr, rmse


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=12)
    args = ap.parse_args()
    sc = Scenario.load(BASELINE)
    gaps, ratios, back = [], [], []
    for seed in range(args.seeds):
        res = run(sc, seed)
        gaps.append(national_gaps(res["national"]))
        ratios.append(city_ratios(res["regions"]))
        back.append(backtest_2018(seed))
    g = np.array(gaps)
    print(f"seeds 0-{args.seeds - 1}, baseline")
    print(
        f"largest gap to WPP 2024, population: {g[:, 0].max():.3f} %; aged 15-64: {g[:, 1].max():.3f} %"
    )
    for city in ("Beijing", "Shanghai"):
        r = np.array([x[city] for x in ratios])
        print(f"{city} 2050 / 2023: mean {r.mean():.3f}, min {r.min():.3f}, max {r.max():.3f}")
    b = np.array(back)
    print(
        f"2018 start, growth 2018-23 vs data: correlation mean {b[:, 0].mean():.3f} "
        f"(min {b[:, 0].min():.3f}); RMSE mean {b[:, 1].mean():.3f} (max {b[:, 1].max():.3f}) "
        "points a year"
    )


if __name__ == "__main__":
    main()
