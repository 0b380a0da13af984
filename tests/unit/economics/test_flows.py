"""Migration and saving allocation by logit (sim/economics/flows.py)."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim.economics import flows

NO_FRICTION = {"subsidy_weight": 0.0, "distance_cost": 0.0, "hukou_cost": 0.0}


def test_logit_destinations_rows_are_probabilities():
    p = flows.logit_destinations(np.array([[0.0, np.log(3.0)], [1.0, 1.0]]))
    np.testing.assert_allclose(p, [[0.25, 0.75], [0.5, 0.5]])
    # adding a constant to a row changes nothing (large utilities do not overflow)
    np.testing.assert_allclose(
        flows.logit_destinations(np.array([[1000.0, 1000.0 + np.log(3.0)]])), [[0.25, 0.75]]
    )


def test_migrate_two_regions_closed_form():
    # wage weight 1: a mover picks j with probability w_j / sum w; wages 1 and 3 -> 1/4, 3/4
    # 10 movers in each region: 15 arrive in the high-wage region, 10 leave it -> net +5
    net = flows.migrate(
        np.array([10.0, 10.0]),
        np.array([1.0, 3.0]),
        np.zeros(2),
        np.zeros((2, 2)),
        wage_weight=1.0,
        **NO_FRICTION,
    )
    np.testing.assert_allclose(net, [-5.0, 5.0], rtol=1e-12)


def test_migrate_frictions_reduce_flows():
    wage, dist = np.array([1.0, 3.0]), np.array([[0.0, 1000.0], [1000.0, 0.0]])
    free = flows.migrate(
        np.array([10.0, 10.0]), wage, np.zeros(2), dist, wage_weight=1.0, **NO_FRICTION
    )
    # hukou cost h: staying is worth e^h times more; p(move to high) = 3 / (3 + e^h)
    hukou = flows.migrate(
        np.array([10.0, 10.0]),
        wage,
        np.zeros(2),
        dist,
        wage_weight=1.0,
        subsidy_weight=0.0,
        distance_cost=0.0,
        hukou_cost=np.log(3.0),
    )
    # from low: stay 1 x 3 = 3 vs move 3 -> 1/2 move; from high: stay 3 x 3 = 9 vs 1 -> 1/10 move
    np.testing.assert_allclose(hukou, [-(5.0 - 1.0), 5.0 - 1.0])
    assert abs(hukou[1]) < abs(free[1])
    # a talent subsidy attracts movers like a wage does
    subsidised = flows.migrate(
        np.array([10.0, 10.0]),
        np.array([1.0, 1.0]),
        np.array([0.0, np.log(3.0)]),
        np.zeros((2, 2)),
        wage_weight=1.0,
        subsidy_weight=1.0,
        distance_cost=0.0,
        hukou_cost=0.0,
    )
    np.testing.assert_allclose(subsidised, [-5.0, 5.0])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_migrate_conserves_people_and_moves_toward_higher_wages(seed):
    rng = np.random.default_rng(seed)
    n = 7
    movers = rng.uniform(0.1, 5.0, n)
    wage = rng.uniform(20.0, 120.0, n)
    dist = rng.uniform(100, 3000, (n, n))
    dist = (dist + dist.T) / 2
    np.fill_diagonal(dist, 0.0)
    net = flows.migrate(
        movers,
        wage,
        rng.uniform(0, 10, n),
        dist,
        wage_weight=3.0,
        subsidy_weight=0.03,
        distance_cost=1.0,
        hukou_cost=2.0,
    )
    assert abs(net.sum()) <= 1e-12 * movers.sum()
    assert (net >= -movers).all()  # no region loses more than its movers
    # without frictions and with equal movers, the highest-wage region gains, the lowest loses
    even = flows.migrate(np.ones(n), wage, np.zeros(n), dist, wage_weight=3.0, **NO_FRICTION)
    assert even[np.argmax(wage)] > 0 > even[np.argmin(wage)]
    assert abs(even.sum()) <= 1e-12 * n


def test_allocate_saving_shares():
    own, size = np.array([30.0, 10.0]), np.array([2.0, 2.0])
    # all home bias: by own saving
    np.testing.assert_allclose(
        flows.allocate_saving(100.0, own, size, np.zeros(2), home_bias=1.0, sensitivity=5.0),
        [75.0, 25.0],
    )
    # no home bias, zero sensitivity: by size
    np.testing.assert_allclose(
        flows.allocate_saving(
            100.0, own, size, np.array([0.0, 0.3]), home_bias=0.0, sensitivity=0.0
        ),
        [50.0, 50.0],
    )
    # sensitivity 1, return gap ln 3: the better region gets 3 of 4 parts of the market share
    out = flows.allocate_saving(
        100.0, own, size, np.array([0.0, np.log(3.0)]), home_bias=0.5, sensitivity=1.0
    )
    np.testing.assert_allclose(out, [0.5 * 75 + 0.5 * 25, 0.5 * 25 + 0.5 * 75])
    assert out.sum() == pytest.approx(100.0)


def test_calibrate_amenity_solves_the_target_and_floors_impossible_outflows():
    rng = np.random.default_rng(1)
    n = 6
    dist = rng.uniform(0, 2000, (n, n))
    dist = (dist + dist.T) / 2 * (1 - np.eye(n))
    value = rng.normal(0, 1, n)
    u = flows.destination_utility(value, dist, distance_cost=1.0, hukou_cost=np.full(n, 2.0))
    groups = [(np.full(n, 1.0), u), (np.full(n, 0.5), u + 0.1)]
    target = np.array([0.4, -0.2, 0.1, -0.3, 0.05, -0.05])
    a = flows.calibrate_amenity(groups, target, min_inflow_share=0.05)
    net = sum(flows.net_inflow(m, g + a[None, :]) for m, g in groups)
    np.testing.assert_allclose(net, target, atol=1e-10)
    # an outflow of 2 of 1.5 movers cannot happen: the inflow is floored at 5 % of the movers,
    # then every target inflow is rescaled to the movers' total (9 of 9.575)
    impossible = np.array([-2.0, 0.4, 0.4, 0.4, 0.4, 0.4])
    a = flows.calibrate_amenity(groups, impossible, min_inflow_share=0.05)
    net = sum(flows.net_inflow(m, g + a[None, :]) for m, g in groups)
    assert net.sum() == pytest.approx(0.0, abs=1e-12)
    assert net[0] == pytest.approx(-1.5 + 0.075 * 9.0 / 9.575, rel=1e-9)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_net_inflows_of_all_groups_at_once_are_each_groups_net_inflow_bit_for_bit(seed):
    """flows.net_inflows (both groups in one table) gives the numbers net_inflow gives for each
    group over destination_utility plus amenities, to the last bit."""
    rng = np.random.default_rng(seed)
    n = 31
    distance = rng.uniform(0, 3000, (n, n))
    distance = distance + distance.T
    np.fill_diagonal(distance, 0.0)
    value, movers = rng.normal(0, 2, (2, n)), rng.uniform(0, 5, (2, n))
    hukou, amenity = rng.uniform(0, 3, n), rng.normal(0, 1, n)
    together = flows.net_inflows(
        movers,
        value,
        flows.distance_term(distance, 0.7),
        flows.hukou_term(hukou, n),
        amenity,
    )
    for g in range(2):
        utility = flows.destination_utility(value[g], distance, distance_cost=0.7, hukou_cost=hukou)
        alone = flows.net_inflow(movers[g], utility + amenity[None, :])
        assert together[g].tobytes() == alone.tobytes()
