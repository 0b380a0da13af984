"""The vectorised market clearing against a plain loop over firms and plants (STYLE habit 13)."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim.economics.markets import PRICE_CAP, clear_markets, operating_surplus, used_share


def clear_by_loop(industry, capacity, cost, spread, level, elasticity, cap=PRICE_CAP):
    """Reference: split each firm into 200 plants, sort plants by cost (merit order), walk up the
    stack until supply meets demand. Slow and obvious."""
    prices = np.zeros(len(level))
    for s in range(len(level)):
        plants = []
        for i in np.flatnonzero(industry == s):
            lows = (
                cost[i] * (1 - spread[i]) + 2 * spread[i] * cost[i] * (np.arange(200) + 0.5) / 200
            )
            plants += [(c, capacity[i] / 200) for c in lows]
        plants.sort()
        supplied, price = 0.0, cap
        for c, q in plants:
            if level[s] * c ** (-elasticity[s]) <= supplied + q:
                # the price lies at this plant's cost or just below, where demand = supply so far
                p_at_stack = (
                    (supplied / level[s]) ** (-1 / elasticity[s]) if supplied > 0 else np.inf
                )
                price = min(c, p_at_stack) if level[s] * c ** (-elasticity[s]) < supplied else c
                break
            supplied += q
        prices[s] = price
    return prices


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_vectorised_clearing_matches_loop(seed):
    rng = np.random.default_rng(seed)
    n, s = 60, 3
    industry = rng.integers(0, s, n)
    capacity = rng.uniform(1, 10, n)
    cost = rng.uniform(0.6, 1.2, n)
    spread = np.full(n, 0.2)
    totals = np.bincount(industry, weights=capacity, minlength=s)
    level = totals * rng.uniform(0.5, 0.9, s)
    elasticity = rng.uniform(0.5, 1.5, s)
    fast = clear_markets(industry, capacity, cost, spread, level, elasticity)
    slow = clear_by_loop(industry, capacity, cost, spread, level, elasticity)
    np.testing.assert_allclose(fast.price, slow, rtol=0.01)  # loop uses 200 discrete plants
    # market clears: output equals demand at the clearing price
    out = np.bincount(industry, weights=fast.output, minlength=s)
    np.testing.assert_allclose(out, level * fast.price ** (-elasticity), rtol=1e-8)


def test_overcapacity_lowers_price_and_utilisation():
    industry = np.zeros(10, dtype=int)
    cost = np.linspace(0.7, 1.0, 10)
    spread = np.full(10, 0.1)
    demand = np.array([50.0])
    eps = np.array([1.0])
    small = clear_markets(industry, np.full(10, 6.0), cost, spread, demand, eps)
    big = clear_markets(industry, np.full(10, 12.0), cost, spread, demand, eps)
    assert big.price[0] < small.price[0]
    assert big.output.sum() / 120 < small.output.sum() / 60


def test_scarcity_hits_price_cap_and_rations():
    res = clear_markets(
        np.zeros(1, dtype=int),
        np.array([1.0]),
        np.array([0.9]),
        np.array([0.1]),
        np.array([100.0]),
        np.array([1.0]),
    )
    assert res.rationed[0] and res.price[0] == PRICE_CAP
    assert res.output[0] == pytest.approx(1.0)


def test_operating_surplus_is_integral_of_margin():
    cost, spread = np.array([1.0]), np.array([0.3])
    for p in (0.6, 0.85, 1.0, 1.2, 1.5):
        grid = np.linspace(0.7, 1.3, 200001)
        margin = np.clip(p - grid, 0, None).mean()
        assert operating_surplus(np.array([p]), cost, spread)[0] == pytest.approx(margin, abs=1e-5)
        # the share of plants (costs uniform on the grid) whose cost is below the price
        assert used_share(np.array([p]), cost, spread)[0] == pytest.approx(
            (grid < p).mean(), abs=1e-5
        )


def test_median_by_group_matches_numpy_median():
    """The sorted grouped median used for entrants' plant size equals np.median per group."""
    from nqpf.agents.firms.costs import median_by_group as _median_by_group

    rng = np.random.default_rng(7)
    for n in (1, 2, 5, 200):
        values, groups = rng.lognormal(size=n), rng.integers(0, 4, n)
        got = _median_by_group(values, groups, 5, default=np.full(5, -1.0))
        want = [np.median(values[groups == g]) if (groups == g).any() else -1.0 for g in range(5)]
        assert got.tolist() == want


@pytest.mark.parametrize("iterations", [100, 2])
@pytest.mark.parametrize("scarce", [False, True])
def test_output_is_each_firms_dispatch_at_the_cleared_price(iterations, scarce):
    """Converged or not, rationed or not: every firm produces its dispatched share of capacity
    at its industry's price, and ``supplied`` is the industries' sum of that output."""
    rng = np.random.default_rng(11)
    n, s = 400, 4
    industry = rng.integers(0, s, n)
    capacity = rng.uniform(1, 10, n)
    cost = rng.uniform(0.6, 1.2, n)
    spread = rng.uniform(0.05, 0.4, n)
    totals = np.bincount(industry, weights=capacity, minlength=s)
    level = totals * (np.array([0.7, 50.0, 0.8, 0.6]) if scarce else rng.uniform(0.5, 0.9, s))
    elasticity = rng.uniform(0.5, 1.5, s)
    res = clear_markets(
        industry, capacity, cost, spread, level, elasticity, max_iterations=iterations
    )
    assert res.rationed.any() == scarce
    # the clearing's own arithmetic, bit for bit: x = (p - low) / width as (p - low) x (1 / width)
    low, inv_width = cost * (1.0 - spread), 1.0 / (2.0 * spread * cost)
    expected = capacity * np.clip((res.price[industry] - low) * inv_width, 0.0, 1.0)
    assert np.array_equal(res.output, expected)
    np.testing.assert_allclose(
        res.output, capacity * used_share(res.price[industry], cost, spread), rtol=1e-12
    )
    assert np.array_equal(res.supplied, np.bincount(industry, weights=expected, minlength=s))
