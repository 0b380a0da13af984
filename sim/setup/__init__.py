"""The start year: geography and regions from data (or drawn), then the agent economy.

``build_world(scenario, rng)`` returns the ``World`` of the start year before its first year runs.
Randomness is drawn only from ``rng`` (the model's generator), in a fixed order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents import households
from nqpf.agents.financier import FundState
from nqpf.agents.firms.costs import cell_capacity, mean_present_cell
from nqpf.agents.government import CentralState
from nqpf.sim.data import industry_growth
from nqpf.sim.data.industries import load_industries
from nqpf.sim.economics import chain, rates, strategies, technology
from nqpf.sim.setup import endowments, institutions
from nqpf.sim.setup import firms as start_firms
from nqpf.sim.setup import trade as start_trade
from nqpf.sim.setup.demography import build_people
from nqpf.sim.setup.geography import build_regions, start_investment_gap
from nqpf.sim.world import IndustryCosts, IndustryMarkets, Learning, World

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario

__all__ = ["build_world"]


def build_world(scenario: Scenario, rng: np.random.Generator) -> World:
    """The world of the start year: regions, and with ``economy.enabled`` the agent economy."""
    geography, regions = build_regions(scenario, rng)
    w = World(
        geography=geography,
        regions=regions,
        year=scenario.world.start_year,
        start_year=scenario.world.start_year,
        people=build_people(scenario, geography, regions.population),
    )
    if scenario.economy.enabled:
        build_economy(w, scenario, rng)
    return w


def build_economy(w: World, sc: Scenario, rng: np.random.Generator) -> None:
    """Industries, universities, firms, talent, governments, banks and the aggregate sector."""
    geo, reg = w.geography, w.regions
    ind = load_industries(sc.industries)
    w.industries = ind
    R, S = geo.n, ind.n
    tech = sc.technology
    agree = technology.agreement_matrix(geo.name) if tech.cooperation else None
    spill = technology.spillover_weights(
        geo.distance_km,
        geo.neighbors.astype(float),
        agree,
        decay_km=tech.spillover_distance_km,
        neighbor_weight=tech.neighbor_weight,
        cooperation_weight=tech.cooperation_weight,
    )
    capability = strategies.capability(reg.absorptive_capacity)
    gap = np.maximum(0.0, ind.tech_intensity[None, :] - capability[:, None])
    w.learning = Learning(
        learning_index=np.ones(S),
        cumulative_output=np.zeros(S),
        cumulative_output0=np.zeros(S),
        cell_experience=np.zeros((R, S)),
        cell_experience0=np.zeros((R, S)),
        cell_learning=np.ones((R, S)),
        capability=capability,
        gap=gap,
        misfit=1.0 + tech.misfit_penalty * gap,
        spill_weights=spill,
    )
    w.costs = IndustryCosts(
        base_cost=np.ones(S),
        spread=np.zeros(S),
        k_per_capacity=ind.capital_intensity * sc.firms.fixed_capital_share,
        labor_coef=np.zeros(S),
        rd_scale=np.ones(R),
        wright_b=technology.wright_exponent(ind.learning_rate),
        traditional=(ind.tier_id == 0).astype(float),
        young_tiers=ind.tier_id >= 1,
        pipeline_years=int(ind.time_to_build.max()),
        dispatched_cost0=np.ones(S),
        endowment=(
            endowments.endowment_factor(endowments.indices(geo.name, reg.population), ind)
            if sc.world.geography == "china31"
            else np.ones((R, S))
        ),
    )
    institutions.create_universities(w, rng)
    build_industries_and_firms(w, sc, rng)
    institutions.create_talent(w)
    institutions.create_governments(w, sc, rng)
    if sc.firms.start_pipeline == "firm_plans":  # the plans read the governments' rates
        institutions.calibrate_rd_scale(w, sc, institutions.start_output(w, sc))  # and R&D
        start_firms.share_pipeline_by_plans(w, sc)
    institutions.create_banks(w, sc)
    households.create(w)
    institutions.split_aggregate_sector(w, sc)
    reg.gdp_nominal = reg.gdp.copy()  # start-year prices are the reference: nominal = real
    reg.gdp_per_head0 = reg.gdp / reg.population
    reg.saving_rate = np.full(R, sc.macro.saving_rate_start)
    if sc.investment_shares_from_data:  # the provinces' investment shares persist
        reg.investment_gap = start_investment_gap(geo.name, sc.world.start_year, reg.gdp)
    w.flows.capital_at_open = total_capital(w)
    w.flows.written_off_capital = 0.0


def build_industries_and_firms(w: World, sc: Scenario, rng: np.random.Generator) -> None:
    """Demand, capacity by region, firms, cost calibration and the markets of the start year."""
    ind, reg, c, lrn = w.industries, w.regions, w.costs, w.learning
    fs, S = sc.firms, w.n_industries
    scale = reg.gdp.sum() / start_firms.REFERENCE_GDP_2023
    demand = ind.demand_2023 * scale
    u0 = fs.initial_utilization
    capacity_s = demand / u0
    demand_growth = start_firms.start_demand_growth(w, sc)  # what firms expect, as in later years
    plan_growth = start_firms.start_plan_growth(demand_growth, u0)
    share_rs = start_firms.allocate_capacity(w, sc, capacity_s, plan_growth, rng)
    start_firms.create_firms(w, sc, share_rs * capacity_s[None, :], plan_growth, rng)
    c.spread, c.base_cost = start_firms.calibrate_spread(w, sc)
    lrn.cumulative_output = demand / np.maximum(
        ind.demand_growth, start_firms.MIN_CUMULATIVE_GROWTH
    )
    lrn.cumulative_output0 = lrn.cumulative_output.copy()
    # experience by region-industry cluster (Wright's law is local, with national spillover)
    lrn.cell_experience = share_rs * lrn.cumulative_output[None, :]
    lrn.cell_experience0 = lrn.cell_experience.copy()
    for start in (lrn.cumulative_output0, lrn.cell_experience0):  # technology.learning_base
        start.flags.writeable = False  # keeps what it derives from them for the run
    c.scale_reference = mean_present_cell(cell_capacity(w.firms, w.n_regions, S))
    start_firms.incumbents_offset_cluster_costs(w, sc.technology.agglomeration)
    start_trade.create(w, sc)  # where buyers are, border costs, delivery factors
    c.base_cost = start_firms.calibrate_base_costs(w, demand, sc.technology.agglomeration)
    fin = sc.finance
    hurdle0 = rates.policy(sc) + fin.base_spread + fs.hurdle_premium
    final = chain.start_final_demand(demand, ind.upstream, ind.upstream_input)
    w.markets = IndustryMarkets(
        demand_trend=final,
        demand_mix=final.copy(),
        demand_growth=demand_growth,
        demand_shock=np.zeros(S),
        demand_total0=float(final.sum()),
        gdp0=float(reg.gdp.sum()),
        population0=float(reg.population.sum()),
        price=np.ones(S),
        price_prev=np.ones(S),
        expected_price=np.ones(S),
        utilization=np.full(S, u0),
        profit_rate=np.full(S, hurdle0),
        revenue_prev=demand.copy(),
        revenue_growth=np.zeros(S),
        recent_growth=industry_growth.recent_growth(ind.keys, ind.demand_growth),
        derived_demand=demand - final,
    )
    labor_total = reg.labor.sum() * start_firms.FIRM_LABOR_SHARE
    c.labor_coef = start_firms.TECH_LABOR_OFFSET - ind.tech_intensity
    c.labor_coef *= labor_total / (c.labor_coef * demand).sum()
    w.central = CentralState(controlled=np.zeros(S, dtype=bool))
    w.fund = FundState()


def total_capital(w: World) -> float:
    """Aggregate-sector capital + firms' installed capital + capital under construction +
    capital resold by exiting firms awaiting installation [bn yuan]."""
    reg, f = w.regions, w.firms
    return float(
        reg.capital.sum() + f.capital.sum() + f.pipeline.sum() + reg.recovered_capital.sum()
    )
