"""Governments' phases (agents/government.py): central rules, plans, budgets, bail-outs,
capacity retirement, closures of traditional plants and the fiscal close."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.agents import government
from nqpf.agents.firms import settlement
from nqpf.sim.economics import strategies
from tests.builders import small_world


def test_central_rules_control_underused_industries():
    w, sc, _ = small_world(central={"capacity_controls": True, "capacity_threshold": 0.7})
    w.markets.utilization = np.linspace(0.5, 0.9, w.n_industries)
    government.update_central_rules(w, sc)
    np.testing.assert_array_equal(w.central.controlled, w.markets.utilization < 0.7)
    assert w.central.controlled.any() and not w.central.controlled.all()
    off, sc_off, _ = small_world(central={"capacity_controls": False})
    off.markets.utilization = np.zeros(off.n_industries)
    government.update_central_rules(off, sc_off)
    assert not off.central.controlled.any()


def test_plan_years_follow_the_cycle_from_the_anchor():
    w, sc, _ = small_world(strategy={"plan_cycle_years": 5, "plan_anchor_year": 2021})
    plan = []
    for year in range(2023, 2033):
        w.year = year
        plan.append(government.is_plan_year(w, sc))
    assert [2023 + i for i, p in enumerate(plan) if p] == [2026, 2031]


def test_tailored_governments_choose_their_best_fit():
    w, sc, rng = small_world(
        strategy={
            "mode": "tailored",
            "info_noise": 0.0,
            "priorities_smallest": 3,
            "priorities_largest": 3,
            "plan_anchor_year": 2024,
        }
    )
    w.year = 2024
    government.plan_priorities(w, sc, rng)
    g = w.governments
    assert (g.priorities.sum(axis=1) == 3).all()
    top = np.argsort(-g.fit, axis=1, kind="stable")[:, :3]
    for r in range(w.n_regions):
        assert set(np.flatnonzero(g.priorities[r])) == set(top[r])
    np.testing.assert_allclose(g.gdp_at_plan, w.regions.gdp)
    # outside plan years nothing changes
    w.year = 2025
    before = g.priorities.copy()
    g.fit = g.fit + 1.0
    government.plan_priorities(w, sc, rng)
    np.testing.assert_array_equal(g.priorities, before)


def _plan(mode, info_noise=0.3, seed=0):
    w, sc, rng = small_world(
        seed=seed, strategy={"mode": mode, "plan_anchor_year": 2024, "info_noise": info_noise}
    )
    w.year = 2024
    government.plan_priorities(w, sc, rng)
    return w.governments.priorities


def _overlap(priorities):
    """Mean share of a government's priorities that another government also chose."""
    p = priorities.astype(float)
    pair = p @ p.T
    n = len(p)
    return (pair.sum() - np.trace(pair)) / (n * (n - 1)) / p.sum(axis=1).mean()


def test_herding_governments_crowd_into_the_same_industries():
    # without information noise every herder ranks the same heat: each picks the top of the same
    # ranking, so a smaller plan is contained in every larger one
    herd = _plan("herding", info_noise=0.0)
    order = np.argsort(herd.sum(axis=1), kind="stable")
    for small, large in zip(order[:-1], order[1:]):
        assert (herd[large] >= herd[small]).all()
    # with noise herders still overlap more than tailored governments do, on every seed
    for seed in range(3):
        assert _overlap(_plan("herding", seed=seed)) > _overlap(_plan("tailored", seed=seed))


def test_plans_grow_with_size_and_capability():
    w, sc, rng = small_world(
        strategy={"mode": "tailored", "plan_anchor_year": 2024, "priorities_smallest": 2}
    )
    w.year = 2024
    government.plan_priorities(w, sc, rng)
    n = w.governments.priorities.sum(axis=1)
    st = sc.strategy
    expected = strategies.priorities_per_plan(
        w.regions.gdp,
        w.learning.capability,
        smallest=2,
        largest=st.priorities_largest,
        scale=1.0,
        n_industries=w.n_industries,
    )
    np.testing.assert_array_equal(n, expected)
    # the biggest and most capable province lists the most, the smallest and least the fewest
    both = strategies.capability(w.regions.gdp) + w.learning.capability
    assert n[np.argmax(both)] == n.max() and n[np.argmin(both)] == n.min() < n.max()
    # the end points of the rule and the lever that scales it
    gdp, capability = np.array([1.0, 2.0, 3.0]), np.array([0.0, 0.5, 1.0])
    for scale, expected_n in ((1.0, [3, 8, 12]), (0.5, [2, 4, 6])):
        got = strategies.priorities_per_plan(
            gdp, capability, smallest=3, largest=12, scale=scale, n_industries=14
        )
        np.testing.assert_array_equal(got, expected_n)


def test_budgets_transfers_from_rich_to_poor():
    w, sc, _ = small_world(central={"transfer_rate": 0.01})
    reg, g = w.regions, w.governments
    government.set_budgets(w, sc)
    t = w.flows.transfers
    assert t.sum() == pytest.approx(0.0, abs=1e-9 * reg.gdp.sum())
    gdp_pc = reg.gdp / reg.population
    rich = gdp_pc > gdp_pc.mean()
    assert (t[rich] < 0).all() and (t[~rich] > 0).all()
    own = sc.government.policy_budget_share * reg.gdp
    np.testing.assert_allclose(g.revenue, own + t)
    assert (-t[rich] <= 0.5 * own[rich] + 1e-12).all()
    # talent subsidy per skilled worker [bn / million = thousand yuan]
    np.testing.assert_allclose(
        g.talent_subsidy * reg.talent, sc.government.talent_budget_share * g.revenue
    )
    np.testing.assert_allclose(
        w.flows.university_budget, sc.government.university_budget_share * g.revenue
    )


def test_budgets_subsidy_rates_priorities_controls_and_restraint():
    w, sc, _ = small_world(government={"subsidy_rate": 0.1, "debt_ceiling": 0.8})
    g = w.governments
    g.herding_propensity = np.array([0.0, 0.9, 0.0, 0.0, 0.0])
    g.debt = np.array([0.1, 0.1, 2.0, 0.1, 0.1]) * w.regions.gdp
    g.priorities = np.ones_like(g.priorities)
    w.central.controlled = np.zeros(w.n_industries, dtype=bool)
    w.central.controlled[-1] = True
    government.set_budgets(w, sc)
    trad = w.costs.traditional > 0
    modern = ~trad & ~w.central.controlled
    np.testing.assert_allclose(
        g.subsidy_rate[:, modern],
        # the same instrument for every strategy: the herder (h = 0.9) gets no boost
        np.array([0.1, 0.1, 0.05, 0.1, 0.1])[:, None] * np.ones(modern.sum()),
    )
    assert (g.subsidy_rate[:, trad] == 0).all() and (g.subsidy_rate[:, -1] == 0).all()
    # traditional priorities fund upgrading at its own rate, halved by the same debt restraint
    up = sc.government.upgrade_funding_rate
    np.testing.assert_allclose(g.upgrade_rate[0, trad], up)
    np.testing.assert_allclose(g.upgrade_rate[2, trad], 0.5 * up)
    assert (g.upgrade_rate[:, ~trad] == 0).all()


def _settlement_with_insolvent(w, sc):
    f = w.firms
    s = settlement.book_results(w, sc)
    s.assets = np.maximum(s.assets, 1.0)
    # every other firm is mildly insolvent (equity -10 % of assets, above the zombie floor)
    s.equity = np.where(np.arange(f.n) % 2 == 0, -0.1 * s.assets, 0.5 * s.assets)
    s.insolvent = s.equity < 0
    return s


@pytest.mark.parametrize("protection", [0.0, 1.0])
def test_bail_out_local_protection(protection):
    w, sc, rng = small_world(government={"local_protection": protection})
    f = w.firms
    f.zombie = np.zeros(f.n, dtype=bool)
    w.governments.protected = np.zeros_like(w.governments.protected)
    w.governments.protected[:, :3] = True
    s = _settlement_with_insolvent(w, sc)
    government.bail_out(w, sc, rng, s)
    protectable = w.governments.protected[f.region, f.industry] | f.state_owned
    if protection == 0.0:
        assert not f.zombie.any()
        np.testing.assert_array_equal(s.exit_mask, s.insolvent)
    else:
        np.testing.assert_array_equal(f.zombie, s.insolvent & protectable)
        np.testing.assert_array_equal(s.exit_mask, s.insolvent & ~protectable)
    assert (s.insolvent & protectable).any() and (s.insolvent & ~protectable).any()


def test_bail_out_ends_below_the_equity_floor_and_in_a_unified_market():
    w, sc, rng = small_world(government={"local_protection": 1.0})
    f = w.firms
    f.state_owned = np.ones(f.n, dtype=bool)
    s = _settlement_with_insolvent(w, sc)
    s.equity = np.where(s.insolvent, -0.6 * s.assets, s.equity)  # below the floor of -50 %
    government.bail_out(w, sc, rng, s)
    assert not f.zombie.any() and (s.exit_mask == s.insolvent).all()
    u, scu, rngu = small_world(
        government={"local_protection": 1.0}, central={"unified_market": True}
    )
    u.firms.state_owned = np.ones(u.firms.n, dtype=bool)
    su = _settlement_with_insolvent(u, scu)
    government.bail_out(u, scu, rngu, su)
    assert not u.firms.zombie.any()


def test_retire_controlled_capacity_takes_the_costliest_plants():
    w, sc, _ = small_world(central={"retirement_rate": 0.3})
    f = w.firms
    s = settlement.book_results(w, sc)
    settlement.find_distress(w, s)
    s.exit_mask = np.zeros(f.n, dtype=bool)
    w.central.controlled = np.zeros(w.n_industries, dtype=bool)
    target = int(np.bincount(f.industry).argmax())
    w.central.controlled[target] = True
    rows = f.industry == target
    # the costliest firm's plants, a fifth of the industry's assets, are still being built:
    # they count within the quota
    costliest = np.flatnonzero(rows)[f.unit_cost[rows].argmax()]
    f.capital[costliest] = 0.0
    f.pipeline[costliest] = 0.0
    f.pipeline[costliest, -1] = 0.25 * f.assets[rows].sum()
    government.retire_controlled_capacity(w, sc, s)
    assert not s.retired[~rows].any() and s.retired[costliest]
    assets = f.assets
    retired = assets[s.retired].sum()
    assert 0 < retired <= 0.3 * assets[rows].sum()
    # every retired firm costs more than every kept firm of the industry
    assert f.unit_cost[s.retired].min() >= f.unit_cost[rows & ~s.retired].max()
    # the next-costliest firm would have crossed the 30 % limit
    nxt = f.unit_cost[rows & ~s.retired].argmax()
    assert retired + assets[rows & ~s.retired][nxt] > 0.3 * assets[rows].sum()


def test_close_traditional_plants_scraps_a_share_of_capacity():
    w, sc, _ = small_world(government={"traditional_exit_rate": 0.2, "traditional_exit_years": 5})
    f = w.firms
    s = settlement.book_results(w, sc)
    settlement.find_distress(w, s)
    s.exit_mask = np.zeros(f.n, dtype=bool)
    s.retired = np.zeros(f.n, dtype=bool)
    k, cap = f.capital.copy(), f.capacity.copy()
    trad = w.costs.traditional[f.industry] > 0
    government.close_traditional_plants(w, sc, s)
    np.testing.assert_allclose(f.capital, np.where(trad, 0.8 * k, k))
    np.testing.assert_allclose(f.capacity, np.where(trad, 0.8 * cap, cap))
    assert w.flows.closed_capital == pytest.approx(0.2 * k[trad].sum())
    np.testing.assert_allclose(s.equity, f.assets - f.debt)
    w.year = w.start_year + 5  # after the closure years nothing closes
    government.close_traditional_plants(w, sc, s)
    assert w.flows.closed_capital == 0.0


def test_close_budgets_debt_accumulates_deficits():
    w, sc, _ = small_world()
    g, gov, reg = w.governments, sc.government, w.regions
    government.set_budgets(w, sc)
    s = settlement.book_results(w, sc)
    s.compensated = np.zeros(w.firms.n)
    s.compensated[:2] = 1.5
    debt, spending = g.debt.copy(), g.spending.copy()
    government.close_budgets(w, sc, s)
    zombie = np.bincount(w.firms.region, weights=s.zombie_support, minlength=w.n_regions)
    rd = np.bincount(w.firms.region, weights=s.rd_subsidy, minlength=w.n_regions)
    np.testing.assert_allclose(g.subsidies, w.flows.investment_subsidies + rd + zombie)
    # the fiscal rule: debt above the warning line is consolidated, infrastructure first
    warning = gov.debt_warning_ratio * gov.fiscal_revenue_share
    cut = gov.debt_response * np.maximum(0.0, debt - warning * reg.gdp_nominal)
    assert (cut > 0).any()
    planned = gov.infrastructure_borrowing * reg.gdp_nominal
    infrastructure = np.maximum(0.0, planned - cut)
    np.testing.assert_allclose(w.flows.infrastructure, infrastructure)
    np.testing.assert_allclose(w.flows.consolidation, cut)
    # interest in model units is the real rate on the nominal debt (Fisher)
    real = (1 + gov.debt_rate) / (1 + sc.macro.inflation) - 1
    expected_spending = spending + g.subsidies + real * debt + infrastructure
    np.testing.assert_allclose(g.spending, expected_spending)
    # no deposits at the start: a deficit is borrowed, a share from the bank (LGFV loans); a
    # surplus repays debt; nothing is floored away
    deficit = w.flows.local_deficit
    np.testing.assert_allclose(deficit, expected_spending - g.revenue)
    np.testing.assert_allclose(g.debt - g.assets, debt + deficit)
    short = deficit > 0
    assert short.any()
    np.testing.assert_allclose(
        (g.bank_held - w.flows.lgfv_before)[short], gov.bank_held_share * deficit[short]
    )
    assert w.central.spending == pytest.approx(3.0)


def test_surpluses_repay_debt_and_then_become_deposits():
    w, sc, _ = small_world()
    g, fl = w.governments, w.flows
    government.set_budgets(w, sc)
    s = settlement.book_results(w, sc)
    s.compensated = np.zeros(w.firms.n)
    debt = g.debt.copy()
    g.revenue = g.revenue + np.array([0.0, 0.5, 2.0, 2.0, 0.0]) * debt  # windfalls
    government.close_budgets(w, sc, s)
    surplus = -fl.local_deficit
    assert surplus[1] > 0 and surplus[1] < debt[1]  # repays part of its debt, pro rata
    assert g.debt[1] == pytest.approx(debt[1] - surplus[1])
    assert g.bank_held[1] / g.debt[1] == pytest.approx(fl.lgfv_before[1] / debt[1])
    for r in (2, 3):  # repays all its debt; the rest is a deposit, not lost
        assert g.debt[r] == 0.0 and g.bank_held[r] == 0.0
        assert g.assets[r] == pytest.approx(surplus[r] - debt[r])
    np.testing.assert_allclose(g.debt - g.assets, debt + fl.local_deficit)
    # next year the deposit earns interest and pays for a deficit before any borrowing
    assets = g.assets.copy()
    government.set_budgets(w, sc)
    government.close_budgets(w, sc, s)
    rate = (1 + sc.finance.policy_rate - sc.finance.deposit_spread) / (1 + sc.macro.inflation) - 1
    assert fl.gov_deposit_interest == pytest.approx(rate * assets.sum())
    np.testing.assert_allclose(g.debt - g.assets, fl.debt_before - assets + fl.local_deficit)


def test_debt_stress_restrains_subsidies_and_turns_lgfv_loans_bad():
    w, sc, _ = small_world(government={"stress_threshold": 0.1, "lgfv_loss_rate": 0.2})
    g, gov, reg, fl = w.governments, sc.government, w.regions, w.flows
    # region 0 at 1.5x, region 1 at 2.5x the stress threshold; the others below it
    stress = np.array([1.5, 2.5, 0.5, 0.5, 0.5]) * gov.stress_threshold
    g.debt = stress * gov.fiscal_revenue_share * reg.gdp / gov.debt_rate
    g.bank_held = gov.bank_held_share * g.debt
    g.priorities = np.ones_like(g.priorities)
    w.central.controlled = np.zeros_like(w.central.controlled)
    government.set_budgets(w, sc)
    np.testing.assert_allclose(g.stress, stress)
    rates = (g.subsidy_rate + g.upgrade_rate).max(axis=1)
    np.testing.assert_allclose(rates, gov.subsidy_rate * np.array([0.5, 0.5, 1, 1, 1]))
    s = settlement.book_results(w, sc)
    s.compensated = np.zeros(w.firms.n)
    lgfv = g.bank_held.copy()
    government.close_budgets(w, sc, s)
    np.testing.assert_allclose(fl.lgfv_bad, np.array([0.5, 1.0, 0, 0, 0]) * lgfv)
    np.testing.assert_allclose(fl.lgfv_written_off, 0.2 * fl.lgfv_bad)
    # the write-off is debt relief: net debt changes by the deficit less the write-off
    np.testing.assert_allclose(
        g.debt - g.assets,
        fl.debt_before - fl.local_assets_before + fl.local_deficit - fl.lgfv_written_off,
    )


def test_central_government_issues_bonds_for_its_spending():
    w, sc, _ = small_world()
    c, fl = w.central, w.flows
    c.debt, c.spending = 100.0, 7.0
    government.close_central(w, sc)
    real = (1 + sc.government.debt_rate) / (1 + sc.macro.inflation) - 1
    assert fl.central_interest == pytest.approx(real * 100.0)
    assert c.debt == pytest.approx(107.0 + fl.central_interest)
    assert fl.central_deficit == pytest.approx(7.0 + fl.central_interest)
