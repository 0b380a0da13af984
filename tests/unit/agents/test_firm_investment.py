"""Firms' investment and entry (agents/firms/investment.py)."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from nqpf.agents.firms import investment
from nqpf.sim.economics import markets, rates
from tests.builders import small_world


def test_adaptive_and_extrapolative_expectations():
    w, sc, _ = small_world(firms={"expectations": "adaptive", "expectation_weight": 0.5})
    m = w.markets
    m.expected_price = np.full(w.n_industries, 1.0)
    m.price = np.full(w.n_industries, 0.8)
    investment.update_expectations(w, sc)
    np.testing.assert_allclose(m.expected_price, 0.9)
    x, scx, _ = small_world(firms={"expectations": "extrapolative", "expectation_weight": 0.5})
    x.markets.price_prev = np.full(x.n_industries, 1.0)
    x.markets.price = np.linspace(0.8, 0.02, x.n_industries)
    investment.update_expectations(x, scx)
    expected = np.maximum(x.markets.price + 0.5 * (x.markets.price - 1.0), 0.05)
    np.testing.assert_allclose(x.markets.expected_price, expected)
    assert (
        x.markets.expected_price[0] == pytest.approx(0.7) and x.markets.expected_price[-1] == 0.05
    )
    # a price rising to the cap is not extrapolated past it: no market can pay more
    x.markets.price_prev = np.full(x.n_industries, 2.0)
    x.markets.price = np.full(x.n_industries, markets.PRICE_CAP)
    investment.update_expectations(x, scx)
    np.testing.assert_array_equal(x.markets.expected_price, markets.PRICE_CAP)


def test_invest_and_enter_books_orders_loans_and_entrants():
    w, sc, _ = small_world(finance={"max_firm_share_of_saving": 1.0})
    f = w.firms
    n0, next_id = f.n, w.next_firm_id
    pipeline, debt, fund_eq = f.pipeline.copy(), f.debt.copy(), f.fund_equity.copy()
    ttb = w.industries.time_to_build[f.industry]
    entrants = investment.invest_and_enter(w, sc, np.random.default_rng(0))
    f = w.firms
    assert f.n == n0 + entrants.n and w.flows.entries == entrants.n > 0
    np.testing.assert_array_equal(entrants.id, np.arange(next_id, next_id + entrants.n))
    assert w.next_firm_id == next_id + entrants.n
    inv = f.investment[:n0]
    assert inv.sum() > 0
    # orders are placed in the column that arrives after the industry's time to build
    added = f.pipeline[:n0] - pipeline
    np.testing.assert_allclose(added[np.arange(n0), ttb - 1], inv)
    added[np.arange(n0), ttb - 1] = 0.0
    assert (added == 0).all()
    # loans finance debt_share of what subsidies and funds leave
    sub = w.governments.subsidy_rate[f.region[:n0], f.industry[:n0]]
    fund = (f.fund_equity[:n0] - fund_eq) / np.where(inv > 0, inv, 1.0)
    new_loans = f.debt[:n0] - debt
    np.testing.assert_allclose(
        new_loans, sc.finance.debt_share * np.maximum(0, 1 - sub - fund) * inv, atol=1e-12
    )
    np.testing.assert_allclose(f.subsidy[:n0], sub * inv)
    assert w.flows.new_loans == pytest.approx(new_loans.sum() + entrants.debt.sum())
    assert w.flows.firm_orders == pytest.approx(inv.sum() + entrants.investment.sum())
    # entrants' capital is ordered, not installed; they carry their cell's misfit
    assert (entrants.capital == 0).all() and (entrants.capacity == 0).all()
    np.testing.assert_allclose(entrants.pipeline.sum(axis=1), entrants.investment)
    np.testing.assert_allclose(
        entrants.misfit, w.learning.misfit[entrants.region, entrants.industry]
    )


def test_zombies_and_controlled_industries_do_not_invest():
    w, sc, _ = small_world()
    f = w.firms
    f.zombie = np.arange(f.n) % 3 == 0
    w.central.controlled = np.zeros(w.n_industries, dtype=bool)
    w.central.controlled[1] = True
    blocked = f.zombie | (f.industry == 1)
    entrants = investment.invest_and_enter(w, sc, np.random.default_rng(0))
    inc = w.firms.investment[: w.firms.n - entrants.n]
    assert (inc[blocked] == 0).all() and (inc[~blocked] > 0).any()
    assert not (entrants.industry == 1).any()


def test_a_steady_plan_orders_the_same_every_year():
    """A firm whose pipeline holds the orders of its current plan, ``(g + delta) K`` for each
    of the ``ttb - 1`` years still building, orders ``(g + delta) K`` again, also when it plans
    to grow faster than its industry's trend (no year-to-year cycle of orders); plans that fall
    net what is already building out of the order."""
    w, sc, _ = small_world()
    f, ind, delta = w.firms, w.industries, sc.solow.delta
    w.banks.lending_factor = np.ones(w.n_regions)
    f.pipeline = np.zeros_like(f.pipeline)
    plan = investment.orders_numpy(w, sc)[0]  # nothing building: no overhang
    ttb = ind.time_to_build[f.industry]
    building = np.arange(f.pipeline.shape[1])[None, :] < (ttb - 1)[:, None]
    f.pipeline = np.where(building, plan[:, None], 0.0)
    again = investment.orders_numpy(w, sc)[0]
    trend = (np.maximum(w.markets.demand_growth[f.industry], 0) + delta) * f.capital
    faster = (ttb >= 2) & (plan > 1.05 * trend)
    assert faster.sum() >= 5
    np.testing.assert_allclose(again, plan, rtol=1e-12)
    # twice the plan already building (firms planning to grow): the surplus is netted out,
    # down to no order where plants take two years or more
    f.pipeline = 2.0 * f.pipeline
    netted = investment.orders_numpy(w, sc)[0]
    grows = plan >= delta * f.capital
    surplus = (ttb - 1) * plan
    np.testing.assert_allclose(netted[grows], np.maximum(0.0, plan - surplus)[grows], atol=1e-12)
    assert (netted[grows & (ttb >= 2)] == 0).all() and (netted[grows & (ttb == 1)] > 0).any()


def test_firm_investment_rationed_to_a_share_of_saving():
    w, sc, _ = small_world(finance={"max_firm_share_of_saving": 0.01})
    investment.invest_and_enter(w, sc, np.random.default_rng(0))
    saving = (w.regions.saving_rate * w.regions.gdp_nominal).sum()
    assert w.flows.firm_orders == pytest.approx(0.01 * saving, rel=1e-12)


def test_higher_expected_prices_raise_orders_and_entry():
    w, sc, _ = small_world(finance={"max_firm_share_of_saving": 1.0})
    hot = copy.deepcopy(w)
    hot.markets.price = hot.markets.price * 1.2
    hot.markets.expected_price = hot.markets.expected_price * 1.2
    lam, _ = investment.entry_rates(w, sc)
    investment.update_expectations(hot, sc)
    lam_hot, _ = investment.entry_rates(hot, sc)
    assert (lam_hot >= lam).all() and lam_hot.sum() > lam.sum()
    n0 = w.firms.n
    investment.invest_and_enter(w, sc, np.random.default_rng(0))
    investment.invest_and_enter(hot, sc, np.random.default_rng(0))
    assert hot.firms.investment[:n0].sum() > w.firms.investment[:n0].sum()


def test_entry_rates_zero_without_returns_or_promotion_and_capped():
    w, sc, _ = small_world(firms={"entry_rate": 0.0}, government={"project_attraction": 0.0})
    lam, cell_cost = investment.entry_rates(w, sc)
    assert (lam == 0).all() and (cell_cost > 0).all()
    # tailored governments promote evenly (pace 1, no boost) 50 entrants a priority cell, all
    # of whom build when others carry their losses (soft budgets)
    w2, sc2, _ = small_world(
        government={"project_attraction": 50.0},
        strategy={"mode": "tailored"},
        firms={"soft_budget": 1.0},
    )
    w2.central.controlled = np.zeros(w2.n_industries, dtype=bool)
    w2.central.controlled[0] = True
    lam2, _ = investment.entry_rates(w2, sc2)
    promoted = w2.governments.priorities & (w2.costs.traditional[None, :] == 0)
    promoted[:, 0] = False
    assert promoted.any()
    np.testing.assert_allclose(lam2[promoted], investment.MAX_ENTRANTS_PER_CELL)
    assert (lam2[:, 0] == 0).all()


def test_promoted_investors_build_as_far_as_they_expect_to_run_the_plant():
    """Without soft budgets a promoted cell gets ``attraction x u`` entrants, ``u`` the share of a
    typical entrant's plant dispatched at the expected price: none where it would stand idle; at
    ``soft_budget = 0.5`` half the attraction comes whatever ``u``."""
    counts = {}
    for soft in (0.0, 0.5):
        w, sc, _ = small_world(
            government={"project_attraction": 10.0},
            strategy={"mode": "herding"},
            firms={"soft_budget": soft, "entry_rate": 0.0},
        )
        lam, cell_cost = investment.entry_rates(w, sc)
        pe = w.markets.expected_price[None, :]
        used = markets.used_share(pe, cell_cost, w.costs.spread[None, :])
        promoted = w.governments.priorities & (w.costs.traditional[None, :] == 0)
        expected = np.where(promoted, 10.0 * (soft + (1.0 - soft) * used), 0.0)
        np.testing.assert_allclose(lam, expected, rtol=1e-12)
        counts[soft] = lam[promoted & (used == 0)]
    assert len(counts[0.0]) > 0 and len(counts[0.5]) > 0, "no promoted cell with idle plants"
    assert (counts[0.0] == 0).all() and np.allclose(counts[0.5], 5.0)


def test_a_firm_that_expects_to_run_nothing_orders_nothing():
    """Planned growth is ``u gD + sensitivity x excess``: a plant that would stand idle at the
    expected price does not grow with demand, so with returns below the hurdle it orders nothing."""
    w, sc, _ = small_world()
    f = w.firms
    idle = f.industry == 0
    w.markets.demand_growth = np.where(np.arange(w.n_industries) == 0, 0.3, 0.05)  # a boom
    f.productivity = np.where(idle, 1e-3, f.productivity)  # unit costs 1,000 times the others'
    invest, *_ = investment.orders_numpy(w, sc)
    assert idle.any() and (invest[idle] == 0).all() and invest[~idle].sum() > 0


def test_draw_entrants_balance_sheets():
    w, sc, _ = small_world(government={"project_attraction": 5.0})
    e = investment.draw_entrants(w, sc, np.random.default_rng(4))
    assert e.n > 0
    ttb = w.industries.time_to_build[e.industry]
    np.testing.assert_allclose(e.pipeline[np.arange(e.n), ttb - 1], e.investment)
    sub = w.governments.subsidy_rate[e.region, e.industry]
    fund = np.minimum(sc.finance.fund_share * w.costs.young_tiers[e.industry], 1 - sub)
    np.testing.assert_allclose(
        e.subsidy + e.fund_equity + e.debt / sc.finance.debt_share,
        e.investment * (sub + fund + np.maximum(0, 1 - sub - fund)),
    )
    assert (e.fund_equity[w.costs.traditional[e.industry] > 0] == 0).all()


def test_entrants_pay_their_hurdles_loan_rate_in_their_first_year():
    w, sc, _ = small_world(government={"project_attraction": 5.0})
    e = investment.draw_entrants(w, sc, np.random.default_rng(4))
    fin = sc.finance
    guaranteed = w.governments.protected[e.region, e.industry]
    expected = rates.policy(sc) + fin.base_spread * (1 - fin.implicit_guarantee * guaranteed)
    np.testing.assert_allclose(e.interest_rate, expected)
    assert (e.interest_rate > 0).all()  # before, 0 until the banks' terms of the next year


def test_entrants_are_sized_on_firms_with_plants_not_on_entrants_waiting_for_theirs():
    w, sc, _ = small_world(government={"project_attraction": 5.0})
    trial = investment.draw_entrants(copy.deepcopy(w), sc, np.random.default_rng(4))
    f = w.firms
    # the industry with the most entrants among those with four or more firms with plants
    entrants = np.bincount(trial.industry, minlength=w.n_industries)
    with_capital = np.bincount(f.industry[f.capital > 0], minlength=w.n_industries)
    s = int(np.argmax(np.where(with_capital >= 4, entrants, -1)))
    # most of its firms are entrants still waiting for their plants (no installed capital): all
    # but every fourth of its firms with plants
    rows = np.flatnonzero((f.industry == s) & (f.capital > 0))
    waiting = np.zeros(f.n, dtype=bool)
    waiting[rows[np.arange(len(rows)) % 4 != 0]] = True
    f.capital = np.where(waiting, 0.0, f.capital)
    with_plants = f.capital[(f.industry == s) & (f.capital > 0)]
    e = investment.draw_entrants(w, sc, np.random.default_rng(4))
    new = e.industry == s
    assert new.any() and with_plants.size
    # entrant size = the median of firms with plants x a lognormal draw (mean exp(-0.08 + 0.08))
    size = e.investment[new].mean()
    assert 0.3 * np.median(with_plants) < size < 3.0 * np.median(with_plants), size


def test_promotion_pace_is_even_without_campaigns_and_in_waves_with_them():
    _, sc, _ = small_world()
    assert all(investment.promotion_pace(y, sc) == 1.0 for y in range(2021, 2031))
    waves = sc.model_copy(
        update={
            "government": sc.government.model_copy(update={"campaigns": True, "campaign_years": 2})
        }
    )
    pace = [investment.promotion_pace(y, waves) for y in range(2021, 2031)]
    assert (
        pace == [2.5, 2.5, 0.0, 0.0, 0.0] * 2
    )  # a five-year plan's promotion in its first two years
    assert sum(pace[:5]) == pytest.approx(5.0)  # as much in total as an even pace
