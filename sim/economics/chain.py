"""Chains of stages: an industry that buys another industry's output (design §5.2, issue scope
"trade and chains"; the shipped chain is polysilicon and wafers -> cells and modules).

A downstream stage ``d`` names its upstream ``u`` and the upstream output it uses per unit of its
own gross output at the reference cost, ``a_d`` [reference yuan per yuan] (``upstream_input`` in
``sim/data/industries.toml``). Leontief in the chain input, like the other intermediates of
``agents/firms/costs.py`` (``intermediate_per_unit``), the use moves with the cost of the plants
the firm runs:

    use_i = q_i a_d d_i / dbar0_d

``q_i`` the firm's output, ``d_i`` the mean unit cost at the upstream reference price 1 of the
plants it dispatched (``costs.dispatched_reference_costs``; ``c0_i`` for the firm's mean unit
cost over all its plants), ``dbar0_d`` the industry's start-year mean of it weighted by output
(``IndustryCosts.dispatched_cost0``), so the start year's firms buy exactly ``a_d`` times their
output. The upstream good is the share ``theta_d = a_d / dbar0_d`` of the downstream's unit
cost at reference prices, and at the upstream price ``p_u`` the unit cost is

    c_i(p_u) = c0_i (1 + theta_d (p_u - 1))                               (input_price_factor)

The upstream market clears on its final demand (``Dbar_u p_u^-eps_u``, households and exports,
what the start year's ``demand_2023`` leaves after the downstream stages' purchases) plus the
downstream stages' purchases ``sum_i use_i`` (``derived_demand``), which do not depend on
``p_u`` within the year: downstream firms dispatch on the upstream price they expect, the
upstream market then clears on what they bought, and the difference between the realised and the
expected upstream price is the downstream firms' gain or loss of the year
(``surplus_correction``). Industries clear stage by stage, downstream first (``clearing_stages``).

Money: a downstream firm's purchase is the upstream firm's revenue, both inside the firm sector,
so the economy's accounts hold without a new flow; GDP counts the upstream good once, as the
upstream's value added, because the downstream's value added deducts it at its price
(``agents/firms/production.py``, ``measure_value_added``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np


def theta(upstream_input: np.ndarray, cost0: np.ndarray) -> np.ndarray:
    """Share of each industry's start-year unit cost that is its chain input,
    ``theta_s = a_s / dbar0_s`` with ``cost0`` the start year's mean unit cost of the dispatched
    plants (``IndustryCosts.dispatched_cost0``; 0 for an industry without an upstream) [share]."""
    return np.asarray(upstream_input, float) / np.asarray(cost0, float)


def upstream_price(upstream: np.ndarray, price: np.ndarray) -> np.ndarray:
    """Price of each industry's chain input, ``p_u(s)``; 1 (the reference) for an industry
    without an upstream [reference = 1]."""
    has = upstream >= 0
    return np.where(has, np.asarray(price, float)[np.where(has, upstream, 0)], 1.0)


def input_price_factor(
    upstream: np.ndarray, upstream_input: np.ndarray, cost0: np.ndarray, price: np.ndarray
) -> np.ndarray:
    """Unit cost at the upstream price ``price[u]`` over the unit cost at the reference upstream
    price 1, by industry: ``1 + theta_s (p_u(s) - 1)``; 1 for an industry without an upstream
    [x]."""
    return 1.0 + theta(upstream_input, cost0) * (upstream_price(upstream, price) - 1.0)


def derived_demand(
    industry: np.ndarray,
    output: np.ndarray,
    reference_cost: np.ndarray,
    upstream: np.ndarray,
    upstream_input: np.ndarray,
    cost0: np.ndarray,
) -> np.ndarray:
    """What the downstream stages buy from each industry, ``D_u = sum_{i: up(i) = u} use_i``
    (module doc) [bn yuan/year at reference prices], by industry; ``reference_cost`` is the
    unit cost at the upstream reference price of the plants each firm dispatched (``d_i``)."""
    n = len(upstream)
    use = output * np.take(theta(upstream_input, cost0), industry) * reference_cost
    by_downstream = np.bincount(industry, weights=use, minlength=n)
    has = upstream >= 0
    return np.bincount(upstream[has], weights=by_downstream[has], minlength=n)


def derived_by_region(
    cells_output: np.ndarray, upstream: np.ndarray, upstream_input: np.ndarray
) -> np.ndarray:
    """Where the downstream stages' purchases are at the table's input per unit, regions x
    industries [bn yuan/year]: ``a_d x`` the downstream output of each region, credited to the
    upstream column (``cells_output`` is output or capacity by region x industry; the start
    year's map, when firms buy exactly ``a_d`` per unit)."""
    return credit_upstream(np.asarray(upstream_input, float)[None, :] * cells_output, upstream)


def credit_upstream(bought: np.ndarray, upstream: np.ndarray) -> np.ndarray:
    """What each region's downstream stages bought (``bought``, regions x industries, in the
    downstream columns) moved to their upstream's column, regions x industries [bn yuan/year]."""
    out = np.zeros_like(bought, dtype=float)
    for d in np.flatnonzero(upstream >= 0):
        out[:, upstream[d]] += bought[:, d]
    return out


def start_final_demand(
    demand: np.ndarray, upstream: np.ndarray, upstream_input: np.ndarray
) -> np.ndarray:
    """Start-year final demand by industry: total demand less what the downstream stages buy at
    the start, when every market clears at price 1 and output equals demand
    (``D_u - sum_d a_d D_d``) [bn yuan/year]."""
    derived = derived_by_region(demand[None, :], upstream, upstream_input)[0]
    return demand - derived


def clearing_stages(upstream: np.ndarray) -> list[np.ndarray]:
    """Industry ids in the order their markets clear: first those no industry buys from, then
    each upstream once all its buyers have cleared. One stage for a table without chains.
    Worked out once per process for each table's chains (the arrays are read-only)."""
    return list(_clearing_stages(tuple(np.asarray(upstream, dtype=int).tolist())))


@lru_cache(maxsize=16)
def _clearing_stages(upstream: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    n = len(upstream)
    buyers = [d for d in range(n) if upstream[d] >= 0]
    depth = np.zeros(n, dtype=int)
    for _ in range(n):  # longest path to a final-demand-only industry, at most n steps long
        new = depth.copy()
        for d in buyers:
            new[upstream[d]] = max(new[upstream[d]], depth[d] + 1)
        if np.array_equal(new, depth):
            break
        depth = new
    stages = tuple(np.flatnonzero(depth == k) for k in range(int(depth.max()) + 1))
    for stage in stages:
        stage.flags.writeable = False
    return stages


def surplus_correction(
    output: np.ndarray,
    reference_cost: np.ndarray,
    industry_theta: np.ndarray,
    realised_upstream_price: np.ndarray,
    expected_upstream_price: np.ndarray,
) -> np.ndarray:
    """Each firm's gain (+) or loss (-) from its chain input's realised price against the price
    it dispatched on: ``-q_i theta_s d_i (p_u - p_u^e)`` (``reference_cost`` the dispatched
    plants' ``d_i``) [bn yuan/year]; arrays per firm."""
    return (
        -output
        * industry_theta
        * reference_cost
        * (realised_upstream_price - expected_upstream_price)
    )


def expected_growth(
    final_growth: np.ndarray,
    final_level: np.ndarray,
    derived: np.ndarray,
    upstream: np.ndarray,
    downstream_growth: np.ndarray,
) -> np.ndarray:
    """Growth of each industry's whole demand expected for the new year: its final part grows at
    ``final_growth``, the part its downstream stages buy at their demand growth,
    ``g = (F g_F + D g_D) / (F + D)`` (``g_D`` the downstream's growth, the plain mean of its
    downstream stages' where there are several) [1/year]."""
    n = len(upstream)
    has = upstream >= 0
    weight = np.bincount(upstream[has], weights=np.ones(has.sum()), minlength=n)
    g_down = np.bincount(upstream[has], weights=downstream_growth[has], minlength=n)
    g_down = np.divide(g_down, weight, out=np.zeros(n), where=weight > 0)
    total = final_level + derived
    return np.divide(
        final_level * final_growth + derived * g_down,
        total,
        out=np.asarray(final_growth, float).copy(),
        where=total > 0,
    )
