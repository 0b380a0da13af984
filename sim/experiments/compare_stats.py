"""Statistics of a comparison: mean paths, paired differences and their intervals.

Statistics
----------
For indicator :math:`x`, scenario :math:`s`, seed :math:`i = 1..n` and year :math:`t`:

- mean path :math:`\\bar x_{s,t} = n^{-1} \\sum_i x_{s,i,t}` with a 90 % band, the 5th and 95th
  percentiles of :math:`x_{s,i,t}` across seeds (linear interpolation): where single runs fall;
- paired difference against the reference (the first scenario) per year,
  :math:`d_{s,i,t} = x_{s,i,t} - x_{0,i,t}`, and per seed for the summary statistic
  :math:`D_{s,i} = m_{s,i} - m_{0,i}` where :math:`m_{s,i}` is the mean of the yearly values over
  the window (default 2024-2040, clipped to the simulated years);
- a 95 % t-interval for the mean paired difference,
  :math:`\\bar D \\pm t_{0.975, n-1}\\, s_D / \\sqrt n` (Student 1908): what the difference would be
  on average over many seeds. An interval that excludes zero means the scenarios are
  distinguishable with these seeds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from nqpf.sim.config import Scenario


class CompareError(ValueError):
    """Bad input to a comparison (arguments, scenarios that cannot be paired). For the user."""


# The indicators a comparison reports (national columns), in reading order. Labels in both
# languages live in sim.labels, units in sim.outputs; columns a run does not produce are skipped.
HEADLINE: tuple[str, ...] = (
    "gdp",
    "tfp_growth",
    "capacity_utilization",
    "capacity_utilization_traditional",
    "capacity_utilization_emerging",
    "capacity_utilization_future",
    "price_index_emerging",
    "npl_ratio",
    "local_debt_to_gdp",
    "similarity_index",
    "theil_index",
    "written_off_capital",
    "talent_share_east",
)


DEFAULT_WINDOW: tuple[int, int] = (2024, 2040)


BAND: tuple[float, float] = (5.0, 95.0)
"""Percentiles across seeds that bound the band around the mean path."""


LEVEL = 0.95
"""Confidence level of the intervals for paired differences."""


@dataclass
class Comparison:
    """An ensemble and its statistics: everything a report shows, as DataFrames."""

    names: list[str]
    """Scenario names; the first is the reference every other scenario is compared with."""
    files: list[str]
    descriptions: list[str]
    seeds: list[int]
    seed_base: int
    years: list[int]
    window: tuple[int, int]
    """Years (inclusive) over which the summary statistic is averaged."""
    indicators: list[str]
    """Headline indicators present in the runs (with at least one value)."""
    missing: list[str]
    """Headline indicators the runs do not produce."""
    runs: pd.DataFrame
    """National table of every run: ``scenario``, ``seed_index``, ``seed`` and the columns."""
    paths: dict[str, pd.DataFrame] = field(default_factory=dict)
    """Per indicator: ``year, scenario, mean, p05, p95, n_seeds``."""
    differences: dict[str, pd.DataFrame] = field(default_factory=dict)
    """Per indicator: ``year, scenario, reference, mean_diff, ci_low, ci_high, n_seeds``."""
    summary: pd.DataFrame = field(default_factory=pd.DataFrame)
    """One row per (scenario other than the reference, indicator): window means and intervals."""

    @property
    def reference(self) -> str:
        return self.names[0]


def effective_window(window: tuple[int, int] | None, years: Sequence[int]) -> tuple[int, int]:
    """The window clipped to the simulated years.

    ``None`` means the default window (2024-2040); if the run does not reach it at all, the whole
    horizon is used. An explicit window that misses every simulated year is an error.
    """
    lo, hi = min(years), max(years)
    first, last = window or DEFAULT_WINDOW
    first, last = max(first, lo), min(last, hi)
    if first <= last:
        return first, last
    if window is None:
        return lo, hi
    raise CompareError(
        f"--window {window[0]}:{window[1]} contains none of the simulated years {lo}-{hi}."
    )


# ------------------------------------------------------------------------------ statistics
def t_interval(x: np.ndarray, level: float = LEVEL) -> tuple[float, float, float]:
    """Mean of ``x`` and its two-sided t-interval; NaN bounds with fewer than two values.

    With zero spread (identical values) the interval shrinks to the mean.
    """
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    if n == 0:
        return np.nan, np.nan, np.nan
    mean = float(x.mean())
    if n < 2:
        return mean, np.nan, np.nan
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * x.std(ddof=1) / np.sqrt(n))
    return mean, mean - half, mean + half


def _matrix(runs: pd.DataFrame, scenario: str, indicator: str) -> pd.DataFrame:
    """Values of one scenario as a seed_index x year table."""
    sub = runs[runs["scenario"] == scenario]
    return sub.pivot(index="seed_index", columns="year", values=indicator).sort_index()


def mean_paths(runs: pd.DataFrame, names: Sequence[str], indicator: str) -> pd.DataFrame:
    """Mean path and 90 % band (5th-95th percentile across seeds) of each scenario, per year."""
    rows = []
    for name in names:
        m = _matrix(runs, name, indicator)
        for year in m.columns:
            v = m[year].dropna().to_numpy(dtype=float)
            if len(v) == 0:
                continue
            p_lo, p_hi = np.percentile(v, BAND)
            rows.append(
                {
                    "year": int(year),
                    "scenario": name,
                    "mean": float(v.mean()),
                    "p05": float(p_lo),
                    "p95": float(p_hi),
                    "n_seeds": len(v),
                }
            )
    return pd.DataFrame(rows, columns=["year", "scenario", "mean", "p05", "p95", "n_seeds"])


def paired_paths(runs: pd.DataFrame, names: Sequence[str], indicator: str) -> pd.DataFrame:
    """Mean paired difference against the reference per year, with its 95 % t-interval."""
    ref = _matrix(runs, names[0], indicator)
    rows = []
    for name in names[1:]:
        d = _matrix(runs, name, indicator) - ref
        for year in d.columns:
            mean, lo, hi = t_interval(d[year].to_numpy())
            if np.isnan(mean):
                continue
            rows.append(
                {
                    "year": int(year),
                    "scenario": name,
                    "reference": names[0],
                    "mean_diff": mean,
                    "ci_low": lo,
                    "ci_high": hi,
                    "n_seeds": int(d[year].notna().sum()),
                }
            )
    return pd.DataFrame(
        rows, columns=["year", "scenario", "reference", "mean_diff", "ci_low", "ci_high", "n_seeds"]
    )


def window_means(
    runs: pd.DataFrame, scenario: str, indicator: str, window: tuple[int, int]
) -> pd.Series:
    """Per seed: the mean of the yearly values over the window (missing years skipped)."""
    m = _matrix(runs, scenario, indicator)
    cols = [y for y in m.columns if window[0] <= y <= window[1]]
    return m[cols].mean(axis=1, skipna=True)


def paired_summary(
    runs: pd.DataFrame, names: Sequence[str], indicators: Sequence[str], window: tuple[int, int]
) -> pd.DataFrame:
    """Summary statistic (window mean) per scenario and its paired difference with a 95 % CI.

    ``relative_diff`` is the mean difference over the reference's mean (NaN when that is 0).
    ``distinguishable`` is true when the interval excludes zero.
    """
    rows = []
    for indicator in indicators:
        ref = window_means(runs, names[0], indicator, window)
        for name in names[1:]:
            other = window_means(runs, name, indicator, window)
            diff, lo, hi = t_interval((other - ref).to_numpy())
            ref_mean = float(ref.mean())
            rows.append(
                {
                    "indicator": indicator,
                    "scenario": name,
                    "reference": names[0],
                    "window_first": window[0],
                    "window_last": window[1],
                    "reference_mean": ref_mean,
                    "scenario_mean": float(other.mean()),
                    "mean_diff": diff,
                    "ci_low": lo,
                    "ci_high": hi,
                    "relative_diff": diff / abs(ref_mean) if ref_mean else np.nan,
                    "n_seeds": int((other - ref).notna().sum()),
                    "distinguishable": bool(lo > 0 or hi < 0),
                }
            )
    return pd.DataFrame(rows)


def summarize(
    runs: pd.DataFrame,
    scenarios: Sequence[Scenario],
    files: Sequence[str],
    seeds: Sequence[int],
    seed_base: int,
    window: tuple[int, int] | None,
) -> Comparison:
    """All the statistics of a report from the stacked national tables of an ensemble."""
    names = [sc.name for sc in scenarios]
    years = sorted(int(y) for y in runs["year"].unique())
    win = effective_window(window, years)
    # an indicator is compared only where every scenario produces it (a paired difference needs
    # both sides: capacity utilisation of a textbook-mode scenario, economy.enabled = false, is
    # all missing, and its differences with an agent-economy scenario would be too)
    produced = runs.groupby("scenario").count() if len(runs) else pd.DataFrame()
    indicators = [
        c
        for c in HEADLINE
        if c in produced.columns and all(produced[c].get(n, 0) > 0 for n in names)
    ]
    comp = Comparison(
        names=names,
        files=[str(f) for f in files],
        descriptions=[sc.description for sc in scenarios],
        seeds=[int(s) for s in seeds],
        seed_base=seed_base,
        years=years,
        window=win,
        indicators=indicators,
        missing=[c for c in HEADLINE if c not in indicators],
        runs=runs,
    )
    for c in indicators:
        comp.paths[c] = mean_paths(runs, names, c)
        comp.differences[c] = paired_paths(runs, names, c)
    comp.summary = paired_summary(runs, names, indicators, win)
    return comp
