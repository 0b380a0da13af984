"""How the provinces' R&D intensity moves with their income per head, from the shipped panel.

Usage::

    .venv/bin/python docs/tools/rd_income_elasticity.py

Within-province (fixed-effects) regression, by least squares over the windows printed::

    ln rd_rt = a_r + e ln y_rt + u_rt

with ``rd_rt`` the province's R&D spending over GDP [% of GDP] and ``y_rt`` its real GDP per head
(nominal GDP over the national GDP deflator, ``calibration/data/national_deflator.csv``, over
population). ``e`` is the source of ``technology.rd_income_elasticity``. Standard errors by a
bootstrap over provinces (clusters; 999 draws, seed 0), so serial correlation within a province
is allowed. Also printed: the national R&D intensity (GDP-weighted) at the window's ends and the
ratio of the change of its log to the change of log national real GDP per head.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nqpf.calibration.deflator import load_deflator
from nqpf.sim.data.panel import load_panel

WINDOWS = ((2011, 2018), (2018, 2023), (2011, 2023))
DRAWS = 999


def table() -> pd.DataFrame:
    """Region, year, ln rd, ln y and the GDP weights, for the years with R&D for every province."""
    p = load_panel()
    deflator = load_deflator()
    p = p.assign(
        deflator=p["year"].map(deflator),
        rd=p["rd_intensity_pct"],
        gdp=p["gdp_nominal_100m_yuan"],
    ).dropna(subset=["rd", "gdp", "deflator", "population_10k"])
    p = p[p["rd"] > 0]
    full = p.groupby("year")["region"].transform("size") == p["region"].nunique()
    p = p[full]
    return p.assign(
        ln_rd=np.log(p["rd"]),
        ln_y=np.log(p["gdp"] / p["deflator"] / p["population_10k"]),
    )[["region", "year", "rd", "gdp", "deflator", "population_10k", "ln_rd", "ln_y"]]


def within_slope(t: pd.DataFrame) -> float:
    """``e`` of the fixed-effects regression (deviations from each province's means)."""
    x = t["ln_y"] - t.groupby("region")["ln_y"].transform("mean")
    y = t["ln_rd"] - t.groupby("region")["ln_rd"].transform("mean")
    return float((x * y).sum() / (x * x).sum())


def cluster_se(t: pd.DataFrame, rng: np.random.Generator) -> float:
    """Bootstrap s.e. of ``e`` over provinces (each draw relabels the drawn provinces)."""
    groups = {r: g for r, g in t.groupby("region")}
    names = list(groups)
    draws = []
    for _ in range(DRAWS):
        pick = rng.choice(len(names), len(names))
        sample = pd.concat(groups[names[k]].assign(region=i) for i, k in enumerate(pick))
        draws.append(within_slope(sample))
    return float(np.std(draws, ddof=1))


def national(t: pd.DataFrame, year: int) -> tuple[float, float]:
    """GDP-weighted R&D intensity [%] and log real GDP per head of the provinces together."""
    y = t[t["year"] == year]
    rd = float((y["rd"] * y["gdp"]).sum() / y["gdp"].sum())
    ln_y = float(np.log((y["gdp"] / y["deflator"]).sum() / y["population_10k"].sum()))
    return rd, ln_y


def main() -> None:
    t = table()
    rng = np.random.default_rng(0)
    print(f"years with R&D for every province: {t['year'].min()}-{t['year'].max()}")
    print(
        "| window | e (within provinces) | s.e. (bootstrap over provinces) | obs | national R&D intensity, start -> end | d ln rd / d ln y, national |"
    )
    print("|---|---|---|---|---|---|")
    for first, last in WINDOWS:
        w = t[(t["year"] >= first) & (t["year"] <= last)]
        e, se = within_slope(w), cluster_se(w, rng)
        (rd0, y0), (rd1, y1) = national(t, first), national(t, last)
        ratio = np.log(rd1 / rd0) / (y1 - y0)
        print(
            f"| {first}-{last} | {e:.2f} | {se:.2f} | {len(w)} | {rd0:.2f} -> {rd1:.2f} % | {ratio:.2f} |"
        )


if __name__ == "__main__":
    main()
