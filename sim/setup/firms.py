"""Start-year industries and firms: capacity by region, firm sizes and balance sheets, and the
cost calibration that makes every market clear at price 1.

Each industry's capacity is its start-year demand (scaled to the economy's size) over the
initial utilisation, spread over regions: for the 31 provinces by the data-based weights of
``industrial_base`` (deterministic); for synthetic and custom maps, which have no sector data, by
size, a capability tilt by tier, misfit and a log-normal draw. Unit costs are set so that each market clears at the reference price 1 with that
utilisation and the average firm earns the hurdle return.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.firms.costs import agglomeration, cell_capacity, firm_costs, rd_share
from nqpf.agents.firms.plans import planned_growth, subsidy_and_fund_shares
from nqpf.agents.firms.state import FirmArrays, empty_firms
from nqpf.sim.economics import chain, compiled_path, rates
from nqpf.sim.memo import memoised
from nqpf.sim.setup.industrial_base import base_weights

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World

REFERENCE_GDP_2023 = 126_058.0
"""China's GDP in 2023 [bn yuan]; industry demand levels are scaled by GDP / this."""
MAX_FIRM_SHARE_OF_REGION = 0.45
"""No region's firms may start with more than this share of its GDP or its capital [share]."""
MIN_CELL_WEIGHT = 0.02
"""A region gets no start-year capacity in an industry whose allocation weight is below this
share of the largest region's weight [share]."""
CELL_WEIGHT_LOG_SD = 0.3
"""Log standard deviation of the random part of a region's weight in an industry [-]."""
MISFIT_ALLOCATION = 3.0
"""Semi-elasticity of a region's start-year weight in an industry to the capability gap [-]."""
FIRM_SIZE_LOG_SD = 0.6
"""Log standard deviation of start-year firm sizes within a cell [-]."""
LEVERAGE_LOG_MEAN = -0.125
"""Log mean of firms' leverage factor, -sd^2/2 so that its mean is one [-]."""
LEVERAGE_LOG_SD = 0.5
"""Log standard deviation of firms' start-year leverage around ``finance.initial_leverage`` [-]."""
LEVERAGE_BOUNDS = (0.05, 0.98)
"""Start-year debt / assets is clipped to this range [-]."""
MAX_START_AGE = 20
"""Start-year firm ages are drawn uniformly from 1 to this (exclusive) [years]."""
STATE_OWNED_TILT = (1.3, 0.7)
"""Factor on ``firms.state_owned_share`` in traditional and in other industries [-]."""
MAX_START_MARGIN = 0.45
"""Highest start-year margin over variable cost used for the cost spread [share]."""
SPREAD_BOUNDS = (0.02, 0.9)
"""Bounds of the relative cost spread within a firm [-]."""
COST_SEARCH_BOUNDS = (0.05, 3.0)
"""Bracket of the bisection for each industry's base cost [yuan per reference yuan]."""
COST_SEARCH_STEPS = 50
"""Bisection steps of the base-cost calibration."""
KERNEL = "base_cost_bisection"
"""The compiled bisection (``compiled_kernels.py``)."""
MIN_CUMULATIVE_GROWTH = 0.03
"""Floor of the growth rate that sets start-year cumulative output, demand / growth [1/year]."""
TECH_LABOR_OFFSET = 1.2
"""Workers per unit of output fall with technology intensity: ``1.2 - tech_intensity`` [-]."""
FIRM_LABOR_SHARE = 0.18
"""Share of employment in the modelled industries at the start (assumption: NBS industrial
employment, mining, manufacturing and utilities, about 18 % of 740 million employed)."""


def capability_tilt(tier: np.ndarray, capability: np.ndarray) -> np.ndarray:
    """Weight of a region in an industry by tier: traditional ``1.5 - cap``, emerging ``0.5 + cap``,
    future ``0.05 + cap^2`` (capable regions lead new industries), regions x industries."""
    return np.where(
        tier[None, :] == 0,
        1.5 - capability[:, None],
        np.where(tier[None, :] == 1, 0.5 + capability[:, None], 0.05 + capability[:, None] ** 2),
    )


def allocate_capacity(
    w: World,
    sc: Scenario,
    capacity_s: np.ndarray,
    plan_growth: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Share of each industry's capacity in each region, regions x industries (columns sum to 1).

    ``china31``: the data weights of :func:`~nqpf.sim.setup.industrial_base.base_weights` (no
    draw); other geographies: ``GDP_r x tilt_rs x exp(-3 gap_rs) x exp(N(0, 0.3))``. Cells below
    ``MIN_CELL_WEIGHT`` of the industry's largest get nothing. No region's firms may hold more
    than ``MAX_FIRM_SHARE_OF_REGION`` of its GDP (value added at the start utilisation) or of its
    capital (installed capital plus the start pipeline of ``create_firms``, planned at
    ``plan_growth``, :func:`start_plan_growth`, by industry [1/year]): over-full regions are
    scaled down and the rest redistributed. A limit the economy's firms exceed as a whole (a
    synthetic world whose capital is small for its industries) cannot be met by moving capacity
    and is not applied.
    """
    ind, reg, lrn, c = w.industries, w.regions, w.learning, w.costs
    R, S = w.n_regions, w.n_industries
    u0 = sc.firms.initial_utilization
    if sc.world.geography == "china31":
        weight = base_weights(w)
    else:
        weight = (
            reg.gdp[:, None]
            * capability_tilt(ind.tier_id, lrn.capability)
            * np.exp(-MISFIT_ALLOCATION * lrn.gap)
            * np.exp(rng.normal(0, CELL_WEIGHT_LOG_SD, (R, S)))
        )
    weight = np.where(weight >= MIN_CELL_WEIGHT * weight.max(axis=0, keepdims=True), weight, 0.0)
    share_rs = weight / weight.sum(axis=0, keepdims=True)
    va_per_cap = u0 * ind.value_added_share
    # installed capital plus the orders of the last ttb - 1 years (the pipeline create_firms builds)
    assets_per_cap = c.k_per_capacity * (
        1.0 + (plan_growth + sc.solow.delta) * (ind.time_to_build - 1)
    )
    # a limit the economy's firms exceed as a whole no region can meet: it is not applied (the
    # check after the split, MAX_FIRM_SHARE_AT_START, still stops an impossible start)
    va_limit = MAX_FIRM_SHARE_OF_REGION * reg.gdp
    assets_limit = MAX_FIRM_SHARE_OF_REGION * reg.capital
    if (capacity_s * va_per_cap).sum() > va_limit.sum():
        va_limit = np.full(R, np.inf)
    if (capacity_s * assets_per_cap).sum() > assets_limit.sum():
        assets_limit = np.full(R, np.inf)
    return _limit_shares(share_rs, capacity_s, va_per_cap, assets_per_cap, va_limit, assets_limit)


@memoised(maxsize=8)
def _limit_shares(
    share_rs: np.ndarray,
    capacity_s: np.ndarray,
    va_per_cap: np.ndarray,
    assets_per_cap: np.ndarray,
    va_limit: np.ndarray,
    assets_limit: np.ndarray,
) -> np.ndarray:
    """The shares of :func:`allocate_capacity` with over-full regions scaled down and the rest
    redistributed (at most 100 rounds), regions x industries. A pure function of its arrays,
    remembered per process by their contents (``sim/memo.py``): the runs of a sweep on the
    31 provinces share it."""
    for _ in range(100):
        va_r = (share_rs * capacity_s[None, :] * va_per_cap[None, :]).sum(axis=1)
        assets_r = (share_rs * capacity_s[None, :] * assets_per_cap[None, :]).sum(axis=1)
        over = np.maximum(va_r / va_limit, assets_r / assets_limit)
        if over.max() <= 1.0 + 1e-9:
            break
        share_rs = share_rs / np.maximum(over, 1.0)[:, None]
        share_rs = share_rs / share_rs.sum(axis=0, keepdims=True)
    return share_rs


def start_demand_growth(w: World, sc: Scenario) -> np.ndarray:
    """Demand growth firms expect in the start year, by industry [1/year], on the rule that sets
    it in every later year (``agents/region.py`` ``update_demand``): the trend shift of the
    spending mix times the growth of goods spending, households' income having grown at the
    data's ``g_Y`` = ``macro.start_income_growth`` at constant prices,
    ``g_s = (1 + m_s)(1 + g_Y)^eta / (1 + sum_k F_k m_k / sum_k F_k) - 1`` (``m_s`` the industry
    table's ``demand_growth``, ``F`` start-year final demand, ``eta`` =
    ``macro.goods_income_elasticity``); an upstream stage of a chain weighs its buyers' growth
    (``chain.expected_growth``). Without the economy's spending (no final demand) it is ``m_s``."""
    ind = w.industries
    mix = ind.demand_growth.astype(float)
    final = chain.start_final_demand(ind.demand_2023, ind.upstream, ind.upstream_input)
    if final.sum() <= 0:
        return mix.copy()
    spending = (1.0 + sc.macro.start_income_growth) ** sc.macro.goods_income_elasticity
    growth = (1.0 + mix) * spending / (1.0 + (final * mix).sum() / final.sum()) - 1.0
    if (ind.upstream >= 0).any():
        derived = ind.demand_2023 - final
        growth = chain.expected_growth(growth, final, derived, ind.upstream, growth)
    return growth


def start_plan_growth(demand_growth: np.ndarray, initial_utilization: float) -> np.ndarray:
    """Planned capacity growth behind the start year's pipeline, by industry [1/year]:
    ``max(u0 gD_s, 0)``, ``gD`` the demand growth expected in the start year
    (:func:`start_demand_growth`). Firms plan to grow with demand as far as they run their plants
    (``agents/firms/investment.py``), at the start on average ``u0`` =
    ``firms.initial_utilization`` [-]; the capacity split and the start firms read the same plans."""
    return np.maximum(initial_utilization * demand_growth, 0.0)


def create_firms(
    w: World,
    sc: Scenario,
    cap_rs: np.ndarray,
    plan_growth: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """Firms per cell ~ sqrt(capacity) (at least one where the industry is present), sizes
    log-normal, capital under construction for the last years' growth at ``plan_growth``
    (:func:`start_plan_growth`) [1/year], productivity, ownership,
    leverage and age drawn; sets ``w.firms`` and ``w.next_firm_id``."""
    fs, ind, c = sc.firms, w.industries, w.costs
    w.firms = _start_firms(
        cap_rs,
        sc.economy.initial_firms,
        c.pipeline_years,
        c.k_per_capacity,
        plan_growth,
        ind.time_to_build,
        ind.tier_id,
        sc.solow.delta,
        fs.productivity_sd,
        fs.state_owned_share,
        sc.finance.initial_leverage,
        rng,
    )
    w.next_firm_id = w.firms.n


@memoised(maxsize=8)
def _start_firms(
    cap_rs: np.ndarray,
    initial_firms: int,
    pipeline_years: int,
    k_per_capacity: np.ndarray,
    plan_growth: np.ndarray,
    time_to_build: np.ndarray,
    tier_id: np.ndarray,
    delta: float,
    productivity_sd: float,
    state_owned_share: float,
    initial_leverage: float,
    rng: np.random.Generator,
) -> FirmArrays:
    """The start firms of :func:`create_firms` from capacity by cell [bn yuan/year], the
    scenario's numbers it reads and the industries' capital per capacity [bn yuan per bn
    yuan/year], planned growth (:func:`start_plan_growth`) [1/year], time to build [years] and
    tier. A function of its
    arguments and the generator's state, remembered per process by their contents and that
    state (``sim/memo.py``: the generator is left where the draws leave it): the runs of a sweep
    that share a seed share it."""
    R, S = cap_rs.shape
    root = np.sqrt(cap_rs)
    n_rs = np.where(cap_rs > 0, np.maximum(1, np.round(initial_firms * root / root.sum())), 0)
    n_rs = n_rs.astype(np.int64)
    cells = np.repeat(np.arange(R * S), n_rs.ravel())
    n = len(cells)
    f = empty_firms(n, pipeline_years)
    f.id = np.arange(n, dtype=np.int64)
    f.draw_key = f.id.copy()  # start firms' draws are keyed by their ids
    f.region, f.industry = cells // S, cells % S
    size = np.exp(rng.normal(0.0, FIRM_SIZE_LOG_SD, n))
    cell_total = np.bincount(cells, weights=size, minlength=R * S)
    capacity = cap_rs.ravel()[cells] * size / cell_total[cells]
    f.capital = capacity * k_per_capacity[f.industry]
    f.capacity = capacity.copy()
    growth = plan_growth[f.industry]
    ttb = time_to_build[f.industry]
    orders, last = (growth + delta) * f.capital, ttb - 1  # one year's orders
    for j in range(pipeline_years):  # orders of the last ttb-1 years, arriving in j+1 years
        f.pipeline[:, j] = np.where(j < last, orders, 0.0)
    f.productivity = np.exp(rng.normal(-0.5 * productivity_sd**2, productivity_sd, n))
    traditional_tilt = np.where(tier_id[f.industry] == 0, *STATE_OWNED_TILT)
    f.state_owned = rng.random(n) < state_owned_share * traditional_tilt
    leverage = initial_leverage * np.exp(rng.normal(LEVERAGE_LOG_MEAN, LEVERAGE_LOG_SD, n))
    f.debt = np.clip(leverage, *LEVERAGE_BOUNDS) * f.assets
    f.age = rng.integers(1, MAX_START_AGE, n)
    return f


def share_pipeline_by_plans(w: World, sc: Scenario) -> None:
    """``firms.start_pipeline = "firm_plans"``: each industry's start pipeline, the same total,
    shared among its firms in proportion to the pipeline their own plans keep,
    ``B_i = B_s (max(g_i, 0) + delta) K_i / sum_(j in s) (max(g_j, 0) + delta) K_j`` [bn yuan],
    ``g_i`` the firm's planned growth (``agents/firms/plans.py``) at the start's expected prices
    and costs, the start year's loan rate ``policy + base spread`` (before the banks' first
    credit terms) and the governments' subsidy rates and fund shares. Each firm's orders keep
    their years' shape, and its debt follows its assets at the leverage drawn for it,
    ``D_i = lev_i (K_i + B_i)``. So no firm inherits more than its plan keeps building (no
    overhang of its own), and the capacity arriving each year is the same by industry as with
    the uniform pipeline. Called before the banks, the households and the aggregate sector are
    built on the firms' balance sheets (``sim/setup/__init__.py``)."""
    f, delta = w.firms, sc.solow.delta
    cost = firm_costs(w, sc.technology.agglomeration, w.markets.expected_price)
    interest = np.full(f.n, rates.policy(sc) + sc.finance.base_spread)
    sub, fund = subsidy_and_fund_shares(w, sc)
    kept = (np.maximum(planned_growth(w, sc, cost, interest, sub, fund), 0.0) + delta) * f.capital
    S = w.n_industries
    building = f.pipeline.sum(axis=1)
    total = np.bincount(f.industry, weights=building, minlength=S)[f.industry]
    wanted = np.bincount(f.industry, weights=kept, minlength=S)[f.industry]
    scale = np.where(building > 0, total * kept / np.maximum(wanted * building, 1e-300), 0.0)
    leverage = f.debt / f.assets  # as drawn by create_firms
    f.pipeline = f.pipeline * scale[:, None]
    f.debt = leverage * f.assets


def calibrate_spread(w: World, sc: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Relative cost spread within firms, and the first guess of the base cost, such that the
    start year clears at price 1 with utilisation ``u0`` and the hurdle return: margin
    ``m = min((hurdle + delta) k / u0 + rd share, 0.45)``, base ``b = 1 - 2m + m / u0``,
    ``spread = (m / u0) / b`` (closed forms of ``sim/economics/markets.py``)."""
    fs, fin, ind = sc.firms, sc.finance, w.industries
    u0 = fs.initial_utilization
    hurdle0 = rates.policy(sc) + fin.base_spread + fs.hurdle_premium
    margin = np.minimum(
        (hurdle0 + sc.solow.delta) * w.costs.k_per_capacity / u0
        + rd_share(ind.tech_intensity, fs.rd_share_base, fs.rd_share_slope),
        MAX_START_MARGIN,
    )
    base = (1.0 - 2.0 * margin) + margin / u0
    return np.clip((margin / u0) / base, *SPREAD_BOUNDS), base


def calibrate_base_costs(
    w: World, demand: np.ndarray, agglomeration_elasticity: float
) -> np.ndarray:
    """Each industry's base cost such that the start year's supply at price 1 equals demand
    (bisection over ``COST_SEARCH_BOUNDS``)."""
    f, c = w.firms, w.costs
    rel = firm_costs(w, agglomeration_elasticity) / c.base_cost[f.industry]
    # markets.used_share(1, cost, spread) with its loop-invariant factors computed once:
    # low = cost (1 - spread), width = 2 spread cost, share = clip((1 - low) / width, 0, 1)
    spread = c.spread[f.industry]
    keep, two_spread = 1.0 - spread, 2.0 * spread
    return _bisect_base_costs(
        f.industry, rel, keep, two_spread, f.capacity, demand, compiled_path.compiled(KERNEL)
    )


@memoised(maxsize=8)
def _bisect_base_costs(
    industry: np.ndarray,
    rel: np.ndarray,
    keep: np.ndarray,
    two_spread: np.ndarray,
    capacity: np.ndarray,
    demand: np.ndarray,
    compiled: Callable[..., None] | None,
) -> np.ndarray:
    """The bisection of :func:`calibrate_base_costs` on each firm's industry, cost relative
    to its industry's base cost, ``1 - spread``, ``2 spread`` and capacity: each industry's
    base cost [yuan per reference yuan]. ``compiled``: the compiled loop, or None for NumPy's
    (the same numbers). A pure function of its arrays, remembered per process by their contents
    (``sim/memo.py``): the runs of a sweep that share a seed share it."""
    S = len(demand)
    lo, hi = np.full(S, COST_SEARCH_BOUNDS[0]), np.full(S, COST_SEARCH_BOUNDS[1])
    if compiled is not None:  # the same loop compiled (the same numbers)
        compiled(industry, rel, keep, two_spread, capacity, demand, lo, hi, COST_SEARCH_STEPS)
        return 0.5 * (lo + hi)
    cost, share = np.empty_like(rel), np.empty_like(rel)
    for _ in range(COST_SEARCH_STEPS):
        mid = 0.5 * (lo + hi)
        np.multiply(np.take(mid, industry), rel, out=cost)
        np.subtract(1.0, np.multiply(cost, keep, out=share), out=share)
        np.divide(share, np.multiply(two_spread, cost, out=cost), out=share)
        np.multiply(capacity, np.clip(share, 0.0, 1.0, out=share), out=share)
        supply = np.bincount(industry, weights=share, minlength=S)
        too_much = supply > demand
        lo, hi = np.where(too_much, mid, lo), np.where(too_much, hi, mid)
    return 0.5 * (lo + hi)


def incumbents_offset_cluster_costs(w: World, agglomeration_elasticity: float) -> None:
    """Incumbents are survivors: their productivity offsets their cell's misfit and scale
    penalties, so these bite on entry and new investment, not on the inherited base."""
    f = w.firms
    cell = agglomeration(
        cell_capacity(f, w.n_regions, w.n_industries),
        agglomeration_elasticity,
        w.costs.scale_reference,
    )
    f.productivity = f.productivity * cell[f.region, f.industry]
