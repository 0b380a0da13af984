"""Regions: one per province (or drawn region). State as arrays; ``Region`` is a view on one row.

Phases: opening the year (capital installed, demand for the industries' goods), aggregate
production and GDP (7), regional technology (9); the Solow core's phases of textbook mode are in
``agents/region_textbook.py``. The wage migrants compare is here; demography and migration are
in ``agents/people.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.base import RegionRowAgent
from nqpf.sim.economics import chain, national_accounts, saving, solow, strategies, technology

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario
    from nqpf.sim.config.sections_growth import Technology
    from nqpf.sim.world import World

DEMAND_SHOCK_PERSISTENCE = 0.5
"""AR(1) coefficient of industries' log demand shocks [-] (assumption: half gone in a year)."""
UNIFIED_MARKET_HUKOU = 0.5
"""Factor on the hukou cost of moving under a unified national market [-] (assumption)."""
INNOVATION_SHOCK_LOG_MEAN = -0.045
"""Log mean of the yearly innovation shock, -sd^2/2 so that its mean is one [-]."""
INNOVATION_SHOCK_LOG_SD = 0.3
"""Log sd of a region's yearly innovation shock [-] (assumption; innovation is small)."""
KNOWLEDGE_ELASTICITY = 0.2
"""Elasticity of regional innovation to the universities' relative knowledge [-] (assumption)."""


@dataclass(slots=True)
class RegionGeography:
    """What does not change during a run: names, groupings and the spatial structure."""

    name: list[str]
    """Region keys (English names for china31)."""
    name_zh: list[str]
    """Chinese names (the English key where none is known)."""
    macro_region: list[str]
    """east | central | west | northeast (NBS grouping)."""
    sci_tech_class: list[str]
    """I | II | III | IV, the science-and-technology classes of seed 001, section 2(2)."""
    lat: np.ndarray
    """Latitude of the capital city [degrees]."""
    lon: np.ndarray
    """Longitude of the capital city [degrees]."""
    neighbors: np.ndarray
    """Land-border adjacency, boolean R x R, symmetric, false on the diagonal."""
    distance_km: np.ndarray
    """Great-circle distance between capital cities, R x R [km]."""

    @property
    def n(self) -> int:
        return len(self.name)

    def index(self, name: str) -> int:
        """Row index of a region by key; ValueError naming the allowed keys otherwise."""
        try:
            return self.name.index(name)
        except ValueError:
            raise ValueError(
                f"unknown region {name!r}; known regions: {', '.join(self.name)}"
            ) from None


@dataclass(slots=True)
class RegionState:
    """Dynamic regional stocks and flows, one entry per region (index = region id).

    Monetary quantities are in billions of yuan at constant start-year prices.
    """

    population: np.ndarray
    """Resident population [million persons]."""
    labor: np.ndarray
    """Employed labour L_r [million workers]."""
    capital: np.ndarray
    """Capital stock K_r of the regional aggregate sector [bn yuan]."""
    tfp: np.ndarray
    """Structural productivity A_r of the aggregate sector (reported as ``technology_index``;
    the outputs' ``tfp`` is the measured Solow residual) [index, start-year data-implied level]."""
    tfp_next: np.ndarray
    """A_r for next year, set by the technology phase [index]."""
    own_tfp_growth: np.ndarray
    """Exogenous TFP growth g_r [1/year]."""
    absorptive_capacity: np.ndarray
    """Absorptive capacity h_r in [0, 1] (scales Nelson-Phelps catch-up) [-]."""
    rd_intensity: np.ndarray
    """R&D spending / GDP [% of GDP]."""
    gdp: np.ndarray = field(default=None)  # type: ignore[assignment]
    """Real value added Y_r in the current year: current prices over the national GDP deflator
    (chain-linked, start-year prices) [bn yuan/year]."""
    gdp_nominal: np.ndarray = field(default=None)  # type: ignore[assignment]
    """Value added at current prices (aggregate sector's price = 1) [bn yuan/year]."""
    saving_rate: np.ndarray = field(default=None)  # type: ignore[assignment]
    """Saving (= investment) rate of the year, set when the year opens [share of GDP]."""
    investment: np.ndarray = field(default=None)  # type: ignore[assignment]
    """Gross fixed investment I_r in the current year, installed next year [bn yuan/year].
    With the agent economy: the aggregate sector's investment (firms' is in the firm arrays)."""
    aggregate_output: np.ndarray = field(default=None)  # type: ignore[assignment]
    """Value added of the aggregate (non-firm) sector [bn yuan/year]."""
    talent: np.ndarray = field(default=None)  # type: ignore[assignment]
    """Skilled workers (college-educated), part of labour [million]."""
    rd_share_aggregate: np.ndarray = field(default=None)  # type: ignore[assignment]
    """R&D spending of the aggregate sector per unit of its output [share]."""
    recovered_capital: np.ndarray = field(default=None)  # type: ignore[assignment]
    """Capital of exiting firms resold to the aggregate sector this year, installed next year [bn yuan]."""
    investment_gap: np.ndarray = field(default=None)  # type: ignore[assignment]
    """Log of the region's start-year investment share over the nation's, ``g_r,t0``
    (when the home saving follows the data's shares, ``macro.regional_investment`` "data" or
    "auto" on china31; zero otherwise) [log points]."""
    gdp_per_head0: np.ndarray = field(default=None)  # type: ignore[assignment]
    """Real GDP per head of the start year, ``y_r,0`` [thousand yuan per person]."""
    rd_effort: np.ndarray = field(default=None)  # type: ignore[assignment]
    """Factor on the start year's R&D shares, set when the year opens (``set_rd_effort``) [x]."""
    world_frontier: float = float("nan")
    """World technology frontier F_t in the units of A, set in the start year's technology
    phase to the output-weighted mean A over ``technology.world_frontier_gap`` and grown at
    ``technology.world_frontier_growth`` [index]."""

    def __post_init__(self) -> None:
        n = len(self.population)
        for name in (
            "gdp",
            "gdp_nominal",
            "saving_rate",
            "investment",
            "aggregate_output",
            "talent",
            "rd_share_aggregate",
            "recovered_capital",
            "investment_gap",
            "gdp_per_head0",
        ):
            if getattr(self, name) is None:
                setattr(self, name, np.zeros(n))
        if self.rd_effort is None:
            self.rd_effort = np.ones(n)


class Region(RegionRowAgent):
    """A province: a view on row ``index`` of the model's region arrays (no state of its own)."""

    @property
    def name(self) -> str:
        return self.model.world.geography.name[self.index]

    @property
    def macro_region(self) -> str:
        return self.model.world.geography.macro_region[self.index]

    @property
    def sci_tech_class(self) -> str:
        return self.model.world.geography.sci_tech_class[self.index]

    @property
    def population(self) -> float:
        """Resident population [million persons]."""
        return float(self.model.world.regions.population[self.index])

    @property
    def gdp(self) -> float:
        """Value added this year [bn yuan]."""
        return float(self.model.world.regions.gdp[self.index])

    @property
    def capital(self) -> float:
        """Capital stock [bn yuan]."""
        return float(self.model.world.regions.capital[self.index])

    @property
    def technology_index(self) -> float:
        """Structural productivity A_r of the aggregate sector [index] (not a measured TFP)."""
        return float(self.model.world.regions.tfp[self.index])

    def firm_totals(self) -> dict[str, np.ndarray] | None:
        """The region's live firms summed by industry (None without firms): ``industry`` keys,
        ``n_firms``, ``capacity`` and ``output`` [bn yuan/year at reference prices], ``capital`` and
        ``debt`` [bn yuan], ``zombies`` and ``state_owned`` [firms], ``utilization`` [share, NaN
        without capacity]."""
        w = self.model.world
        f = w.firms
        if f is None:
            return None
        mask = f.region == self.index
        ind, n = f.industry[mask], w.n_industries
        out: dict[str, np.ndarray] = {
            "industry": np.array(w.industries.keys),
            "n_firms": np.bincount(ind, minlength=n),
        }
        for name in ("capacity", "output", "capital", "debt"):
            out[name] = np.bincount(ind, weights=getattr(f, name)[mask], minlength=n)
        out["zombies"] = np.bincount(ind, weights=f.zombie[mask].astype(float), minlength=n).astype(
            int
        )
        out["state_owned"] = np.bincount(
            ind, weights=f.state_owned[mask].astype(float), minlength=n
        ).astype(int)
        cap = out["capacity"]
        out["utilization"] = np.where(cap > 0, out["output"] / np.maximum(cap, 1e-12), np.nan)
        return out

    def __repr__(self) -> str:
        return f"Region({self.name!r}, gdp={self.gdp:.1f} bn yuan)"


# ---------------------------------------------------------------------------------- opening the year
def install_capital(w: World, delta: float) -> None:
    """The aggregate sector's capital: ``K' = (1 - delta) K + I + capital resold by exits``."""
    reg = w.regions
    reg.capital = (1.0 - delta) * reg.capital + reg.investment + reg.recovered_capital
    reg.recovered_capital = np.zeros(w.n_regions)


def set_saving_rate(w: World, sc: Scenario) -> None:
    """Opening the year: the saving (= investment) rate falls with real GDP per head and ageing
    from the start year's data value (``sim/economics/saving.py``):
    ``s_t = s_0 + b_y ln(y_{t-1} / y_0) + b_a (d_t - d_0)``, the same in every region."""
    reg, m, mac = w.regions, w.markets, sc.macro
    income_ratio = (reg.gdp.sum() / reg.population.sum()) / (m.gdp0 / m.population0)
    rate = saving.saving_rate(
        mac.saving_rate_start,
        income_ratio,
        w.year,
        w.start_year,
        income_effect=mac.saving_income_effect,
        ageing_effect=mac.saving_ageing_effect,
    )
    reg.saving_rate = np.full(w.n_regions, rate)


def set_rd_effort(w: World, sc: Scenario) -> None:
    """Opening the year: ``effort_r = (y_r,t-1 / y_r,0)^e``, the factor on every R&D share of the
    region (``e`` = ``technology.rd_income_elasticity``, ``y`` real GDP per head; 1 at e = 0) [x]."""
    if (e := sc.technology.rd_income_elasticity) != 0.0:
        reg = w.regions
        reg.rd_effort = ((reg.gdp / reg.population) / reg.gdp_per_head0) ** e


def update_demand(w: World, sc: Scenario, rng: np.random.Generator) -> None:
    """Households' spending on the industries' goods for the new year: a share of expected
    nominal income (last year's grown at last year's real growth) that moves with real income per head (``(y/y0)^(eta-1)``) and the goods' relative
    price (``(P_g/P)^(1-sigma)``, ``national_accounts.goods_spending``); trend growth shifts its mix, ``mix' = mix (1 + g_s)``,
    ``level_s = spend x mix_s / sum_k mix_k p_k^(1 - eps_k)``; each market clears on its demand
    curve. The log demand shock is AR(1). The demand growth firms expect of an upstream stage of
    a chain weighs its final demand's growth and its buyers' (``chain.expected_growth``)."""
    m, ind, reg, mac = w.markets, w.industries, w.regions, sc.macro
    m.demand_mix = m.demand_mix * (1.0 + ind.demand_growth)
    expected = 1.0 + w.accounts.real_growth  # expected income: last year's grown at its growth
    income_per_head = expected * (reg.gdp.sum() / reg.population.sum()) / (m.gdp0 / m.population0)
    spending = national_accounts.goods_spending(
        m.demand_total0,
        expected * reg.gdp_nominal.sum() / m.gdp0,
        income_per_head,
        w.value_added.goods_price_index / w.accounts.deflator,
        income_elasticity=mac.goods_income_elasticity,
        substitution=mac.goods_services_substitution,
    )
    per_level = m.demand_mix * m.price ** (1.0 - ind.price_elasticity)
    previous = m.demand_trend
    m.demand_trend = spending * m.demand_mix / per_level.sum()
    m.demand_growth = m.demand_trend / np.maximum(previous, 1e-12) - 1.0
    if (ind.upstream >= 0).any():  # an upstream stage's demand also grows with its buyers'
        m.demand_growth = chain.expected_growth(
            m.demand_growth, m.demand_trend, m.derived_demand, ind.upstream, m.demand_growth
        )
    sd = sc.firms.demand_shock_sd
    m.demand_shock = DEMAND_SHOCK_PERSISTENCE * m.demand_shock + sd * rng.standard_normal(
        w.n_industries
    )


# ---------------------------------------------------------------------------------- migration
def aggregate_wage(w: World, alpha: float) -> np.ndarray:
    """Wage in the aggregate sector, ``(1 - alpha) Y / L_agg`` [thousand yuan per worker]."""
    reg = w.regions
    firm_labor = np.bincount(w.firms.region, weights=w.firms.labor, minlength=w.n_regions)
    l_agg = np.maximum(reg.labor - firm_labor, 1e-9)
    y = np.where(reg.aggregate_output > 0, reg.aggregate_output, reg.gdp)
    return (1 - alpha) * y / l_agg


# ---------------------------------------------------------------------------------- production
def produce_aggregate(w: World, sc: Scenario) -> None:
    """7b. The aggregate (services, rest-of-economy) sector produces ``A K^alpha L_agg^(1-alpha)``
    with the workers firms do not employ, at the numeraire price 1. Nominal GDP = its output +
    firms' value added at current prices; real GDP is chain-linked at previous-year prices,
    ``real_t = real_{t-1} (Y_agg,t + VA_t at t-1 prices) / nominal_{t-1}`` (start year: real =
    nominal); regions' real GDP is their nominal GDP over the national deflator, and each
    region's own chain link (its output and inputs at last year's prices: its volume of
    production) is kept beside it (``accounts.volume_by_region``)."""
    reg, alpha, acc, va = w.regions, sc.solow.alpha, w.accounts, w.value_added
    l_agg = reg.labor - np.bincount(w.firms.region, weights=w.firms.labor, minlength=w.n_regions)
    if (l_agg <= 0).any():
        i = int(np.argmin(l_agg))
        raise ValueError(
            f"year {w.year}: firms employ more than the labour force of {w.geography.name[i]}"
        )
    reg.aggregate_output = solow.cobb_douglas(reg.tfp, reg.capital, l_agg, alpha)
    nominal_before, reg.gdp_nominal = reg.gdp_nominal, reg.aggregate_output + va.nominal_by_region
    nominal = float(reg.gdp_nominal.sum())
    if acc.measured:
        at_previous = float(reg.aggregate_output.sum() + va.at_previous_prices_by_industry.sum())
        real = national_accounts.chain_link(acc.real, acc.nominal, at_previous)
        acc.real_growth, acc.real = real / acc.real - 1.0, real
        acc.volume_by_region, acc.volume_growth_by_region = national_accounts.chain_link_regions(
            acc.volume_by_region,
            nominal_before,
            reg.aggregate_output + va.at_previous_prices_by_region,
        )
    else:
        acc.real, acc.measured = nominal, True
        acc.real_growth = sc.macro.start_income_growth
        acc.volume_by_region = reg.gdp_nominal.copy()
        acc.volume_growth_by_region = np.full(w.n_regions, np.nan)
    acc.nominal = nominal
    acc.deflator = nominal / acc.real
    reg.gdp = reg.gdp_nominal / acc.deflator
    va.by_region = va.nominal_by_region / acc.deflator


# ---------------------------------------------------------------------------------- technology
def update_capability(w: World, sc: Scenario) -> np.ndarray:
    """9a. R&D intensity (over GDP at current prices), absorptive capacity, capability and the
    misfit of every industry; returns total R&D by region [bn yuan]."""
    reg, tech, lrn = w.regions, sc.technology, w.learning
    rd_total = reg.rd_share_aggregate * reg.rd_effort * reg.aggregate_output + w.flows.rd_by_region
    reg.rd_intensity = 100.0 * rd_total / reg.gdp_nominal
    reg.absorptive_capacity = solow.absorptive_capacity(reg.rd_intensity, tech.absorptive_scale)
    lrn.capability = strategies.capability(reg.absorptive_capacity)
    lrn.gap = np.maximum(0.0, w.industries.tech_intensity[None, :] - lrn.capability[:, None])
    lrn.misfit = 1.0 + tech.misfit_penalty * lrn.gap
    return rd_total


def advance_regional_tfp(w: World, sc: Scenario, rng: np.random.Generator) -> None:
    """9b. Next year's TFP of the aggregate sector: own growth plus innovation, Nelson-Phelps
    catch-up and spillovers (``sim/economics/technology.py``).

    Innovation ``= elasticity x R&D / Y (both at current prices) x sqrt(talent share / mean) x (knowledge / mean)^0.2 x
    shock``, the shock log-normal with mean one.
    """
    reg, tech = w.regions, sc.technology
    rd_total = update_capability(w, sc)
    talent_share = reg.talent / reg.labor
    knowledge = w.universities.knowledge
    shock = np.exp(rng.normal(INNOVATION_SHOCK_LOG_MEAN, INNOVATION_SHOCK_LOG_SD, w.n_regions))
    innov = (
        tech.innovation_elasticity
        * rd_total
        / reg.gdp_nominal
        * np.sqrt(talent_share / (talent_share.sum() / w.n_regions))  # .mean(), cheaper
        * (knowledge / (knowledge.sum() / w.n_regions)) ** KNOWLEDGE_ELASTICITY
        * shock
    )
    reg.tfp_next = technology.regional_tfp_next(
        reg.tfp,
        reg.own_tfp_growth + innov,
        tech.catch_up_rate * reg.absorptive_capacity,
        tech.spillover_rate,
        w.learning.spill_weights,
        world_frontier=advance_world_frontier(reg, tech),
    )


def advance_world_frontier(reg: RegionState, tech: Technology) -> float:
    """The world technology frontier of this year, ``F_t``, and next year's ``F_{t+1} = (1 +
    g_F) F_t``. In the start year ``F_0 = sum_r A_r Y_r / sum_r Y_r / gap_0`` (China's TFP is
    ``gap_0`` of the frontier's, ``technology.world_frontier_gap``)."""
    if np.isnan(reg.world_frontier):
        weights = reg.aggregate_output if reg.aggregate_output is not None else reg.gdp
        reg.world_frontier = float(np.average(reg.tfp, weights=weights)) / tech.world_frontier_gap
    now = reg.world_frontier
    reg.world_frontier = now * (1.0 + tech.world_frontier_growth)
    return now
