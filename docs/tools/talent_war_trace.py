"""Why the talent war moves the East's talent share (docs/scenarios.md, docs/model.md 1.2).

Usage::

    .venv/bin/python docs/tools/talent_war_trace.py [--seed 0] [--end 2040]

Runs ``baseline`` and ``talent_war`` with each placement of the saving kept at home
(``macro.regional_investment`` "data", the default on china31, and "uniform") and prints, in 2024,
2030 and the end year, the East's share of skilled workers, the talent subsidy per skilled worker
in the East and elsewhere (a government's talent budget over its skilled workers, thousand yuan)
and the workers' mean wage in each (``agents/region.py`` ``aggregate_wage``, thousand yuan), the
two terms of the skilled movers' utility besides congestion, distance and hukou
(``agents/people.py``).
"""

from __future__ import annotations

import argparse

import numpy as np

from nqpf.agents.region import aggregate_wage
from nqpf.sim import RegionalEconomy, Scenario
from nqpf.sim.config import SCENARIO_DIR


def trace(name: str, placement: str, seed: int, end: int) -> dict[int, tuple[float, ...]]:
    """Year -> (East's talent share, subsidy per skilled worker East, rest, wage East, rest)."""
    sc = Scenario.load(
        SCENARIO_DIR / f"{name}.toml",
        overrides=[f"world.end_year={end}", f"macro.regional_investment={placement}"],
    )
    model = RegionalEconomy(sc, seed=seed)
    w = model.world
    east = np.array([m == "east" for m in w.geography.macro_region])
    rows = {}
    while not model.finished:
        model.step()
        if w.year in (2024, 2030, end):
            talent, labor = w.regions.talent, w.regions.labor
            paid = w.governments.talent_subsidy * talent
            wage_bill = aggregate_wage(w, sc.solow.alpha) * labor
            rows[w.year] = (
                talent[east].sum() / talent.sum(),
                paid[east].sum() / talent[east].sum(),
                paid[~east].sum() / talent[~east].sum(),
                wage_bill[east].sum() / labor[east].sum(),
                wage_bill[~east].sum() / labor[~east].sum(),
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--end", type=int, default=2040)
    args = parser.parse_args()
    print(
        "| placement | scenario | year | East's talent share | subsidy per skilled worker, "
        "East / rest | wage East / rest | wage ratio |"
    )
    print("|---|---|---|---|---|---|---|")
    for placement in ("data", "uniform"):
        for name in ("baseline", "talent_war"):
            for year, (share, sub_e, sub_r, wage_e, wage_r) in trace(
                name, placement, args.seed, args.end
            ).items():
                print(
                    f"| {placement} | {name} | {year} | {share:.3f} | {sub_e:.1f} / {sub_r:.1f} "
                    f"| {wage_e:.1f} / {wage_r:.1f} | {wage_e / wage_r:.2f} |"
                )


if __name__ == "__main__":
    main()
