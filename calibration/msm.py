"""Method of simulated moments: weighting, objective, global then local search, standard errors.

Estimator (McFadden 1989; Pakes and Pollard 1989; Gourieroux and Monfort 1996, ch. 2)::

    theta_hat = argmin_theta  J(theta) = (m_data - m_sim(theta))' W (m_data - m_sim(theta))

    m_sim(theta) = (1/R) sum_r m(simulate(theta, seed_r))      (the same R seeds for every theta)

=============  ===================================================================================
``m_data``     M data moments (:mod:`calibration.moments`)
``Sigma``      M x M covariance of ``m_data``: bootstrap over provinces
``W``          weighting: ``diag(1/diag Sigma)`` (diagonal, default), ``Sigma^-1`` (efficient) or I
``G``          M x P Jacobian d m_sim / d theta at theta_hat, by central finite differences on the
               common seeds (one-sided at a bound)
``R``          simulations per evaluation
=============  ===================================================================================

Standard errors (sandwich; the factor ``1 + 1/R`` accounts for simulation noise in ``m_sim``)::

    V = (1 + 1/R) (G'WG)^-1 G'W Sigma W G (G'WG)^-1,      se_k = sqrt(V_kk)

With efficient weighting ``V = (1 + 1/R) (G'Sigma^-1 G)^-1`` and ``J(theta_hat) / (1 + 1/R)`` is
asymptotically chi-squared with M - P degrees of freedom (the test of over-identifying
restrictions). A parameter whose Jacobian column is (numerically) zero is not identified by the
moments: its standard error is reported as missing with that reason.

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
from scipy import optimize, stats

from nqpf.calibration.config import Budget, CalibrationError

PENALTY = 1e12
"""Objective value of a parameter vector whose simulation failed or gave a missing moment."""


# ------------------------------------------------------------------------------ weighting


def weighting_matrix(cov: np.ndarray, kind: str, names: list[str]) -> np.ndarray:
    """The weighting matrix W from the bootstrap covariance of the data moments.

    Raises
    ------
    CalibrationError
        A moment has zero (or missing) bootstrap variance: it does not vary across provinces,
        so it cannot be weighted; or ``efficient`` with a singular covariance.
    """
    var = np.diag(cov)
    bad = [n for n, v in zip(names, var) if not np.isfinite(v) or v <= 1e-14]
    if bad:
        raise CalibrationError(
            f"moment(s) {bad} have no variance across bootstrap resamples of the provinces, so "
            "they cannot be weighted; remove them from [moments].use."
        )
    if kind == "identity":
        return np.eye(len(var))
    if kind == "diagonal":
        return np.diag(1.0 / var)
    cond = np.linalg.cond(cov)
    if not np.isfinite(cond) or cond > 1e12:
        raise CalibrationError(
            f"the bootstrap covariance of the moments is (nearly) singular (condition number "
            f"{cond:.3g}), so 'efficient' weighting is not available: some moments are linear "
            "combinations of others (e.g. all four rd_share_* sum to one). Use weighting = "
            "'diagonal' or drop the redundant moments."
        )
    return np.linalg.inv(cov)


def criterion(sim: np.ndarray, data: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``J`` for each row of ``sim`` (S x M); :data:`PENALTY` where a moment is missing."""
    sim = np.atleast_2d(sim)
    diff = sim - data
    values = np.einsum("sm,mn,sn->s", diff, weights, diff)
    return np.where(np.isfinite(values), values, PENALTY)


# ------------------------------------------------------------------------------ standard errors


@dataclass
class Inference:
    """Standard errors and diagnostics at the estimate."""

    se: np.ndarray
    cov: np.ndarray
    jacobian: np.ndarray
    notes: list[str]
    j_stat: float
    j_dof: int
    j_pvalue: float | None


def sandwich(
    jacobian: np.ndarray,
    weights: np.ndarray,
    cov: np.ndarray,
    replications: int,
    names: list[str],
    at_bound: list[bool],
    j_value: float,
    efficient: bool,
) -> Inference:
    """Sandwich covariance of the estimate (module docstring) with identification checks."""
    g, w = jacobian, weights
    m, p = g.shape
    notes: list[str] = []
    scale = np.sqrt(np.einsum("mp,mn,np->p", g, w, g))
    weak = scale <= 1e-10 * max(1.0, float(np.max(scale)) if len(scale) else 1.0)
    for k in np.flatnonzero(weak):
        notes.append(
            f"{names[k]}: the moments do not move with it (Jacobian column ~ 0); "
            "not identified, no standard error"
        )
    se = np.full(p, np.nan)
    vcov = np.full((p, p), np.nan)
    ok = ~weak
    if ok.any():
        gk = g[:, ok]
        bread = gk.T @ w @ gk
        cond = np.linalg.cond(bread)
        if np.isfinite(cond) and cond < 1e14:
            inv = np.linalg.inv(bread)
            meat = gk.T @ w @ cov @ w @ gk
            v = (1.0 + 1.0 / replications) * inv @ meat @ inv
            vcov[np.ix_(ok, ok)] = v
            se[ok] = np.sqrt(np.clip(np.diag(v), 0.0, None))
            if cond > 1e8:
                notes.append(
                    f"G'WG is ill-conditioned (condition number {cond:.2g}): the "
                    "parameters are weakly separately identified; standard errors "
                    "are large and correlated"
                )
        else:
            notes.append(
                "G'WG is singular: the parameters are not separately identified by "
                "these moments; no standard errors"
            )
    for k, flag in enumerate(at_bound):
        if flag:
            notes.append(
                f"{names[k]}: estimate at (or within 1 % of) a bound; its standard "
                "error assumes an interior optimum and is only indicative"
            )
    dof = m - p
    pvalue = None
    if efficient and dof > 0:
        pvalue = float(stats.chi2.sf(j_value / (1.0 + 1.0 / replications), dof))
    return Inference(se, vcov, g, notes, j_value, dof, pvalue)


# ------------------------------------------------------------------------------ search


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


def jacobian_points(
    theta: np.ndarray, lower: np.ndarray, upper: np.ndarray, rel_step: float
) -> tuple[np.ndarray, np.ndarray]:
    """Finite-difference points (2P x P) and their step sizes (P): central, one-sided at a bound.

    Row ``2k`` is the forward point and row ``2k + 1`` the backward point of parameter ``k``.
    """
    p = len(theta)
    h = rel_step * (upper - lower)
    points = np.repeat(theta[None, :], 2 * p, axis=0)
    spans = np.zeros(p)
    for k in range(p):
        hi = min(theta[k] + h[k], upper[k])
        lo = max(theta[k] - h[k], lower[k])
        points[2 * k, k], points[2 * k + 1, k] = hi, lo
        spans[k] = hi - lo
    return points, spans


def jacobian_from(sim_at_points: np.ndarray, spans: np.ndarray) -> np.ndarray:
    """The M x P Jacobian from the moments at :func:`jacobian_points`."""
    fwd, bwd = sim_at_points[0::2], sim_at_points[1::2]
    return ((fwd - bwd) / spans[:, None]).T
