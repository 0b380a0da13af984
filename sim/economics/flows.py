"""Flows of capital and people between regions (design §5.4).

Talent and labour move by a discrete-choice (logit) rule: a mover from region r picks region j
with probability proportional to ``exp(U_rj)``,

    U_rj = beta_w ln w_j + beta_s s_j - beta_d d_rj / 1000 - h [j != r],

with w the wage [thousand yuan/worker], s the talent subsidy per skilled worker [thousand yuan],
d distance [km], h the household-registration cost. Flows conserve people exactly: each mover
leaves one region and arrives in one. The engine's migration (``agents/people.py``) adds a
destination value per region (amenity less congestion) and a hukou cost per destination; the
amenities solve ``sum_r M_r P_rj(a) = target inflow_j`` by the contraction
``a <- a + ln(target / inflow(a))`` (Berry, Levinsohn and Pakes 1995), which converges because
each destination's inflow rises with its own amenity and falls with every other one.

Capital: national saving not taken by firms' capacity investment is allocated to regions'
aggregate sectors: a home-bias share by regions' own saving, the rest by a size-weighted logit
over risk-adjusted returns (marginal product of capital less depreciation and a risk premium).
"""

from __future__ import annotations

from functools import cache

import numpy as np


def logit_destinations(utility: np.ndarray) -> np.ndarray:
    """Row-stochastic choice probabilities from a utility matrix (origin x destination)."""
    u = utility - utility.max(axis=1, keepdims=True)
    e = np.exp(u)
    return e / e.sum(axis=1, keepdims=True)


def destination_utility(
    value: np.ndarray,
    distance_km: np.ndarray,
    *,
    distance_cost: float,
    hukou_cost: float | np.ndarray,
) -> np.ndarray:
    """Utility of moving from r (row) to j (column): ``value_j - distance_cost d_rj / 1000 -
    h_j [j != r]``; ``hukou_cost`` a scalar or one value per destination."""
    return (
        value[None, :]
        - distance_term(distance_km, distance_cost)
        - hukou_term(hukou_cost, len(value))
    )


def distance_term(distance_km: np.ndarray, distance_cost: float) -> np.ndarray:
    """``distance_cost d_rj / 1000`` of :func:`destination_utility` [logit units]."""
    return distance_cost * distance_km / 1000.0


def hukou_term(hukou_cost: float | np.ndarray, n: int) -> np.ndarray:
    """``h_j [j != r]`` of :func:`destination_utility`, n x n [logit units]."""
    h = np.broadcast_to(np.asarray(hukou_cost, dtype=float), (n,))
    return h[None, :] * _off_diagonal(n)


@cache
def _off_diagonal(n: int) -> np.ndarray:
    """``1 - I_n`` (read-only; one per size and process)."""
    out = 1.0 - np.eye(n)
    out.flags.writeable = False
    return out


def net_inflow(movers: np.ndarray, utility: np.ndarray) -> np.ndarray:
    """``inflow - movers`` per region for ``movers[r]`` people choosing by the logit over the
    rows of ``utility``; sums to zero (to rounding)."""
    flows = movers[:, None] * logit_destinations(utility)
    return flows.sum(axis=0) - flows.sum(axis=1)


def net_inflows(
    movers: np.ndarray,
    value: np.ndarray,
    distance: np.ndarray,
    hukou: np.ndarray,
    amenity: np.ndarray,
) -> np.ndarray:
    """:func:`net_inflow` of every group g of movers at once (one row per group, G x R) for
    the utilities ``(value_g,j - distance_rj) - hukou_rj + amenity_j`` (``distance`` and
    ``hukou`` the terms of :func:`destination_utility`): the same operations element by element
    and each row's sums over the same elements in the same order as for one group, so the
    same numbers bit for bit, in a few calls on a G x R x R table instead of a dozen per group."""
    u = np.subtract(value[:, None, :], distance)
    u -= hukou
    u += amenity
    u -= u.max(axis=2, keepdims=True)
    np.exp(u, out=u)
    u /= u.sum(axis=2, keepdims=True)
    flows = np.multiply(movers[:, :, None], u, out=u)
    return flows.sum(axis=1) - flows.sum(axis=2)


def calibrate_amenity(
    groups: list[tuple[np.ndarray, np.ndarray]],
    target_net: np.ndarray,
    *,
    min_inflow_share: float,
    tol: float = 1e-12,
    max_iter: int = 500,
) -> np.ndarray:
    """Amenities a (mean zero) with ``sum_groups net_inflow(movers, U + a) = target_net``.

    ``groups`` are (movers, utility) pairs sharing the amenity. A target gross inflow below
    ``min_inflow_share`` of the region's movers is raised to it and the targets rescaled to the
    movers' total (a logit cannot send more people away than reconsider). Solved by damped
    Newton steps on the gross inflows ``in_j = sum_r m_r p_rj`` with the logit's Jacobian
    ``d in_j / d a_k = sum_r m_r p_rj (1[j = k] - p_rk)`` (singular along a constant shift, so the
    step is the least-squares solution and the amenities are re-centred). ValueError if it does not
    converge."""
    movers = sum(m for m, _ in groups)
    if movers.sum() <= 0:
        return np.zeros(len(movers))  # nobody reconsiders: amenities change nothing
    target = np.maximum(movers + target_net, min_inflow_share * movers)
    target = target * movers.sum() / target.sum()

    def inflow_and_jacobian(amenity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        inflow = np.zeros(len(movers))
        jacobian = np.zeros((len(movers), len(movers)))
        for m, u in groups:
            share = logit_destinations(u + amenity[None, :])
            weighted = m[:, None] * share
            inflow += weighted.sum(axis=0)
            jacobian += np.diag(weighted.sum(axis=0)) - weighted.T @ share
        return inflow, jacobian

    def log_gap(inflow: np.ndarray) -> np.ndarray:
        return np.log(np.maximum(target, 1e-300) / np.maximum(inflow, 1e-300))

    amenity = np.zeros(len(movers))
    inflow, jacobian = inflow_and_jacobian(amenity)
    gap = log_gap(inflow)
    for _ in range(max_iter):
        if np.abs(gap).max() < tol:
            return amenity
        try:
            step = np.linalg.lstsq(jacobian, target - inflow, rcond=None)[0]
        except np.linalg.LinAlgError:
            step = gap
        if not np.isfinite(step).all():
            step = gap  # the fixed-point step where the Jacobian is degenerate
        step *= min(1.0, 1.0 / max(np.abs(step).max(), 1e-300))  # at most one log point a step
        # backtracking: halve the step until the largest log gap shrinks (the fixed-point step
        # ln(target / inflow) as the last resort)
        for trial in [step * 0.5**k for k in range(30)] + [gap]:
            candidate = amenity + trial
            candidate -= candidate.mean()
            new_inflow, new_jacobian = inflow_and_jacobian(candidate)
            new_gap = log_gap(new_inflow)
            if np.abs(new_gap).max() < np.abs(gap).max():
                break
        amenity, inflow, jacobian, gap = candidate, new_inflow, new_jacobian, new_gap
    raise ValueError(
        f"amenity calibration did not converge in {max_iter} iterations "
        f"(largest log gap {np.abs(gap).max():.3g})"
    )


def migrate(
    movers: np.ndarray,
    wage: np.ndarray,
    subsidy: np.ndarray,
    distance_km: np.ndarray,
    *,
    wage_weight: float,
    subsidy_weight: float,
    distance_cost: float,
    hukou_cost: float,
) -> np.ndarray:
    """Net inflow of people by region; sums to zero (to rounding) for any movers vector.

    ``movers[r]`` people in r reconsider [million]; returns ``inflow - movers`` per region.
    """
    value = wage_weight * np.log(np.maximum(wage, 1e-9)) + subsidy_weight * subsidy
    utility = destination_utility(
        value, distance_km, distance_cost=distance_cost, hukou_cost=hukou_cost
    )
    return net_inflow(movers, utility)


def allocate_saving(
    pool: float,
    own_saving: np.ndarray,
    size: np.ndarray,
    net_return: np.ndarray,
    *,
    home_bias: float,
    sensitivity: float,
) -> np.ndarray:
    """Split ``pool`` [bn yuan] across regions; the shares sum to one.

    Home share: by ``own_saving`` (each region's own saving, or the home placement of
    :func:`saving.home_placement` when the provinces' investment shares come from the data; by
    size when it is zero everywhere). Market share: by economic size (GDP), tilted by
    ``exp(sensitivity * net_return)`` (a size-weighted logit, so a small region with a high
    return attracts capital in proportion to its size, not the whole national market; at zero
    sensitivity the market allocates like the home share with "uniform" placement)."""
    # without own saving (a zero saving rate) the home share follows size, so shares sum to one
    home_base = own_saving if own_saving.sum() > 0 else size
    home = home_base / home_base.sum()
    x = size * np.exp(sensitivity * (net_return - net_return.max()))
    market = x / x.sum()
    return pool * (home_bias * home + (1.0 - home_bias) * market)
