"""Five benchmark forecasts of a provincial variable from a jump-off year, by one function family.

Given the observed ``regions`` table (:func:`calibration.observed.observed_regions`) and a
jump-off year ``J``, every benchmark forecasts each province ``r`` for the years ``t = J+1..H``
(horizon ``h = t - J``) from data of the years ``<= J`` only: the table is cut at ``J`` before
anything is computed, so data after ``J`` cannot reach a benchmark.

Level variables (``gdp``, ``population``, ``investment``) grow at a compound rate:

``own_trend_7``, ``own_trend_3``
    The province's own compound growth over the ``w`` = 7 or 3 years before ``J``:
    ``g_r = (x_rJ / x_r,J-w)^(1/w) - 1``, ``xhat_rt = x_rJ (1 + g_r)^h``.
``national_7``, ``national_3``
    Every province at the national growth of the same window, the nation being the sum over
    provinces: ``G = (X_J / X_J-w)^(1/w) - 1`` with ``X_t = sum_r x_rt``;
    ``xhat_rt = x_rJ (1 + G)^h``.
``panel_ar1``
    A pooled panel AR(1) on annual growth, ``g_rt = a + rho g_r,t-1 + e_rt`` with
    ``g_rt = x_rt / x_r,t-1 - 1``, fitted by OLS over every province and every pair of years up
    to ``J`` with data; iterated forward from the province's growth in ``J``:
    ``ghat_r,J+k = a + rho ghat_r,J+k-1`` (``ghat_rJ = g_rJ``), ``xhat_rt = x_rJ prod_k (1 +
    ghat_r,J+k)``.

R&D intensity (``rd_intensity``, percent of GDP, a ratio that can fall) trends in **levels of the
ratio**, in percentage points: ``d_r = (x_rJ - x_r,J-w) / w``, ``xhat_rt = x_rJ + d_r h``; the
national ratio is GDP-weighted, ``X_t = sum_r x_rt Y_rt / sum_r Y_rt`` (total R&D over total
GDP); the AR(1) is on annual changes ``d_rt = x_rt - x_r,t-1`` and ``xhat_rt = x_rJ + sum_k
dhat_r,J+k``.

A benchmark whose window reaches before the first year with data (R&D intensity before 2011 in
the shipped panel) is NaN for every province.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from nqpf.calibration.moment_definitions import annual_growth

BENCHMARKS: Final[tuple[str, ...]] = (
    "own_trend_7",
    "own_trend_3",
    "national_7",
    "national_3",
    "panel_ar1",
)
"""Benchmark names, in the order of the issue: own trend (7, 3 years), national (7, 3), AR(1)."""
LEVEL_VARIABLES: Final[tuple[str, ...]] = ("gdp", "population", "investment")
"""Variables forecast by compound growth and scored by the RMSE of their log."""
RATIO_VARIABLES: Final[tuple[str, ...]] = ("rd_intensity",)
"""Variables forecast by changes in percentage points and scored by the RMSE in points."""
VARIABLES: Final[tuple[str, ...]] = LEVEL_VARIABLES + RATIO_VARIABLES
WINDOWS: Final[dict[str, int]] = {
    "own_trend_7": 7,
    "own_trend_3": 3,
    "national_7": 7,
    "national_3": 3,
}
"""Trend window of each trend benchmark [years before the jump-off year]."""


def is_ratio(variable: str) -> bool:
    """True for a ratio variable (trends in points), False for a level (compound growth).

    Raises
    ------
    ValueError
        ``variable`` is not one of :data:`VARIABLES`.
    """
    if variable not in VARIABLES:
        raise ValueError(f"no benchmark for variable {variable!r}; allowed: {', '.join(VARIABLES)}")
    return variable in RATIO_VARIABLES


def history(observed: pd.DataFrame, variable: str, jump: int) -> pd.DataFrame:
    """Years ``<= jump`` of ``variable`` as a (year x region) table; the only data benchmarks see."""
    known = observed[observed["year"] <= jump]
    return known.pivot(index="year", columns="region", values=variable).sort_index()


def national_series(observed: pd.DataFrame, variable: str, jump: int) -> pd.Series:
    """The nation's value by year up to ``jump``: sum over provinces, or GDP-weighted for a ratio.

    A year in which any province lacks the value is NaN (a partial sum is not the nation)."""
    values = history(observed, variable, jump)
    if not is_ratio(variable):
        return values.sum(axis=1, min_count=values.shape[1])
    gdp = history(observed, "gdp", jump).reindex_like(values)
    weighted = (values * gdp).sum(axis=1, min_count=values.shape[1])
    return weighted / gdp.sum(axis=1, min_count=values.shape[1])


def _step(values: np.ndarray, later: np.ndarray, years: int, ratio: bool) -> np.ndarray:
    """Per-year trend between two observations: compound growth, or change in points."""
    if ratio:
        return (later - values) / years
    return annual_growth(values, later, years)


def _extend(base: np.ndarray, steps: np.ndarray, ratio: bool) -> np.ndarray:
    """Paths from ``base`` (regions) by per-year ``steps`` (horizons x regions)."""
    if ratio:
        return base + np.cumsum(steps, axis=0)
    return base * np.cumprod(1.0 + steps, axis=0)


def changes(values: pd.DataFrame, ratio: bool) -> pd.DataFrame:
    """Annual growth ``x_t / x_t-1 - 1`` (levels) or change ``x_t - x_t-1`` (ratios) of a
    (year x region) table; only consecutive years are differenced."""
    full = values.reindex(range(int(values.index.min()), int(values.index.max()) + 1))
    out = full - full.shift(1) if ratio else full / full.shift(1) - 1.0
    return out.reindex(values.index)


def panel_ar1(growth: pd.DataFrame) -> tuple[float, float, int]:
    """Pooled OLS of ``g_rt = a + rho g_r,t-1 + e`` over every province and year pair.

    Parameters
    ----------
    growth
        (year x region) table of annual growth rates (or changes), consecutive years.

    Returns
    -------
    (a, rho, n)
        Intercept, slope and number of pairs used; NaN coefficients with fewer than 3 pairs.
    """
    current = growth.to_numpy()[1:].ravel()
    lagged = growth.to_numpy()[:-1].ravel()
    ok = np.isfinite(current) & np.isfinite(lagged)
    x, y = lagged[ok], current[ok]
    if len(x) < 3:
        return float("nan"), float("nan"), int(len(x))
    xc = x - x.mean()
    denom = float(xc @ xc)
    rho = float(xc @ (y - y.mean()) / denom) if denom > 0 else 0.0
    return float(y.mean() - rho * x.mean()), rho, int(len(x))


def benchmark_forecasts(
    observed: pd.DataFrame, variable: str, jump: int, last_year: int
) -> pd.DataFrame:
    """The five benchmark forecasts of ``variable`` for ``jump+1..last_year``.

    Parameters
    ----------
    observed
        Long table with columns ``year``, ``region``, ``variable`` (and ``gdp`` for a ratio).
    variable
        One of :data:`VARIABLES`.
    jump
        Jump-off year ``J``: only rows with ``year <= J`` are read.
    last_year
        Last forecast year ``H`` (> ``J``).

    Returns
    -------
    pandas.DataFrame
        Columns ``region, year`` and one column per name in :data:`BENCHMARKS`.

    Raises
    ------
    ValueError
        An unknown variable, ``last_year <= jump``, or no data in the jump-off year.
    """
    ratio = is_ratio(variable)
    if last_year <= jump:
        raise ValueError(f"last forecast year {last_year} must be after the jump-off year {jump}")
    values = history(observed, variable, jump)
    if jump not in values.index:
        raise ValueError(f"no observed {variable} in the jump-off year {jump}")
    regions = values.columns
    horizons = np.arange(1, last_year - jump + 1)
    base = values.loc[jump].to_numpy(dtype=float)
    nation = national_series(observed, variable, jump)

    def at(table: pd.Series | pd.DataFrame, year: int) -> np.ndarray:
        if year in table.index:
            return np.asarray(table.loc[year], dtype=float)
        return np.full(np.shape(table.iloc[0]) if len(table) else (), np.nan)

    paths: dict[str, np.ndarray] = {}
    for name, window in WINDOWS.items():
        if name.startswith("own"):
            step = _step(at(values, jump - window), base, window, ratio)
        else:
            step = np.full(
                len(regions), _step(at(nation, jump - window), at(nation, jump), window, ratio)
            )
        paths[name] = _extend(base, np.tile(step, (len(horizons), 1)), ratio)

    growth = changes(values, ratio)
    a, rho, _ = panel_ar1(growth)
    last = at(growth, jump)
    steps = np.empty((len(horizons), len(regions)))
    for k in range(len(horizons)):
        last = a + rho * last
        steps[k] = last
    paths["panel_ar1"] = _extend(base, steps, ratio)

    years = jump + horizons
    out = pd.DataFrame(
        {
            "region": np.tile(np.asarray(regions), len(horizons)),
            "year": np.repeat(years, len(regions)),
        }
    )
    for name in BENCHMARKS:
        out[name] = paths[name].ravel()
    return out
