"""Where the model's measured productivity growth comes from: the fitting window 2018-2022 run
from the 2018 data with the technology mechanisms switched off one at a time, then together, and
the national moments the calibration targets (GDP-weighted real GDP growth, the Solow residual,
capital growth; ``calibration/moments.py``), mean over seeds.

    python docs/tools/tfp_sources.py --seeds 3
    python docs/tools/tfp_sources.py --seeds 3 --start 2011 --end 2018

Every setting is the baseline's parameters at the literature values of the two the calibration
estimates (exogenous TFP growth 0, saving slope -0.03: the schema's defaults, which the baseline
carried until 2026-12-04) with the start year's saving rate and income growth from the data
(``calibration/start_values.py``), as the calibration runs them. The last row switches every
parameter of the ``technology`` section that moves productivity off (catch-up, learning,
innovation, spillovers, frontier growth, university transfer, agglomeration, misfit): each
region's TFP A is then constant in every year (the script checks it), so what residual remains
does not come from these mechanisms. A second table takes that setting apart: the national
residual, the aggregate sector's own residual and the capital-weighted mean of the regions' A,
with the financiers' saving kept at home, and with the saving placed at home topping each
province's investment up to a share that follows its start-year investment share in the data
(``macro.regional_investment = "data"``, the default on the china31 map since 2026-12-05), and
with it placed as if every province had the nation's share (``"uniform"``, the default before).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from nqpf.agents import region
from nqpf.calibration.moments import compute_moments
from nqpf.calibration.start_values import start_year_overrides
from nqpf.sim import RegionalEconomy, Scenario

ROOT = Path(__file__).resolve().parents[2]

KEYS = ("gdp_growth_total", "solow_residual_growth", "capital_growth_total")
ALL_OFF = (
    "technology.catch_up_rate=0",
    "technology.learning=false",
    "technology.innovation_elasticity=0",
    "technology.spillover_rate=0",
    "technology.world_frontier_growth=0",
    "technology.university_transfer=0",
    "technology.agglomeration=0",
    "technology.misfit_penalty=0",
)
DATA = ("macro.regional_investment=data",)
UNIFORM = ("macro.regional_investment=uniform",)
LITERATURE = (
    f"macro.saving_income_effect={Scenario().macro.saving_income_effect}",
    f"solow.tfp_growth={Scenario().solow.tfp_growth}",
)
"""The literature values (the schema's defaults) the figures of docs/calibration.md were
measured at."""
SETTINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("literature values", ()),
    ("learning by doing off", ("technology.learning=false",)),
    ("catch-up 0", ("technology.catch_up_rate=0",)),
    ("innovation elasticity 0", ("technology.innovation_elasticity=0",)),
    ("spatial spillovers 0", ("technology.spillover_rate=0",)),
    ("world frontier growth 0", ("technology.world_frontier_growth=0",)),
    ("catch-up 0 and learning off", ALL_OFF[:2]),
    ("every technology mechanism off", ALL_OFF),
)


def _window(start: int, end: int, overrides: tuple[str, ...]) -> Scenario:
    """The baseline from ``start`` to ``end`` with the start year's data values, as the
    calibration runs it, plus ``overrides``."""
    base = {**start_year_overrides(start), "world.start_year": start, "world.end_year": end}
    return Scenario.load(
        ROOT / "scenarios" / "baseline.toml",
        overrides=[f"{k}={v}" for k, v in base.items()]
        + ["economy.firm_agents=false", *LITERATURE, *overrides],
    )


def _workers_outside_firms(w) -> np.ndarray:  # noqa: ANN001 - the world
    """The aggregate sector's workers by region, as its production counts them [million]."""
    return w.regions.labor - np.bincount(
        w.firms.region, weights=w.firms.labor, minlength=w.n_regions
    )


def measure(
    start: int, end: int, overrides: tuple[str, ...], seeds: int
) -> tuple[np.ndarray, float]:
    """Mean moments over ``seeds`` and the largest yearly change of any region's A in any year,
    in absolute value [1/year]."""
    scenario = _window(start, end, overrides)
    values, a_growth = [], 0.0
    for seed in range(seeds):
        tables = RegionalEconomy(scenario, seed=seed).run()
        moments = compute_moments(tables["regions"], KEYS, start, end, 3)
        values.append([moments[k] for k in KEYS])
        a = tables["regions"].pivot(index="year", columns="region", values="technology_index")
        a_growth = max(a_growth, float(np.abs(a.pct_change().iloc[1:].to_numpy()).max()))
    return np.mean(values, axis=0), a_growth


def aggregate_sector(
    start: int, end: int, overrides: tuple[str, ...], seeds: int
) -> tuple[float, float, float]:
    """Mean over ``seeds`` of the yearly growth from ``start`` to ``end`` [1/year] of the national
    Solow residual, of the aggregate sector's own residual ``Y_agg / (K_agg^a L_agg^(1-a))``
    (its output, capital and the workers firms do not employ, summed over regions) and of the
    capital-weighted mean of the regions' A."""
    scenario = _window(start, end, overrides)
    alpha, years = scenario.solow.alpha, end - start
    out = []
    path: list[tuple[float, float]] = []

    def sector(w, l_agg: np.ndarray) -> None:  # noqa: ANN001 - the world
        reg = w.regions
        agg = reg.aggregate_output.sum() / (reg.capital.sum() ** alpha * l_agg.sum() ** (1 - alpha))
        path.append((agg, (reg.tfp * reg.capital).sum() / reg.capital.sum()))

    produce = region.produce_aggregate

    def recorded(w, sc) -> None:  # noqa: ANN001 - the engine's signature
        l_agg = _workers_outside_firms(w)  # as production reads them, before the year's exits
        produce(w, sc)
        sector(w, l_agg)

    region.produce_aggregate = recorded
    try:
        for seed in range(seeds):
            path.clear()
            model = RegionalEconomy(scenario, seed=seed)
            sector(model.world, _workers_outside_firms(model.world))  # the start year
            while model.world.year < end:
                model.step()
            national = model.results(("national",))["national"].set_index("year")["tfp"]
            growth = [(national.loc[end] / national.loc[start]) ** (1 / years) - 1]
            growth += [(path[-1][i] / path[0][i]) ** (1 / years) - 1 for i in (0, 1)]
            out.append(growth)
    finally:
        region.produce_aggregate = produce
    return tuple(np.mean(out, axis=0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--start", type=int, default=2018)
    parser.add_argument("--end", type=int, default=2022)
    args = parser.parse_args()
    print(f"{args.start}-{args.end}, mean of {args.seeds} seeds, % a year")
    print(
        "| setting | GDP growth | Solow residual | capital growth | largest yearly change of a region's A |"
    )
    print("|---|---|---|---|---|")
    for label, overrides in SETTINGS:
        (gdp, residual, capital), a_growth = measure(args.start, args.end, overrides, args.seeds)
        if overrides == ALL_OFF and a_growth != 0.0:
            raise SystemExit(f"with every mechanism off a region's A still moves ({a_growth:.2e})")
        print(
            f"| {label} | {100 * gdp:.2f} | {100 * residual:.2f} | {100 * capital:.2f} "
            f"| {100 * a_growth:.2f} |"
        )
    print()
    print("every technology mechanism off, % a year")
    print(
        "| where saving placed at home goes | national residual | aggregate sector's residual "
        "| capital-weighted mean of A |"
    )
    print("|---|---|---|---|")
    cases = (
        (
            "topped up to each province's start-year investment share (regional_investment = "
            "data, the default), home bias 0.75",
            DATA,
        ),
        ("the same, home bias 1", (*DATA, "finance.home_bias=1")),
        ("as if every province had the nation's investment share (uniform)", UNIFORM),
        ("the same, home bias 1", (*UNIFORM, "finance.home_bias=1")),
    )
    for label, overrides in cases:
        national, agg, a_mean = aggregate_sector(
            args.start, args.end, (*ALL_OFF, *overrides), args.seeds
        )
        print(f"| {label} | {100 * national:.2f} | {100 * agg:.2f} | {100 * a_mean:.2f} |")


if __name__ == "__main__":
    main()
