"""The firms' settlement (``agents/firms/settlement.py``) compiled with Numba: one pass over the
firms per phase, with the per-region and per-industry sums (``np.bincount``, which adds in firm
order) in the same loop. ``compiled_path.compiled("settlement.<kernel>")`` returns a kernel
here, where the compiled path runs (``compiled_path.py``); importing this module imports Numba.

Every kernel does the operations of its NumPy reference in the same order, so gives the same
numbers bit for bit. Firms come in runs of one region (and industry): a kernel keeps a run's
sums in local variables, starting from the bin's sum so far and storing it back when the run
ends, which adds the same terms in the same order as ``np.bincount``, without a load and a
store per firm. The national totals that the reference takes with ``.sum()`` (NumPy sums
pairwise, not in firm order) are not summed here: the kernels write the terms into rows of a
``scratch`` array and the caller sums each row with NumPy, as the reference does.
"""

from __future__ import annotations

import numpy as np
from numba import njit

NUMPY_ERRORS = "numpy"
"""Numba's error model: a division by zero gives inf or NaN as in NumPy."""


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def _max0(x):  # noqa: ANN001, ANN202
    """``np.maximum(0.0, x)`` for one number: NaN stays NaN."""
    return 0.0 if 0.0 > x else x


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def book(  # noqa: PLR0913, PLR0917
    industry,  # noqa: ANN001
    region,  # noqa: ANN001
    revenue,  # noqa: ANN001
    capital,  # noqa: ANN001
    pipeline,  # noqa: ANN001
    debt,  # noqa: ANN001
    interest_rate,  # noqa: ANN001
    zombie,  # noqa: ANN001
    surplus,  # noqa: ANN001
    subsidy,  # noqa: ANN001
    shares,  # noqa: ANN001
    region_scale,  # noqa: ANN001
    priorities,  # noqa: ANN001
    upgrade_rate,  # noqa: ANN001
    rd_subsidy_rate,  # noqa: ANN001
    delta,  # noqa: ANN001
    leverage,  # noqa: ANN001
    kept,  # noqa: ANN001
    n_regions,  # noqa: ANN001
):  # noqa: ANN201
    """:func:`nqpf.agents.firms.settlement.book_results` for every firm, in one pass; bit for
    bit.

    ``shares`` is ``costs.rd_share`` by industry, ``region_scale`` the regions' ``rd_scale x
    rd_effort``, ``priorities`` and ``upgrade_rate`` the governments' region x industry tables,
    ``kept = 1 - PAYOUT``. Returns the firms' new ``rd, upgrading, profit, subsidy, debt``, the
    settlement's ``interest, rd_subsidy, zombie_support, cash, repaid, capitalised, assets,
    equity``, ``by_region`` (regions in columns, each ``np.bincount`` in firm order): R&D,
    R&D subsidies and zombie support (rows 0-2), and ``scratch``, whose rows are the terms of
    the reference's national sums: operating surplus less R&D, and payouts."""
    n = industry.shape[0]
    rd, upgrading, profit = np.empty(n), np.empty(n), np.empty(n)
    new_subsidy, new_debt = np.empty(n), np.empty(n)
    interest, rd_sub, support = np.empty(n), np.empty(n), np.empty(n)
    cash, repaid, capitalised = np.empty(n), np.empty(n), np.empty(n)
    assets, equity = np.empty(n), np.empty(n)
    scratch = np.empty((2, n))
    by_region = np.zeros((3, n_regions))
    cur, a0, a1, a2 = -1, 0.0, 0.0, 0.0
    for i in range(n):
        s, r = industry[i], region[i]
        if r != cur:  # a run of one region's firms: its sums in registers (module doc)
            if cur >= 0:
                by_region[0, cur], by_region[1, cur], by_region[2, cur] = a0, a1, a2
            cur = r
            a0, a1, a2 = by_region[0, r], by_region[1, r], by_region[2, r]
        rd[i] = shares[s] * region_scale[r] * revenue[i]
        a0 += rd[i]
        sub = rd_subsidy_rate * rd[i] * (1.0 if priorities[r, s] else 0.0)
        upgrade = upgrade_rate[r, s] * delta * capital[i]
        k = capital[i]
        upgrading[i] = upgrade / (k if k >= 1e-12 else 1e-12) if k > 0 else 0.0
        sub = sub + upgrade
        rd_sub[i] = sub
        due = interest_rate[i] * debt[i]
        interest[i] = due
        support[i] = due if zombie[i] else 0.0
        a1 += sub
        a2 += support[i]
        c = surplus[i] - rd[i] + sub - due + support[i]
        cash[i] = c
        profit[i] = c - delta * k
        new_subsidy[i] = subsidy[i] + sub + support[i]
        built = pipeline[i, 0]
        for j in range(1, pipeline.shape[1]):
            built += pipeline[i, j]
        a = k + built
        assets[i] = a
        above = _max0(debt[i] - leverage * a)
        cap = kept * c
        repay = (cap if above > cap else above) if c > 0 else 0.0
        short = -c if c < 0 else 0.0
        repaid[i] = repay
        capitalised[i] = short
        new_debt[i] = debt[i] - repay + short
        equity[i] = a - new_debt[i]
        scratch[0, i] = surplus[i] - rd[i]
        scratch[1, i] = c - repay if c > 0 else 0.0
    if cur >= 0:
        by_region[0, cur], by_region[1, cur], by_region[2, cur] = a0, a1, a2
    return (
        rd,
        upgrading,
        profit,
        new_subsidy,
        new_debt,
        interest,
        rd_sub,
        support,
        cash,
        repaid,
        capitalised,
        assets,
        equity,
        by_region,
        scratch,
    )


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def distress(equity, cash, assets, zombie, thin):  # noqa: ANN001, ANN201
    """:func:`nqpf.agents.firms.settlement.find_distress`: ``insolvent`` and ``non_performing``
    in one pass (``thin = DISTRESS_EQUITY``); bit for bit."""
    n = equity.shape[0]
    insolvent = np.empty(n, dtype=np.bool_)
    non_performing = np.empty(n, dtype=np.bool_)
    for i in range(n):  # & and | rather than and/or: no branches, the loop vectorises
        broke = equity[i] < 0
        insolvent[i] = broke
        non_performing[i] = broke | zombie[i] | ((cash[i] < 0) & (equity[i] < thin * assets[i]))
    return insolvent, non_performing


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def exits(exit_mask, retired, assets, debt, fund_equity, region, recovery_rate, n_regions):  # noqa: ANN001, ANN201, PLR0913, PLR0917
    """:func:`nqpf.agents.firms.settlement.exit_firms` in one pass; bit for bit.

    Returns the settlement's ``leaving, recovered, bank_loss, compensated``, capital recovered
    by region (``np.bincount`` in firm order), the number leaving, and ``scratch``, whose rows
    are the terms of the reference's national sums: capital written off, fund stakes written
    off, debt of exits, and the owners' part of recovered capital."""
    n = assets.shape[0]
    leaving = np.empty(n, dtype=np.bool_)
    recovered, bank_loss, compensated = np.empty(n), np.empty(n), np.empty(n)
    scratch = np.empty((4, n))
    by_region = np.zeros(n_regions)
    count, cur, acc = 0, -1, 0.0
    for i in range(n):
        r = region[i]
        if r != cur:  # a run of one region's firms: its sum in a register (module doc)
            if cur >= 0:
                by_region[cur] = acc
            cur, acc = r, by_region[r]
        go = exit_mask[i] or retired[i]
        leaving[i] = go
        weight = 1.0 if go else 0.0
        rec = recovery_rate * assets[i] * weight
        recovered[i] = rec
        loss = _max0(debt[i] - rec) if go else 0.0
        bank_loss[i] = loss
        compensated[i] = loss if retired[i] and not exit_mask[i] else 0.0
        acc += rec
        count += 1 if go else 0
        scratch[0, i] = assets[i] - rec if go else 0.0
        scratch[1, i] = fund_equity[i] * weight
        scratch[2, i] = debt[i] * weight
        scratch[3, i] = _max0(rec - debt[i]) if go else 0.0
    if cur >= 0:
        by_region[cur] = acc
    return leaving, recovered, bank_loss, compensated, by_region, count, scratch


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def industry_sums(  # noqa: PLR0913, PLR0917
    industry,  # noqa: ANN001
    region,  # noqa: ANN001
    capital,  # noqa: ANN001
    pipeline,  # noqa: ANN001
    profit,  # noqa: ANN001
    revenue,  # noqa: ANN001
    investment,  # noqa: ANN001
    leaving,  # noqa: ANN001
    output,  # noqa: ANN001
    n_industries,  # noqa: ANN001
    n_regions,  # noqa: ANN001
):  # noqa: ANN201
    """The sums by industry of :func:`nqpf.agents.firms.settlement.record_industry_results`
    in one pass: assets, profit, revenue, investment, exits and output (rows 0-5 of the
    first array) and output by region x industry cell; each ``np.bincount`` adds in firm
    order, so bit for bit."""
    by_industry = np.zeros((6, n_industries))
    cells = np.zeros(n_regions * n_industries)
    t = by_industry  # a run of one industry's (and cell's) firms: its sums in registers
    cur, a0, a1, a2, a3, a4, a5 = -1, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    cell, in_cell = -1, 0.0
    for i in range(industry.shape[0]):
        s = industry[i]
        if s != cur:
            if cur >= 0:
                t[0, cur], t[1, cur], t[2, cur], t[3, cur], t[4, cur], t[5, cur] = (
                    a0,
                    a1,
                    a2,
                    a3,
                    a4,
                    a5,
                )
            cur = s
            a0, a1, a2, a3, a4, a5 = t[0, s], t[1, s], t[2, s], t[3, s], t[4, s], t[5, s]
        c = region[i] * n_industries + s
        if c != cell:
            if cell >= 0:
                cells[cell] = in_cell
            cell, in_cell = c, cells[c]
        built = pipeline[i, 0]
        for j in range(1, pipeline.shape[1]):
            built += pipeline[i, j]
        a0 += capital[i] + built
        a1 += profit[i]
        a2 += revenue[i]
        a3 += investment[i]
        a4 += 1.0 if leaving[i] else 0.0
        a5 += output[i]
        in_cell += output[i]
    if cur >= 0:
        t[0, cur], t[1, cur], t[2, cur], t[3, cur], t[4, cur], t[5, cur] = a0, a1, a2, a3, a4, a5
    if cell >= 0:
        cells[cell] = in_cell
    return by_industry, cells
