"""The identification check: estimate on data simulated at known parameter values, compare.

``recovery_check`` runs the same estimator on data simulated from known parameter values
(with a seed that is not one of the estimator's), the identification check.
"""

from __future__ import annotations

import concurrent.futures as cf
from typing import Any

import numpy as np
import pandas as pd

from nqpf.calibration.calibration_data import load_observed
from nqpf.calibration.calibration_result import CalibrationResult
from nqpf.calibration.config import CalibrationError, LoadedConfig
from nqpf.calibration.moments import blank_investment, years_without_investment
from nqpf.calibration.pipeline import calibrate
from nqpf.calibration.simulate import Simulator
from nqpf.sim.experiments.batch import spawn_seeds


def synthetic_observed(
    loaded: LoadedConfig, truth: dict[str, float], seed: int, executor: cf.Executor
) -> pd.DataFrame:
    """The model's regions table at parameter values ``truth``, to be treated as data."""
    names = loaded.names
    theta = np.array([truth[n] for n in names], dtype=float)
    sim = Simulator(
        loaded.scenario,
        names,
        loaded.config.moments.all_keys,
        loaded.config.moments.sigma_points,
        [seed],
        executor,
        start_overrides=loaded.start_overrides,
    )
    ev = sim.evaluate(
        theta[None, :],
        start=loaded.config.fit.start_year,
        end=loaded.config.fit.end_year,
        windows=[(loaded.config.fit.start_year, loaded.config.fit.end_year)],
        keep_regions=True,
        label="synthetic-data",
    )
    if ev.failed.any():
        raise CalibrationError(
            f"the model failed at the true values {truth}: {ev.errors[0].splitlines()[0]}"
        )
    # shaped like the real data: no investment in the years the real panel lacks it
    real, _ = load_observed(loaded)
    start, end = loaded.config.fit.start_year, loaded.config.fit.end_year
    return blank_investment(ev.regions[0][0], years_without_investment(real, start, end))


def recovery_check(
    loaded: LoadedConfig,
    executor: cf.Executor,
    *,
    jobs: int,
    truth: dict[str, float] | None = None,
    quick: bool = False,
    progress: bool = True,
    say: Any = None,
) -> tuple[CalibrationResult, pd.DataFrame]:
    """Identification check: simulate data at known values, estimate, compare.

    The data come from one run at ``truth`` (default: the midpoints of the bounds) with a seed
    spawned from ``estimation.seed + 1``, which is not one of the estimator's seeds.

    Returns
    -------
    (CalibrationResult, pandas.DataFrame)
        The estimation, and a table with ``parameter, truth, estimate, se, z`` (``z`` = error /
        se) and ``within_2se``.
    """
    if truth is None:
        truth = {n: (lo + hi) / 2 for n, lo, hi in zip(loaded.names, loaded.lower, loaded.upper)}
    data_seed = spawn_seeds(loaded.config.estimation.seed + 1, 1)[0]
    observed = synthetic_observed(loaded, truth, data_seed, executor)
    result = calibrate(
        loaded,
        executor,
        jobs=jobs,
        quick=quick,
        progress=progress,
        observed=observed,
        validate=False,
        say=say,
    )
    table = result.estimates()[["parameter", "estimate", "se"]]
    table.insert(1, "truth", [truth[n] for n in result.names])
    table["z"] = (table["estimate"] - table["truth"]) / table["se"]
    table["within_2se"] = table["z"].abs() <= 2.0
    return result, table
