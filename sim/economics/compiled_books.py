"""The yearly books of the governments, banks and funds compiled with Numba: one pass over the
regions (or industries) instead of some 15-45 NumPy calls on 31- or 15-element arrays, whose
fixed cost is most of what they cost. The governments' budgets and fiscal close
(:mod:`nqpf.agents.government`: ``budget_rates``, ``budget_close``), the banks' close after the
sums over firms (:func:`nqpf.agents.financier.close_banks`: ``bank_close``) and the funds'
marks (:mod:`nqpf.agents.funds`: ``fund_marks``, ``fund_extrapolation``).
``compiled_path.compiled("books.<kernel>")`` returns a kernel (``compiled_path.py`` says when);
importing this module imports Numba.

Every kernel does the operations of its NumPy reference in the same order, with
``compiled_kernels``' ``np_max``, ``np_min`` and ``np_clip`` for NumPy's ``maximum``,
``minimum`` and ``clip``: the same numbers bit for bit. What is not plain arithmetic stays
NumPy's and is the caller's: the national totals (pairwise ``.sum()``, over the rows the
kernels return), powers, logs and exps.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from nqpf.sim.economics.compiled_finance import bank_sums, fund_sums
from nqpf.sim.economics.compiled_kernels import NUMPY_ERRORS, np_clip, np_max, np_min


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def budget_close(
    investment_subsidies,
    rd_subsidies,
    zombie_support,
    debt,
    bank_held,
    assets,
    revenue,
    spending,
    stress,
    gdp_nominal,
    debt_rate,
    deposit_rate,
    warning,
    response,
    infrastructure_share,
    threshold,
    threshold_scale,
    loss_rate,
    bank_share,
):  # noqa: ANN001, ANN201 - compiled
    """The local governments' fiscal close of ``government.close_budgets`` (with
    ``public_debt``'s consolidation, rule, non-performing share and deficit financing), one
    region at a time, bit for bit: the same operations in the same order. ``warning`` is the
    warning ratio x the fiscal revenue share, ``threshold_scale`` = ``max(threshold, 1e-12)``.
    Returns one array, regions in columns; rows 0-4 are the terms of the reference's national
    sums (interest on LGFV loans, all interest, deposit interest, revenue raised, purchases),
    rows 5-18 its new arrays: subsidies, consolidation, infrastructure, spending, revenue, debt,
    LGFV loans and deposits before, bad LGFV loans, their write-off, the deficit, and the new
    LGFV loans, deposits and debt."""
    n = debt.shape[0]
    t = np.empty((19, n))
    keep_bonds = 1.0 - bank_share
    for i in range(n):
        interest = debt_rate * debt[i]
        deposit_interest = deposit_rate * assets[i]
        cut = response * np_max(0.0, debt[i] - warning * gdp_nominal[i])
        planned = infrastructure_share * gdp_nominal[i]
        infrastructure = np_max(0.0, planned - cut)
        raised = cut - (planned - infrastructure)
        subsidies = investment_subsidies[i] + rd_subsidies[i] + zombie_support[i]
        new_spending = spending[i] + subsidies + interest + infrastructure
        new_revenue = revenue[i] + raised + deposit_interest
        bad = np_clip((stress[i] - threshold) / threshold_scale, 0.0, 1.0) * bank_held[i]
        written_off = loss_rate * bad
        deficit = new_spending - new_revenue
        # public_debt.finance_deficit on bonds, LGFV loans less the write-off, deposits
        bonds = debt[i] - bank_held[i]
        loans = bank_held[i] - written_off
        short = np_max(deficit, 0.0)
        drawn = np_min(assets[i], short)
        borrowed = short - drawn
        surplus = np_max(-deficit, 0.0)
        owed = bonds + loans
        repaid = np_min(surplus, owed)
        kept = 1.0 - repaid / owed if owed > 0 else 1.0
        new_bonds = bonds * kept + keep_bonds * borrowed
        new_loans = loans * kept + bank_share * borrowed
        t[0, i] = debt_rate * bank_held[i]
        t[1, i] = interest
        t[2, i] = deposit_interest
        t[3, i] = raised
        t[4, i] = spending[i] + infrastructure
        t[5, i] = subsidies
        t[6, i] = cut
        t[7, i] = infrastructure
        t[8, i] = new_spending
        t[9, i] = new_revenue
        t[10, i] = debt[i]
        t[11, i] = bank_held[i]
        t[12, i] = assets[i]
        t[13, i] = bad
        t[14, i] = written_off
        t[15, i] = deficit
        t[16, i] = new_loans
        t[17, i] = assets[i] - drawn + (surplus - repaid)
        t[18, i] = new_bonds + new_loans
    return t


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def bank_close(
    region,
    interest,
    bank_loss,
    compensated,
    debt,
    non_performing,
    leaving,
    loans,
    gov_loans,
    capital,
    bank_held,
    lgfv_bad,
    lgfv_written_off,
    lgfv_rate,
    deposit_rate,
    bank_cost,
    target,
    ceiling,
    payout,
    requirement,
):  # noqa: ANN001, ANN201 - compiled
    """``financier.close_banks`` whole, bit for bit: the sums over firms of :func:`bank_sums`,
    then each bank's books in the reference's operations and order (``target`` the initial
    capital ratio, ``ceiling`` = 2 target - requirement, ``payout`` the dividend payout).
    Returns one array, regions in columns: rows 0-4 the terms of the reference's national sums
    (losses on firms' loans, compensation, deposit interest, operating cost, recapitalisation),
    rows 5-16 its new arrays: LGFV loans before, interest on them, interest income, losses,
    NPLs, capital before, funding cost, dividends, capital, loans before, loans and LGFV loans
    after."""
    n = loans.shape[0]
    income, loss_firms, compensation, npl_firms, loans_after = bank_sums(
        region, interest, bank_loss, compensated, debt, non_performing, leaving, n
    )
    t = np.empty((17, n))
    for r in range(n):
        lgfv_interest = lgfv_rate * gov_loans[r]
        interest_income = income[r] + lgfv_interest
        losses = loss_firms[r] - compensation[r] + lgfv_written_off[r]
        lent = loans[r] + gov_loans[r]
        deposit_interest = deposit_rate * (lent - capital[r])
        operating = bank_cost * lent
        funding = deposit_interest + operating
        profit = interest_income - funding - losses
        gov_after = bank_held[r]
        after_profit = capital[r] + profit
        total = loans_after[r] + gov_after
        room = np_max(0.0, after_profit - target * total)
        above_ceiling = np_max(0.0, after_profit - ceiling * total)
        dividends = np_min(np_max(payout * np_max(profit, 0.0), above_ceiling), room)
        after_dividends = after_profit - dividends
        shortfall = np_max(0.0, requirement * total - after_dividends)
        t[0, r] = loss_firms[r]
        t[1, r] = compensation[r]
        t[2, r] = deposit_interest
        t[3, r] = operating
        t[4, r] = shortfall
        t[5, r] = gov_loans[r]
        t[6, r] = lgfv_interest
        t[7, r] = interest_income
        t[8, r] = losses
        if lgfv_bad[r] - lgfv_written_off[r] > gov_after:  # cured by repayment: at most the stock
            t[9, r] = npl_firms[r] + gov_after
        else:
            t[9, r] = npl_firms[r] + lgfv_bad[r] - lgfv_written_off[r]
        t[10, r] = capital[r]
        t[11, r] = funding
        t[12, r] = dividends
        t[13, r] = after_dividends + shortfall
        t[14, r] = loans[r]
        t[15, r] = loans_after[r]
        t[16, r] = gov_after
    return t


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def budget_rates(
    own,
    transfers,
    talent,
    gdp_nominal,
    debt,
    priorities,
    controlled,
    traditional,
    talent_share,
    university_share,
    fiscal_share,
    debt_rate,
    debt_ceiling,
    stress_threshold,
    subsidy_rate,
    upgrade_funding_rate,
    restraint_factor,
    max_subsidy,
    unified,
):  # noqa: ANN001, ANN201 - compiled
    """``government.set_budgets`` after the transfers, one region at a time, bit for bit: the
    budgets, the debt stress and the subsidy tables. Returns the regions' revenue, spending,
    subsidies, talent subsidy, university budget and stress (rows of one array) and the
    regions x industries upgrading and investment subsidy rates and protected flags."""
    n, S = own.shape[0], traditional.shape[0]
    t = np.empty((6, n))
    upgrade_rate, rate = np.empty((n, S)), np.empty((n, S))
    protected = np.empty((n, S), np.bool_)
    for r in range(n):
        revenue = own[r] + transfers[r]
        talent_budget = talent_share * revenue
        university = university_share * revenue
        stress = debt_rate * debt[r] / np_max(fiscal_share * gdp_nominal[r], 1e-12)
        stressed = (debt[r] > debt_ceiling * gdp_nominal[r]) | (stress > stress_threshold)
        restraint = restraint_factor if stressed else 1.0
        capped = np_min(subsidy_rate * restraint, max_subsidy)
        upgrade = np_min(upgrade_funding_rate * restraint, max_subsidy)
        t[0, r] = revenue
        t[1, r] = 0.0 + talent_budget + university
        t[2, r] = 0.0
        t[3, r] = talent_budget / np_max(talent[r], 1e-9)
        t[4, r] = university
        t[5, r] = stress
        for s in range(S):
            allowed = 1.0 if priorities[r, s] and not controlled[s] else 0.0
            upgrade_rate[r, s] = upgrade * allowed * traditional[s]
            rate[r, s] = capped * allowed * (1.0 - traditional[s])
            protected[r, s] = priorities[r, s] and not unified
    return t, upgrade_rate, rate, protected


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def fund_marks(
    industry,
    fund_equity,
    leaving,
    capital,
    pipeline,
    profit_rate,
    profit_rate0,
    utilization,
    decay,
    growth,
    delta,
    min_return,
    low,
    high,
):  # noqa: ANN001, ANN201 - compiled
    """The funds' sums of :func:`fund_sums`, then by industry the anchor and fundamental
    multiples of ``funds.value_fund_stakes`` (with ``_supply_factor``), bit for bit;
    ``decay`` = ``(1 - delta) ** T_s`` and ``growth`` = ``(1 + g_s) ** T_s`` come from NumPy
    (powers stay NumPy's), ``low, high`` = ``FUNDAMENTAL_BOUNDS``. Returns rows: the stakes,
    anchor, fundamental multiple and the stakes' fundamental values (terms of a sum)."""
    S = profit_rate.shape[0]
    stakes, installed, building = fund_sums(industry, fund_equity, leaving, capital, pipeline, S)
    t = np.empty((4, S))
    for s in range(S):
        anchor = np_clip(
            (profit_rate[s] + delta) / np_max(profit_rate0[s] + delta, min_return), low, high
        )
        u = utilization[s]
        future = installed[s] * decay[s] + building[s]
        expected = np_min(1.0, u * growth[s] * installed[s] / np_max(future, 1e-12))
        supply = expected / np_max(u, 1e-12) if (u > 0) & (installed[s] > 0) else 1.0
        fundamental = np_clip(anchor * supply, low, high)
        t[0, s] = stakes[s]
        t[1, s] = anchor
        t[2, s] = fundamental
        t[3, s] = stakes[s] * fundamental
    return t


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def fund_extrapolation(
    revenue_growth,
    expected_growth,
    last_change,
    log_v,
    log_anchor,
    momentum,
    feedback,
    pull,
    weight,
    news_low,
    news_high,
    log_low,
    log_high,
):  # noqa: ANN001, ANN201 - compiled
    """One year of ``funds._extrapolate`` by industry, bit for bit, between NumPy's logs
    (``log_v`` = ln V_s, ``log_anchor`` = ln A_s) and its exp of the new ln V_s: returns rows
    new ln V_s, its change and the new expected growth."""
    S = log_v.shape[0]
    t = np.empty((3, S))
    for s in range(S):
        expected = expected_growth[s]
        surprise = np_clip(revenue_growth[s] - expected, news_low, news_high)
        change = momentum * surprise + feedback * last_change[s] - pull * (log_v[s] - log_anchor[s])
        new_log_v = np_clip(log_v[s] + change, log_low, log_high)
        t[0, s] = new_log_v
        t[1, s] = new_log_v - log_v[s]
        t[2, s] = expected + weight * (revenue_growth[s] - expected)
    return t
