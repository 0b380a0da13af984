"""Firms' production: capital coming on line (opening the year), market clearing (phase 7),
hiring and value added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.firms.costs import (
    FIRM_LABOR_CAP,
    capital_cost,
    chain_factor,
    dispatched_reference_costs,
    hire,
    intermediate_per_unit,
    reference_costs,
)
from nqpf.sim.economics import chain, compiled_path, markets, technology
from nqpf.sim.random_streams import standard_normal_by_key

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World


def install_capital(w: World, delta: float) -> None:
    """Opening the year: the oldest pipeline column comes on line, installed capital depreciates.

    ``K_i' = (1 - delta) K_i + P_i0``; capacity adds the arriving capital over the capital cost per
    unit of capacity now (vintage capacity); the pipeline shifts one year; firms age one year.
    """
    f = w.firms
    fused = compiled_path.compiled("production.install_capital")
    if fused is not None:  # the same numbers in one pass, in place (compiled_production.py)
        fused(f.capital, f.capacity, f.pipeline, f.age, f.industry, capital_cost(w), 1.0 - delta)
        return
    arriving = f.pipeline[:, 0]
    f.capital = (1.0 - delta) * f.capital + arriving
    f.capacity = (1.0 - delta) * f.capacity + arriving / capital_cost(w)[f.industry]
    shifted = np.empty_like(f.pipeline)
    shifted[:, :-1] = f.pipeline[:, 1:]
    shifted[:, -1] = 0.0
    f.pipeline = shifted
    f.age += 1


def clear_markets(w: World, sc: Scenario) -> None:
    """7. Each industry's market clears (merit order over plants); firms produce, sell and hire.

    Demand this year is ``D_s(p) = level_s exp(shock_s) p^(-epsilon_s)`` plus, for the upstream
    stage of a chain, what its downstream stages bought (``sim/economics/chain.py``): markets
    clear stage by stage, downstream first, and a downstream firm's gain or loss from the chain
    input's realised price against the price it dispatched on enters its operating surplus.
    Supply is the capacity of plants whose cost is below the price
    (``sim/economics/markets.py``). Unit costs were set in phase 6 (incumbents) and at entry
    (entrants, which have no capacity yet).
    """
    f, ind, m = w.firms, w.industries, w.markets
    capacity = f.capacity
    level = m.demand_trend * np.exp(m.demand_shock)
    stages = chain.clearing_stages(ind.upstream)
    inputs = compiled_path.compiled("production.clearing_inputs")
    if inputs is None:
        spread = w.costs.spread[f.industry]
        c0 = reference_costs(w)  # unit costs at the chain input's reference price
    else:  # the same numbers in one pass
        spread, c0 = inputs(
            f.industry, f.unit_cost, chain_factor(w, m.expected_price), w.costs.spread
        )
    if len(stages) == 1:
        res = _clear(
            f.industry, capacity, f.unit_cost, spread, level, ind.price_elasticity, m.price
        )
        m.derived_demand = np.zeros(w.n_industries)
    else:
        res, m.derived_demand = _clear_by_stage(w, stages, level, spread, c0)
    m.price_prev = m.price
    m.price = res.price
    m.clearing = res
    f.output = res.output
    m.utilization = np.where(
        res.capacity > 0,
        res.supplied / np.maximum(res.capacity, 1e-12),
        0.0,
    )
    settle = compiled_path.compiled("production.sell_and_hire")
    if settle is not None:  # the same numbers in one pass
        theta = chain.theta(ind.upstream_input, w.costs.dispatched_cost0)
        f.revenue, f.labor, f.operating_surplus = settle(
            f.industry,
            f.region,
            res.price,
            res.output,
            c0,
            f.unit_cost,
            spread,
            capacity,
            w.costs.labor_coef,
            w.costs.dispatched_cost0,
            FIRM_LABOR_CAP * w.regions.labor,
            len(stages) > 1,
            theta,
            chain.upstream_price(ind.upstream, res.price),
            chain.upstream_price(ind.upstream, m.expected_price),
        )
        return
    f.revenue = res.price[f.industry] * res.output
    # inputs and workers per unit follow the plants that ran (markets.dispatched_cost_ratio)
    dispatched = c0 * markets.dispatched_cost_ratio(res.output, capacity, spread)
    f.labor = hire(w, res.output, dispatched)
    f.operating_surplus = (
        markets.operating_surplus(res.price[f.industry], f.unit_cost, spread) * capacity
    )
    if len(stages) > 1:
        f.operating_surplus = f.operating_surplus + chain.surplus_correction(
            res.output,
            dispatched,
            np.take(chain.theta(ind.upstream_input, w.costs.dispatched_cost0), f.industry),
            np.take(chain.upstream_price(ind.upstream, res.price), f.industry),
            np.take(chain.upstream_price(ind.upstream, m.expected_price), f.industry),
        )


def _clear_by_stage(
    w: World, stages: list[np.ndarray], level: np.ndarray, spread: np.ndarray, c0: np.ndarray
) -> tuple[markets.Clearing, np.ndarray]:
    """Clear the industries of each stage in turn (``chain.clearing_stages``), each upstream on
    its final demand plus what its downstream stages bought at their clearing (``c0``: each
    firm's unit cost at the chain input's reference price); returns the
    year's clearing of every industry and the derived demand by industry [bn yuan/year].

    The first pass clears every industry on its final demand (industries clear independently,
    so the downstream stages' results are those of a pass without the upstream firms); each
    later stage is cleared again, on its own firms only, with its buyers' purchases added."""
    f, ind, m = w.firms, w.industries, w.markets
    first = _clear(
        f.industry, f.capacity, f.unit_cost, spread, level, ind.price_elasticity, m.price
    )
    price, output = first.price.copy(), first.output.copy()
    demand, total_cap, supplied = first.demand.copy(), first.capacity.copy(), first.supplied.copy()
    rationed = first.rationed.copy()
    derived = np.zeros(w.n_industries)
    gather = compiled_path.compiled("production.stage_rows")
    derive = compiled_path.compiled("production.derived_demand")
    theta = chain.theta(ind.upstream_input, w.costs.dispatched_cost0)
    for stage in stages[1:]:
        in_stage = np.zeros(w.n_industries, dtype=bool)
        in_stage[stage] = True
        if gather is None or derive is None:
            rows = np.flatnonzero(in_stage[f.industry])
            ran = c0 * markets.dispatched_cost_ratio(output, f.capacity, spread)
            table = (ind.upstream, ind.upstream_input, w.costs.dispatched_cost0)
            derived = chain.derived_demand(f.industry, output, ran, *table)
            firms = (f.industry[rows], f.capacity[rows], f.unit_cost[rows], spread[rows])
        else:  # the same numbers, one pass each
            rows, *firms = gather(f.industry, in_stage, f.capacity, f.unit_cost, spread)
            derived = derive(f.industry, output, f.capacity, spread, c0, theta, ind.upstream)
        res = _clear(
            *firms,
            np.where(in_stage, level, 0.0),
            ind.price_elasticity,
            m.price,
            np.where(in_stage, derived, 0.0),
        )
        output[rows] = res.output
        for whole, part in (
            (price, res.price),
            (demand, res.demand),
            (total_cap, res.capacity),
            (supplied, res.supplied),
            (rationed, res.rationed),
        ):
            whole[stage] = part[stage]
    clearing = markets.Clearing(
        price=price,
        output=output,
        demand=demand,
        capacity=total_cap,
        rationed=rationed,
        supplied=supplied,
    )
    return clearing, derived


def _clear(
    industry: np.ndarray,
    capacity: np.ndarray,
    cost: np.ndarray,
    spread: np.ndarray,
    level: np.ndarray,
    elasticity: np.ndarray,
    start: np.ndarray,
    fixed_demand: np.ndarray | None = None,
) -> markets.Clearing:
    """``markets.clear_markets`` (its default cap, tolerance and iterations), or the same
    clearing compiled whole (``compiled_production.clear``) where compiled_path says."""
    fused = compiled_path.compiled("production.clear")
    if fused is None:
        return markets.clear_markets(
            industry,
            capacity,
            cost,
            spread,
            level,
            elasticity,
            start=start,
            fixed_demand=fixed_demand,
        )
    defaults = markets.clear_markets.__kwdefaults__
    fixed = np.zeros(len(level)) if fixed_demand is None else fixed_demand
    terms = np.array([level, elasticity, fixed], dtype=float)
    price, output, demand, total_cap, rationed, supplied = fused(
        industry,
        capacity,
        cost,
        spread,
        terms,
        np.asarray(start, dtype=float),
        defaults["price_cap"],
        defaults["tolerance"],
        defaults["max_iterations"],
    )
    return markets.Clearing(price, output, demand, total_cap, rationed, supplied)


def measure_value_added(w: World) -> None:
    """Firms' value added by double deflation, at current and at previous-year prices (the NBS
    comparable-price method), and the goods price index.

    Each firm uses ``x_i`` intermediate inputs per unit of output (``intermediate_per_unit``),
    valued at the start-year input price 1, except a chain input, valued at its market price
    (``sim/economics/chain.py``). Value added at current prices is ``q_i (p_s,t - x_i,t)``; at
    the previous year's prices ``q_i (p_s,t-1 - x_i,t-1)`` (GDP's chain link, ``agents/region.py``
    ``produce_aggregate``, sums it over industries with the aggregate sector's output). An
    industry's real value added is at start-year prices, ``V_s,t = sum_i q_i (p_s,0 - x_i,0)``
    (fixed base, additive; ``x_i,0`` this year's inputs at start-year prices), not a chain link
    of its own value added, which divides by last year's and drifts when a price war brings it
    near zero (docs/model.md 7.12). Idle capacity adds nothing but the inputs its idle plants
    no longer use (inputs follow the dispatched plants, ``costs.dispatched_reference_costs``),
    and a price cut raises real value added only through the output it sells.
    """
    f, m, va, S = w.firms, w.markets, w.value_added, w.n_industries
    previous = va.nominal_previous_by_industry
    if previous is None:  # the start year: its prices are the real measure's
        va.start_price = m.price.copy()
    start = va.start_price
    fused = compiled_path.compiled("production.value_added")
    if fused is None:
        d = dispatched_reference_costs(w)
        inputs = intermediate_per_unit(w, m.price, d)
        inputs_before = intermediate_per_unit(w, m.price_prev, d)
        price_before = m.price_prev[f.industry]
        current = f.output * (m.price[f.industry] - inputs)  # each firm's, at current prices
        before = f.output * (price_before - inputs_before)  # ... and at last year's
        va.nominal_by_industry = np.bincount(f.industry, weights=current, minlength=S)
        va.at_previous_prices_by_industry = np.bincount(f.industry, weights=before, minlength=S)
        va.at_previous_prices_by_region = np.bincount(
            f.region, weights=before, minlength=w.n_regions
        )
        if previous is not None:
            inputs_start = intermediate_per_unit(w, start, d)
            at_start = np.bincount(
                f.industry, weights=f.output * (start[f.industry] - inputs_start), minlength=S
            )
        quantity = nominal_by_region = None
    else:  # the same numbers in one pass
        (
            va.nominal_by_industry,
            va.at_previous_prices_by_industry,
            quantity,
            nominal_by_region,
            at_start,
            va.at_previous_prices_by_region,
        ) = fused(f.industry, f.region, f.output, m.price, m.price_prev, start, *_input_tables(w))
    if previous is None:
        va.real_by_industry = va.nominal_by_industry.copy()
    else:
        va.real_by_industry = at_start
        if quantity is None:
            quantity = np.bincount(f.industry, weights=f.output, minlength=S)
        at_previous = float((m.price_prev * quantity).sum())
        if at_previous > 0:
            va.goods_price_index *= float((m.price * quantity).sum()) / at_previous
    if nominal_by_region is None:
        nominal_by_region = np.bincount(f.region, weights=current, minlength=w.n_regions)
    va.nominal_by_region = nominal_by_region
    va.by_region = va.nominal_by_region / w.accounts.deflator
    va.nominal = float(va.nominal_by_industry.sum())
    va.nominal_previous_by_industry = va.nominal_by_industry.copy()  # next year's link base


def _input_tables(w: World) -> tuple:
    """The arguments after the prices of ``compiled_production.value_added``: the firms' costs
    and capacity, the spread by industry, and the tables by industry of
    ``costs.intermediate_per_unit`` at this year's, last year's and the start year's prices,
    and the number of regions."""
    f, ind, c, m = w.firms, w.industries, w.costs, w.markets
    share = 1.0 - ind.value_added_share
    firms = (f.unit_cost, f.capacity, c.spread)
    if not (ind.upstream >= 0).any():  # x_i = min(m_s d_i / dbar0_s, d_i)
        tables = [share, c.dispatched_cost0] * 3 + [c.dispatched_cost0]
        return *firms, False, *tables, w.n_regions
    # x_i = min(per_d_s d_i, d_i chain_factor_s); chain_factor (costs.py) is
    # 1 + theta_s (p_u - 1) and p_u chain.upstream_price: the same operations, with what they
    # share (the upstream's rows, theta) computed once instead of per price
    has = ind.upstream >= 0
    rows = np.where(has, ind.upstream, 0)
    theta = chain.theta(ind.upstream_input, c.dispatched_cost0)
    tables = []
    for prices in (m.price, m.price_prev, w.value_added.start_price):
        gap = np.where(has, prices[rows], 1.0) - 1.0  # p_u - 1
        dearer = ind.upstream_input * gap
        tables += [(share + dearer) / c.dispatched_cost0, 1.0 + theta * gap]
    # c0_i = c_i / expected_s (reference_costs): the chain factor at the expected price
    expected = 1.0 + theta * (np.where(has, m.expected_price[rows], 1.0) - 1.0)
    return *firms, True, *tables, expected, w.n_regions


UNIVERSITY_TRANSFER_SCALE = 0.01
"""Productivity gain per unit of ``technology.university_transfer`` x field strength [1/year]."""
NEW_CLUSTER_EXPERIENCE = 0.01
"""A cluster new to an industry starts from this share of the average cluster's start-year
experience, so learning stays finite even without national spillover [share]."""


def improve_productivity(w: World, sc: Scenario, rng: np.random.Generator) -> None:
    """9c. Firm productivity grows with R&D (uncertain success, lower where the industry misfits
    the region), university transfer (产学研) and upgrading programmes (技术改造):
    ``z' = z exp(rd_productivity x rd/revenue x fit x success + transfer + a u^b)``, with ``u`` the
    upgrading spending its government funds relative to the firm's capital [1/year],
    ``a`` = ``government.upgrade_return`` and ``0 < b`` = ``government.upgrade_elasticity < 1``:
    diminishing returns, so doubling a programme raises the gain by ``2^b``, not 2.
    """
    f, tech = w.firms, sc.technology
    knowledge = w.universities.knowledge
    fused = compiled_path.compiled("production.improve_productivity")
    if fused is not None:  # one pass, in place, within 1e-14 (libm's exp)
        gov = sc.government
        fused(
            f.productivity,
            f.industry,
            f.region,
            f.revenue,
            f.rd,
            f.upgrading,
            standard_normal_by_key(rng, f.draw_key),  # the NumPy path's draws
            w.industries.rd_success_sd,
            w.learning.gap,
            w.universities.strength,
            np.sqrt(knowledge / (knowledge.sum() / len(knowledge))),  # .mean()'s bits, cheaper
            sc.firms.rd_productivity,
            tech.university_transfer * UNIVERSITY_TRANSFER_SCALE,
            gov.upgrade_return,
            gov.upgrade_elasticity,
        )
        return
    rd_share = np.where(f.revenue > 0, f.rd / np.maximum(f.revenue, 1e-12), 0.0)
    sd = w.industries.rd_success_sd[f.industry]
    # lognormal success with mean 1, one draw per firm keyed by its draw key (common random numbers)
    success = np.exp(-0.5 * sd**2 + sd * standard_normal_by_key(rng, f.draw_key))
    fit = 1.0 - f.at(w.learning.gap)
    transfer = (
        tech.university_transfer
        * UNIVERSITY_TRANSFER_SCALE
        * f.at(w.universities.strength)
        * np.sqrt(knowledge / knowledge.mean())[f.region]
    )
    gov = sc.government
    upgrade = gov.upgrade_return * np.maximum(f.upgrading, 0.0) ** gov.upgrade_elasticity
    f.productivity = f.productivity * np.exp(
        sc.firms.rd_productivity * rd_share * fit * success + transfer + upgrade
    )


def learn_by_doing(w: World, sc: Scenario) -> None:
    """9d. Wright's law: national ``(X / X0)^(-b)`` on capital and reference costs; local, by
    cluster, ``(E_rs / E0_rs)^(-b)`` with experience ``E = own + w (national - own)`` (national
    spillover ``technology.learning_spillover``)."""
    if not sc.technology.learning:
        return
    lrn = w.learning
    R, S = w.n_regions, w.n_industries
    b = w.costs.wright_b
    lrn.learning_index = (lrn.cumulative_output / lrn.cumulative_output0) ** (-b)
    # the cells' output of the year, the firms that exited at its end included (recorded by
    # settlement before they were removed), as the national cumulative output counts it
    cell_out = w.markets.cell_output.reshape(R, S)
    lrn.cell_experience = lrn.cell_experience + cell_out
    spill = sc.technology.learning_spillover
    exp_now = lrn.cell_experience + spill * (lrn.cumulative_output[None, :] - lrn.cell_experience)
    floor, start = technology.learning_base(  # start-year tables: once per run
        lrn.cell_experience0, lrn.cumulative_output0, spill, NEW_CLUSTER_EXPERIENCE
    )
    lrn.cell_learning = (np.maximum(exp_now, floor) / start) ** (-b[None, :])
