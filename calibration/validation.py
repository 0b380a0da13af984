"""Out-of-sample validation: forecast the held-out years and compare with a naive benchmark.

Three forecasts of the held-out years ``F+1..H`` (``F`` = last fitted year, ``H`` = last held-out
year) are compared with the data:

``model (from start)``
    The fitted model run continuously from the fit's start year (2011) to ``H``: a pure
    simulation that uses no data after its start year.
``model (jump-off F)``
    The fitted model restarted from the data of year ``F`` (``world.start_year = F``); the
    same information as the benchmark. Its GDP path is chained onto the data:
    ``Yhat_rt = Y_rF x Ysim_rt / Ysim_rF``.
``naive trend``
    Each province keeps its own fit-window trend: ``x_rt = x_rF (1 + g_r)^(t - F)`` with
    ``g_r = (x_rF / x_rS)^(1/(F - S)) - 1``, for every column of the panel (GDP, population,
    capital, investment, R&D intensity); ``S`` = fit start year.

Beside them, provincial GDP is also forecast from ``F`` by the five benchmarks of
:mod:`calibration.benchmarks` (own trend and national growth over 7 and 3 years, pooled panel
AR(1); the code ``nqpf backtest`` uses), from the observed table's years ``S..F``; a window
that reaches before ``S`` gives no forecast (NaN).

Errors. Provincial GDP: ``RMSE_r = sqrt(mean_t (ln Yhat_rt - ln Y_rt)^2)`` over the held-out
years and ``MAPE = mean_(r,t) |Yhat_rt / Y_rt - 1|``. Moments: every target moment computed on
the window ``F..H`` from each forecast, against the data's value and its bootstrap standard
error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from nqpf.calibration.benchmarks import BENCHMARKS, benchmark_forecasts
from nqpf.calibration.moments import blank_investment, compute_moments, years_without_investment

FORECASTS = ("model_from_start", "model_jumpoff", "naive_trend")
TREND_COLUMNS = ("population", "labor", "gdp", "capital", "investment", "rd_intensity", "patents")


def naive_trend(
    observed: pd.DataFrame, fit_start: int, fit_end: int, hold_end: int
) -> pd.DataFrame:
    """Each province's own compound trend over the fit window, extended to ``hold_end``.

    Returns a regions-shaped table for years ``fit_end..hold_end`` (the jump-off year is data).
    """
    base = observed[observed["year"] == fit_end].set_index("region")
    first = observed[observed["year"] == fit_start].set_index("region").reindex(base.index)
    span = fit_end - fit_start
    rows = []
    for year in range(fit_end, hold_end + 1):
        frame = base[["macro_region", "sci_tech_class"]].copy()
        for col in TREND_COLUMNS:
            if col not in base.columns:
                continue
            with np.errstate(divide="ignore", invalid="ignore"):
                growth = (base[col] / first[col]) ** (1.0 / span) - 1.0
            frame[col] = base[col] * (1.0 + growth) ** (year - fit_end)
        frame["year"] = year
        rows.append(frame.reset_index())
    out = pd.concat(rows, ignore_index=True)
    out["gdp_per_capita"] = out["gdp"] / out["population"]
    return out


def chain_on_data(simulated: pd.DataFrame, observed: pd.DataFrame, jump_year: int) -> pd.DataFrame:
    """GDP of a run started in ``jump_year`` rescaled so that ``jump_year`` equals the data."""
    sim = simulated.copy()
    base_sim = sim[sim["year"] == jump_year].set_index("region")["gdp"]
    base_obs = observed[observed["year"] == jump_year].set_index("region")["gdp"]
    sim["gdp"] = sim["gdp"] * sim["region"].map(base_obs / base_sim)
    return sim


def mean_gdp_path(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """Average GDP by (region, year) over the runs of one theta (one per seed)."""
    stacked = pd.concat(tables, ignore_index=True)
    return stacked.groupby(["region", "year"], as_index=False)["gdp"].mean()


def gdp_errors(
    forecasts: dict[str, pd.DataFrame], observed: pd.DataFrame, years: range
) -> pd.DataFrame:
    """RMSE of log GDP and MAPE by province for each forecast over ``years``.

    Returns one row per region with columns ``rmse_log_<forecast>`` and ``mape_<forecast>``.
    """
    obs = observed[observed["year"].isin(list(years))].set_index(["region", "year"])["gdp"]
    out = pd.DataFrame(
        index=pd.Index(sorted(obs.index.get_level_values(0).unique()), name="region")
    )
    for name, table in forecasts.items():
        fc = table.set_index(["region", "year"])["gdp"].reindex(obs.index)
        log_err = (np.log(fc) - np.log(obs)).groupby(level="region")
        out[f"rmse_log_{name}"] = np.sqrt(log_err.apply(lambda s: float((s**2).mean())))
        out[f"mape_{name}"] = ((fc / obs - 1.0).abs()).groupby(level="region").mean()
    return out.reset_index()


def benchmark_gdp_errors(observed: pd.DataFrame, jump: int, hold_end: int) -> pd.DataFrame:
    """Mean and median RMSE of log GDP and MAPE over ``jump+1..hold_end`` of the five
    benchmarks of :mod:`calibration.benchmarks`; one row per benchmark."""
    forecasts = benchmark_forecasts(observed, "gdp", jump, hold_end)
    paths = {
        name: forecasts[["region", "year", name]].rename(columns={name: "gdp"})
        for name in BENCHMARKS
    }
    by_region = gdp_errors(paths, observed, range(jump + 1, hold_end + 1))
    return pd.DataFrame(
        {
            "benchmark": list(BENCHMARKS),
            "mean_rmse_log_gdp": [by_region[f"rmse_log_{n}"].mean() for n in BENCHMARKS],
            "median_rmse_log_gdp": [by_region[f"rmse_log_{n}"].median() for n in BENCHMARKS],
            "mape_gdp": [by_region[f"mape_{n}"].mean() for n in BENCHMARKS],
        }
    )


@dataclass
class ValidationResult:
    """Held-out comparison: moments, provincial GDP errors and a one-line summary per forecast."""

    moments: pd.DataFrame
    gdp_by_region: pd.DataFrame
    summary: pd.DataFrame
    paths: dict[str, pd.DataFrame]
    benchmarks: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Provincial GDP errors of the five benchmarks (:func:`benchmark_gdp_errors`)."""


def compare_holdout(
    observed: pd.DataFrame,
    from_start: list[pd.DataFrame],
    jumpoff: list[pd.DataFrame],
    keys: list[str],
    points: int,
    data_se: pd.Series,
    fit_start: int,
    fit_end: int,
    hold_end: int,
    history: pd.DataFrame | None = None,
) -> ValidationResult:
    """Build the validation tables from the data and the fitted model's runs.

    Parameters
    ----------
    observed
        Observed regions table covering ``fit_start..hold_end``.
    from_start, jumpoff
        Regions tables of the fitted model (one per seed): run from ``fit_start`` and run from
        ``fit_end``, both to ``hold_end``.
    keys, points
        Target moments.
    data_se
        Bootstrap standard errors of the held-out data moments.
    history
        Observed table reaching back before ``fit_start`` (same units), from which the five
        benchmarks are built as ``nqpf backtest`` builds them; default ``observed``.
    """
    naive = naive_trend(observed, fit_start, fit_end, hold_end)
    # the trend's investment covers the years the data's does (the panel has no 2023 GFCF)
    naive = blank_investment(naive, years_without_investment(observed, fit_end, hold_end))
    window = (fit_end, hold_end)

    def mean_moments(tables: list[pd.DataFrame]) -> pd.Series:
        return pd.concat([compute_moments(t, keys, *window, points) for t in tables], axis=1).mean(
            axis=1
        )

    data = compute_moments(observed, keys, *window, points)
    moments = pd.DataFrame(
        {
            "moment": data.index,
            "data": data.to_numpy(),
            "data_se": data_se.reindex(data.index).to_numpy(),
            "model_from_start": mean_moments(from_start).reindex(data.index).to_numpy(),
            "model_jumpoff": mean_moments(jumpoff).reindex(data.index).to_numpy(),
            "naive_trend": compute_moments(naive, keys, *window, points)
            .reindex(data.index)
            .to_numpy(),
        }
    )
    for name in FORECASTS:
        moments[f"abs_err_{name}"] = (moments[name] - moments["data"]).abs()
    model_err, naive_err = moments["abs_err_model_jumpoff"], moments["abs_err_naive_trend"]
    moments["closer"] = np.where(
        model_err.isna() | naive_err.isna(),
        "n/a",  # no data (e.g. investment moments of a window without GFCF)
        np.where(model_err < naive_err, "model", np.where(model_err > naive_err, "naive", "tie")),
    )

    paths = {
        "model_from_start": mean_gdp_path(from_start),
        "model_jumpoff": chain_on_data(mean_gdp_path(jumpoff), observed, fit_end),
        "naive_trend": naive[["region", "year", "gdp"]],
    }
    held = range(fit_end + 1, hold_end + 1)
    by_region = gdp_errors(paths, observed, held)
    by_region["model_beats_naive"] = (
        by_region["rmse_log_model_jumpoff"] < by_region["rmse_log_naive_trend"]
    )
    obs_nat = observed.groupby("year")["gdp"].sum()
    rows = []
    for name in FORECASTS:
        nat = paths[name].groupby("year")["gdp"].sum()
        growth = (nat.loc[hold_end] / nat.loc[fit_end]) ** (1.0 / (hold_end - fit_end)) - 1.0
        valid = moments[np.isfinite(moments["data_se"]) & (moments["data_se"] > 0)]
        rows.append(
            {
                "forecast": name,
                "mean_rmse_log_gdp": float(by_region[f"rmse_log_{name}"].mean()),
                "median_rmse_log_gdp": float(by_region[f"rmse_log_{name}"].median()),
                "mape_gdp": float(by_region[f"mape_{name}"].mean()),
                "national_growth": float(growth),
                "mean_abs_moment_error_in_se": float(
                    ((valid[name] - valid["data"]).abs() / valid["data_se"]).mean()
                ),
            }
        )
    data_growth = (obs_nat.loc[hold_end] / obs_nat.loc[fit_end]) ** (1.0 / (hold_end - fit_end)) - 1
    rows.append(
        {
            "forecast": "data",
            "mean_rmse_log_gdp": 0.0,
            "median_rmse_log_gdp": 0.0,
            "mape_gdp": 0.0,
            "national_growth": float(data_growth),
            "mean_abs_moment_error_in_se": 0.0,
        }
    )
    benchmarks = benchmark_gdp_errors(observed if history is None else history, fit_end, hold_end)
    return ValidationResult(moments, by_region, pd.DataFrame(rows), paths, benchmarks)
