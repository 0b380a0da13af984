"""Market clearing on closed forms, beyond tests/unit/economics/test_markets.py: one firm against an
iso-elastic demand curve, the demand side of the clearing, and comparative statics."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim.economics.markets import clear_markets, operating_surplus, used_share

ONE = np.zeros(1, dtype=int)


def test_one_firm_unit_elastic_demand_closed_form():
    # plants spread over [0.5, 1.5], capacity 10: supply 10 (p - 0.5); demand 10 / p
    # 10 (p - 0.5) = 10 / p  ->  p^2 - 0.5 p - 1 = 0  ->  p = (0.5 + sqrt(4.25)) / 2
    res = clear_markets(
        ONE, np.array([10.0]), np.array([1.0]), np.array([0.5]), np.array([10.0]), np.array([1.0])
    )
    p = (0.5 + np.sqrt(4.25)) / 2
    assert res.price[0] == pytest.approx(p, rel=1e-10)
    assert res.output[0] == pytest.approx(10.0 / p, rel=1e-10)
    assert res.demand[0] == pytest.approx(10.0 / p, rel=1e-10)
    assert not res.rationed[0] and res.capacity[0] == 10.0


def test_sold_output_is_on_the_demand_curve():
    # elasticity 2: supply 10 (p - 0.5) meets demand 4 p^-2 between 0.9 and 1 (4 < 4.9; 5 > 4)
    level, eps = np.array([4.0]), np.array([2.0])
    res = clear_markets(ONE, np.array([10.0]), np.array([1.0]), np.array([0.5]), level, eps)
    p = res.price[0]
    assert res.output[0] == pytest.approx(4.0 * p**-2.0, rel=1e-10)
    assert res.output[0] == pytest.approx(10.0 * (p - 0.5), rel=1e-10)
    assert 0.9 < p < 1.0
    # below the reference price a more elastic demand takes more at every price: p rises
    more_elastic = clear_markets(
        ONE, np.array([10.0]), np.array([1.0]), np.array([0.5]), level, np.array([3.0])
    )
    assert more_elastic.price[0] > p


def test_comparative_statics_of_the_price():
    args = {
        "industry": np.zeros(3, dtype=int),
        "cost": np.array([0.8, 1.0, 1.2]),
        "spread": np.full(3, 0.2),
        "elasticity": np.array([1.2]),
    }
    base = clear_markets(capacity=np.full(3, 10.0), demand_level=np.array([20.0]), **args)
    more_demand = clear_markets(capacity=np.full(3, 10.0), demand_level=np.array([25.0]), **args)
    more_capacity = clear_markets(capacity=np.full(3, 15.0), demand_level=np.array([20.0]), **args)
    assert more_demand.price[0] > base.price[0] > more_capacity.price[0]
    assert more_demand.output.sum() > base.output.sum()
    # the cheapest firm is dispatched first: it uses a larger share of its capacity
    assert base.output[0] >= base.output[1] >= base.output[2]


def test_rationed_demand_is_read_at_the_cap():
    res = clear_markets(
        ONE,
        np.array([1.0]),
        np.array([1.0]),
        np.array([0.1]),
        np.array([50.0]),
        np.array([2.0]),
        price_cap=2.0,
    )
    assert res.rationed[0] and res.price[0] == 2.0
    assert res.demand[0] == pytest.approx(50.0 / 4.0)


def test_surplus_and_used_share_at_the_bounds():
    cost, spread = np.array([1.0]), np.array([0.25])
    assert used_share(np.array([0.75]), cost, spread)[0] == 0.0
    assert used_share(np.array([1.0]), cost, spread)[0] == pytest.approx(0.5)
    assert used_share(np.array([1.25]), cost, spread)[0] == 1.0
    # inside: (p - a)^2 / (2 (b - a)) = 0.25^2 / 1 = 0.0625 at p = 1; above b: p - c
    assert operating_surplus(np.array([1.0]), cost, spread)[0] == pytest.approx(0.0625)
    assert operating_surplus(np.array([1.5]), cost, spread)[0] == pytest.approx(0.5)
    assert operating_surplus(np.array([0.7]), cost, spread)[0] == 0.0
