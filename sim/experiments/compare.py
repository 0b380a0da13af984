"""Ensembles of seeds with common random numbers, and the statistics that compare scenarios.

``nqpf compare A.toml B.toml ...`` answers a question such as "what if every province chases the
same industries?" by running every scenario on the *same* seeds (common random numbers, CRN):
seed ``i`` of scenario B meets the same random draws as seed ``i`` of scenario A wherever the two
runs consume randomness alike, so the paired difference :math:`d_i = x_i^B - x_i^A` removes most
of the noise both share and a few seeds suffice.

Runs go through the one executor seam, :mod:`sim.experiments.batch` (``RunSpec``, ``run_one``,
``make_executor``, ``map_runs``); results are put in a fixed order (scenario, seed index, year)
whatever order they finish in, so the numbers do not depend on ``--jobs``.

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

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from nqpf.sim.config import Scenario
from nqpf.sim.experiments.batch import RunSpec, map_runs, spawn_seeds

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


class CompareError(ValueError):
    """Bad input to a comparison (arguments, scenarios that cannot be paired). For the user."""


class RunsFailed(RuntimeError):
    """Some runs of the ensemble raised; ``runs`` holds the national tables of the others."""

    def __init__(self, message: str, runs: pd.DataFrame) -> None:
        super().__init__(message)
        self.runs = runs


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


# ------------------------------------------------------------------------------ arguments
def parse_window(text: str) -> tuple[int, int]:
    """Parse ``--window FIRST:LAST`` (years, inclusive), e.g. ``2024:2040``."""
    m = re.fullmatch(r"\s*(\d{4})\s*:\s*(\d{4})\s*", text or "")
    if not m:
        raise CompareError(
            f"--window {text!r}: expected FIRST:LAST in years, for example 2024:2040."
        )
    first, last = int(m.group(1)), int(m.group(2))
    if first > last:
        raise CompareError(f"--window {text!r}: the first year {first} is after the last {last}.")
    return first, last


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


def load_scenarios(paths: Sequence[Path], overrides: Sequence[str] = ()) -> list[Scenario]:
    """Load every scenario (``--set`` overrides apply to all) before anything runs.

    Names are made unique (``name (2)``) so that a scenario can be compared with itself.
    """
    if len(paths) < 2:
        raise CompareError(
            f"compare needs at least two scenario files (got {len(paths)}); the first is the "
            "reference the others are compared with."
        )
    scenarios = [Scenario.load(p, overrides=list(overrides)) for p in paths]
    seen: dict[str, int] = {}
    for i, sc in enumerate(scenarios):
        seen[sc.name] = seen.get(sc.name, 0) + 1
        if seen[sc.name] > 1:
            scenarios[i] = sc.model_copy(update={"name": f"{sc.name} ({seen[sc.name]})"})
    spans = {(sc.world.start_year, sc.world.end_year) for sc in scenarios}
    if len(spans) > 1:
        listing = ", ".join(
            f"{p} {sc.world.start_year}-{sc.world.end_year}" for p, sc in zip(paths, scenarios)
        )
        raise CompareError(
            f"scenarios must cover the same years to be paired: {listing}; align them with "
            "--set world.start_year=... --set world.end_year=..."
        )
    return scenarios


# ------------------------------------------------------------------------------ running
def run_ensemble(
    scenarios: Sequence[Scenario],
    seeds: Sequence[int],
    executor: Any,
    *,
    progress: str | None = None,
    on_result: Any = None,
) -> pd.DataFrame:
    """Run every scenario on every seed; the national tables stacked in a fixed order.

    ``on_result(record)`` is called as each run finishes (the dashboard's progress bar).

    Raises :class:`RunsFailed` (after every run has finished) if any run raised; it carries the
    tables of the runs that succeeded, so that they are not lost.
    """
    specs = [
        RunSpec(run_id=f"{s}:{i}", scenario=sc.to_dict(), seed=int(seed))
        for s, sc in enumerate(scenarios)
        for i, seed in enumerate(seeds)
    ]
    records = {
        r.run_id: r for r in map_runs(specs, executor, progress=progress, on_result=on_result)
    }
    frames = []
    for spec in specs:  # the specs' order, not the order runs finished in
        record = records[spec.run_id]
        if record.status != "ok":
            continue
        s, i = (int(x) for x in spec.run_id.split(":"))
        table = record.tables["national"].copy()
        table.insert(0, "seed", spec.seed)
        table.insert(0, "seed_index", i)
        table.insert(0, "scenario", scenarios[s].name)
        frames.append(table)
    runs = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    failed = [records[spec.run_id] for spec in specs if records[spec.run_id].status != "ok"]
    if failed:
        first = failed[0]
        s = int(first.run_id.split(":")[0])
        raise RunsFailed(
            f"{len(failed)} of {len(specs)} runs failed; first: scenario "
            f"{scenarios[s].name!r}, seed {first.seed}: {first.error.splitlines()[0]}",
            runs,
        )
    return runs


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
    indicators = [c for c in HEADLINE if c in runs.columns and runs[c].notna().any()]
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


@dataclass(frozen=True)
class Plan:
    """What a comparison runs: validated scenarios (reference first), their files, the seeds."""

    scenarios: list[Scenario]
    files: list[str]
    seeds: list[int]
    seed_base: int
    window: tuple[int, int] | None
    """The requested window (None: the default window)."""


def plan_comparison(
    paths: Sequence[Path],
    n_seeds: int,
    seed_base: int = 0,
    window: tuple[int, int] | None = None,
    overrides: Sequence[str] = (),
) -> Plan:
    """Check every input and load every scenario before anything runs.

    Raises CompareError (arguments) or ScenarioError (a scenario file or an override).
    """
    if n_seeds < 1:
        raise CompareError(f"--seeds must be at least 1 (got {n_seeds}); 20 is a good start.")
    if seed_base < 0:
        raise CompareError(f"--seed-base must be a non-negative integer (got {seed_base}).")
    scenarios = load_scenarios(paths, overrides)
    if window is not None:
        world = scenarios[0].world
        effective_window(window, range(world.start_year, world.end_year + 1))
    return Plan(
        scenarios=scenarios,
        files=[str(p) for p in paths],
        seeds=spawn_seeds(seed_base, n_seeds),
        seed_base=seed_base,
        window=window,
    )


def run_comparison(
    plan: Plan, executor: Any, *, progress: str | None = None, on_result: Any = None
) -> Comparison:
    """Run the plan on an executor (see sim.experiments.batch.make_executor) and compute the
    statistics; ``on_result(record)`` is called as each run finishes."""
    runs = run_ensemble(
        plan.scenarios, plan.seeds, executor, progress=progress, on_result=on_result
    )
    return summarize(runs, plan.scenarios, plan.files, plan.seeds, plan.seed_base, plan.window)


def default_out_dir(plan: Plan) -> Path:
    """``out/compare_<A>_vs_<B>...`` from the scenario names (path-safe)."""
    names = [
        re.sub(r"[^A-Za-z0-9_-]+", "-", sc.name).strip("-") or "scenario" for sc in plan.scenarios
    ]
    return Path("out") / ("compare_" + "_vs_".join(names))
