"""The recent fit's window year by year: national real GDP growth, the Solow residual and capital
growth in each year from 2019 to 2023, in the provincial data and in the model run from the 2018
data, with the moments the calibration targets (GDP-weighted national aggregates,
``calibration/moments.py``) over one-year windows.

    python docs/tools/pandemic_years.py --seeds 4

The model runs as the calibration runs it: the baseline with the start year's saving rate and
income growth from the data (``calibration/start_values.py``), to 2023, under four parameter
sets: the literature values (the schema's defaults and the baseline's until 2026-12-04:
exogenous TFP growth 0, saving slope -0.03), the recent fit
(``calibration/china31_recent.toml``: the estimates on 2018-2022, :data:`RECENT_FIT`), the
recent fit's saving slope with exogenous TFP growth 0, and the projection fit
(``scenarios/calibrated.toml``, written by ``calibration/china31_ex_pandemic.toml``). The data's
years 2020-2022 are the pandemic years; the model has no pandemic. The last two columns are the
recent fit's window 2018-2022 and the growth of the two years on either side of the pandemic
(2019 and 2023) as the projection fit's moments take it, the geometric mean.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from nqpf.calibration.calibration_data import load_observed
from nqpf.calibration.config import load_config
from nqpf.calibration.moments import compute_moments
from nqpf.calibration.start_values import start_year_overrides
from nqpf.sim import RegionalEconomy, Scenario

ROOT = Path(__file__).resolve().parents[2]
START, END = 2018, 2023
KEYS = ("gdp_growth_total", "solow_residual_growth", "capital_growth_total")
LABELS = ("real GDP growth", "Solow residual", "capital growth")
WINDOWS = [(y - 1, y) for y in range(START + 1, END + 1)] + [(START, 2022)]
OUTSIDE = ((2018, 2019), (2022, 2023))
"""The one-year windows on either side of the pandemic years 2020-2022."""
RECENT_FIT = {"macro.saving_income_effect": 0.05, "solow.tfp_growth": -0.0172050}
"""The estimates of ``calibration/china31_recent.toml`` (default budget, refitted 2026-12-06 after
the firm_plans start became the default; b_y at its upper bound 0.05. Before: 0.0500 and
-1.63 %/yr after the start-year demand expectation fix, 0.0365 and -1.45 %/yr after the default
became the provinces' investment shares, 0.0339 and -1.92 %/yr before)."""


def literature_values() -> dict[str, float]:
    """The two parameters' declared defaults (the literature values; the baseline carries the
    projection fit's estimates instead since 2026-12-04)."""
    default = Scenario()
    return {
        "macro.saving_income_effect": default.macro.saving_income_effect,
        "solow.tfp_growth": default.solow.tfp_growth,
    }


def projection_fit() -> dict[str, float]:
    """The two estimates ``scenarios/calibrated.toml`` carries (the projection fit)."""
    sc = Scenario.load(ROOT / "scenarios" / "calibrated.toml")
    return {
        "macro.saving_income_effect": sc.macro.saving_income_effect,
        "solow.tfp_growth": sc.solow.tfp_growth,
    }


def moments(table, windows: list[tuple[int, int]]) -> np.ndarray:  # noqa: ANN001 - regions
    """Windows x KEYS array of the targeted growth moments of a regions table."""
    return np.array([compute_moments(table, KEYS, a, b)[list(KEYS)].to_numpy() for a, b in windows])


def simulate(values: dict[str, float], seeds: int) -> np.ndarray:
    """Mean over ``seeds`` of :func:`moments` of the model from ``START`` to ``END``."""
    base = {**start_year_overrides(START), "world.start_year": START, "world.end_year": END}
    scenario = Scenario.load(
        ROOT / "scenarios" / "baseline.toml",
        overrides=[f"{k}={v}" for k, v in {**base, **values}.items()]
        + ["economy.firm_agents=false"],
    )
    runs = [
        moments(RegionalEconomy(scenario, seed=seed).run(tables=("regions",))["regions"], WINDOWS)
        for seed in range(seeds)
    ]
    return np.mean(runs, axis=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=4)
    args = parser.parse_args()
    fit, projection = RECENT_FIT, projection_fit()
    observed, _ = load_observed(load_config(ROOT / "calibration" / "china31_recent.toml"))
    rows = [("data (provinces summed)", moments(observed, WINDOWS))]
    settings = (
        ("literature values (TFP term 0, slope -0.03)", literature_values()),
        (
            f"recent fit (TFP term {100 * fit['solow.tfp_growth']:.2f} %, "
            f"slope {fit['macro.saving_income_effect']:.3f})",
            fit,
        ),
        (
            "recent fit's slope, TFP term 0",
            {**fit, "solow.tfp_growth": 0.0},
        ),
        (
            f"projection fit (TFP term {100 * projection['solow.tfp_growth']:.2f} %, "
            f"slope {projection['macro.saving_income_effect']:.3f})",
            projection,
        ),
    )
    rows += [(label, simulate(values, args.seeds)) for label, values in settings]
    outside = [WINDOWS.index(w) for w in OUTSIDE]
    head = [str(b) for _, b in WINDOWS[:-1]] + ["2018-2022", "2019 and 2023"]
    print(f"% a year; model: mean of {args.seeds} seeds from the {START} data")
    for k, label in enumerate(LABELS):
        print(f"\n{label}\n")
        print("| | " + " | ".join(head) + " |")
        print("|---" * (len(head) + 1) + "|")
        for name, values in rows:
            cells = [f"{100 * v:.2f}" for v in values[:, k]]
            cells.append(f"{100 * (np.prod(1 + values[outside, k]) ** 0.5 - 1):.2f}")
            print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
