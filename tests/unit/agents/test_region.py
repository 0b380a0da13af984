"""Regions' phases (agents/region.py): opening the year, the wage, aggregate production,
regional technology, and the Solow core of textbook mode."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from nqpf.agents import region, region_textbook
from nqpf.agents.firms import production
from tests.builders import small_world, textbook_world


def test_install_capital_depreciates_and_adds_investment_and_resold_capital():
    w, _sc, _ = small_world()
    reg = w.regions
    reg.capital = np.array([100.0, 200.0, 50.0, 80.0, 10.0])
    reg.investment = np.array([10.0, 0.0, 5.0, 1.0, 0.0])
    reg.recovered_capital = np.array([0.0, 3.0, 0.0, 0.0, 1.0])
    region.install_capital(w, 0.1)
    np.testing.assert_allclose(reg.capital, [100.0, 183.0, 50.0, 73.0, 10.0])
    assert (reg.recovered_capital == 0).all()


def test_update_demand_spends_a_share_of_income_that_falls_with_income():
    w, sc, rng = small_world(firms={"demand_shock_sd": 0.0})
    m, ind = w.markets, w.industries
    m.price = np.linspace(0.8, 1.2, w.n_industries)
    m.demand_shock = np.full(w.n_industries, 0.04)
    mix, trend = m.demand_mix.copy(), m.demand_trend.copy()
    region.update_demand(w, sc, rng)
    np.testing.assert_allclose(m.demand_mix, mix * (1 + ind.demand_growth))
    # spending at last year's prices, sum_s level_s p_s^(1 - eps_s), is the share of expected
    # nominal income given by the Engel and relative-price terms
    spending = (m.demand_trend * m.price ** (1 - ind.price_elasticity)).sum()
    reg, mac, acc = w.regions, sc.macro, w.accounts
    grow = 1 + acc.real_growth
    per_head = grow * (reg.gdp.sum() / reg.population.sum()) / (m.gdp0 / m.population0)
    relative = w.value_added.goods_price_index / acc.deflator
    expected = (
        m.demand_total0
        * grow
        * reg.gdp_nominal.sum()
        / m.gdp0
        * per_head ** (mac.goods_income_elasticity - 1)
        * relative ** (1 - mac.goods_services_substitution)
    )
    assert spending == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(m.demand_growth, m.demand_trend / trend - 1)
    np.testing.assert_allclose(m.demand_shock, 0.5 * 0.04)  # AR(1) without new shocks


def test_aggregate_wage_is_labour_share_over_aggregate_workers():
    w, _sc, _ = small_world()
    firm_labor = np.bincount(w.firms.region, weights=w.firms.labor, minlength=w.n_regions)
    wage = region.aggregate_wage(w, 0.4)
    np.testing.assert_allclose(
        wage * (w.regions.labor - firm_labor), 0.6 * w.regions.aggregate_output
    )


def test_produce_aggregate_cobb_douglas_plus_firms_value_added():
    w, sc, _ = small_world()
    reg, a = w.regions, sc.solow.alpha
    reg.tfp = np.full(w.n_regions, 2.0)
    reg.capital = np.full(w.n_regions, 400.0)
    firm_labor = np.bincount(w.firms.region, weights=w.firms.labor, minlength=w.n_regions)
    reg.labor = firm_labor + 25.0  # 25 million in the aggregate sector everywhere
    region.produce_aggregate(w, sc)
    expected = 2.0 * 400.0**a * 25.0 ** (1 - a)  # alpha 0.5: 2 x 20 x 5 = 200
    np.testing.assert_allclose(reg.aggregate_output, expected)
    va, acc = w.value_added, w.accounts
    np.testing.assert_allclose(reg.gdp_nominal, expected + va.nominal_by_region)
    # nominal = real x deflator, nationally and by region; regions add up to the nation
    assert acc.nominal == pytest.approx(acc.real * acc.deflator, rel=1e-12)
    assert reg.gdp.sum() == pytest.approx(acc.real, rel=1e-12)
    np.testing.assert_allclose(reg.gdp * acc.deflator, reg.gdp_nominal, rtol=1e-12)
    reg.labor = firm_labor * 0.5
    with pytest.raises(ValueError, match="firms employ more than the labour force"):
        region.produce_aggregate(w, sc)


def test_regions_volume_counts_quantities_not_prices():
    """A year with the same quantities: every region's volume growth is 0. Then one industry's
    price rises 50 % with the quantities unchanged: every region's volume growth is still 0
    (this year's output and inputs at last year's prices are last year's GDP), while ``gdp``
    (over the national deflator) rises where that industry's firms are and falls elsewhere.
    Firms' value added at last year's prices is credited to each firm's own region."""
    w, sc, _ = small_world()
    reg, va, m, f, acc = w.regions, w.value_added, w.markets, w.firms, w.accounts
    m.price_prev = m.price.copy()
    production.measure_value_added(w)
    region.produce_aggregate(w, sc)
    production.measure_value_added(w)
    region.produce_aggregate(w, sc)  # the same quantities at the same prices
    np.testing.assert_allclose(acc.volume_growth_by_region, 0.0, atol=1e-14)
    sold = np.bincount(f.region, weights=f.output * (f.industry == 0), minlength=w.n_regions)
    # the regions that make more of industry 0 per yuan of GDP than the nation
    heavy = sold / reg.gdp_nominal > sold.sum() / reg.gdp_nominal.sum()
    assert heavy.any() and (~heavy).any()
    gdp_before, volume_before = reg.gdp.copy(), acc.volume_by_region.copy()
    m.price_prev, m.price = m.price.copy(), m.price.copy()
    m.price[0] *= 1.5
    production.measure_value_added(w)
    for r in range(w.n_regions):  # each firm's term in its own region, summed by hand
        mine = f.region == r
        at_before = va.at_previous_prices_by_region[r]
        assert at_before == pytest.approx(
            va.nominal_by_region[r] - (f.output * (m.price - m.price_prev)[f.industry])[mine].sum(),
            rel=1e-12,
            abs=1e-12,
        )
    region.produce_aggregate(w, sc)
    np.testing.assert_allclose(acc.volume_growth_by_region, 0.0, atol=1e-14)
    np.testing.assert_allclose(acc.volume_by_region, volume_before, rtol=1e-14)
    moved = reg.gdp / gdp_before - 1.0
    assert (moved[heavy] > 0).all() and (moved[~heavy] < 0).all(), (moved, heavy)


def test_update_capability_misfit_grows_with_the_gap():
    w, sc, _ = small_world(technology={"misfit_penalty": 2.5})
    rd = region.update_capability(w, sc)
    reg, lrn, tau = w.regions, w.learning, w.industries.tech_intensity
    np.testing.assert_allclose(reg.rd_intensity, 100 * rd / reg.gdp)  # start year: nominal = real
    # capability: percentile rank of absorptive capacity, 0 .. 1 in steps of 1/4 for 5 regions
    assert sorted(lrn.capability) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert lrn.capability[np.argmax(reg.absorptive_capacity)] == 1.0
    gap = np.maximum(0.0, tau[None, :] - lrn.capability[:, None])
    np.testing.assert_allclose(lrn.gap, gap)
    assert (gap > 0).any() and (gap == 0).any()
    assert (lrn.misfit[gap > 0] > 1.0).all() and (lrn.misfit[gap == 0] == 1.0).all()
    np.testing.assert_allclose(lrn.misfit[gap > 0] - 1.0, 2.5 * gap[gap > 0])
    # the least capable region misfits every industry with tech intensity above zero
    weakest = int(np.argmin(lrn.capability))
    np.testing.assert_allclose(lrn.misfit[weakest], 1.0 + 2.5 * tau)


def test_rd_effort_follows_income_per_head_since_the_start_and_scales_every_rd_share():
    from nqpf.agents.firms.costs import firm_rd_share

    w, sc, _ = small_world(years=3, technology={"rd_income_elasticity": 0.5})
    reg, fs = w.regions, sc.firms
    ratio = (reg.gdp / reg.population) / reg.gdp_per_head0
    assert np.ptp(ratio) > 0.01  # regions' incomes have moved apart since the start
    region.set_rd_effort(w, sc)
    np.testing.assert_allclose(reg.rd_effort, np.sqrt(ratio), rtol=1e-12)
    # firms' R&D per unit of revenue and the aggregate sector's R&D scale with the effort
    shares = firm_rd_share(w, fs.rd_share_base, fs.rd_share_slope)
    rd = region.update_capability(w, sc)
    reg.rd_effort = np.ones(w.n_regions)
    np.testing.assert_allclose(
        shares,
        firm_rd_share(w, fs.rd_share_base, fs.rd_share_slope) * np.sqrt(ratio)[w.firms.region],
    )
    aggregate = rd - w.flows.rd_by_region
    np.testing.assert_allclose(
        aggregate,
        (region.update_capability(w, sc) - w.flows.rd_by_region) * np.sqrt(ratio),
        atol=1e-9,  # a region whose aggregate R&D is zero up to rounding
    )
    # elasticity 0: the start year's shares, the factor stays exactly 1
    w, sc, _ = small_world(years=3)
    region.set_rd_effort(w, sc)
    assert np.all(w.regions.rd_effort == 1.0)


def test_rd_intensity_is_over_gdp_at_current_prices():
    """R&D is spent at current prices, so its intensity divides by GDP at current prices, not by
    real GDP: after a few years the deflator is no longer 1 and the two differ."""
    w, sc, _ = small_world(years=3)
    assert abs(w.accounts.deflator - 1.0) > 1e-3
    rd = region.update_capability(w, sc)
    reg = w.regions
    np.testing.assert_allclose(reg.rd_intensity, 100 * rd / reg.gdp_nominal, rtol=1e-12)
    assert not np.allclose(reg.rd_intensity, 100 * rd / reg.gdp, rtol=1e-6)


def test_advance_regional_tfp_nelson_phelps_without_innovation():
    tech = {"innovation_elasticity": 0.0, "spillover_rate": 0.0, "catch_up_rate": 0.05}
    # without a world frontier (gap 1: the frontier is the leading region)
    w, sc, rng = small_world(technology=tech | {"world_frontier_gap": 1.0})
    reg = w.regions
    a = reg.tfp.copy()
    region.advance_regional_tfp(w, sc, rng)
    g, h = reg.own_tfp_growth, reg.absorptive_capacity
    np.testing.assert_allclose(reg.tfp_next, (1 + g) * a + 0.05 * h * (a.max() - a))
    lead = int(np.argmax(a))
    assert reg.tfp_next[lead] == pytest.approx((1 + g[lead]) * a[lead])
    # with a world frontier F_0 = output-weighted mean A / gap, growing at g_F a year
    w, sc, rng = small_world(technology=tech | {"world_frontier_gap": 0.4})
    reg = w.regions
    a = reg.tfp.copy()
    reg.world_frontier = float("nan")  # as in the start year: set from this year's A
    region.advance_regional_tfp(w, sc, rng)
    f0 = np.average(a, weights=reg.aggregate_output) / 0.4
    assert f0 > a.max()  # every region, the leader too, catches up to the world frontier
    np.testing.assert_allclose(reg.tfp_next, (1 + g) * a + 0.05 * h * (f0 - a))
    assert reg.world_frontier == pytest.approx(f0 * (1 + sc.technology.world_frontier_growth))


def test_innovation_raises_tfp_with_rd():
    kw = {"technology": {"innovation_elasticity": 0.5, "spillover_rate": 0.0, "catch_up_rate": 0.0}}
    w, sc, _ = small_world(**kw)
    more = copy.deepcopy(w)
    more.regions.rd_share_aggregate = more.regions.rd_share_aggregate * 2.0
    more.flows.rd_by_region = more.flows.rd_by_region * 2.0  # all R&D doubles
    region.advance_regional_tfp(w, sc, np.random.default_rng(5))
    region.advance_regional_tfp(more, sc, np.random.default_rng(5))
    assert (w.regions.tfp_next > w.regions.tfp * (1 + w.regions.own_tfp_growth)).all()
    assert (more.regions.tfp_next > w.regions.tfp_next).all()


def test_textbook_phases():
    w, sc, _ = textbook_world()
    reg, a, s, delta = w.regions, sc.solow.alpha, sc.solow.saving_rate, sc.solow.delta
    reg.capital = np.full(w.n_regions, 900.0)
    reg.labor = np.full(w.n_regions, 16.0)
    reg.tfp = np.full(w.n_regions, 1.5)
    region_textbook.produce_solow(w, sc)
    np.testing.assert_allclose(reg.gdp, 1.5 * 900.0**a * 16.0 ** (1 - a))
    np.testing.assert_allclose(reg.aggregate_output, reg.gdp)
    region_textbook.save_and_invest(w, sc)
    np.testing.assert_allclose(reg.investment, s * reg.gdp)
    k = reg.capital.copy()
    region_textbook.accumulate_capital(w, delta)
    np.testing.assert_allclose(reg.capital, (1 - delta) * k + s * reg.gdp)
    reg.tfp = np.array([1.0, 0.5, 0.8, 1.0, 0.2])
    region_textbook.advance_solow_technology(w, sc)
    phi_h = sc.technology.catch_up_rate * reg.absorptive_capacity
    reg.world_frontier = float("nan")  # as in the start year: set from this year's A
    region_textbook.advance_solow_technology(w, sc)  # ... and advanced to next year's
    region_textbook.advance_solow_technology(w, sc)
    frontier = np.average(reg.tfp, weights=reg.gdp) / sc.technology.world_frontier_gap
    frontier = max(1.0, frontier * (1 + sc.technology.world_frontier_growth))
    np.testing.assert_allclose(
        reg.tfp_next, (1 + reg.own_tfp_growth) * reg.tfp + phi_h * (frontier - reg.tfp)
    )
