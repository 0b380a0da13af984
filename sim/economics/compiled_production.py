"""The per-firm arithmetic of the production phases (``agents/firms/production.py``) compiled
with Numba: one loop over firms per kernel instead of a NumPy pass and a temporary per
operation. ``compiled_path.compiled("production.<kernel>")`` returns a kernel of this module
(module doc there says when); importing it imports Numba.

The NumPy code stays the reference. Each kernel names the NumPy code it mirrors and says how
close it is: the same operations in the same order (sums in firm order, as ``np.bincount``
adds) give the same numbers bit for bit; ``exp`` and ``**`` with a non-integer exponent are
libm's here and may differ from NumPy's (vectorised) ones in the last bit, so the kernels that
take them agree within a relative 1e-14. Tables by industry or region that cost nothing per
firm (chain factors, capital cost per unit of capacity, the regions' labour caps) are computed
by the caller with NumPy, as the reference does, and passed in. ``clear`` is
``sim/economics/markets.py``'s clearing compiled whole around that module's compiled pass and
Newton step (its loop and set-up, no longer a Python loop of NumPy calls): bit for bit where
NumPy's ``power`` is libm's, as on x86 without AVX-512 (otherwise its demand curve's last bits,
and so the prices within the clearing's tolerance, may differ).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from nqpf.sim.economics.compiled_kernels import (
    NUMPY_ERRORS,
    clip01,
    newton_step,
    np_clip,
    np_max,
    np_min,
)


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def scalar_power(x, e):  # noqa: ANN001, ANN201
    """``x ** e`` as NumPy computes an array to a Python float power: its fast paths
    (``e`` = 0.5 a square root, 2 a square, 1 the number, -1 a reciprocal) exactly, any
    other exponent by ``pow`` (libm's: NumPy's may differ in the last bit)."""
    if e == 0.5:
        return np.sqrt(x)
    if e == 2.0:
        return x * x
    if e == 1.0:
        return x
    if e == -1.0:
        return 1.0 / x
    return x**e


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def install_capital(capital, capacity, pipeline, age, industry, k_per_capacity, keep):  # noqa: ANN001, ANN201
    """``production.install_capital`` in place: installed capital ``keep K + P_0`` and
    capacity ``keep Q + P_0 / k_s`` (``keep = 1 - delta``, ``k_s`` the capital cost per unit
    of capacity by industry), the pipeline shifted one column, ``age + 1``. Each firm's new
    values from its old ones, read before they are written: bit for bit."""
    n, cols = pipeline.shape
    for i in range(n):
        arriving = pipeline[i, 0]
        capital[i] = keep * capital[i] + arriving
        capacity[i] = keep * capacity[i] + arriving / k_per_capacity[industry[i]]
        for j in range(cols - 1):
            pipeline[i, j] = pipeline[i, j + 1]
        pipeline[i, cols - 1] = 0.0
        age[i] += 1


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def clearing_inputs(industry, unit_cost, chain_factor, spread_by_industry):  # noqa: ANN001, ANN201
    """Each firm's plant-cost spread ``w.costs.spread[industry]`` and its unit cost at the
    chain input's reference price ``costs.reference_costs``: ``c_i / chain_factor_s`` (the
    factor at the expected upstream price). Bit for bit."""
    n = industry.shape[0]
    spread, c0 = np.empty(n), np.empty(n)
    for i in range(n):
        s = industry[i]
        spread[i] = spread_by_industry[s]
        c0[i] = unit_cost[i] / chain_factor[s]
    return spread, c0


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def stage_rows(industry, in_stage, capacity, unit_cost, spread):  # noqa: ANN001, ANN201
    """The rows of the firms whose industry is ``in_stage`` (ascending, as ``np.flatnonzero``)
    and their industry, capacity, unit cost and spread (``production._clear_by_stage``). Bit
    for bit."""
    n = industry.shape[0]
    count = 0
    for i in range(n):
        if in_stage[industry[i]]:
            count += 1
    rows = np.empty(count, dtype=np.int64)
    ind, cap = np.empty(count, dtype=industry.dtype), np.empty(count)
    cost, spr = np.empty(count), np.empty(count)
    k = 0
    for i in range(n):
        if in_stage[industry[i]]:
            rows[k], ind[k], cap[k] = i, industry[i], capacity[i]
            cost[k], spr[k] = unit_cost[i], spread[i]
            k += 1
    return rows, ind, cap, cost, spr


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS, inline="always")
def dispatched_ratio(output, capacity, spread):  # noqa: ANN001, ANN201
    """``markets.dispatched_cost_ratio`` of one firm: ``1 - w (1 - q / Q)`` (1 - w (1 - 1)
    without capacity). The same operations: bit for bit."""
    used = output / capacity if capacity > 0 else 1.0
    return 1.0 - spread * (1.0 - used)


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def derived_demand(industry, output, capacity, spread, reference_cost, theta, upstream):  # noqa: ANN001, ANN201, PLR0913
    """``chain.derived_demand``: each firm's use ``q_i theta_s d_i`` (``d_i = c0_i
    dispatched_ratio``, ``production._clear_by_stage``) added up by its industry in firm order,
    then each downstream industry's total credited to its upstream in industry order. Bit for
    bit."""
    n_ind = upstream.shape[0]
    by_downstream = np.zeros(n_ind)
    for i in range(industry.shape[0]):
        s = industry[i]
        d = reference_cost[i] * dispatched_ratio(output[i], capacity[i], spread[i])
        by_downstream[s] += output[i] * theta[s] * d
    derived = np.zeros(n_ind)
    for s in range(n_ind):
        if upstream[s] >= 0:
            derived[upstream[s]] += by_downstream[s]
    return derived


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def sell_and_hire(  # noqa: ANN201, PLR0913
    industry,  # noqa: ANN001
    region,  # noqa: ANN001
    price,  # noqa: ANN001
    output,  # noqa: ANN001
    reference_cost,  # noqa: ANN001
    unit_cost,  # noqa: ANN001
    spread,  # noqa: ANN001
    capacity,  # noqa: ANN001
    labor_coef,  # noqa: ANN001
    dispatched_cost0,  # noqa: ANN001
    labor_cap,  # noqa: ANN001
    chained,  # noqa: ANN001
    theta,  # noqa: ANN001
    realised_upstream,  # noqa: ANN001
    expected_upstream,  # noqa: ANN001
):
    """The firms' side of ``production.clear_markets`` after the clearing: revenue
    ``p_s q_i``; workers ``costs.hire`` (``l_i = q_i a_s d_i / dbar0_s``, ``d_i = c0_i
    dispatched_ratio``, scaled down in a region whose firms would employ more than
    ``labor_cap_r``); operating surplus ``markets.operating_surplus(p_s, c_i, w_i) Q_i``, plus
    where ``chained`` the chain's ``chain.surplus_correction`` ``-q_i theta_s d_i (p_u -
    p_u^e)`` (upstream prices by industry). Bit for bit."""
    n, n_reg = industry.shape[0], labor_cap.shape[0]
    revenue, labor, surplus = np.empty(n), np.empty(n), np.empty(n)
    need = np.zeros(n_reg)
    for i in range(n):
        s = industry[i]
        p, q, c = price[s], output[i], unit_cost[i]
        revenue[i] = p * q
        d = reference_cost[i] * dispatched_ratio(q, capacity[i], spread[i])
        labor[i] = q * labor_coef[s] * d / dispatched_cost0[s]
        need[region[i]] += labor[i]
        low = c * (1.0 - spread[i])
        width = 2.0 * spread[i] * c
        gap = p - low
        if p <= low:
            per_unit = 0.0
        elif p >= low + width:
            per_unit = p - c
        else:
            per_unit = gap * gap / (2.0 * width)
        surplus[i] = per_unit * capacity[i]
        if chained:
            gain = realised_upstream[s] - expected_upstream[s]
            surplus[i] = surplus[i] + -q * theta[s] * d * gain
    scale = np.empty(n_reg)
    for r in range(n_reg):
        scale[r] = np_min(1.0, labor_cap[r] / np_max(need[r], 1e-12))
    for i in range(n):
        labor[i] = labor[i] * scale[region[i]]
    return revenue, labor, surplus


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def value_added(  # noqa: ANN201, PLR0913
    industry,  # noqa: ANN001
    region,  # noqa: ANN001
    output,  # noqa: ANN001
    price_now,  # noqa: ANN001
    price_before,  # noqa: ANN001
    price_start,  # noqa: ANN001
    cost,  # noqa: ANN001
    capacity,  # noqa: ANN001
    spread,  # noqa: ANN001
    chained,  # noqa: ANN001
    per_cost_now,  # noqa: ANN001
    factor_now,  # noqa: ANN001
    per_cost_before,  # noqa: ANN001
    factor_before,  # noqa: ANN001
    per_cost_start,  # noqa: ANN001
    factor_start,  # noqa: ANN001
    expected_factor,  # noqa: ANN001
    n_regions,  # noqa: ANN001
):
    """The sums of ``production.measure_value_added`` in one pass: by industry, value added
    at current prices ``q_i (p_s,t - x_i,t)``, at the previous year's ``q_i (p_s,t-1 -
    x_i,t-1)``, output ``q_i`` and value added at start-year prices ``q_i (p_s,0 - x_i,0)``;
    by region, value added at current and at the previous year's prices. Intermediates per
    unit ``costs.intermediate_per_unit`` at the dispatched plants' cost ``d_i = c0_i
    dispatched_ratio(q_i, Q_i, w_s)`` (``costs.dispatched_reference_costs``; ``capacity`` by
    firm, ``spread`` by industry): where ``chained``, ``min(per_cost_s d_i, d_i factor_s)`` at
    each year's prices (the tables by industry), with ``c0_i = c_i / expected_factor_s``
    (``costs.reference_costs``); otherwise ``c0_i = c_i`` and ``min(per_cost_s d_i /
    factor_s, d_i)`` (``per_cost`` the intermediate share ``m_s``, ``factor`` the start year's
    dispatched cost ``dbar0_s``), the same at all prices. ``cost`` is the firms' unit cost
    ``c``. Sums in firm order: bit for bit."""
    n_ind = price_now.shape[0]
    nominal, before, at_start = np.zeros(n_ind), np.zeros(n_ind), np.zeros(n_ind)
    quantity, by_region, before_by_region = (
        np.zeros(n_ind),
        np.zeros(n_regions),
        np.zeros(n_regions),
    )
    for i in range(industry.shape[0]):
        s, q, c = industry[i], output[i], cost[i]
        if chained:
            c = c / expected_factor[s]
        c = c * dispatched_ratio(q, capacity[i], spread[s])
        if chained:
            x_now = np_min(per_cost_now[s] * c, c * factor_now[s])
            x_before = np_min(per_cost_before[s] * c, c * factor_before[s])
            x_start = np_min(per_cost_start[s] * c, c * factor_start[s])
        else:
            x_now = np_min(per_cost_now[s] * c / factor_now[s], c)
            x_before = x_now
            x_start = x_now
        v = q * (price_now[s] - x_now)
        nominal[s] += v
        v_before = q * (price_before[s] - x_before)
        before[s] += v_before
        at_start[s] += q * (price_start[s] - x_start)
        quantity[s] += q
        by_region[region[i]] += v
        before_by_region[region[i]] += v_before
    return nominal, before, quantity, by_region, at_start, before_by_region


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def improve_productivity(  # noqa: ANN201, PLR0913
    productivity,  # noqa: ANN001
    industry,  # noqa: ANN001
    region,  # noqa: ANN001
    revenue,  # noqa: ANN001
    rd,  # noqa: ANN001
    upgrading,  # noqa: ANN001
    draws,  # noqa: ANN001
    success_sd,  # noqa: ANN001
    gap,  # noqa: ANN001
    strength,  # noqa: ANN001
    knowledge_root,  # noqa: ANN001
    rd_productivity,  # noqa: ANN001
    transfer_scale,  # noqa: ANN001
    upgrade_return,  # noqa: ANN001
    upgrade_elasticity,  # noqa: ANN001
):
    """``production.improve_productivity`` given its standard normal ``draws`` (NumPy's, in
    firm order), in place: the new productivity ``z exp(rd_productivity x rd/revenue x fit x success +
    transfer + a u^b)``, with ``success = exp(-sd^2/2 + sd draw)``, ``fit = 1 - gap_rs``,
    ``transfer = transfer_scale x strength_rs x knowledge_root_r``. The same operations in
    the same order; ``exp`` (and ``u^b`` where ``b`` is not one of NumPy's fast-path
    exponents) are libm's, so within a relative 1e-14 of the reference (bit for bit where
    NumPy's are libm's too)."""
    for i in range(industry.shape[0]):
        s, r = industry[i], region[i]
        share = rd[i] / np_max(revenue[i], 1e-12) if revenue[i] > 0 else 0.0
        sd = success_sd[s]
        success = np.exp(-0.5 * (sd * sd) + sd * draws[i])
        fit = 1.0 - gap[r, s]
        transfer = transfer_scale * strength[r, s] * knowledge_root[r]
        upgrade = upgrade_return * scalar_power(np_max(upgrading[i], 0.0), upgrade_elasticity)
        gain = rd_productivity * share * fit * success + transfer + upgrade
        productivity[i] = productivity[i] * np.exp(gain)


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def open_market_pass(prices, industry, low, inv_width, capacity, used, supply, slope, settled):  # noqa: ANN001, ANN201, PLR0913
    """``market_pass`` (``compiled_kernels.py``) over the firms of the industries not yet
    ``settled``; a settled industry keeps its ``supply``, ``slope`` and its firms' ``used``
    from the pass that settled it (its price has not moved since, so a new pass would give
    them again). Each industry's sums run in firm order, carried in a register along a run of
    its firms (firms are mostly grouped by industry) and stored when the run ends, so the same
    additions in the same order as ``np.bincount``; ``Q_i inv_width_i`` is the product the
    NumPy pass multiplies too. The same numbers bit for bit."""
    for s in range(prices.shape[0]):
        if not settled[s]:
            supply[s] = 0.0
            slope[s] = 0.0
    current = -1
    run_supply = 0.0
    run_slope = 0.0
    for i in range(industry.shape[0]):
        s = industry[i]
        if settled[s]:
            continue
        if s != current:
            if current >= 0:
                supply[current] = run_supply
                slope[current] = run_slope
            current = s
            run_supply = supply[s]
            run_slope = slope[s]
        x = (prices[s] - low[i]) * inv_width[i]
        u = capacity[i] * clip01(x)
        used[i] = u
        run_supply += u
        run_slope += capacity[i] * inv_width[i] * (1.0 if 0.0 < x < 1.0 else 0.0)
    if current >= 0:
        supply[current] = run_supply
        slope[current] = run_slope


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def excess_and_slope(
    prices, industry, low, inv_width, capacity, used, terms, settled, supply, slope
):  # noqa: ANN001, ANN201, PLR0913
    """``excess_and_slope`` of :func:`nqpf.sim.economics.markets.clear_markets` at ``prices``
    by industry: a pass over the firms of the open industries (``open_market_pass``; ``used``,
    ``supply`` and ``slope`` in place), then ``D = Dbar p^-eps``, excess supply ``S - D - F``
    and its slope ``S' + eps D / p``; ``terms`` holds ``Dbar``, ``eps`` and ``F`` by industry
    (rows 0-2). The excess of a settled industry is that of the pass that settled it."""
    n_ind = prices.shape[0]
    open_market_pass(prices, industry, low, inv_width, capacity, used, supply, slope, settled)
    ex, ds = np.empty(n_ind), np.empty(n_ind)
    for s in range(n_ind):
        demand = terms[0, s] * prices[s] ** -terms[1, s]
        ex[s] = supply[s] - demand - terms[2, s]
        ds[s] = slope[s] + terms[1, s] * demand / prices[s]
    return ex, ds


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def clear(industry, capacity, cost, spread, terms, start, price_cap, tolerance, max_iterations):  # noqa: ANN001, ANN201, PLR0913
    """:func:`nqpf.sim.economics.markets.clear_markets` compiled whole (its compiled pass
    ``open_market_pass`` and Newton step ``newton_step``, the rest of its loop and set-up):
    ``terms`` holds the demand level, elasticity and fixed demand by industry (rows 0-2),
    ``start`` the first prices. Returns price, output, demand, capacity, rationed and supplied
    as ``Clearing`` holds them. The same operations in the same order; the demand curve's
    ``p^-eps`` is libm's ``pow``, so bit for bit where NumPy's ``power`` is libm's too (x86
    without AVX-512) and otherwise within the clearing's tolerance."""
    n, n_ind = industry.shape[0], terms.shape[1]
    low, inv_width = np.empty(n), np.empty(n)
    used, total_cap = np.empty(n), np.zeros(n_ind)
    for i in range(n):
        low[i] = cost[i] * (1.0 - spread[i])
        inv_width[i] = 1.0 / (2.0 * spread[i] * cost[i])
        total_cap[industry[i]] += capacity[i]
    supply, slope = np.zeros(n_ind), np.zeros(n_ind)  # by industry, kept once it settles
    firms = (industry, low, inv_width, capacity, used, terms)
    lo, hi = np.full(n_ind, 1e-6), np.full(n_ind, price_cap)
    ex_hi, _ = excess_and_slope(hi, *firms, np.zeros(n_ind, dtype=np.bool_), supply, slope)
    rationed = ex_hi < 0
    p, close_enough = np.empty(n_ind), np.empty(n_ind)
    for s in range(n_ind):
        p[s] = np_clip(start[s], 1e-6, price_cap)
        close_enough[s] = tolerance * np_max(terms[0, s] + terms[2, s], 1.0)
    converged = False
    settled = rationed.copy()
    for _ in range(max_iterations):
        # a settled industry's price stays, so its firms are not passed over again
        ex, ds = excess_and_slope(p, *firms, settled, supply, slope)
        converged = newton_step(p, ex, ds, lo, hi, settled, close_enough)
        if converged:
            break
    price = np.where(rationed, price_cap, p)
    if not converged or rationed.any():
        for i in range(n):
            used[i] = capacity[i] * clip01((price[industry[i]] - low[i]) * inv_width[i])
    supplied = np.zeros(n_ind)
    for i in range(n):
        supplied[industry[i]] += used[i]
    demand = np.empty(n_ind)
    for s in range(n_ind):
        at_cap = terms[0, s] * price[s] ** -terms[1, s] + terms[2, s]
        demand[s] = at_cap if rationed[s] else supplied[s]
    return price, used, demand, total_cap, rationed, supplied
