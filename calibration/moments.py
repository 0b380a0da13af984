"""Target moments: one function computes them from any panel shaped like the model's ``regions``.

The same code turns the observed provincial panel (built by :mod:`calibration.observed`) and a
simulated ``regions`` table into moment vectors, so data and model are measured alike. A panel
needs the columns ``year``, ``region``, ``macro_region``, ``population`` [million persons],
``gdp`` [bn yuan/year, real], ``capital`` [bn yuan, real], ``investment`` [bn yuan/year, real]
and ``rd_intensity`` [% of GDP]; ``patents`` [count/year] only for ``patent_growth_mean``.

The moments themselves (their symbols, formulas and how skipped years enter the growth moments)
are defined in :mod:`calibration.moment_definitions` (:data:`MOMENTS`); a panel's window of years
becomes arrays in :mod:`calibration.panel_window`.

The covariance of the data moments comes from a bootstrap over provinces (:func:`bootstrap`):
resample the N provinces with replacement, recompute every moment, repeat.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

from nqpf.calibration.moment_definitions import MOMENTS, sigma_years
from nqpf.calibration.panel_window import PanelArrays, panel_arrays


def required_columns(keys: Sequence[str]) -> tuple[str, ...]:
    """Panel columns (beyond year, region, macro_region) that the moments ``keys`` need."""
    cols: list[str] = []
    for key in keys:
        for c in MOMENTS[key].columns:
            if c not in cols:
                cols.append(c)
    return tuple(cols)


def blank_investment(regions: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """A copy of ``regions`` with ``investment`` NaN in ``years`` (years the data lack it)."""
    regions = regions.copy()
    regions.loc[regions["year"].isin(list(years)), "investment"] = np.nan
    return regions


def years_without_investment(observed: pd.DataFrame, start: int, end: int) -> tuple[int, ...]:
    """Years of ``start..end`` in which no region of ``observed`` has investment data."""
    window = observed[observed["year"].between(start, end)]
    missing = window["investment"].isna().groupby(window["year"]).all()
    return tuple(int(y) for y in missing.index[missing.to_numpy()])


def moments_from_arrays(p: PanelArrays, keys: Sequence[str], points: int) -> dict[str, float]:
    """Moment values (ordered as ``keys``, yearly moments expanded) from panel arrays."""
    out: dict[str, float] = {}
    for key in keys:
        out.update(MOMENTS[key].compute(p, points))
    return out


def compute_moments(
    regions: pd.DataFrame,
    keys: Sequence[str],
    start: int,
    end: int,
    points: int = 3,
    skip: Collection[int] = (),
) -> pd.Series:
    """The moments ``keys`` of a regions-shaped table over the window ``start..end``.

    Parameters
    ----------
    regions
        Observed or simulated panel (columns in the module docstring).
    keys
        Moment keys of :data:`MOMENTS`.
    start, end
        First and last year of the window (growth rates run from ``start`` to ``end``).
    points
        Number of years on the sigma-convergence path (``sd_log_gdp_pc``).
    skip
        Years whose growth from the year before the growth moments leave out (module doc);
        years outside ``start + 1..end`` are ignored.

    Returns
    -------
    pandas.Series
        One value per moment, indexed by moment name.
    """
    arrays = panel_arrays(regions, start, end, required_columns(keys), skip)
    return pd.Series(moments_from_arrays(arrays, keys, points), dtype=float)


def bootstrap(
    regions: pd.DataFrame,
    keys: Sequence[str],
    start: int,
    end: int,
    points: int,
    *,
    draws: int,
    rng: np.random.Generator,
    skip: Collection[int] = (),
) -> pd.DataFrame:
    """Moments of ``draws`` bootstrap panels: provinces resampled with replacement (``skip`` as
    in :func:`compute_moments`).

    Returns
    -------
    pandas.DataFrame
        One row per draw, one column per moment (same order as :func:`compute_moments`).
    """
    arrays = panel_arrays(regions, start, end, required_columns(keys), skip)
    n = len(arrays.regions)
    rows = [
        moments_from_arrays(arrays.take(rng.integers(0, n, n)), keys, points) for _ in range(draws)
    ]
    return pd.DataFrame(rows, dtype=float)


def moment_names(keys: Sequence[str], start: int, end: int, points: int) -> list[str]:
    """Names of the moment vector of a window, in :func:`compute_moments` order."""
    names: list[str] = []
    for key in keys:
        if MOMENTS[key].yearly:
            names += [f"{key}_{y}" for y in sigma_years(start, end, points)]
        else:
            names.append(key)
    return names


def moment_table() -> pd.DataFrame:
    """Key, formula and needed columns of every moment (for docs and reports)."""
    return pd.DataFrame(
        [
            {"moment": m.key, "formula": m.formula, "columns": ", ".join(m.columns)}
            for m in MOMENTS.values()
        ]
    )
