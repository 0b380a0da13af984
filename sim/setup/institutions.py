"""Start-year universities, talent, governments and banks, and the split of each region's
capital, labour and GDP between firms and the aggregate sector."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.financier import BankArrays
from nqpf.agents.firms.costs import firm_costs, firm_labor_by_region, firm_rd_share, hire
from nqpf.agents.firms.production import measure_value_added
from nqpf.agents.government import GovernmentArrays
from nqpf.agents.university import BASE_FUNDING_SHARE, KNOWLEDGE_DEPRECIATION, UniversityArrays
from nqpf.sim.economics import markets, strategies

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World

STRENGTH_LOG_SD = 0.4
"""Log standard deviation of universities' field strengths [-]."""
STRENGTH_CAPABILITY_OFFSET = 0.3
"""Field strength ~ (0.3 + capability)^(2 x tech intensity): capable regions are strong in
technology-intensive fields [-]."""
TALENT_SHARE_BASE = 0.10
"""Skilled share of workers at zero R&D intensity [share]."""
TALENT_SHARE_PER_RD = 0.035
"""Increase of the skilled share per point of R&D intensity [share per % of GDP]."""
TALENT_SHARE_BOUNDS = (0.05, 0.6)
"""Bounds of the start-year skilled share of workers [share]."""
TOURNAMENT_PROPENSITY_SD = 0.25
"""Standard deviation of tournament governments' start-year herding propensity around the
scenario's value, so that imitation has something to select [-]."""
MAX_FIRM_SHARE_AT_START = 0.7
"""Firms may hold at most this share of a region's capital and GDP at the start [share]."""


def create_universities(w: World, rng: np.random.Generator) -> None:
    """Funding ``0.4 %`` of GDP, knowledge at its steady state (funding / depreciation), field
    strengths log-normal around a capability tilt (mean 1)."""
    reg, R, S = w.regions, w.n_regions, w.n_industries
    noise = np.exp(rng.normal(0.0, STRENGTH_LOG_SD, (R, S)))
    strength = noise * (STRENGTH_CAPABILITY_OFFSET + w.learning.capability[:, None]) ** (
        2.0 * w.industries.tech_intensity[None, :]
    )
    strength = strength / strength.mean()
    funding = BASE_FUNDING_SHARE * reg.gdp
    w.universities = UniversityArrays(
        funding=funding,
        knowledge=funding / KNOWLEDGE_DEPRECIATION,
        strength=strength,
        graduates=np.zeros(R),
    )


def create_talent(w: World) -> None:
    """Skilled workers: ``(0.10 + 0.035 x R&D intensity)`` of workers, within 5-60 %."""
    reg = w.regions
    reg.talent = reg.labor * np.clip(
        TALENT_SHARE_BASE + TALENT_SHARE_PER_RD * reg.rd_intensity, *TALENT_SHARE_BOUNDS
    )


def create_governments(w: World, sc: Scenario, rng: np.random.Generator) -> None:
    """Each government's strategy (scenario mode, by macro-region, by region) and herding
    propensity; debt at the scenario's debt / GDP."""
    geo, R, S = w.geography, w.n_regions, w.n_industries
    modes = np.array([sc.strategy.mode] * R, dtype=object)
    for i, macro in enumerate(geo.macro_region):
        if macro in sc.strategy.by_macro_region:
            modes[i] = sc.strategy.by_macro_region[macro]
    for name, mode in sc.strategy.by_region.items():
        modes[geo.index(name)] = mode
    psi = np.array([strategies.PSI.get(md, sc.strategy.herding_propensity) for md in modes])
    # tournament governments start from different propensities around the scenario's value,
    # so that imitation of the fastest-growing regions has something to select
    tourney = modes == "tournament"
    psi[tourney] = np.clip(
        psi[tourney] + rng.normal(0.0, TOURNAMENT_PROPENSITY_SD, tourney.sum()), 0.0, 1.0
    )
    gdp = w.regions.gdp
    w.governments = GovernmentArrays(
        strategy=modes,
        herding_propensity=psi,
        priorities=np.zeros((R, S), dtype=bool),
        fit=np.zeros((R, S)),
        debt=sc.government.initial_debt_to_gdp * gdp,
        bank_held=sc.government.bank_held_share * sc.government.initial_debt_to_gdp * gdp,
        revenue=np.zeros(R),
        spending=np.zeros(R),
        subsidies=np.zeros(R),
        talent_subsidy=np.zeros(R),
        gdp_at_plan=gdp.copy(),
        subsidy_rate=np.zeros((R, S)),
        upgrade_rate=np.zeros((R, S)),
        protected=np.zeros((R, S), dtype=bool),
    )


def create_banks(w: World, sc: Scenario) -> None:
    """A bank per region holding its firms' loans and its government's LGFV loans, with capital
    at the target ratio; households hold the deposits and the local bonds."""
    R = w.n_regions
    loans = np.bincount(w.firms.region, weights=w.firms.debt, minlength=R)
    gov_loans = w.governments.bank_held.copy()
    w.banks = BankArrays(
        loans=loans,
        gov_loans=gov_loans,
        capital=sc.finance.initial_capital_ratio * (loans + gov_loans),
        npl=np.zeros(R),
        losses=np.zeros(R),
        interest_income=np.zeros(R),
        lending_factor=np.ones(R),
    )


def dispatched_mean_cost(
    industry: np.ndarray, output: np.ndarray, unit_cost: np.ndarray, default: np.ndarray
) -> np.ndarray:
    """Output-weighted mean of the dispatched plants' unit cost of each industry's firms,
    ``sum q d / sum q`` (``default`` where an industry has no output) [yuan per reference
    yuan]."""
    n = len(default)
    q = np.bincount(industry, weights=output, minlength=n)
    qc = np.bincount(industry, weights=output * unit_cost, minlength=n)
    return np.divide(qc, q, out=np.asarray(default, float).copy(), where=q > 0)


def start_output(w: World, sc: Scenario) -> np.ndarray:
    """Each start firm's output at the start year's price 1, ``q_i = cap_i used(1, c_i, w_s)``
    [bn yuan/year] (``markets.used_share``), at its unit cost ``c_i`` of ``firm_costs``."""
    f = w.firms
    cost = firm_costs(w, sc.technology.agglomeration)
    return f.capacity * markets.used_share(1.0, cost, w.costs.spread[f.industry])


def calibrate_rd_scale(w: World, sc: Scenario, output: np.ndarray) -> np.ndarray:
    """Each region's scale of its firms' R&D, ``rd_scale_r = min(1, RD_r / sum_(i in r) rd_i
    q_i)``: where the industry table's R&D shares (``firm_rd_share`` at scale 1) exceed the
    region's measured R&D ``RD_r = rd_intensity_r / 100 x GDP_r``, its firms' R&D is scaled down
    so that the start year reproduces the data. Sets ``costs.rd_scale`` and returns the firms'
    R&D by region after it [bn yuan/year]. ``output``: the firms' start output (bn yuan/year)."""
    reg, f, fs = w.regions, w.firms, sc.firms
    rd_total = reg.rd_intensity / 100.0 * reg.gdp
    w.costs.rd_scale = np.ones(w.n_regions)
    rd_firms = np.bincount(
        f.region,
        weights=firm_rd_share(w, fs.rd_share_base, fs.rd_share_slope) * output,
        minlength=w.n_regions,
    )
    w.costs.rd_scale = np.minimum(1.0, rd_total / np.maximum(rd_firms, 1e-12))
    return rd_firms * w.costs.rd_scale


def split_aggregate_sector(w: World, sc: Scenario) -> None:
    """Split regional capital, labour and GDP between firms and the aggregate sector.

    The start year's production is computed by the same functions as every later year; the
    aggregate sector's TFP is the residual ``A = (Y - VA_firms) / (K_agg^alpha L_agg^(1-alpha))``,
    and its R&D share the rest of the region's measured R&D.
    """
    reg, f, alpha = w.regions, w.firms, sc.solow.alpha
    firm_assets = np.bincount(f.region, weights=f.assets, minlength=w.n_regions)
    capacity = f.capacity
    f.unit_cost = firm_costs(w, sc.technology.agglomeration)
    spread = w.costs.spread[f.industry]
    f.output = capacity * markets.used_share(1.0, f.unit_cost, spread)
    # the start year's prices are the reference ones: c0_i = c_i
    dispatched = f.unit_cost * markets.dispatched_cost_ratio(f.output, capacity, spread)
    w.costs.dispatched_cost0 = dispatched_mean_cost(
        f.industry, f.output, dispatched, w.costs.base_cost
    )
    f.labor = hire(w, f.output, dispatched)
    output = f.output
    w.markets.price = np.ones(w.n_industries)
    w.value_added.nominal_previous_by_industry = None
    measure_value_added(w)
    # the start year is measured again in its own production phase, as the chain's first year
    w.value_added.nominal_previous_by_industry = None
    w.value_added.goods_price_index = 1.0
    va = w.value_added.by_region
    labor = firm_labor_by_region(w)
    # guard: firms may hold at most 70 % of a region's capital and GDP
    squeeze = np.maximum.reduce(
        [
            firm_assets / (MAX_FIRM_SHARE_AT_START * reg.capital),
            va / (MAX_FIRM_SHARE_AT_START * reg.gdp),
            np.ones(w.n_regions),
        ]
    )
    if (squeeze > 1).any():
        raise ValueError(
            "initial firms exceed 70 % of a region's capital or GDP in "
            f"{[w.geography.name[i] for i in np.flatnonzero(squeeze > 1)]}; "
            "lower the industry demand levels"
        )
    reg.capital = reg.capital - firm_assets  # the region's own capital is the aggregate sector's
    y_agg = reg.gdp - va
    l_agg = reg.labor - labor
    reg.tfp = y_agg / (reg.capital**alpha * l_agg ** (1 - alpha))
    reg.tfp_next = reg.tfp.copy()
    rd_total = reg.rd_intensity / 100.0 * reg.gdp
    rd_firms = calibrate_rd_scale(w, sc, output)
    reg.rd_share_aggregate = (rd_total - rd_firms) / y_agg
