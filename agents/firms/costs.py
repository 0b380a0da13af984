"""Firms' costs: unit costs by plant, agglomeration, capital per unit of capacity, R&D and labour.

Functions of the world's arrays; none draws random numbers or changes state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.firms.state import FirmArrays
from nqpf.sim.economics import chain, markets

if TYPE_CHECKING:
    from nqpf.sim.world import World

AGGLOMERATION_RATIO_BOUNDS = (0.05, 20.0)
"""A cluster's size relative to the reference cluster is clipped to this range before the
agglomeration elasticity applies (keeps tiny or huge clusters from extreme cost factors) [-]."""
FIRM_LABOR_CAP = 0.6
"""Most of a region's workers its firms can employ (the aggregate sector keeps the rest) [share]."""


def cell_capacity(firms: FirmArrays, n_regions: int, n_industries: int) -> np.ndarray:
    """Capacity of each region-industry cluster, regions x industries [bn yuan/year]."""
    return np.bincount(
        firms.cells(n_industries),
        weights=firms.capacity,
        minlength=n_regions * n_industries,
    ).reshape(n_regions, n_industries)


def mean_present_cell(cap_rs: np.ndarray) -> np.ndarray:
    """Mean capacity of the regions that have the industry, by industry (1 where none has it)."""
    present = cap_rs > 0
    return np.where(
        present.any(axis=0), (cap_rs * present).sum(0) / np.maximum(present.sum(0), 1), 1.0
    )


def agglomeration(
    cap_rs: np.ndarray, elasticity: float, reference: np.ndarray | None = None
) -> np.ndarray:
    """Cost factor from a region's scale in an industry: ``min(cell_rs / ref_s, 1)^(-eta)``.

    ``ref_s`` is an absolute efficient cluster scale, the mean cluster of the start year
    (``IndustryCosts.scale_reference``): a cluster below it costs more, one above it no less
    (minimum efficient scale, no economies beyond it). Spreading an industry over more regions
    makes clusters smaller and costlier, which a scale relative to this year's mean cluster would
    hide, and an industry's growth gives no scale bonus on top of learning by doing. Without a
    reference this year's mean present cluster is used, with ratios clipped to
    ``AGGLOMERATION_RATIO_BOUNDS``; ``eta`` = ``technology.agglomeration``; cells without
    capacity get factor 1 [x].
    """
    present = cap_rs > 0
    mean = mean_present_cell(cap_rs)
    bounds = AGGLOMERATION_RATIO_BOUNDS
    if reference is not None and reference.size == cap_rs.shape[1]:
        mean = np.where(reference > 0, reference, mean)
        bounds = (AGGLOMERATION_RATIO_BOUNDS[0], 1.0)  # no economies beyond the efficient scale
    ratio = np.where(present, cap_rs / np.maximum(mean[None, :], 1e-12), 1.0)
    return np.clip(ratio, *bounds) ** (-elasticity)


def firm_costs(
    w: World, agglomeration_elasticity: float, upstream_price: np.ndarray | None = None
) -> np.ndarray:
    """Mean unit cost of each firm:
    ``c_i = cbar_s x learning_rs x misfit_i x agglom_rs x endowment_rs x delivery_rs x chain_s / z_i``
    [yuan per reference yuan]; ``endowment_rs`` is the location's cost factor from its energy,
    skills and port access (``sim/setup/endowments.py``), ``delivery_rs`` the trade cost of a unit
    sold from the location (``sim/economics/trade.py``, last year's destinations), ``chain_s``
    the cost of a chain input at ``upstream_price`` relative to its reference price 1
    (:func:`chain_factor`; 1 without ``upstream_price``)."""
    f, c, lrn = w.firms, w.costs, w.learning
    agglom = agglomeration(
        cell_capacity(f, w.n_regions, w.n_industries), agglomeration_elasticity, c.scale_reference
    )
    base = c.base_cost
    if upstream_price is not None:
        base = base * chain_factor(w, upstream_price)
    return (
        base[f.industry]
        * f.at(lrn.cell_learning)
        * f.misfit
        * f.at(agglom * c.endowment * w.trade.delivery)
        / f.productivity
    )


def chain_factor(w: World, upstream_price: np.ndarray) -> np.ndarray:
    """Unit cost at the chain input's price over the unit cost at its reference price, by
    industry: ``1 + theta_s (p_u - 1)`` (``sim/economics/chain.py``) [x]."""
    ind = w.industries
    return chain.input_price_factor(
        ind.upstream, ind.upstream_input, w.costs.dispatched_cost0, upstream_price
    )


def reference_costs(w: World, rows: np.ndarray | None = None) -> np.ndarray:
    """Each firm's unit cost at the chain input's reference price, ``c0_i = c_i / chain_s`` at
    the upstream price the firms expect this year (their unit costs were set at it) [yuan per
    reference yuan]; for the firms at ``rows`` only when given (the same numbers)."""
    f = w.firms
    take = slice(None) if rows is None else rows
    factor = chain_factor(w, w.markets.expected_price)
    return f.unit_cost[take] / np.take(factor, f.industry[take])


def dispatched_reference_costs(w: World, rows: np.ndarray | None = None) -> np.ndarray:
    """Mean unit cost at the chain input's reference price of the plants each firm dispatched
    this year, ``d_i = c0_i (1 - w_s (1 - q_i / Q_i))`` (``markets.dispatched_cost_ratio``)
    [yuan per reference yuan]: what inputs and workers per unit of output follow. For the
    firms at ``rows`` only when given (the same numbers as the whole array's)."""
    f = w.firms
    take = slice(None) if rows is None else rows
    spread = w.costs.spread[f.industry[take]]
    ratio = markets.dispatched_cost_ratio(f.output[take], f.capacity[take], spread)
    return reference_costs(w, rows) * ratio


def capital_cost(w: World) -> np.ndarray:
    """Capital per unit of new capacity by industry [yuan per yuan of output a year]: the
    table's asset intensity x fixed-capital share, falling with learning by doing like unit
    costs do (Wright's law covers equipment as well as operating costs)."""
    return w.costs.k_per_capacity * w.learning.learning_index


def rd_share(tech_intensity: np.ndarray, rd_share_base: float, rd_share_slope: float) -> np.ndarray:
    """R&D spending per unit of revenue by industry: ``base + slope x tech_intensity`` [share]."""
    return rd_share_base + rd_share_slope * tech_intensity


def firm_rd_share(w: World, rd_share_base: float, rd_share_slope: float) -> np.ndarray:
    """R&D per unit of revenue of each firm: its industry's share, scaled for its region (the
    start year's scale times the region's R&D effort, ``RegionState.rd_effort``) [share]."""
    f = w.firms
    shares = rd_share(w.industries.tech_intensity, rd_share_base, rd_share_slope)
    return shares[f.industry] * (w.costs.rd_scale * w.regions.rd_effort)[f.region]


def hire(w: World, output: np.ndarray, unit_cost: np.ndarray) -> np.ndarray:
    """Workers each firm employs [million]: labour per unit of output falls with the unit cost
    of the plants it runs ``d_i`` (``dispatched_reference_costs``) relative to the start year's
    mean ``dbar0_s`` (``IndustryCosts.dispatched_cost0``), ``l_i = q_i a_s d_i / dbar0_s``, and
    where local labour is scarce firms substitute capital for labour, employing at most
    ``FIRM_LABOR_CAP`` of the region's workers."""
    f, c = w.firms, w.costs
    labor = output * c.labor_coef[f.industry] * unit_cost / c.dispatched_cost0[f.industry]
    need = np.bincount(f.region, weights=labor, minlength=w.n_regions)
    cap = FIRM_LABOR_CAP * w.regions.labor
    return labor * np.minimum(1.0, cap / np.maximum(need, 1e-12))[f.region]


def firm_labor_by_region(w: World) -> np.ndarray:
    """Workers employed by firms in each region [million]."""
    return np.bincount(w.firms.region, weights=w.firms.labor, minlength=w.n_regions)


def intermediate_per_unit(
    w: World, upstream_price: np.ndarray | None = None, reference: np.ndarray | None = None
) -> np.ndarray:
    """Each firm's intermediate inputs per unit of output, valued at ``upstream_price`` for a
    chain input and at the start-year price 1 for the others [yuan per reference yuan]:
    ``x_i = m_s d_i / dbar0_s + a_s (p_u - 1) d_i / dbar0_s`` with ``m_s = 1 -
    value_added_share_s`` the intermediate share, ``a_s`` the chain input per unit
    (``sim/economics/chain.py``), ``d_i`` the mean unit cost at the chain input's reference
    price of the plants the firm dispatched (``reference``, computed by
    ``dispatched_reference_costs`` when not given) and ``dbar0_s`` the start year's
    output-weighted mean of it (``IndustryCosts.dispatched_cost0``).
    Inputs move with the cost of the plants that run:
    a costlier plant uses more per unit, a more efficient one or learning by doing fewer (Wright's
    law lowers material as well as labour costs), and a firm that runs only its cheaper plants
    in a price war uses what those plants use. At the start year's prices each industry's value
    added is the table's value-added share ``1 - m_s`` of its output. Inputs are part of the
    unit cost, so ``x_i <= d_i chain_s(p_u)`` (binding only where the reference cost is below
    the intermediate share, at extreme parameters): at the expected upstream price the
    dispatched plants' inputs are below the price, so value added per unit is not negative
    unless the chain input's price turns out above the expected one."""
    f, ind = w.firms, w.industries
    d = dispatched_reference_costs(w) if reference is None else reference
    m = 1.0 - ind.value_added_share
    if upstream_price is None or not (ind.upstream >= 0).any():
        return np.minimum(m[f.industry] * d / w.costs.dispatched_cost0[f.industry], d)
    dearer = ind.upstream_input * (chain.upstream_price(ind.upstream, upstream_price) - 1.0)
    per_d = (m + dearer) / w.costs.dispatched_cost0
    realised = d * np.take(chain_factor(w, upstream_price), f.industry)
    return np.minimum(np.take(per_d, f.industry) * d, realised)


def median_by_group(
    values: np.ndarray, group: np.ndarray, n_groups: int, default: np.ndarray
) -> np.ndarray:
    """Median of ``values`` within each group 0..n_groups-1 (``default[g]`` for an empty group).

    The values are gathered group by group once (a stable sort of the group ids, radix for up to
    65,536 groups), then each group's slice is partially sorted (a loop over the few industries,
    not over firms). The
    median is the middle value (odd count) or the mean ``(a + b) / 2`` of the two middle values
    (even count): for values without NaN, the same number as ``np.median`` without its per-call
    overhead.
    """
    counts = np.bincount(group, minlength=n_groups)[:n_groups]
    # stable: the same order for any integer type; NumPy radix-sorts 8- and 16-bit ones
    top = int(group.max()) if group.size else 0  # ids >= 0 (bincount above)
    small = np.uint8 if top < 256 else np.uint16 if top < 65536 else group.dtype
    grouped = values[np.argsort(group.astype(small, copy=False), kind="stable")]
    return medians_of_runs(grouped, np.concatenate([[0], np.cumsum(counts)]), default)


def medians_of_runs(grouped: np.ndarray, starts: np.ndarray, default: np.ndarray) -> np.ndarray:
    """Median of each run ``grouped[starts[g]:starts[g + 1]]`` (``default[g]`` for an empty
    one): the middle value (odd count) or ``(a + b) / 2`` of the two middle values (even),
    found by ``np.partition`` of the run."""
    out = np.array(default, dtype=float, copy=True)
    bounds = np.asarray(starts).tolist()
    for g in range(len(bounds) - 1):
        first, end = bounds[g], bounds[g + 1]
        m = end - first
        if m == 0:
            continue
        members = grouped[first:end]
        k = m // 2
        if m % 2:
            out[g] = np.partition(members, k)[k]
        else:
            part = np.partition(members, (k - 1, k))
            out[g] = (part[k - 1] + part[k]) / 2.0
    return out
