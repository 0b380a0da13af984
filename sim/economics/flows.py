"""Flows of capital and people between regions (design §5.4).

Talent and labour move by a discrete-choice (logit) rule: a mover from region r picks region j
with probability proportional to ``exp(U_rj)``,

    U_rj = beta_w ln w_j + beta_s s_j - beta_d d_rj / 1000 - h [j != r],

with w the wage [thousand yuan/worker], s the talent subsidy per skilled worker [thousand yuan],
d distance [km], h the household-registration cost. Flows conserve people exactly: each mover
leaves one region and arrives in one.

Capital: national saving not taken by firms' capacity investment is allocated to regions'
aggregate sectors: a home-bias share by regions' own saving, the rest by a size-weighted logit
over risk-adjusted returns (marginal product of capital less depreciation and a risk premium).
"""

from __future__ import annotations

import numpy as np


def logit_destinations(utility: np.ndarray) -> np.ndarray:
    """Row-stochastic choice probabilities from a utility matrix (origin x destination)."""
    u = utility - utility.max(axis=1, keepdims=True)
    e = np.exp(u)
    return e / e.sum(axis=1, keepdims=True)


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
    n = len(movers)
    utility = (
        wage_weight * np.log(np.maximum(wage, 1e-9))[None, :]
        + subsidy_weight * subsidy[None, :]
        - distance_cost * distance_km / 1000.0
        - hukou_cost * (1.0 - np.eye(n))
    )
    flows = movers[:, None] * logit_destinations(utility)
    return flows.sum(axis=0) - flows.sum(axis=1)


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

    Home share: by own saving (by size when no region saves). Market share: by economic size (GDP), tilted by
    ``exp(sensitivity * net_return)`` (a size-weighted logit, so a small region with a high
    return attracts capital in proportion to its size, not the whole national market; at zero
    sensitivity the market allocates like the home share)."""
    # without own saving (a zero saving rate) the home share follows size, so shares sum to one
    home_base = own_saving if own_saving.sum() > 0 else size
    home = home_base / home_base.sum()
    x = size * np.exp(sensitivity * (net_return - net_return.max()))
    market = x / x.sum()
    return pool * (home_bias * home + (1.0 - home_bias) * market)
