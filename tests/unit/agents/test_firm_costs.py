"""Firms' costs (agents/firms/costs.py): clusters, agglomeration, unit and capital costs, R&D,
hiring and value added per unit."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.agents.firms import costs, production
from nqpf.agents.firms.state import empty_firms
from tests.builders import small_world


def test_cell_capacity_sums_firms_by_region_and_industry():
    f = empty_firms(4, 2)
    f.region, f.industry = np.array([0, 0, 1, 2]), np.array([1, 1, 0, 1])
    f.capacity = np.array([1.0, 2.0, 4.0, 8.0])
    np.testing.assert_allclose(costs.cell_capacity(f, 3, 2), [[0, 3], [4, 0], [0, 8]])


def test_agglomeration_closed_form():
    cap = np.array([[1.0, 0.0], [3.0, 4.0], [0.0, 0.0]])
    eta = 0.5
    out = costs.agglomeration(cap, eta)
    # industry 0: mean present cell 2 -> ratios 1/2, 3/2; industry 1: one cell, ratio 1
    np.testing.assert_allclose(out, [[0.5**-0.5, 1.0], [1.5**-0.5, 1.0], [1.0, 1.0]])
    # extreme clusters are clipped to ratios 0.05 .. 20
    far = costs.agglomeration(np.append(np.ones(50), 1e6)[:, None], 1.0)  # mean about 19600
    assert far[-1, 0] == pytest.approx(1 / 20) and far[0, 0] == pytest.approx(1 / 0.05)
    assert (costs.agglomeration(cap, 0.0) == 1.0).all()


def test_firm_costs_scale_with_misfit_learning_and_productivity():
    w, _sc, _ = small_world()
    f, lrn = w.firms, w.learning
    f.misfit = np.ones(f.n)
    f.productivity = np.ones(f.n)
    lrn.cell_learning = np.ones_like(lrn.cell_learning)
    w.trade.delivery = np.ones_like(w.trade.delivery)  # no trade cost
    base = costs.firm_costs(w, 0.0)  # no agglomeration: the industry's base cost
    np.testing.assert_allclose(base, w.costs.base_cost[f.industry])
    f.misfit[:4] = 1.5
    f.productivity[4:8] = 2.0
    cells = f.region * w.n_industries + f.industry
    j = int(np.flatnonzero(~np.isin(cells, cells[:8]))[0])  # a firm in another cluster
    lrn.cell_learning[f.region[j], f.industry[j]] = 0.8
    c = costs.firm_costs(w, 0.0)
    np.testing.assert_allclose(c[:4], 1.5 * base[:4])
    np.testing.assert_allclose(c[4:8], 0.5 * base[4:8])
    assert c[j] == pytest.approx(0.8 * base[j])
    # minimum efficient scale: a cluster below the start year's mean cluster (an absolute
    # reference) costs more, one at or above it no less and no more
    agg = costs.firm_costs(w, 0.2) / c
    cell = costs.cell_capacity(f, w.n_regions, w.n_industries)
    ref = w.costs.scale_reference
    below = f.at(cell) < ref[f.industry]
    np.testing.assert_allclose(agg[below], (f.at(cell)[below] / ref[f.industry][below]) ** -0.2)
    np.testing.assert_allclose(agg[~below], 1.0)
    assert below.any() and (~below).any()


def test_fragmenting_an_industry_raises_costs_with_an_absolute_scale():
    # the same capacity spread over twice as many regions: each cluster is half the size; with
    # the absolute reference every cluster costs more, with a relative one nothing would change
    cap = np.array([[4.0], [4.0], [0.0], [0.0]])
    split = np.array([[2.0], [2.0], [2.0], [2.0]])
    ref = np.array([4.0])
    np.testing.assert_allclose(costs.agglomeration(cap, 0.1, ref)[:2], 1.0)
    np.testing.assert_allclose(costs.agglomeration(split, 0.1, ref), 0.5**-0.1)
    np.testing.assert_allclose(costs.agglomeration(split, 0.1), costs.agglomeration(cap, 0.1))
    # growth beyond the efficient scale gives no further scale economies
    np.testing.assert_allclose(costs.agglomeration(10 * cap, 0.1, ref)[:2], 1.0)


def test_capital_cost_falls_with_learning():
    w, _sc, _ = small_world()
    w.learning.learning_index = np.full(w.n_industries, 0.7)
    np.testing.assert_allclose(costs.capital_cost(w), 0.7 * w.costs.k_per_capacity)


def test_rd_shares():
    np.testing.assert_allclose(
        costs.rd_share(np.array([0.0, 0.5, 1.0]), 0.003, 0.03), [0.003, 0.018, 0.033]
    )
    w, _sc, _ = small_world()
    w.costs.rd_scale = np.linspace(0.2, 1.0, w.n_regions)
    f = w.firms
    got = costs.firm_rd_share(w, 0.01, 0.0)
    np.testing.assert_allclose(got, 0.01 * w.costs.rd_scale[f.region])


def test_hire_labour_per_unit_and_the_regional_cap():
    w, _sc, _ = small_world()
    f, c = w.firms, w.costs
    small_output = np.full(f.n, 1e-3)
    at_base = c.dispatched_cost0[f.industry]
    labor = costs.hire(w, small_output, at_base)
    np.testing.assert_allclose(labor, 1e-3 * c.labor_coef[f.industry])
    np.testing.assert_allclose(costs.hire(w, small_output, 2 * at_base), 2 * labor)
    # far more output than workers: firms employ 60 % of each region's workers
    huge = costs.hire(w, np.full(f.n, 1e6), at_base)
    f.labor = huge
    np.testing.assert_allclose(costs.firm_labor_by_region(w), 0.6 * w.regions.labor)


def test_intermediate_inputs_move_with_unit_cost():
    w, _sc, _ = small_world()
    f, ind = w.firms, w.industries
    ref0 = w.costs.dispatched_cost0[f.industry]
    f.output = f.capacity.copy()  # every plant runs: the dispatched plants' cost is the mean
    f.unit_cost = ref0.copy()  # at the start-year reference cost: the table's input share
    np.testing.assert_allclose(
        costs.intermediate_per_unit(w), 1 - ind.value_added_share[f.industry]
    )
    f.unit_cost = 0.5 * ref0  # learning or efficiency halves the cost: half the inputs per unit
    np.testing.assert_allclose(
        costs.intermediate_per_unit(w), 0.5 * (1 - ind.value_added_share[f.industry])
    )


def test_inputs_follow_the_plants_that_run():
    """A firm running only its cheapest plants uses what they use: half its capacity idle
    takes inputs per unit down by ``w / 2`` (``markets.dispatched_cost_ratio``)."""
    w, _sc, _ = small_world()
    f, ind = w.firms, w.industries
    f.output = f.capacity.copy()
    full = costs.intermediate_per_unit(w)
    f.output = 0.5 * f.capacity
    spread = w.costs.spread[f.industry]
    built = f.capacity > 0  # an entrant without capacity has no plants to choose from
    half = costs.intermediate_per_unit(w)
    np.testing.assert_allclose(half[built], (full * (1 - spread / 2))[built])
    np.testing.assert_array_equal(half[~built], full[~built])
    assert built.sum() > 100 and (~built).any() and (ind.upstream < 0).any()


def test_a_price_war_leaves_no_dispatched_plant_losing_value_added():
    """Capacity triples and prices fall below many firms' mean cost: a firm dispatches only
    its plants below the price, so its inputs per unit stay below the price (chain inputs at
    the price the firms expected); valued at the firm's mean cost they would not."""
    w, sc, _ = small_world()
    f, m = w.firms, w.markets
    f.capacity = 5.0 * f.capacity
    production.clear_markets(w, sc)
    running = f.output > 0
    price = m.price[f.industry]
    at_mean_cost = costs.intermediate_per_unit(w, m.expected_price, costs.reference_costs(w))
    assert (running & (at_mean_cost > price)).sum() > 10
    expected = costs.intermediate_per_unit(w, m.expected_price)
    assert (price - expected)[running].min() >= 0.0


def test_median_by_group():
    out = costs.median_by_group(
        np.array([1.0, 5.0, 3.0, 10.0]),
        np.array([0, 0, 0, 2]),
        3,
        default=np.array([-1.0, -2.0, -3.0]),
    )
    np.testing.assert_allclose(out, [3.0, -2.0, 10.0])
