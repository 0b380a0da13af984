"""Chains of stages (``sim/economics/chain.py``) and the market clearing with a chain input."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim.economics import chain, markets

# three industries: 0 buys from 1, 1 buys from 2 (a three-stage chain), 3 stands alone
UP = np.array([1, 2, -1, -1])
A = np.array([0.2, 0.3, 0.0, 0.0])
BASE0 = np.array([0.8, 0.9, 1.0, 0.7])


def test_stages_clear_downstream_first():
    stages = chain.clearing_stages(UP)
    assert [s.tolist() for s in stages] == [[0, 3], [1], [2]]
    assert [s.tolist() for s in chain.clearing_stages(np.full(4, -1))] == [[0, 1, 2, 3]]


def test_input_price_factor_is_theta_times_the_price_change():
    price = np.array([1.0, 2.0, 0.5, 1.0])
    factor = chain.input_price_factor(UP, A, BASE0, price)
    # industry 0 buys from 1 (price 2): 1 + (0.2 / 0.8) x 1; industry 1 buys from 2 (0.5)
    np.testing.assert_allclose(factor, [1.25, 1.0 - (0.3 / 0.9) * 0.5, 1.0, 1.0])
    np.testing.assert_array_equal(chain.input_price_factor(UP, A, BASE0, np.ones(4)), 1.0)


def test_derived_demand_adds_the_buyers_use_to_their_upstream():
    industry = np.array([0, 0, 1, 3])
    output = np.array([10.0, 5.0, 4.0, 7.0])
    c0 = np.array([0.8, 1.6, 0.9, 0.7])
    got = chain.derived_demand(industry, output, c0, UP, A, BASE0)
    # use_i = q a c0 / cbar0: industry 0's firms buy 10 x 0.2 x 1 + 5 x 0.2 x 2 = 4 from 1;
    # industry 1's firm buys 4 x 0.3 x 1 = 1.2 from 2
    np.testing.assert_allclose(got, [0.0, 4.0, 1.2, 0.0])


def test_start_final_demand_leaves_out_the_buyers_purchases():
    demand = np.array([100.0, 40.0, 30.0, 10.0])
    np.testing.assert_allclose(
        chain.start_final_demand(demand, UP, A), [100.0, 40.0 - 20.0, 30.0 - 12.0, 10.0]
    )


def test_surplus_correction_charges_a_dearer_input_to_the_buyer():
    got = chain.surplus_correction(
        np.array([10.0]), np.array([0.8]), np.array([0.25]), np.array([1.4]), np.array([1.0])
    )
    np.testing.assert_allclose(got, [-10.0 * 0.25 * 0.8 * 0.4])


def test_expected_growth_weighs_final_and_derived_demand():
    g = chain.expected_growth(
        np.array([0.10, 0.02, 0.0, 0.0]),
        np.array([50.0, 10.0, 5.0, 1.0]),
        np.array([0.0, 30.0, 0.0, 0.0]),
        UP,
        np.array([0.10, 0.02, 0.0, 0.0]),
    )
    # industry 1: final 10 growing 2 %, 30 bought by industry 0 growing 10 %
    assert g[1] == pytest.approx((10 * 0.02 + 30 * 0.10) / 40)
    assert g[0] == pytest.approx(0.10)


def test_clearing_with_fixed_demand_sells_final_plus_fixed():
    industry = np.array([0, 0, 1])
    capacity = np.array([50.0, 50.0, 80.0])
    cost = np.array([0.8, 0.9, 0.9])
    spread = np.array([0.2, 0.2, 0.2])
    level = np.array([60.0, 20.0])
    eps = np.array([1.0, 1.5])
    fixed = np.array([0.0, 30.0])
    res = markets.clear_markets(industry, capacity, cost, spread, level, eps, fixed_demand=fixed)
    final = level * res.price ** (-eps)
    np.testing.assert_allclose(res.supplied, final + fixed, rtol=1e-9)
    without = markets.clear_markets(industry, capacity, cost, spread, level, eps)
    assert res.price[1] > without.price[1]  # the chain's purchases raise the upstream price
    assert res.price[0] == pytest.approx(without.price[0])
