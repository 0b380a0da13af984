"""The search of the method of simulated moments (:mod:`calibration.msm`) for the estimate.

Search: :func:`scipy.optimize.differential_evolution` over the box of bounds, evaluating each
generation's whole population as one batch (``vectorized=True``), then a local polish
(:func:`scipy.optimize.minimize`, Nelder-Mead with bounds, or L-BFGS-B with batch-parallel
finite-difference gradients) in coordinates scaled to [0, 1]. A wall-clock guard stops either
stage early, keeping time for the standard errors and the validation.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize

from nqpf.calibration.config import CalibrationError
from nqpf.calibration.config_schema import Budget
from nqpf.calibration.msm import PENALTY, criterion


@dataclass
class Clock:
    """Wall-clock budget shared by all stages."""

    limit_s: float
    start: float = field(default_factory=time.perf_counter)

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def left(self) -> float:
        return self.limit_s - self.elapsed()


@dataclass
class SearchResult:
    """Outcome of the global and local searches."""

    theta: np.ndarray
    j_value: float
    j_start: float
    trace: list[dict[str, float | str]]
    stopped_early: list[str]
    evaluations: int


MomentFn = Callable[[np.ndarray, str], np.ndarray]
"""Maps an (S x P) array of thetas and a stage label to (S x M) simulated moments."""


def search(
    moments_of: MomentFn,
    data: np.ndarray,
    weights: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    start: np.ndarray,
    budget: Budget,
    *,
    method: str,
    seed: int,
    clock: Clock,
    reserve_s: Callable[[float], float],
    on_best: Callable[[str, float], None] | None = None,
) -> SearchResult:
    """Differential evolution over the bounds, then a local polish; a wall-clock guard.

    ``reserve_s(t_eval)`` is the time to keep for later stages given the wall time of one
    evaluation batch of a single theta.
    """
    width = upper - lower
    trace: list[dict[str, float | str]] = []
    stopped: list[str] = []
    best = {"j": np.inf, "theta": start.copy()}
    evaluations = 0

    def evaluate(thetas: np.ndarray, stage: str) -> np.ndarray:
        nonlocal evaluations
        values = criterion(moments_of(thetas, stage), data, weights)
        evaluations += len(thetas)
        k = int(np.argmin(values))
        if values[k] < best["j"]:
            best["j"], best["theta"] = float(values[k]), thetas[k].copy()
            if on_best is not None:
                on_best(stage, best["j"])
        return values

    t0 = time.perf_counter()
    j_start = float(evaluate(start[None, :], "start")[0])
    t_eval = time.perf_counter() - t0
    trace.append({"stage": "start", "step": 0, "best_j": j_start, "elapsed_s": clock.elapsed()})
    if j_start >= PENALTY:
        raise CalibrationError(
            "the model fails at the start values of the parameters (their declared defaults, "
            "clipped to the bounds: the search's first point)."
        )

    if budget.generations > 0:
        gen_times: list[float] = []
        last = [time.perf_counter()]

        def de_objective(x: np.ndarray) -> np.ndarray:  # x: P x S
            return evaluate(x.T, "global")

        def de_callback(intermediate_result: optimize.OptimizeResult) -> bool:
            now = time.perf_counter()
            gen_times.append(now - last[0])
            last[0] = now
            trace.append(
                {
                    "stage": "global",
                    "step": len(gen_times),
                    "best_j": best["j"],
                    "elapsed_s": clock.elapsed(),
                }
            )
            if clock.left() < gen_times[-1] + reserve_s(t_eval):
                stopped.append(
                    f"global search stopped after {len(gen_times)} of "
                    f"{budget.generations} generations by the time limit"
                )
                return True
            return False

        optimize.differential_evolution(
            de_objective,
            list(zip(lower, upper)),
            popsize=budget.popsize,
            maxiter=budget.generations,
            init="latinhypercube",
            x0=np.clip(start, lower, upper),
            polish=False,
            updating="deferred",
            vectorized=True,
            callback=de_callback,
            rng=np.random.default_rng(seed),
            tol=1e-4,
        )

    if method != "none" and budget.polish_evaluations > 0 and clock.left() > reserve_s(t_eval):
        origin = best["theta"].copy()
        u0 = (origin - lower) / width
        calls = {"n": 0}

        def to_theta(u: np.ndarray) -> np.ndarray:
            return lower + np.clip(u, 0.0, 1.0) * width

        def f_scalar(u: np.ndarray) -> float:
            calls["n"] += 1
            return float(evaluate(to_theta(u)[None, :], "local")[0])

        def local_callback(intermediate_result: optimize.OptimizeResult) -> None:
            trace.append(
                {
                    "stage": "local",
                    "step": calls["n"],
                    "best_j": best["j"],
                    "elapsed_s": clock.elapsed(),
                }
            )
            if clock.left() < 2 * t_eval + reserve_s(t_eval):
                stopped.append(
                    f"local polish stopped after {calls['n']} evaluations by the time limit"
                )
                raise StopIteration
            if calls["n"] >= budget.polish_evaluations:
                raise StopIteration

        if method == "nelder-mead":
            step = 0.05
            simplex = [u0]
            for k in range(len(u0)):
                v = u0.copy()
                v[k] = v[k] + step if v[k] + step <= 1.0 else v[k] - step
                simplex.append(v)
            optimize.minimize(
                f_scalar,
                u0,
                method="Nelder-Mead",
                bounds=[(0.0, 1.0)] * len(u0),
                callback=local_callback,
                options={
                    "maxfev": budget.polish_evaluations,
                    "initial_simplex": np.array(simplex),
                    "xatol": 1e-4,
                    "fatol": 1e-8,
                },
            )
        else:
            h = 1e-3

            def f_and_grad(u: np.ndarray) -> tuple[float, np.ndarray]:
                p = len(u)
                pts = [u]
                for k in range(p):
                    e = np.zeros(p)
                    e[k] = h
                    pts += [np.clip(u + e, 0, 1), np.clip(u - e, 0, 1)]
                calls["n"] += len(pts)
                vals = evaluate(np.array([to_theta(v) for v in pts]), "local")
                grad = np.array(
                    [
                        (vals[1 + 2 * k] - vals[2 + 2 * k])
                        / max(pts[1 + 2 * k][k] - pts[2 + 2 * k][k], 1e-12)
                        for k in range(p)
                    ]
                )
                return float(vals[0]), grad

            optimize.minimize(
                f_and_grad,
                u0,
                jac=True,
                method="L-BFGS-B",
                bounds=[(0.0, 1.0)] * len(u0),
                callback=local_callback,
                options={"maxfun": max(1, budget.polish_evaluations // (2 * len(u0) + 1))},
            )
        trace.append(
            {
                "stage": "local",
                "step": calls["n"],
                "best_j": best["j"],
                "elapsed_s": clock.elapsed(),
            }
        )
    elif method != "none" and budget.polish_evaluations > 0:
        stopped.append("local polish skipped: no time left within the limit")
    return SearchResult(best["theta"], best["j"], j_start, trace, stopped, evaluations)
