"""Phase 6 of the year: firms form price expectations, order capacity and enter.

Incumbents order capacity when the expected return (after subsidies) beats their hurdle rate;
entrants come where returns beat the hurdle and where priority governments attract projects
(招商引资). Orders arrive after the industry's time to build. All firm investment together is
rationed to a share of national saving.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents import financier
from nqpf.agents.firms.costs import (
    AGGLOMERATION_RATIO_BOUNDS,
    agglomeration,
    capital_cost,
    cell_capacity,
    chain_factor,
    firm_costs,
    median_by_group,
    medians_of_runs,
    rd_share,
)
from nqpf.agents.firms.plans import (
    FUND_AGE_LIMIT,
    fund_share_by_cell,
    planned_growth,
    subsidy_and_fund_shares,
)
from nqpf.agents.firms.state import FirmArrays, empty_firms
from nqpf.sim import random_streams
from nqpf.sim.economics import compiled_path, markets, rates

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World

MIN_EXPECTED_PRICE = 0.05
"""Floor of the extrapolated price expectation [reference = 1]."""
MAX_ENTRANTS_PER_CELL = 50.0
"""Most entrants a region-industry cell can receive in a year (expected value) [count]."""
ENTRY_EXCESS_SCALE = 0.10
"""Excess return at which the market-driven entry rate equals ``firms.entry_rate`` [1/year]."""
ENTRANT_SIZE_LOG_SD = 0.4
"""Log standard deviation of entrants' plant size around the industry's median firm [-]."""
ENTRANT_SIZE_LOG_MEAN = -0.08
"""Log mean of that size factor, -sd^2/2, so that its mean is one [-]."""
ENTRANT_STATE_OWNED_FACTOR = 0.5
"""Entrants are state-owned with this factor times ``firms.state_owned_share`` (new firms are
mostly private) [-]."""


def update_expectations(w: World, sc: Scenario) -> None:
    """Expected price: adaptive ``pe += w (p - pe)`` or extrapolative ``pe = clip(p + w (p -
    p_prev), 0.05, price_cap)``: no price can exceed the cap (7.3), nor can what firms expect."""
    fs, m = sc.firms, w.markets
    if fs.expectations == "adaptive":
        m.expected_price = m.expected_price + fs.expectation_weight * (m.price - m.expected_price)
    else:
        trend = m.price + fs.expectation_weight * (m.price - m.price_prev)
        m.expected_price = np.clip(trend, MIN_EXPECTED_PRICE, markets.PRICE_CAP)


def invest_and_enter(w: World, sc: Scenario, rng: np.random.Generator) -> FirmArrays:
    """Incumbents' capacity orders and the year's entrants, financed by loans, subsidies, fund
    equity and owners' funds; returns the entrants (already appended to ``w.firms``).

    Incumbent order rate: ``g_i = clip(u_i g_s + beta (roi_i / (1 - sub) - hurdle_i), -delta,
    gmax)`` with ``u_i`` the share of its plant the firm expects to run,
    order ``I_i = max(0, (g_i + delta) K_i - overhang_i)`` with ``overhang_i = max(0, B_i -
    (max(g_i, 0) + delta) K_i (ttb_s - 1))`` what is under construction (``B_i``) beyond the
    pipeline its own planned growth keeps, scaled by the bank's lending factor
    to the power of the loan-financed share, then all firm orders rationed to
    ``finance.max_firm_share_of_saving`` of national saving.

    The incumbents' part runs in NumPy (:func:`orders_numpy`, :func:`book_numpy`, the
    reference) or compiled (``sim/economics/compiled_investment.py``, the same numbers bit for
    bit), as ``compiled_path`` says.
    """
    f, fin = w.firms, sc.finance
    update_expectations(w, sc)
    w.flows.firm_debt_open = float(f.debt.sum())
    fast = compiled_path.compiled("investment.orders") is not None
    if fast:
        invest, booking, tables = orders_compiled(w, sc)
    else:
        invest, loan_share, fund, sub = orders_numpy(w, sc)
        tables = None
    entrants = draw_entrants(w, sc, rng, tables)
    # ration firms' total investment to a share of national saving
    saving = float((w.regions.saving_rate * w.regions.gdp_nominal).sum())
    total = invest.sum() + entrants.investment.sum()
    ration = min(1.0, fin.max_firm_share_of_saving * saving / max(total, 1e-12))
    if not fast:
        invest *= ration
    entrants.investment *= ration
    entrants.pipeline *= ration
    entrants.debt *= ration
    entrants.fund_equity *= ration
    entrants.subsidy *= ration
    # finance and book the orders of incumbents
    if fast:
        new_loans, paid_in, orders_r, subsidies_r = book_compiled(w, invest, ration, booking)
    else:
        new_loans, paid_in, orders_r, subsidies_r = book_numpy(w, invest, loan_share, fund, sub)
    fl = w.flows
    fl.new_loans = new_loans.sum() + entrants.debt.sum()
    w.fund.invested = paid_in.sum() + entrants.fund_equity.sum()
    fl.entries = entrants.n
    fl.firm_orders = float(invest.sum() + entrants.investment.sum())
    fl.owner_equity = (
        fl.firm_orders
        - fl.new_loans
        - float(f.subsidy.sum() + entrants.subsidy.sum())
        - w.fund.invested
    )
    fl.firm_orders_by_region = orders_r + np.bincount(
        entrants.region, weights=entrants.investment, minlength=w.n_regions
    )
    fl.investment_subsidies = subsidies_r + np.bincount(
        entrants.region, weights=entrants.subsidy, minlength=w.n_regions
    )
    if entrants.n:
        f.extend(entrants)
    return entrants


def orders_numpy(w: World, sc: Scenario) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Incumbents' unit costs (set on ``w.firms``) and orders before the ration; returns the
    orders, loan shares, fund shares and subsidy rates of the firms (the NumPy reference)."""
    f, ind, m = w.firms, w.industries, w.markets
    fin, delta = sc.finance, sc.solow.delta
    cost = firm_costs(w, sc.technology.agglomeration, m.expected_price)
    f.unit_cost = cost
    industry = f.industry
    ttb = np.take(ind.time_to_build, industry)
    sub, fund = subsidy_and_fund_shares(w, sc)
    growth = planned_growth(w, sc, cost, f.interest_rate, sub, fund)
    # orders net of what is already building beyond what the firm's own plan keeps building
    usual = (np.maximum(growth, 0.0) + delta) * f.capital * (ttb - 1)
    overhang = np.maximum(0.0, f.under_construction - usual)
    invest = np.maximum(0.0, (growth + delta) * f.capital - overhang)
    invest = np.where(f.zombie | np.take(w.central.controlled, industry), 0.0, invest)
    loan_share = fin.debt_share * np.maximum(0.0, 1.0 - sub - fund)
    invest *= np.take(w.banks.lending_factor, f.region) ** loan_share
    return invest, loan_share, fund, sub


def book_numpy(
    w: World, invest: np.ndarray, loan_share: np.ndarray, fund: np.ndarray, sub: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Book the incumbents' rationed orders: pipeline, investment, debt, fund equity and
    subsidies of ``w.firms``; returns the new loans, the fund equity paid in, and by region
    the orders and subsidies (the NumPy reference)."""
    f = w.firms
    ttb = np.take(w.industries.time_to_build, f.industry)
    # each order joins the pipeline column of its arrival year: one gather and one put on the
    # flat pipeline (the same additions as ``pipeline[rows, ttb - 1] += invest``)
    slots = np.arange(0, f.n * f.pipeline.shape[1], f.pipeline.shape[1]) + (ttb - 1)
    np.put(f.pipeline, slots, np.take(f.pipeline, slots) + invest)
    f.investment = invest
    new_loans = loan_share * invest
    f.debt = f.debt + new_loans
    f.fund_equity = f.fund_equity + fund * invest
    f.subsidy = sub * invest
    orders_r = np.bincount(f.region, weights=invest, minlength=w.n_regions)
    subsidies_r = np.bincount(f.region, weights=f.subsidy, minlength=w.n_regions)
    return new_loans, fund * invest, orders_r, subsidies_r


def orders_compiled(w: World, sc: Scenario) -> tuple[np.ndarray, np.ndarray, tuple]:
    """:func:`orders_numpy` by the compiled kernels (the same numbers bit for bit): the tables
    are prepared here at industry and cell level, the firms' arithmetic runs in one pass.
    Returns the orders (in place in ``investment``, the unit costs in ``unit_cost``), the cell
    tables of the booking (subsidy rate, fund and loan share of young and older firms) and
    the tables the entry reads (:func:`entry_rates_compiled`)."""
    f, ind, m, g, c = w.firms, w.industries, w.markets, w.governments, w.costs
    fs, fin, R, S = sc.firms, sc.finance, w.n_regions, w.n_industries
    cells = f.cells(S)
    if S > 1:  # the kernel adds by industry row after row, as NumPy over two or more columns
        ratio = compiled_path.compiled("investment.scale_ratios")(
            cells, f.capacity, R, S, c.scale_reference, *AGGLOMERATION_RATIO_BOUNDS
        )
        agglom = (ratio ** (-sc.technology.agglomeration)).reshape(R, S)  # as ``agglomeration``
    else:  # one industry's column NumPy adds pairwise
        agglom = agglomeration(
            cell_capacity(f, R, S), sc.technology.agglomeration, c.scale_reference
        )
    location = agglom * c.endowment * w.trade.delivery
    sub = g.subsidy_rate
    cell_share, chain = fund_share_by_cell(w, sc), chain_factor(w, m.expected_price)
    fund = [np.minimum(cell_share * young, 1.0 - sub) for young in (True, False)]
    loan = [fin.debt_share * np.maximum(0.0, 1.0 - sub - x) for x in fund]
    lending = [w.banks.lending_factor[:, None] ** x for x in loan]
    by_cell = np.stack([w.learning.cell_learning, location, sub, *fund, *lending]).reshape(7, -1)
    by_industry = np.stack(
        [
            c.base_cost * chain,
            m.expected_price,
            capital_cost(w),
            c.spread,
            m.demand_growth,
            financier.equity_cost_factor(w, sc),
            rd_share(ind.tech_intensity, fs.rd_share_base, fs.rd_share_slope),
        ]
    ).astype(float)
    rd_region = c.rd_scale * w.regions.rd_effort
    compiled_path.compiled("investment.orders")(  # this year's orders replace last year's
        *(f.industry, f.region, cells, f.misfit, f.productivity, f.interest_rate, f.capital),
        *(f.age, f.zombie, f.pipeline, by_industry, ind.time_to_build, w.central.controlled),
        *(rd_region, by_cell, FUND_AGE_LIMIT),
        np.array(
            [sc.solow.delta, fs.hurdle_premium, fs.investment_sensitivity, fs.max_capacity_growth]
        ),
        *(f.unit_cost, f.investment),
    )
    booking = np.stack([sub, *fund, *loan]).reshape(5, -1)
    return f.investment, booking, (agglom, chain, by_industry, by_cell, rd_region)


def book_compiled(
    w: World, invest: np.ndarray, ration: float, booking: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The ration (``invest`` in place) and :func:`book_numpy` by the compiled kernel, the
    firms' pipeline, debt, fund equity and subsidies written in place (the same numbers bit
    for bit)."""
    f, ind = w.firms, w.industries
    if (
        ind.time_to_build.size
        and not 1 <= ind.time_to_build.min() <= ind.time_to_build.max() <= f.pipeline.shape[1]
    ):
        raise ValueError("time_to_build: every industry's must lie in 1..pipeline_years")
    return compiled_path.compiled("investment.book")(
        *(invest, ration, f.industry, f.region, f.cells(w.n_industries), f.age),
        *(ind.time_to_build, booking, FUND_AGE_LIMIT, f.pipeline, f.debt, f.fund_equity),
        f.subsidy,
        w.n_regions,
    )


def entry_rates(w: World, sc: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Expected entrants per region-industry cell this year, and each cell's unit cost.

    ``lambda_rs = entry_rate x max(0, roi_rs / (1 - sub_rs) - hurdle_rs) / 0.10 x sqrt(Y_r / Ybar)
    + project_attraction x pace x promoted_rs x restraint_r x (b + (1 - b) u_rs)``, with
    ``u_rs`` the share of a new plant at the cell's cost dispatched at the expected price and
    ``b`` = ``firms.soft_budget``, capped at
    ``MAX_ENTRANTS_PER_CELL``, zero in controlled industries; the hurdle of young industries is
    ``hurdle x (1 - f_s (1 - 1 / V_s))`` with ``f_s`` the fund share and ``V_s`` the funds' market
    multiple (:func:`financier.equity_cost_factor`).
    """
    fs, gov = sc.firms, sc.government
    c, lrn, m, g, reg = w.costs, w.learning, w.markets, w.governments, w.regions
    cell_cost = (
        c.base_cost[None, :]
        * lrn.cell_learning
        * lrn.misfit
        * agglomeration(
            cell_capacity(w.firms, w.n_regions, w.n_industries),
            sc.technology.agglomeration,
            c.scale_reference,
        )
        * c.endowment
        * w.trade.delivery
        * chain_factor(w, m.expected_price)[None, :]
    )
    k = capital_cost(w)[None, :]
    pe = m.expected_price[None, :]
    shares = rd_share(w.industries.tech_intensity, fs.rd_share_base, fs.rd_share_slope)
    used = markets.used_share(pe, cell_cost, c.spread[None, :])  # a new plant's expected use
    rd_cost = shares[None, :] * (c.rd_scale * reg.rd_effort)[:, None] * pe * used
    roi = (
        markets.operating_surplus(pe, cell_cost, c.spread[None, :]) - rd_cost
    ) / k - sc.solow.delta
    hurdle = rates.loan(sc, g.protected) + fs.hurdle_premium
    # the share funds finance costs 1 / V_s of the hurdle (valuations feed entry)
    fund = np.minimum(fund_share_by_cell(w, sc), 1.0 - g.subsidy_rate)
    hurdle = hurdle * (1.0 - fund * (1.0 - financier.equity_cost_factor(w, sc)[None, :]))
    excess = np.maximum(0.0, roi / (1.0 - g.subsidy_rate) - hurdle)
    size = np.sqrt(reg.gdp / reg.gdp.mean())[:, None]
    restraint = (g.debt <= gov.debt_ceiling * reg.gdp_nominal)[:, None]
    promoted = g.priorities * (1.0 - c.traditional[None, :])  # traditional priorities upgrade
    pace = promotion_pace(w.year, sc)
    # of the investors promotion courts, a share equal to the plant's expected use comes (none
    # where it would stand idle), and all whose losses others carry (soft budget constraints)
    takes = fs.soft_budget + (1.0 - fs.soft_budget) * used
    lam = (
        fs.entry_rate * excess / ENTRY_EXCESS_SCALE * size
        + gov.project_attraction * pace * promoted * restraint * takes
    )
    lam = np.minimum(lam * (~w.central.controlled)[None, :], MAX_ENTRANTS_PER_CELL)
    return lam, cell_cost


def promotion_pace(year: int, sc: Scenario) -> float:
    """Pace of governments' project promotion this year relative to an even pace [x].

    With ``government.campaigns`` every government promotes in campaign waves (运动式招商): all of a
    plan's promotion in its first ``campaign_years``, at ``plan_cycle_years / campaign_years`` the
    even pace, none in the rest; otherwise evenly (1). The timing is an instrument any government
    can use, whatever its strategy."""
    gov, st = sc.government, sc.strategy
    if not gov.campaigns:
        return 1.0
    year_in_plan = (year - st.plan_anchor_year) % st.plan_cycle_years
    campaign = min(gov.campaign_years, st.plan_cycle_years)
    return st.plan_cycle_years / campaign if year_in_plan < campaign else 0.0


def entry_rates_compiled(w: World, sc: Scenario, tables: tuple) -> tuple[np.ndarray, np.ndarray]:
    """:func:`entry_rates` by the compiled kernel (the same numbers bit for bit) from the
    ``tables`` :func:`orders_compiled` prepared this year (the same functions of the same state)."""
    fs, gov, c, g, reg = sc.firms, sc.government, w.costs, w.governments, w.regions
    agglom, chain, by_industry, by_cell, rd_region = tables
    pace = promotion_pace(w.year, sc)
    lam, cell_cost = compiled_path.compiled("investment.entry_table")(
        *(c.base_cost, chain, by_industry, by_cell),
        np.stack([w.learning.misfit, agglom, c.endowment, w.trade.delivery]).reshape(4, -1),
        *(rates.loan(sc, g.protected).ravel(), g.priorities.ravel(), rd_region),
        np.sqrt(reg.gdp / reg.gdp.mean()),
        *(g.debt <= gov.debt_ceiling * reg.gdp_nominal, c.traditional, w.central.controlled),
        np.array(
            [sc.solow.delta, fs.hurdle_premium, fs.entry_rate, ENTRY_EXCESS_SCALE]
            + [gov.project_attraction * pace, MAX_ENTRANTS_PER_CELL, fs.soft_budget]
        ),
    )
    return lam.reshape(agglom.shape), cell_cost.reshape(agglom.shape)


def draw_entrants(
    w: World, sc: Scenario, rng: np.random.Generator, tables: tuple | None = None
) -> FirmArrays:
    """Entrants of the year: Poisson counts per cell, plant size around the industry's median
    firm, productivity drawn like incumbents'; entrant capital is ordered, arriving later
    (``tables``: those of :func:`orders_compiled` on the compiled path, else None)."""
    fs, fin = sc.firms, sc.finance
    ind, f, c, g = w.industries, w.firms, w.costs, w.governments
    S = w.n_industries
    lam, cell_cost = entry_rates(w, sc) if tables is None else entry_rates_compiled(w, sc, tables)
    draws = random_streams.entrant_draws(rng, lam, w.year)  # common random numbers, keyed
    cells = draws.cells
    n = len(cells)
    e = empty_firms(n, c.pipeline_years)
    if n == 0:
        return e
    e.id = np.arange(w.next_firm_id, w.next_firm_id + n, dtype=np.int64)
    e.draw_key = draws.keys
    w.next_firm_id += n
    e.region, e.industry = np.divmod(cells, S)
    default = ind.min_efficient_scale * c.k_per_capacity
    # the median incumbent: an entrant still waiting for its plant has no installed capital
    gather = compiled_path.compiled("investment.grouped_values")
    if gather is None:
        installed = f.capital > 0
        median_cap = median_by_group(f.capital[installed], f.industry[installed], S, default)
    else:  # the same numbers: the same values in the same order, the same partitions
        median_cap = medians_of_runs(*gather(f.capital, f.industry, S, 0.0), default)
    kcap = median_cap[e.industry] * np.exp(ENTRANT_SIZE_LOG_MEAN + ENTRANT_SIZE_LOG_SD * draws.size)
    sd = fs.productivity_sd
    e.productivity = np.exp(-0.5 * sd**2 + sd * draws.productivity)
    e.misfit = np.take(w.learning.misfit, cells)  # the cell's entry, as [region, industry]
    e.state_owned = draws.ownership < ENTRANT_STATE_OWNED_FACTOR * fs.state_owned_share
    e.pipeline[np.arange(n), ind.time_to_build[e.industry] - 1] = kcap
    sub = np.take(g.subsidy_rate, cells)
    fund = np.minimum(np.take(fund_share_by_cell(w, sc), cells), 1.0 - sub)
    e.subsidy = sub * kcap
    e.fund_equity = fund * kcap
    e.debt = fin.debt_share * np.maximum(0.0, 1.0 - sub - fund) * kcap
    e.interest_rate = rates.loan(sc, np.take(g.protected, cells))  # the banks' terms next year
    e.investment = kcap
    e.unit_cost = np.take(cell_cost, cells) / e.productivity
    return e
