"""The finance phases compiled with Numba: banks' credit terms and year close
(:mod:`nqpf.agents.financier`), the funds' stakes (:mod:`nqpf.agents.funds`), the local
governments' bail-outs (:func:`nqpf.agents.government.bail_out`), each one pass over the firms
instead of many NumPy passes and temporaries, and the banks' and governments' books
(``bank_close``, ``budget_close``: one pass over the regions instead of some 30-45 NumPy calls
on 31-element arrays, whose fixed cost is most of theirs). ``compiled_path.compiled(
"finance.<kernel>")`` returns a kernel (``compiled_path.py`` says when); importing this module
imports Numba.

Every kernel does the operations of its NumPy reference in the same order and adds the firms
in row order as ``np.bincount`` does: the same numbers bit for bit. National totals (pairwise
``.sum()`` in NumPy) are left to the caller, which sums the kernel's rows with NumPy. What the reference computes
per industry and then gathers per firm (the banks' slack and momentum factors, with their
``np.exp``) the caller computes per industry in NumPy, as before, and the kernel gathers; so no
transcendental function is evaluated here.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from nqpf.sim.economics.compiled_kernels import NUMPY_ERRORS, np_clip, np_max, np_min


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def under_construction(pipeline, i):  # noqa: ANN001, ANN201 - compiled
    """Row ``i`` of ``FirmArrays.under_construction``: the pipeline's columns added one by one."""
    total = pipeline[i, 0] if pipeline.shape[1] > 0 else 0.0
    for j in range(1, pipeline.shape[1]):
        total += pipeline[i, j]
    return total


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def credit_terms(
    region,
    industry,
    state_owned,
    capital,
    pipeline,
    fund_equity,
    debt,
    protected,
    multiple_less_one,
    slack_factor,
    momentum_factor,
    leverage_scale,
    prudent_weight,
    extrapolation,
    guarantee,
    policy_rate,
    base_spread,
    interest_rate,
):  # noqa: ANN001, ANN201 - compiled
    """Each firm's loan rate of ``financier.set_credit_terms`` into ``interest_rate``, bit for
    bit. Per industry (NumPy, the reference's arithmetic): ``multiple_less_one`` = ``V_s - 1``
    (empty where funds have not valued yet: collateral = book assets), ``slack_factor`` =
    ``1 + 3 max(0, 0.8 - u_s)``, ``momentum_factor`` = ``exp(-6 clip(gR_s, -0.5, 0.5))``;
    ``protected`` the governments' regions x industries table, flat."""
    S = slack_factor.shape[0]
    marked = multiple_less_one.shape[0] == S
    for i in range(region.shape[0]):
        s = industry[i]
        book = capital[i] + under_construction(pipeline, i)
        assets = book
        if marked:
            stake = np_min(fund_equity[i], np_max(book, 0.0))
            assets = np_max(book + stake * multiple_less_one[s], 0.0)
        lev = debt[i] / np_max(assets, 1e-12)
        lev = lev if assets > 0 else 1.0  # (a select, no branch)
        prudent = (lev / leverage_scale) * slack_factor[s]
        risk = prudent_weight * prudent + extrapolation * prudent * momentum_factor[s]
        cover = 1.0 if protected[region[i] * S + s] | state_owned[i] else 0.0
        risk = risk * (1.0 - guarantee * cover)
        interest_rate[i] = policy_rate + base_spread * risk


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def bank_sums(region, interest, bank_loss, compensated, debt, non_performing, leaving, n_regions):  # noqa: ANN001, ANN201, E501 - compiled
    """The sums by region of ``financier.close_banks``, bit for bit: interest, losses on
    firms' loans, compensation, non-performing loans of the firms that stay (``debt x
    (non_performing & ~leaving)``) and the loans of the firms that stay."""
    interest_r, loss_r = np.zeros(n_regions), np.zeros(n_regions)
    compensated_r, npl_r = np.zeros(n_regions), np.zeros(n_regions)
    loans_after = np.zeros(n_regions)
    for i in range(region.shape[0]):
        r = region[i]
        interest_r[r] += interest[i]
        loss_r[r] += bank_loss[i]
        compensated_r[r] += compensated[i]
        stays = not leaving[i]
        npl_r[r] += debt[i] * (1.0 if non_performing[i] and stays else 0.0)
        if stays:
            loans_after[r] += debt[i]
    return interest_r, loss_r, compensated_r, npl_r, loans_after


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def fund_sums(industry, fund_equity, leaving, capital, pipeline, n_industries):  # noqa: ANN001, ANN201 - compiled
    """The sums by industry of ``funds.value_fund_stakes``, bit for bit: the stakes of the
    firms that stay (``fund_equity x ~leaving``), installed capital, capital under
    construction."""
    stakes, installed = np.zeros(n_industries), np.zeros(n_industries)
    building = np.zeros(n_industries)
    for i in range(industry.shape[0]):
        s = industry[i]
        stakes[s] += fund_equity[i] * (0.0 if leaving[i] else 1.0)
        installed[s] += capital[i]
        building[s] += under_construction(pipeline, i)
    return stakes, installed, building


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def bail_out(
    region,
    industry,
    state_owned,
    protected,
    n_industries,
    unified,
    insolvent,
    equity,
    assets,
    floor_share,
    draws,
    protection,
    zombie,
):  # noqa: ANN001, ANN201 - compiled
    """The new zombie flags and exit mask of ``government.bail_out``, bit for bit (the uniform
    ``draws`` are the reference's, drawn by the caller): a firm is kept if insolvent, its
    government can protect it (a protected cell or state-owned, no unified market), its draw is
    below ``protection`` and its equity above ``floor_share`` of assets; a zombie stays one
    while insolvent, above the floor and protectable."""
    n = region.shape[0]
    open_market = not unified
    new_zombie = np.empty(n, np.bool_)
    exit_mask = np.empty(n, np.bool_)
    for i in range(n):
        floor = equity[i] > floor_share * assets[i]
        can = (protected[region[i] * n_industries + industry[i]] | state_owned[i]) & open_market
        bad = insolvent[i]
        keep = bad & can & (draws[i] < protection) & floor  # & not and: no branches
        new_zombie[i] = keep | (zombie[i] & bad & floor & can)
        exit_mask[i] = bad & (not new_zombie[i])
    return new_zombie, exit_mask


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
