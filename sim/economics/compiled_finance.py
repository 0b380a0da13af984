"""The finance phases over firms compiled with Numba: banks' credit terms and year close
(:mod:`nqpf.agents.financier`), the funds' stakes (:mod:`nqpf.agents.funds`) and the local
governments' bail-outs (:func:`nqpf.agents.government.bail_out`), each one pass over the firms
instead of many NumPy passes and temporaries (the books by region and industry that follow
are ``compiled_books.py``'s). ``compiled_path.compiled("finance.<kernel>")`` returns a kernel
(``compiled_path.py`` says when); importing this module imports Numba.

Every kernel does the operations of its NumPy reference in the same order and adds the firms
in row order as ``np.bincount`` does: the same numbers bit for bit. Firms come in runs of one
region (and industry): a kernel keeps a run's sums in local variables, starting from the bin's
sum so far and storing it back when the run ends, which adds the same terms in the same order
as adding each into the bin, without a load and a store per firm. What the reference computes
per industry and then gathers per firm (the banks' slack and momentum factors, with their
``np.exp``) the caller computes per industry in NumPy, as before, and the kernel gathers; so no
transcendental function is evaluated here.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from nqpf.sim.economics.compiled_kernels import NUMPY_ERRORS, np_max, np_min


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
    out = np.zeros((5, n_regions))
    cur, a0, a1, a2, a3, a4 = -1, 0.0, 0.0, 0.0, 0.0, 0.0
    for i in range(region.shape[0]):
        r = region[i]
        if r != cur:  # a run of one region's firms: its sums in registers (module doc)
            if cur >= 0:
                out[0, cur], out[1, cur], out[2, cur], out[3, cur], out[4, cur] = a0, a1, a2, a3, a4
            cur = r
            a0, a1, a2, a3, a4 = out[0, r], out[1, r], out[2, r], out[3, r], out[4, r]
        a0 += interest[i]
        a1 += bank_loss[i]
        a2 += compensated[i]
        stays = not leaving[i]
        a3 += debt[i] * (1.0 if non_performing[i] and stays else 0.0)
        if stays:
            a4 += debt[i]
    if cur >= 0:
        out[0, cur], out[1, cur], out[2, cur], out[3, cur], out[4, cur] = a0, a1, a2, a3, a4
    return out[0], out[1], out[2], out[3], out[4]


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def fund_sums(industry, fund_equity, leaving, capital, pipeline, n_industries):  # noqa: ANN001, ANN201 - compiled
    """The sums by industry of ``funds.value_fund_stakes``, bit for bit: the stakes of the
    firms that stay (``fund_equity x ~leaving``), installed capital, capital under
    construction."""
    out = np.zeros((3, n_industries))
    cur, a0, a1, a2 = -1, 0.0, 0.0, 0.0
    for i in range(industry.shape[0]):
        s = industry[i]
        if s != cur:  # a run of one industry's firms: its sums in registers (module doc)
            if cur >= 0:
                out[0, cur], out[1, cur], out[2, cur] = a0, a1, a2
            cur = s
            a0, a1, a2 = out[0, s], out[1, s], out[2, s]
        a0 += fund_equity[i] * (0.0 if leaving[i] else 1.0)
        a1 += capital[i]
        a2 += under_construction(pipeline, i)
    if cur >= 0:
        out[0, cur], out[1, cur], out[2, cur] = a0, a1, a2
    return out[0], out[1], out[2]


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
