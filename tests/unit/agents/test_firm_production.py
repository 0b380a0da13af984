"""Firms' production (agents/firms/production.py): capital coming on line, market clearing,
value added, productivity and learning by doing."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from nqpf.agents.firms import costs, production
from nqpf.agents.firms.costs import capital_cost, dispatched_reference_costs
from tests.builders import small_world


def test_install_capital_depreciates_and_brings_the_pipeline_on_line():
    w, _sc, _ = small_world()
    f = w.firms
    delta = 0.1
    k, cap, p, age = f.capital.copy(), f.capacity.copy(), f.pipeline.copy(), f.age.copy()
    assert (p[:, 0] > 0).any() and (k > 0).any()
    w.learning.learning_index = np.full(w.n_industries, 0.5)  # new capacity is twice as cheap
    production.install_capital(w, delta)
    np.testing.assert_allclose(f.capital, 0.9 * k + p[:, 0])
    k_per_cap = 0.5 * w.costs.k_per_capacity[f.industry]
    np.testing.assert_allclose(f.capacity, 0.9 * cap + p[:, 0] / k_per_cap)
    np.testing.assert_allclose(f.pipeline[:, :-1], p[:, 1:])
    assert (f.pipeline[:, -1] == 0).all()
    np.testing.assert_array_equal(f.age, age + 1)
    # capital is conserved but for depreciation
    assert f.capital.sum() + f.pipeline.sum() == pytest.approx(0.9 * k.sum() + p.sum())


def test_clear_markets_sells_on_the_demand_curve():
    w, sc, _ = small_world()
    m, ind, f = w.markets, w.industries, w.firms
    m.demand_shock = np.full(w.n_industries, 0.05)
    production.clear_markets(w, sc)
    level = m.demand_trend * np.exp(0.05)
    sold = np.bincount(f.industry, weights=f.output, minlength=w.n_industries)
    ok = ~m.clearing.rationed
    assert ok.all()
    # final demand on the curve, plus what a chain's downstream stage bought from its upstream
    bought = np.zeros(w.n_industries)
    for d in np.flatnonzero(ind.upstream >= 0):
        use = ind.upstream_input[d] / w.costs.dispatched_cost0[d] * dispatched_reference_costs(w)
        bought[ind.upstream[d]] += (f.output * use)[f.industry == d].sum()
    assert bought.sum() > 0
    np.testing.assert_allclose(m.derived_demand, bought, rtol=1e-12)
    np.testing.assert_allclose(sold, level * m.price ** (-ind.price_elasticity) + bought, rtol=1e-9)
    np.testing.assert_allclose(f.revenue, m.price[f.industry] * f.output)
    cap = np.bincount(f.industry, weights=f.capacity, minlength=w.n_industries)
    np.testing.assert_allclose(m.utilization, sold / cap)
    assert ((m.utilization > 0) & (m.utilization < 1)).all()


def test_more_demand_raises_and_more_capacity_lowers_the_price():
    w, sc, _ = small_world()
    big, rich = copy.deepcopy(w), copy.deepcopy(w)
    big.firms.capacity = big.firms.capacity * 1.5
    rich.markets.demand_trend = rich.markets.demand_trend * 1.5
    for world in (w, big, rich):
        production.clear_markets(world, sc)
    assert (big.markets.price < w.markets.price).all()
    assert (rich.markets.price > w.markets.price).all()
    assert (big.markets.utilization < w.markets.utilization).all()
    # a price below 1 sells more than the level (elastic demand), above 1 less
    sold = np.bincount(big.firms.industry, weights=big.firms.output, minlength=w.n_industries)
    assert (sold > big.markets.demand_trend * np.exp(big.markets.demand_shock)).all()


def test_clear_markets_hires_and_books_the_surplus():
    w, sc, _ = small_world()
    f = w.firms
    production.clear_markets(w, sc)
    assert f.labor.sum() > 0 and (f.labor[f.output == 0] == 0).all()
    # the cheapest plants earn: surplus is positive exactly where output is
    assert ((f.operating_surplus > 0) == (f.output > 0)).all()


def test_measure_value_added_by_double_deflation_and_chain_links():
    w, _sc, _ = small_world()
    va, f, m = w.value_added, w.firms, w.markets
    S = w.n_industries
    x = costs.intermediate_per_unit(w, m.price)
    production.measure_value_added(w)  # this world's value added (exits and learning moved it)
    nominal = np.bincount(f.industry, weights=f.output * (m.price[f.industry] - x), minlength=S)
    np.testing.assert_allclose(va.nominal_by_industry, nominal, rtol=1e-12)
    assert va.nominal_by_region.sum() == pytest.approx(va.nominal, rel=1e-12)
    real = va.real_by_industry.copy()
    production.measure_value_added(w)  # same output and prices: same real value added
    np.testing.assert_allclose(va.real_by_industry, real, rtol=1e-12)
    # 10 % more output and capacity of every firm (the same plants run) at unchanged prices:
    # 10 % more real value added
    f.output = f.output * 1.1
    f.capacity = f.capacity * 1.1
    production.measure_value_added(w)
    np.testing.assert_allclose(va.real_by_industry, 1.1 * real, rtol=1e-12)


def test_a_dearer_chain_input_moves_value_added_from_the_buyer_to_the_seller():
    """The upstream price of a chain rises 20 %: the downstream stage's value added falls by
    what it pays more (``q a d / dbar0 x 0.2``), the upstream's rises by what it earns more
    (its output x 0.2), and nothing else moves."""
    w, _sc, _ = small_world()
    va, f, m, ind = w.value_added, w.firms, w.markets, w.industries
    d = int(np.flatnonzero(ind.upstream >= 0)[0])
    u = int(ind.upstream[d])
    production.measure_value_added(w)
    before = va.nominal_by_industry.copy()
    m.price = m.price.copy()
    m.price[u] *= 1.2
    rise = 0.2 * m.price[u] / 1.2
    production.measure_value_added(w)
    down = f.industry == d
    paid = f.output * ind.upstream_input[d] / w.costs.dispatched_cost0[d]
    paid = (paid * dispatched_reference_costs(w))[down]
    change = va.nominal_by_industry - before
    assert change[d] == pytest.approx(-rise * paid.sum(), rel=1e-9)
    assert change[u] == pytest.approx(rise * f.output[f.industry == u].sum(), rel=1e-9)
    others = np.ones(w.n_industries, dtype=bool)
    others[[d, u]] = False
    np.testing.assert_allclose(change[others], 0.0, atol=1e-9)


def test_a_price_war_with_idle_capacity_moves_real_value_added_only_by_the_plants_idled():
    """Capacity doubles and every price falls 30 % while output stays: value added at current
    prices falls; real value added (at start-year prices) rises only by the inputs the idled
    plants no longer use (each firm runs its cheapest plants, ``d_i`` falls), and the volume
    stays still the next year."""
    w, _sc, _ = small_world()
    va, f, m, S = w.value_added, w.firms, w.markets, w.n_industries
    production.measure_value_added(w)
    nominal, index = va.nominal, va.goods_price_index
    ran = costs.dispatched_reference_costs(w)
    inputs = costs.intermediate_per_unit(w, va.start_price, ran)
    f.capacity = f.capacity * 2.0  # idle capacity
    m.price_prev = m.price.copy()
    m.price = 0.7 * m.price  # the price war
    production.measure_value_added(w)
    now = costs.dispatched_reference_costs(w)
    running = f.output > 0
    assert (now[running] < ran[running]).all()
    saved = inputs * np.where(running, now / np.where(running, ran, 1.0), 1.0)
    real = np.bincount(f.industry, f.output * (va.start_price[f.industry] - saved), minlength=S)
    np.testing.assert_allclose(va.real_by_industry, real, rtol=1e-12)
    assert va.nominal < nominal
    assert va.goods_price_index == pytest.approx(0.7 * index, rel=1e-12)
    # the next year at the war's prices: a quantity that stays still keeps the volume still
    m.price_prev = m.price.copy()
    production.measure_value_added(w)
    np.testing.assert_allclose(va.real_by_industry, real, rtol=1e-12)


def test_improve_productivity_rd_upgrading_and_transfer():
    kw = {
        "technology": {"university_transfer": 0.0},
        "government": {"upgrade_return": 0.05, "upgrade_elasticity": 0.5},
    }
    w, sc, _ = small_world(**kw)
    f = w.firms
    f.upgrading = np.zeros(f.n)
    f.rd = np.zeros(f.n)
    z = f.productivity.copy()
    production.improve_productivity(w, sc, np.random.default_rng(1))
    np.testing.assert_allclose(f.productivity, z)  # no R&D, transfer or upgrading: no change
    f.upgrading[:5] = 0.01
    f.upgrading[5:10] = 0.04
    production.improve_productivity(w, sc, np.random.default_rng(1))
    gain = np.log(f.productivity[:10] / z[:10])
    np.testing.assert_allclose(gain[:5], 0.05 * 0.01**0.5)
    # diminishing returns: four times the spending gives twice (4^0.5), not four times, the gain
    np.testing.assert_allclose(gain[5:10], 2 * gain[:5])
    np.testing.assert_allclose(f.productivity[10:], z[10:])
    # R&D: the log gain is proportional to R&D per unit of revenue (same draws of success)
    f.upgrading[:] = 0.0
    one, two = copy.deepcopy(w), copy.deepcopy(w)
    one.firms.rd = 0.01 * one.firms.revenue
    two.firms.rd = 0.02 * two.firms.revenue
    production.improve_productivity(one, sc, np.random.default_rng(2))
    production.improve_productivity(two, sc, np.random.default_rng(2))
    g1 = np.log(one.firms.productivity / f.productivity)
    g2 = np.log(two.firms.productivity / f.productivity)
    sells = f.revenue > 0
    fits = 1.0 - w.learning.gap[f.region, f.industry] > 0
    assert (g1[sells & fits] > 0).all()
    np.testing.assert_allclose(g2[sells], 2 * g1[sells], rtol=1e-10)
    # a firm in a cell where the industry fully misfits the region gains nothing from R&D
    assert (g1[~fits] == 0).all()


def test_university_transfer_raises_productivity():
    w, sc, _ = small_world(technology={"university_transfer": 0.5})
    f = w.firms
    f.rd = np.zeros(f.n)
    f.upgrading = np.zeros(f.n)
    w.universities.knowledge = np.ones(w.n_regions)  # equal knowledge: sqrt(1) = 1
    z = f.productivity.copy()
    production.improve_productivity(w, sc, np.random.default_rng(0))
    strength = w.universities.strength[f.region, f.industry]
    np.testing.assert_allclose(np.log(f.productivity / z), 0.5 * 0.01 * strength, rtol=1e-10)


def test_learn_by_doing_wright_law():
    w, sc, _ = small_world(technology={"learning": True, "learning_spillover": 0.0})
    lrn, f, ind = w.learning, w.firms, w.industries
    lrn.cumulative_output = 2.0 * lrn.cumulative_output0  # national output doubled
    lrn.cell_experience = lrn.cell_experience0.copy()
    # this year's output doubles each cluster's experience
    cell_cap = np.bincount(
        f.region * w.n_industries + f.industry,
        weights=f.capacity,
        minlength=lrn.cell_experience.size,
    ).reshape(lrn.cell_experience.shape)
    share = np.where(
        cell_cap[f.region, f.industry] > 0,
        f.capacity / np.maximum(cell_cap[f.region, f.industry], 1e-12),
        0.0,
    )
    f.output = lrn.cell_experience0[f.region, f.industry] * share
    # the cells' output as settlement records it (the year's exits included)
    w.markets.cell_output = np.bincount(
        f.region * w.n_industries + f.industry, weights=f.output, minlength=cell_cap.size
    )
    production.learn_by_doing(w, sc)
    # per doubling, costs fall by the learning rate: 2^-b = 1 - rate
    np.testing.assert_allclose(lrn.learning_index, 1.0 - ind.learning_rate)
    present = cell_cap > 0
    expected = np.broadcast_to(1.0 - ind.learning_rate, present.shape)
    np.testing.assert_allclose(lrn.cell_learning[present], expected[present], rtol=1e-10)
    # and capital per unit of new capacity falls with the national index
    np.testing.assert_allclose(capital_cost(w), w.costs.k_per_capacity * (1.0 - ind.learning_rate))


def test_learn_by_doing_off_changes_nothing():
    w, sc, _ = small_world(technology={"learning": False})
    before = copy.deepcopy(w.learning)
    w.learning.cumulative_output = 3.0 * w.learning.cumulative_output0
    production.learn_by_doing(w, sc)
    np.testing.assert_allclose(w.learning.learning_index, before.learning_index)
    np.testing.assert_allclose(w.learning.cell_learning, before.cell_learning)
