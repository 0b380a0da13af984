"""The national path of a scenario against the macro targets of docs/model.md (national accounts,
saving path, structural change): mean over seeds of real GDP growth in 2024 and by decade, the
goods industries' and services' shares of nominal GDP, and the investment share of GDP.

    python docs/tools/macro_path.py --seeds 12
    python docs/tools/macro_path.py --seeds 12 --wpp-labour   # labour follows WPP 2024 working age
    python docs/tools/macro_path.py --seeds 12 --set technology.catch_up_rate=0   # any field

``--wpp-labour`` is a what-if: every region's labour force is scaled each year by China's
working-age population (15-64, UN WPP 2024 medium variant, linear between five-year points)
relative to the start year, on top of the model's own population rule. It estimates how a
demography that follows the projection moves the path; it is not the model's demography.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from nqpf.sim import RegionalEconomy, Scenario

ROOT = Path(__file__).resolve().parents[2]
DATA_2024_GROWTH = 0.050
"""NBS: real GDP growth in 2024, 5.0 %."""
DATA_INVESTMENT_SHARE_2023 = 0.42
"""NBS: capital formation rate (gross capital formation / GDP) 2023, about 42 %."""
WORKING_AGE = {  # UN WPP 2024 medium variant, China, persons 15-64 [thousand], about 1 July
    2020: 989716.558,
    2025: 986753.851,
    2030: 971978.22,
    2035: 929610.167,
    2040: 859475.953,
    2045: 807023.992,
    2050: 745290.861,
}


def working_age(year: int) -> float:
    years = np.array(sorted(WORKING_AGE), dtype=float)
    return float(np.interp(year, years, [WORKING_AGE[int(y)] for y in years]))


def run(
    scenario: Path, seed: int, end: int, wpp_labour: bool, overrides: tuple[str, ...] = ()
) -> pd.DataFrame:
    sc = Scenario.load(scenario, overrides=[f"world.end_year={end}", *overrides])
    model = RegionalEconomy(sc, seed=seed)
    if wpp_labour:
        while not model.finished:
            reg, year = model.world.regions, model.year + 1
            factor = working_age(year) / working_age(year - 1)
            # the year's opening applies solow.population_growth; replace it by WPP's path
            reg.population = reg.population * factor / (1 + sc.solow.population_growth)
            model.step()
        tables = model.results(("national",))
    else:
        tables = model.run(tables=("national",))
    return tables["national"].set_index("year")


def summarise(frames: list[pd.DataFrame]) -> dict[str, float]:
    g = pd.concat([f.gdp_growth for f in frames], axis=1).mean(axis=1)
    goods = pd.concat([f.industry_value_added_share for f in frames], axis=1).mean(axis=1)
    services = pd.concat([f.services_share for f in frames], axis=1).mean(axis=1)
    inv = pd.concat([f.investment_rate for f in frames], axis=1).mean(axis=1)
    start, end = int(g.index.min()), int(g.index.max())
    out = {
        "growth_first_year": float(g.loc[start + 1]),
        "growth_2024_30": float(g.loc[2024:2030].mean()),
        "growth_2031_40": float(g.loc[2031:2040].mean()),
        "growth_2041_50": float(g.loc[2041:2050].mean()),
        "goods_share_start": float(goods.loc[start]),
        "goods_share_max": float(goods.max()),
        "goods_share_end": float(goods.loc[end]),
        "services_share_start": float(services.loc[start]),
        "services_share_end": float(services.loc[end]),
        "investment_share_start": float(inv.loc[start]),
        "investment_share_2030": float(inv.loc[min(2030, end)]),
        "investment_share_end": float(inv.loc[end]),
    }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "baseline.toml")
    ap.add_argument("--seeds", type=int, default=12)
    ap.add_argument("--end", type=int, default=2050)
    ap.add_argument("--wpp-labour", action="store_true")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a scenario field for every run (repeatable), e.g. technology.catch_up_rate=0",
    )
    args = ap.parse_args()
    frames = [
        run(args.scenario, s, args.end, args.wpp_labour, tuple(args.set)) for s in range(args.seeds)
    ]
    out = summarise(frames)
    per_seed = [summarise([f]) for f in frames]
    print(
        f"{args.scenario.name} {' '.join(args.set)}, seeds 0-{args.seeds - 1}, "
        f"WPP labour: {args.wpp_labour}"
    )
    print(f"{'figure':26s} {'mean':>8s} {'min seed':>9s} {'max seed':>9s}")
    for key, value in out.items():
        vals = [p[key] for p in per_seed]
        print(f"{key:26s} {value:8.2%} {min(vals):9.2%} {max(vals):9.2%}")
    print(
        f"data: growth 2024 {DATA_2024_GROWTH:.1%}, investment share 2023 "
        f"{DATA_INVESTMENT_SHARE_2023:.0%}"
    )


if __name__ == "__main__":
    main()
