"""The firms' investment phase (:func:`nqpf.agents.firms.investment.invest_and_enter`) compiled
with Numba: the incumbents' orders in one pass over the firms (``orders``), their booking after
the ration in a second (``book``), each region-industry cell's scale relative to its
industry's reference cluster (``scale_ratios``: the agglomeration factor before its power),
the entrants expected in each cell and its unit cost (``entry_table``, from the tables of
``orders``) and the installed plants of each industry gathered for the median that sizes the
entrants (``grouped_values``: a counting sort; NumPy's ``partition`` then finds each median).

The region, industry and cell tables the passes read (the location's cost factor, the fund
shares, the lending factor's power, ...) are prepared in NumPy by the phase, at cell level;
the passes gather them at each firm's industry, region or cell and do the firm-level
operations of the NumPy reference in the same order, so every kernel here gives the NumPy
path's numbers bit for bit (no transcendental function runs in a kernel: the power of the
lending factor takes one of two values per cell, young firms' or older ones', computed by
NumPy on a region x industry table where the reference raises each firm's factor to its own
share: the same per-element libm or SIMD power on this x86 with AVX2, where the tests hold the
two bit for bit; not checked on AVX-512, where NumPy's vector power may differ in the last bit
between the two layouts). The pairwise sums of the reference (``.sum()``) stay NumPy's, on the arrays the
kernels write, but for ``scale_ratios``' sums over regions, which add row after row as NumPy
does over a region x industry table of two or more industries (one industry's column NumPy
adds pairwise: the phase then calls the NumPy reference instead of the kernel). ``compiled_path.py`` says when they run; importing this module imports Numba.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from nqpf.sim.economics.compiled_kernels import NUMPY_ERRORS, clip01, np_clip, np_max, np_min


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def cell_sums(cells, weights, n_cells):  # noqa: ANN001, ANN201
    """``np.bincount(cells, weights, minlength=n_cells)`` (cells below ``n_cells``): the sums
    in row order, as bincount adds, so the same numbers bit for bit (the capacity of each
    cluster, :func:`nqpf.agents.firms.costs.cell_capacity`)."""
    out = np.zeros(n_cells)
    for i in range(cells.shape[0]):
        out[cells[i]] += weights[i]
    return out


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def scale_ratios(cells, capacity, n_regions, n_industries, reference, low, high):  # noqa: ANN001, ANN201
    """Each region-industry cell's capacity over its industry's reference cluster, clipped to
    ``[low, high]`` (flat, ``r x S + s``): the operations of
    :func:`nqpf.agents.firms.costs.agglomeration` before its power (with ``cell_capacity``
    and ``mean_present_cell``), the sums by cell in firm order and by industry row after row,
    as NumPy adds them for ``n_industries`` of 2 or more: the same numbers bit for bit. With a ``reference`` of ``n_industries``
    clusters the upper bound is 1 (no economies beyond it), else this year's mean present
    cluster is the reference."""
    S = n_industries
    high = 1.0 if reference.shape[0] == S else high
    cap = cell_sums(cells, capacity, n_regions * S)
    total, count = np.empty(S), np.zeros(S, np.int64)
    for r in range(n_regions):
        for s in range(S):
            x = cap[r * S + s]
            present = x > 0
            kept = x * (1.0 if present else 0.0)
            total[s] = kept if r == 0 else total[s] + kept
            count[s] += 1 if present else 0
    mean = np.empty(S)
    for s in range(S):
        mean[s] = total[s] / max(count[s], 1) if count[s] > 0 else 1.0
        if reference.shape[0] == S and reference[s] > 0:
            mean[s] = reference[s]
        mean[s] = np_max(mean[s], 1e-12)
    ratio = np.empty(n_regions * S)
    for c in range(n_regions * S):
        ratio[c] = np_clip(cap[c] / mean[c % S] if cap[c] > 0 else 1.0, low, high)
    return ratio


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def orders(  # noqa: ANN201 - compiled
    industry,
    region,
    cells,
    misfit,
    productivity,
    interest_rate,
    capital,
    age,
    zombie,
    pipeline,
    by_industry,  # base cost x chain, pe, capital cost, spread, g_s, equity cost, R&D share
    time_to_build,
    controlled,
    rd_region,
    by_cell,  # learning, location, subsidy, fund and lending power young/old (7 x cells)
    fund_age,
    scalars,  # delta, hurdle premium, sensitivity, max growth
    unit_cost,  # written here
    invest,  # written here
):
    """Each incumbent's unit cost and capacity order before the ration (into ``unit_cost``
    and ``invest``, none of whose old values it reads), the operations of
    :func:`nqpf.agents.firms.investment.orders_numpy` (with
    :func:`nqpf.agents.firms.costs.firm_costs`, ``firm_rd_share``, ``markets.used_share`` and
    ``markets.operating_surplus``) firm by firm in the same order: the same numbers bit for
    bit. ``by_cell`` rows: cell learning, location factor (agglomeration x endowment x
    delivery), subsidy rate, fund share of young and of older firms, the lending factor to the
    power of the loan share of young and of older firms."""
    n, n_industries = industry.shape[0], by_industry.shape[1]
    delta, premium, sensitivity, max_growth = scalars[0], scalars[1], scalars[2], scalars[3]
    # the products of the reference that depend on the cell or the industry alone, once each
    # (the same operations on the same operands: the same numbers)
    head, rd_head, kept = (
        np.empty(by_cell.shape[1]),
        np.empty(by_cell.shape[1]),
        np.empty(by_cell.shape[1]),
    )
    margin = np.empty((2, by_cell.shape[1]))
    for c in range(by_cell.shape[1]):
        r, s = c // n_industries, c % n_industries
        head[c] = by_industry[0, s] * by_cell[0, c]
        rd_head[c] = by_industry[6, s] * rd_region[r] * by_industry[1, s]
        kept[c] = 1.0 - by_cell[2, c]
        margin[0, c] = 1.0 - by_cell[3, c] * (1.0 - by_industry[5, s])
        margin[1, c] = 1.0 - by_cell[4, c] * (1.0 - by_industry[5, s])
    for i in range(n):
        s, c = industry[i], cells[i]
        cost = head[c] * misfit[i] * by_cell[1, c] / productivity[i]
        unit_cost[i] = cost
        pe, spread = by_industry[1, s], by_industry[3, s]
        low = cost * (1.0 - spread)
        width = 2.0 * spread * cost
        used = clip01((pe - low) / width)
        rd_cost = rd_head[c] * used
        # the three branches of the surplus all computed, then one chosen (no jumps)
        gap = pe - low
        inside = gap * gap / (2.0 * width)
        above = pe - cost
        surplus = 0.0 if pe <= low else (above if pe >= low + width else inside)
        roi = (surplus - rd_cost) / by_industry[2, s] - delta
        old = 0 if age[i] <= fund_age else 1  # fund and lending tables: young or older firms
        hurdle = (interest_rate[i] + premium) * margin[old, c]
        excess = roi / kept[c] - hurdle
        demand_growth = by_industry[4, s]
        growth = np_clip(used * demand_growth + sensitivity * excess, -delta, max_growth)
        usual = (np_max(growth, 0.0) + delta) * capital[i] * (time_to_build[s] - 1)
        building = pipeline[i, 0]
        for j in range(1, pipeline.shape[1]):
            building += pipeline[i, j]
        overhang = np_max(0.0, building - usual)
        order = np_max(0.0, (growth + delta) * capital[i] - overhang)
        order = 0.0 if zombie[i] | controlled[s] else order
        invest[i] = order * by_cell[5 + old, c]


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def book(  # noqa: ANN201 - compiled
    invest,
    ration,
    industry,
    region,
    cells,
    age,
    time_to_build,
    by_cell,  # subsidy rate, fund share and loan share of young and older firms
    fund_age,
    pipeline,
    debt,
    fund_equity,
    subsidy,  # written here
    n_regions,
):
    """The incumbents' orders rationed (``invest`` in place) and booked, as
    :func:`nqpf.agents.firms.investment.book_numpy`: each order joins the pipeline column of
    its arrival year, debt and fund equity grow by the new loans and the funds' stakes, the
    subsidies are written (all in place), and by region the orders and subsidies (sums in row
    order, as ``np.bincount``). The same numbers bit for bit. ``by_cell`` rows: subsidy rate,
    fund share of young and of older firms, loan share of young and of older firms. Returns
    new loans, fund equity paid in, orders by region, subsidies by region."""
    n = invest.shape[0]
    new_loans, paid_in = np.empty(n), np.empty(n)
    orders_by_region, subsidies_by_region = np.zeros(n_regions), np.zeros(n_regions)
    for i in range(n):
        order = invest[i] * ration
        invest[i] = order
        pipeline[i, time_to_build[industry[i]] - 1] += order
        c, r = cells[i], region[i]
        young = age[i] <= fund_age
        loans = (by_cell[3, c] if young else by_cell[4, c]) * order
        new_loans[i] = loans
        debt[i] = debt[i] + loans
        funds = (by_cell[1, c] if young else by_cell[2, c]) * order
        paid_in[i] = funds
        fund_equity[i] = fund_equity[i] + funds
        granted = by_cell[0, c] * order
        subsidy[i] = granted
        orders_by_region[r] += order
        subsidies_by_region[r] += granted
    return new_loans, paid_in, orders_by_region, subsidies_by_region


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def grouped_values(values, group, n_groups, above):  # noqa: ANN001, ANN201 - compiled
    """The ``values`` greater than ``above`` gathered group by group (groups ``0 ..
    n_groups - 1``, each in row order: a counting sort, the order of a stable sort of
    ``group``) and where each group starts (``n_groups + 1`` offsets): the gather of
    :func:`nqpf.agents.firms.costs.median_by_group` applied to ``values[values > above]``,
    for :func:`~nqpf.agents.firms.costs.medians_of_runs` (NumPy's ``partition``, faster than
    a selection compiled here). The same numbers."""
    counts = np.zeros(n_groups, np.int64)
    for i in range(group.shape[0]):
        if group[i] < n_groups and values[i] > above:
            counts[group[i]] += 1
    starts = np.zeros(n_groups + 1, np.int64)
    for g in range(n_groups):
        starts[g + 1] = starts[g] + counts[g]
    grouped = np.empty(starts[n_groups], values.dtype)
    fill = starts[:n_groups].copy()
    for i in range(group.shape[0]):
        g = group[i]
        if g < n_groups and values[i] > above:
            grouped[fill[g]] = values[i]
            fill[g] += 1
    return grouped, starts


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def entry_table(  # noqa: ANN201 - compiled
    base_cost,
    chain,
    by_industry,  # as ``orders``'
    by_cell,  # as ``orders``'
    by_cell_entry,  # misfit, agglomeration, endowment, delivery (4 x cells)
    loan,  # the loan rate of each cell (``rates.loan``)
    priorities,
    rd_region,
    size,
    restraint,
    traditional,
    controlled,
    scalars,  # delta, premium, entry rate, excess scale, project attraction x pace,
    # most entrants per cell, soft budget
):
    """Expected entrants and unit cost of each region-industry cell (flat, ``r x S + s``): the
    operations of :func:`nqpf.agents.firms.investment.entry_rates` cell by cell in the same
    order (with ``markets.used_share`` and ``markets.operating_surplus``), the same numbers bit
    for bit. ``by_industry`` and ``by_cell`` are the tables of :func:`orders` (the fund share
    of young firms is the entrants')."""
    n_cells, n_industries = by_cell.shape[1], by_industry.shape[1]
    delta, premium = scalars[0], scalars[1]
    entry_rate, scale, attraction, most = scalars[2], scalars[3], scalars[4], scalars[5]
    soft = scalars[6]
    lam, cell_cost = np.empty(n_cells), np.empty(n_cells)
    for c in range(n_cells):
        r, s = c // n_industries, c % n_industries
        cost = base_cost[s] * by_cell[0, c] * by_cell_entry[0, c] * by_cell_entry[1, c]
        cost = cost * by_cell_entry[2, c] * by_cell_entry[3, c] * chain[s]
        cell_cost[c] = cost
        pe, spread = by_industry[1, s], by_industry[3, s]
        low = cost * (1.0 - spread)
        width = 2.0 * spread * cost
        used = clip01((pe - low) / width)
        rd_cost = by_industry[6, s] * rd_region[r] * pe * used
        gap = pe - low
        inside = gap * gap / (2.0 * width)
        above = pe - cost
        surplus = 0.0 if pe <= low else (above if pe >= low + width else inside)
        roi = (surplus - rd_cost) / by_industry[2, s] - delta
        hurdle = loan[c] + premium
        hurdle = hurdle * (1.0 - by_cell[3, c] * (1.0 - by_industry[5, s]))
        excess = np_max(0.0, roi / (1.0 - by_cell[2, c]) - hurdle)
        promoted = (1.0 if priorities[c] else 0.0) * (1.0 - traditional[s])
        takes = soft + (1.0 - soft) * used
        attracted = attraction * promoted * (1.0 if restraint[r] else 0.0) * takes
        rate = entry_rate * excess / scale * size[r] + attracted
        lam[c] = np_min(rate * (0.0 if controlled[s] else 1.0), most)
    return lam, cell_cost
