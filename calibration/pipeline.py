"""The calibration from config to results: data, moments, estimation, inference, validation.

``calibrate`` is what ``nqpf calibrate`` runs. It never writes files (``calibration.report``
does). Steps:

1. Load and validate the panel and deflator; build the observed ``regions`` table
   (:mod:`calibration.observed`); compute the data moments of the fit window and their bootstrap
   covariance over provinces.
2. Estimate by the method of simulated moments (:mod:`calibration.msm`): differential evolution
   then a local polish, all simulations through :class:`calibration.simulate.Simulator`.
3. Standard errors from the Jacobian of the simulated moments (sandwich with ``1 + 1/R``).
4. Held-out validation (:mod:`calibration.validation`).

The identification check (``nqpf calibrate --check-identification``) is
:mod:`calibration.recovery`.
"""

from __future__ import annotations

import concurrent.futures as cf
import math
import time
from typing import Any

import numpy as np
import pandas as pd

from nqpf.calibration.calibration_data import benchmark_history, load_observed
from nqpf.calibration.calibration_result import CalibrationResult
from nqpf.calibration.config import CalibrationError, LoadedConfig
from nqpf.calibration.config_schema import Budget
from nqpf.calibration.moments import bootstrap, compute_moments, years_without_investment
from nqpf.calibration.msm import (
    criterion,
    jacobian_from,
    jacobian_points,
    sandwich,
    weighting_matrix,
)
from nqpf.calibration.msm_search import Clock, search
from nqpf.calibration.progress_bar import ProgressBar
from nqpf.calibration.simulate import Simulator
from nqpf.calibration.validation import compare_holdout
from nqpf.sim.config import Scenario
from nqpf.sim.experiments.batch import spawn_seeds


def _reserve(loaded: LoadedConfig, budget: Budget, jobs: int) -> Any:
    """Seconds to keep for the Jacobian, validation and writing, given one evaluation's time."""
    cfg = loaded.config
    p, r = len(cfg.parameters), budget.replications
    fit_span = cfg.fit.end_year - cfg.fit.start_year + 1
    hold_end = cfg.validation.end_year or cfg.fit.end_year
    ratio = (hold_end - cfg.fit.start_year + 1) / fit_span

    def reserve(t_eval: float) -> float:
        round_s = t_eval / math.ceil(r / jobs)
        jac = math.ceil((2 * p + 1) * r / jobs) * round_s
        val = 2 * math.ceil(r / jobs) * round_s * ratio if cfg.validation.end_year else 0.0
        return jac + val + 20.0

    return reserve


def calibrate(
    loaded: LoadedConfig,
    executor: cf.Executor,
    *,
    jobs: int,
    quick: bool = False,
    progress: bool = True,
    observed: pd.DataFrame | None = None,
    validate: bool = True,
    say: Any = None,
) -> CalibrationResult:
    """Run the whole calibration described by ``loaded`` on ``executor``.

    Parameters
    ----------
    loaded
        From :func:`calibration.config.load_config`.
    executor
        From :func:`sim.experiments.batch.make_executor`; ``jobs`` is its number of workers
        (for planning).
    quick
        Use the ``[budget.quick]`` budget.
    progress
        Show a rich progress bar.
    observed
        An observed regions table to fit instead of the data (the identification check).
    validate
        Run the held-out validation (when the config has held-out years).
    say
        Called with one-line messages (default: nothing).
    """
    say = say or (lambda _msg: None)
    cfg, est = loaded.config, loaded.config.estimation
    budget = loaded.config.budget_for(quick)
    clock = Clock(budget.max_minutes * 60.0)
    timings: dict[str, float] = {}
    fit_start, fit_end = cfg.fit.start_year, cfg.fit.end_year
    hold_end = cfg.validation.end_year if validate else None
    keys, points = cfg.moments.all_keys, cfg.moments.sigma_points  # targeted, then reported
    notes: list[str] = []

    t = time.perf_counter()
    if observed is None:
        observed, data_notes = load_observed(loaded)
        notes += data_notes
    names_fit = loaded.moment_names(fit_start, fit_end)
    names_all = loaded.all_moment_names(fit_start, fit_end)
    n_fit = len(names_fit)
    skip = cfg.fit.skip_years
    data_all = compute_moments(observed, keys, fit_start, fit_end, points, skip).reindex(names_all)
    data = data_all.iloc[:n_fit]
    missing = [n for n, v in data.items() if not np.isfinite(v)]
    if missing:
        raise CalibrationError(
            f"{loaded.path}: moment(s) {missing} cannot be computed from the "
            f"data in {fit_start}-{fit_end} (missing values); remove them "
            "from [moments].use or supply the series."
        )
    seq = np.random.SeedSequence(est.seed)
    boot_rng, hold_rng, de_seed = (np.random.default_rng(s) for s in seq.spawn(3))
    boot = bootstrap(
        observed, keys, fit_start, fit_end, points, draws=budget.bootstrap, rng=boot_rng, skip=skip
    )[names_all]
    cov_all = np.atleast_2d(np.cov(boot.to_numpy(), rowvar=False))
    cov = cov_all[:n_fit, :n_fit]
    weights = weighting_matrix(cov, est.weighting, names_fit)
    timings["data_and_bootstrap_s"] = time.perf_counter() - t

    seeds = spawn_seeds(est.seed, budget.replications)
    names = loaded.names
    lower, upper = np.array(loaded.lower), np.array(loaded.upper)
    # The search starts from the parameters' declared defaults (sim/config: the literature
    # values), not from the scenario's: baseline.toml carries an earlier fit's estimates, and a
    # fit that started from them would depend on its own previous result.
    default_values = Scenario().model_dump()
    start = np.array([_get(default_values, n) for n in names], dtype=float)
    clipped = np.clip(start, lower, upper)
    for n, a, b in zip(names, start, clipped):
        if a != b:
            notes.append(
                f"start value of {n} ({a:g}, its default) lies outside the bounds; "
                f"the search starts from {b:g}"
            )
    start = clipped

    bar = ProgressBar(progress)
    sim = Simulator(
        loaded.scenario,
        names,
        keys,
        points,
        seeds,
        executor,
        on_run=bar.advance,
        start_overrides=loaded.start_overrides,
        skip=skip,
        no_investment=years_without_investment(observed, fit_start, hold_end or fit_end),
    )
    errors: list[str] = []
    p = len(names)
    pop = budget.popsize * p
    stage_totals = {
        "start": ("start values", budget.replications),
        "global": (
            "global search (differential evolution)",
            pop * (budget.generations + 1) * budget.replications,
        ),
        "local": (
            f"local polish ({est.local_method})",
            budget.polish_evaluations * budget.replications,
        ),
    }
    current = {"stage": ""}
    start_moments: dict[str, np.ndarray] = {}

    def moments_of(thetas: np.ndarray, stage: str) -> np.ndarray:
        if stage != current["stage"]:
            current["stage"] = stage
            bar.stage(*stage_totals[stage])
        ev = sim.evaluate(
            thetas, start=fit_start, end=fit_end, windows=[(fit_start, fit_end)], label=stage
        )
        errors.extend(ev.errors)
        if stage == "start":
            start_moments["m"] = ev.moments[0][0]
        return ev.moments[0][:, :n_fit]

    try:
        t = time.perf_counter()
        try:
            result = search(
                moments_of,
                data.to_numpy(),
                weights,
                lower,
                upper,
                start,
                budget,
                method=est.local_method,
                seed=int(de_seed.integers(2**31)),
                clock=clock,
                reserve_s=_reserve(loaded, budget, jobs),
                on_best=lambda stage, j: bar.best(f"best J {j:.4g}"),
            )
        except CalibrationError as exc:
            if errors:
                raise CalibrationError(
                    f"{exc} First failed run: {errors[0].splitlines()[0]}"
                ) from None
            raise
        timings["search_s"] = time.perf_counter() - t

        t = time.perf_counter()
        points_fd, spans = jacobian_points(result.theta, lower, upper, est.jacobian_step)
        bar.stage("standard errors (Jacobian)", (len(points_fd) + 1) * budget.replications)
        ev = sim.evaluate(
            np.vstack([result.theta, points_fd]),
            start=fit_start,
            end=fit_end,
            windows=[(fit_start, fit_end)],
            label="jacobian",
        )
        errors.extend(ev.errors)
        if ev.failed.any():
            raise CalibrationError(
                "the model failed near the estimate while computing the "
                f"Jacobian: {ev.errors[0].splitlines()[0] if ev.errors else 'unknown error'}"
            )
        fitted = ev.moments[0][0]
        jac = jacobian_from(ev.moments[0][1:, :n_fit], spans)
        j_value = float(criterion(fitted[:n_fit], data.to_numpy(), weights)[0])
        at_bound = list(
            np.minimum(result.theta - lower, upper - result.theta) <= 0.01 * (upper - lower)
        )
        inference = sandwich(
            jac,
            weights,
            cov,
            budget.replications,
            names,
            at_bound,
            j_value,
            est.weighting == "efficient",
        )
        timings["standard_errors_s"] = time.perf_counter() - t

        t = time.perf_counter()
        validation = None
        if hold_end is not None:
            bar.stage("validation (held-out years)", 2 * budget.replications)
            run_full = sim.evaluate(
                result.theta[None, :],
                start=fit_start,
                end=hold_end,
                windows=[(fit_start, fit_end)],
                keep_regions=True,
                label="validation-start",
            )
            run_jump = sim.evaluate(
                result.theta[None, :],
                start=fit_end,
                end=hold_end,
                windows=[(fit_end, hold_end)],
                keep_regions=True,
                label="validation-jumpoff",
            )
            for ev_v in (run_full, run_jump):
                errors.extend(ev_v.errors)
                if ev_v.failed.any():
                    raise CalibrationError(
                        "the fitted model failed in the validation run: "
                        f"{ev_v.errors[0].splitlines()[0] if ev_v.errors else '?'}"
                    )
            hold_boot = bootstrap(
                observed, keys, fit_end, hold_end, points, draws=budget.bootstrap, rng=hold_rng
            )
            validation = compare_holdout(
                observed,
                run_full.regions[0],
                run_jump.regions[0],
                keys,
                points,
                hold_boot.std(ddof=1),
                fit_start,
                fit_end,
                hold_end,
                history=benchmark_history(loaded, hold_end),
            )
            fitted_runs = run_full.regions[0]
        else:
            bar.stage("fitted paths", budget.replications)
            run_fit = sim.evaluate(
                result.theta[None, :],
                start=fit_start,
                end=fit_end,
                windows=[(fit_start, fit_end)],
                keep_regions=True,
                label="fitted",
            )
            errors.extend(run_fit.errors)
            fitted_runs = run_fit.regions[0]
        timings["validation_s"] = time.perf_counter() - t
    finally:
        bar.close()

    se_data = np.sqrt(np.diag(cov_all))
    moments = pd.DataFrame(
        {
            "moment": names_all,
            "targeted": [k < n_fit for k in range(len(names_all))],
            "data": data_all.to_numpy(),
            "data_se": se_data,
            "model_fit": fitted,
            "model_start": start_moments.get("m", np.full(len(names_all), np.nan)),
        }
    )
    moments["t_fit"] = (moments["model_fit"] - moments["data"]) / moments["data_se"]
    moments["weight"] = np.r_[np.diag(weights), np.zeros(len(names_all) - n_fit)]
    notes += result.stopped_early
    if errors:
        notes.append(
            f"{len(errors)} simulation(s) failed during the search and were given the "
            f"penalty value; first: {errors[0].splitlines()[0]}"
        )
    timings["total_s"] = clock.elapsed()
    say(
        f"J = {j_value:.4g} (at start values {result.j_start:.4g}); "
        f"{sim.evaluations} evaluations, {sim.runs} model runs, {timings['total_s']:.0f} s"
    )
    return CalibrationResult(
        loaded=loaded,
        budget=budget,
        quick=quick,
        seeds=seeds,
        names=names,
        lower=lower,
        upper=upper,
        start=start,
        theta=result.theta,
        inference=inference,
        search=result,
        moments=moments,
        data_cov=pd.DataFrame(cov_all, index=names_all, columns=names_all),
        weights=weights,
        observed=observed,
        fitted_runs=fitted_runs,
        validation=validation,
        notes=notes,
        timings=timings,
        runs=sim.runs,
        evaluations=sim.evaluations,
        jobs=jobs,
        errors=errors,
    )


def _get(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        node = node[part]
    return node
