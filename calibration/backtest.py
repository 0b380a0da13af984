"""Backtests: the model restarted from a past year's data against five benchmark forecasts.

For each jump-off year ``J`` (default 2011, forecasting 2012-2018, and 2018, forecasting
2019-2023) the scenario is run from the data of ``J`` (``world.start_year = J``) on ``S`` seeds
through the executor seam (:func:`sim.experiments.batch.map_runs`), and its mean path over seeds
per province is compared with the data of the held-out years, next to the five benchmarks of
:mod:`calibration.benchmarks` (which see only data up to ``J``).

Chaining. The model starts from the data of ``J`` but its first-year investment is its own
(saving rate times output), not the data's. Every model path is therefore put onto the data of
``J``: levels by ratio, ``xhat_rt = x_rJ xsim_rt / xsim_rJ``; the R&D ratio by difference,
``xhat_rt = x_rJ + xsim_rt - xsim_rJ``. Where the start year reproduces the data (GDP,
population, R&D intensity) this changes nothing; :attr:`BacktestResult.start_gaps` records the
largest gap chaining removed.

Errors over the held-out years ``t`` with data (the panel has no GFCF for 2023, so investment
is scored on ``J+1..2022``): for a level variable ``e_rt = ln xhat_rt - ln x_rt`` [log points],
for R&D intensity ``e_rt = xhat_rt - x_rt`` [percentage points]; per province
``RMSE_r = sqrt(mean_t e_rt^2)`` and ``bias_r = mean_t e_rt``; per forecast the mean over
provinces. The model *beats the best benchmark* when its mean RMSE is below the lowest mean RMSE
of the five benchmarks; the margin is ``best - model`` (positive: the model is better).
"""

from __future__ import annotations

import concurrent.futures as cf
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import pandas as pd

from nqpf.calibration.benchmarks import (
    BENCHMARKS,
    RATIO_VARIABLES,
    VARIABLES,
    benchmark_forecasts,
    is_ratio,
)
from nqpf.calibration.deflator import load_deflator
from nqpf.calibration.observed import observed_regions
from nqpf.calibration.start_values import start_year_overrides
from nqpf.sim.config import Scenario
from nqpf.sim.data import load_provinces
from nqpf.sim.data.panel import load_panel
from nqpf.sim.experiments.batch import RunSpec, map_runs, spawn_seeds

JUMP_OFFS: Final[dict[int, int]] = {2011: 2018, 2018: 2023}
"""Default jump-off year -> last forecast year."""
FORECASTS: Final[tuple[str, ...]] = ("model", *BENCHMARKS)
SCORED_VARIABLES: Final[tuple[str, ...]] = (*VARIABLES, "population_share")
"""Scored variables: the forecast ones and each province's share of the 31 provinces'
population, ``s_rt = x_rt / sum_r x_rt`` for the data and every forecast alike (scored by the
RMSE of its log). The model's national population follows the data's (the panel's national
total for every year the panel has, ``sim/setup/demography.py``), which no benchmark knows; the
share removes the national level and compares the provincial distribution alone."""


class BacktestError(RuntimeError):
    """A backtest cannot be run (bad scenario geography, years without data, failed runs)."""


@dataclass
class BacktestResult:
    """Everything a backtest produced (written out by :mod:`calibration.backtest_report`)."""

    scenario: str
    seeds: list[int]
    jumps: dict[int, int]
    paths: pd.DataFrame
    """jump, variable, region, year, data, model, one column per benchmark (years J..H)."""
    errors: pd.DataFrame
    """jump, variable, region, forecast, rmse, bias, years (years scored)."""
    summary: pd.DataFrame
    """jump, variable, forecast, mean_rmse, median_rmse, mean_bias, provinces."""
    verdict: pd.DataFrame
    """jump, variable, model_rmse, best_benchmark, best_rmse, margin, model_beats_best,
    provinces_model_wins, provinces, years."""
    start_gaps: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def observed_for(scenario: Scenario, jump: int, last_year: int) -> pd.DataFrame:
    """The observed regions table from the deflator's first year to ``last_year`` at ``jump``
    prices (real GDP and investment in billions of yuan of year ``jump``, as the model reports
    them when it starts in ``jump``)."""
    deflator = load_deflator()
    first = int(deflator.index.min())
    observed, _ = observed_regions(
        load_panel(),
        load_provinces(),
        deflator,
        base_year=jump,
        years=range(first, last_year + 1),
        labor_force_share=scenario.solow.labor_force_share,
    )
    return observed


def run_model(
    scenario: Scenario,
    jumps: dict[int, int],
    seeds: list[int],
    executor: cf.Executor,
    progress: str | None = None,
) -> dict[int, pd.DataFrame]:
    """Run ``scenario`` from each jump-off year to its last year on every seed.

    Returns the mean over seeds of ``gdp, population, investment, rd_intensity`` by (region,
    year), per jump-off year.

    Raises
    ------
    BacktestError
        A run failed (its message is quoted).
    """
    base = scenario.to_dict()
    specs = [
        RunSpec(
            f"backtest-{jump}-{k}",
            base,
            seed,
            {**start_year_overrides(jump), "world.start_year": jump, "world.end_year": end},
            tables=("regions",),
        )
        for jump, end in jumps.items()
        for k, seed in enumerate(seeds)
    ]
    tables: dict[int, list[pd.DataFrame]] = {jump: [] for jump in jumps}
    failures: list[str] = []

    def lost(spec: RunSpec, exc: BaseException) -> None:
        failures.append(f"{spec.run_id}: worker failed: {type(exc).__name__}: {exc}")

    for record in map_runs(specs, executor, progress=progress, on_error=lost):
        if record.status != "ok":
            failures.append(f"{record.run_id} (seed {record.seed}): {record.error}")
            continue
        jump = int(record.run_id.split("-")[1])
        tables[jump].append(record.tables["regions"][["region", "year", *VARIABLES]])
    if failures:
        raise BacktestError(f"{len(failures)} backtest run(s) failed; first: {failures[0]}")
    return {
        jump: pd.concat(frames).groupby(["region", "year"], as_index=False)[list(VARIABLES)].mean()
        for jump, frames in tables.items()
    }


def chain_on_data(
    model: pd.DataFrame, observed: pd.DataFrame, jump: int
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Put every variable of a mean model path onto the data of ``jump`` (see module doc).

    Returns the chained path and, per variable, the largest gap at ``jump`` that was removed
    (relative for levels, in points for ratios)."""
    out = model.copy()
    sim0 = model[model["year"] == jump].set_index("region")
    obs0 = observed[observed["year"] == jump].set_index("region").reindex(sim0.index)
    gaps: dict[str, float] = {}
    for var in VARIABLES:
        if is_ratio(var):
            shift = obs0[var] - sim0[var]
            out[var] = model[var] + model["region"].map(shift)
            gaps[var] = float(shift.abs().max())
        else:
            factor = obs0[var] / sim0[var]
            out[var] = model[var] * model["region"].map(factor)
            gaps[var] = float((factor - 1.0).abs().max())
    return out, gaps


def score(paths: pd.DataFrame, variable: str) -> pd.DataFrame:
    """RMSE and bias per province of every forecast column of ``paths`` against ``data``.

    ``paths`` holds one variable's held-out years: region, year, data, and the forecasts. Years
    without data are skipped. Returns region, forecast, rmse, bias, years."""
    held = paths[np.isfinite(paths["data"])]
    rows = []
    for name in FORECASTS:
        if variable in RATIO_VARIABLES:
            err = held[name] - held["data"]
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                err = np.log(held[name]) - np.log(held["data"])
        grouped = err.groupby(held["region"])
        frame = pd.DataFrame(
            {
                "rmse": np.sqrt((err**2).groupby(held["region"]).mean()),
                "bias": grouped.mean(),
                "years": held.groupby("region")["year"].count(),
            }
        )
        frame["forecast"] = name
        rows.append(frame.reset_index())
    return pd.concat(rows, ignore_index=True)[["region", "forecast", "rmse", "bias", "years"]]


def population_shares(table: pd.DataFrame) -> pd.DataFrame:
    """A population paths table (data and forecasts) as shares of each year's 31-province sum."""
    out = table.copy()
    columns = ["data", *FORECASTS]
    out[columns] = table.groupby("year")[columns].transform(lambda c: c / c.sum(min_count=1))
    out["variable"] = "population_share"
    return out


def summarise(errors: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mean errors per (jump, variable, forecast), and the verdict per (jump, variable)."""
    summary = (
        errors.groupby(["jump", "variable", "forecast"], sort=False)
        .agg(
            mean_rmse=("rmse", "mean"),
            median_rmse=("rmse", "median"),
            mean_bias=("bias", "mean"),
            provinces=("rmse", "count"),
        )
        .reset_index()
    )
    rows = []
    for (jump, variable), part in summary.groupby(["jump", "variable"], sort=False):
        by = part.set_index("forecast")["mean_rmse"]
        bench = by.reindex(list(BENCHMARKS)).dropna()
        model_rmse = float(by.get("model", np.nan))
        detail = errors[(errors["jump"] == jump) & (errors["variable"] == variable)]
        years = int(detail["years"].max()) if len(detail) else 0
        if bench.empty:
            rows.append(
                {
                    "jump": jump,
                    "variable": variable,
                    "model_rmse": model_rmse,
                    "best_benchmark": "",
                    "best_rmse": np.nan,
                    "margin": np.nan,
                    "model_beats_best": "n/a",
                    "provinces_model_wins": np.nan,
                    "provinces": int(part["provinces"].max()),
                    "years": years,
                }
            )
            continue
        best = str(bench.idxmin())
        per = detail.pivot(index="region", columns="forecast", values="rmse")
        rows.append(
            {
                "jump": jump,
                "variable": variable,
                "model_rmse": model_rmse,
                "best_benchmark": best,
                "best_rmse": float(bench.min()),
                "margin": float(bench.min()) - model_rmse,
                "model_beats_best": "yes" if model_rmse < float(bench.min()) else "no",
                "provinces_model_wins": int((per["model"] < per[best]).sum()),
                "provinces": int(per["model"].notna().sum()),
                "years": years,
            }
        )
    return summary, pd.DataFrame(rows)


def backtest(
    scenario: Scenario,
    executor: cf.Executor,
    *,
    seeds: int = 3,
    seed_base: int = 0,
    jumps: dict[int, int] | None = None,
    progress: str | None = None,
) -> BacktestResult:
    """Backtest ``scenario`` from each jump-off year against the five benchmarks.

    Parameters
    ----------
    scenario
        A china31 scenario; its start and end years are replaced by each jump-off's.
    executor
        From :func:`sim.experiments.batch.make_executor`.
    seeds, seed_base
        Number of seeds, and the master seed they are spawned from.
    jumps
        Jump-off year -> last forecast year (default :data:`JUMP_OFFS`).
    progress
        Label of a progress bar (none when ``None``).

    Raises
    ------
    BacktestError
        A scenario that is not china31, years outside the data, fewer than one seed, a failed run.
    """
    jumps = dict(jumps or JUMP_OFFS)
    if scenario.world.geography != "china31":
        raise BacktestError(
            f"scenario {scenario.name!r} has geography {scenario.world.geography!r}; "
            "backtests need the provincial data of geography 'china31'"
        )
    if seeds < 1:
        raise BacktestError(f"seeds must be at least 1 (got {seeds})")
    for jump, end in jumps.items():
        if not (2011 <= jump < end <= 2023):
            raise BacktestError(
                f"jump-off {jump} -> {end}: the model starts in 2011..2022 and the data end in "
                "2023; allowed: 2011 <= jump-off < last year <= 2023"
            )
    run_seeds = spawn_seeds(seed_base, seeds)
    models = run_model(scenario, jumps, run_seeds, executor, progress)
    paths, errors, gaps, notes = [], [], {}, []
    for jump, end in jumps.items():
        observed = observed_for(scenario, jump, end)
        model, gap = chain_on_data(models[jump], observed, jump)
        for var, value in gap.items():
            gaps[f"{var}_{jump}"] = value
        for var in VARIABLES:
            bench = benchmark_forecasts(observed, var, jump, end)
            table = (
                observed[observed["year"].between(jump, end)][["region", "year", var]]
                .rename(columns={var: "data"})
                .merge(model[["region", "year", var]].rename(columns={var: "model"}))
                .merge(bench, how="left")
            )
            at_jump = table["year"] == jump  # every forecast starts from the jump-off data
            table.loc[at_jump, list(BENCHMARKS)] = table.loc[
                at_jump, ["data"] * len(BENCHMARKS)
            ].to_numpy()
            table.insert(0, "variable", var)
            table.insert(0, "jump", jump)
            tables = [table] + ([population_shares(table)] if var == "population" else [])
            for one in tables:
                paths.append(one)
                scored = score(one[one["year"] > jump], one["variable"].iloc[0])
                scored.insert(0, "variable", one["variable"].iloc[0])
                scored.insert(0, "jump", jump)
                errors.append(scored)
            held = table[table["year"] > jump]
            lacking = sorted(set(held.loc[~np.isfinite(held["data"]), "year"]))
            if lacking:
                notes.append(f"{var} from {jump}: no data in {lacking}; scored on the other years")
            empty = [b for b in BENCHMARKS if not np.isfinite(held[b]).any()]
            if empty:
                notes.append(
                    f"{var} from {jump}: no data before {jump} for {', '.join(empty)} "
                    "(the window reaches before the series starts)"
                )
    error_table = pd.concat(errors, ignore_index=True)
    summary, verdict = summarise(error_table)
    return BacktestResult(
        scenario.name,
        run_seeds,
        jumps,
        pd.concat(paths, ignore_index=True),
        error_table,
        summary,
        verdict,
        gaps,
        notes,
    )
