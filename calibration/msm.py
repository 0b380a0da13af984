"""Method of simulated moments: weighting, objective and standard errors.

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

The search for the estimate (differential evolution, then a local polish) is
:mod:`calibration.msm_search`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from nqpf.calibration.config import CalibrationError

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
