"""Scenario sections of the agent economy: the switch, firms, banks and funds, and talent.

``[economy]`` turns the agent economy on or off; ``[firms]`` sets capacity, costs, expectations,
investment, entry and exit; ``[finance]`` credit terms, risk views and the allocation of saving;
``[talent]`` skilled workers, graduates and migration.
"""

from __future__ import annotations

from typing import Literal

from nqpf.sim.config.params import StrictModel, param


class Economy(StrictModel):
    """Switch for the agent economy on top of the Solow core."""

    enabled: bool = param(
        True,
        unit="-",
        meaning="firms, governments, banks, funds and universities act; false = "
        "Solow core only (textbook mode)",
    )
    initial_firms: int = param(
        6000,
        unit="firms",
        meaning="number of firms at the start, spread over regions and industries",
        ge=14,
        le=1_000_000,
    )
    check_accounts: bool = param(
        False,
        unit="-",
        meaning="check the transaction-flow matrix (every flow paid and received, every "
        "sector's flows matching its stocks, to 1e-9 of GDP) and every stock-flow identity every "
        "year and fail loudly (also --check-accounts)",
    )
    firm_agents: bool = param(
        True,
        unit="-",
        meaning="keep a Mesa Firm agent (a view on the firm arrays) for every "
        "firm; false skips them for speed in sweeps",
    )


class Firms(StrictModel):
    """Firms: capacity, costs, expectations, investment, entry and exit."""

    initial_utilization: float = param(
        0.76,
        unit="share",
        meaning="capacity utilisation every industry starts from",
        gt=0.3,
        lt=1.0,
        source="NBS: industrial capacity utilisation 75.6 % (2022), 75.1 % (2023)",
    )
    fixed_capital_share: float = param(
        0.55,
        unit="share",
        meaning="fixed capital / total assets (turns the industry table's "
        "asset intensity into capital per unit of capacity)",
        ge=0.1,
        le=1,
        source="assumption: fixed assets about half of industrial firms' total assets (NBS). At "
        "least 0.1: near zero, capital per unit of capacity vanishes and entry and capacity "
        "overflow (found by the schema test)",
    )
    productivity_sd: float = param(
        0.10,
        unit="log points",
        meaning="dispersion of firm productivity at start and entry",
        ge=0,
        le=1,
        source="Hsieh and Klenow (2009): large TFPQ dispersion in Chinese manufacturing",
    )
    expectations: Literal["adaptive", "extrapolative"] = param(
        "adaptive",
        unit="-",
        meaning="how firms form expected prices: adaptive (move toward the "
        "last price) or extrapolative (extend the last change)",
    )
    expectation_weight: float = param(
        0.5,
        unit="-",
        meaning="adaptive: weight on the last price; extrapolative: weight on the last change",
        ge=0,
        le=2,
    )
    investment_sensitivity: float = param(
        0.6,
        unit="1/(return)",
        meaning="extra capacity growth per point of expected return above the hurdle",
        ge=0,
        le=20,
    )
    max_capacity_growth: float = param(
        0.15,
        unit="1/year",
        meaning="most a firm can grow its capital in one year",
        gt=0,
        le=2,
    )
    hurdle_premium: float = param(
        0.03,
        unit="1/year",
        meaning="return required above the cost of finance",
        ge=0,
        le=0.3,
    )
    entry_rate: float = param(
        0.5,
        unit="firms/year",
        meaning="entrants per region-industry cell per 10 points of expected excess return",
        ge=0,
        le=100,
    )
    recovery_rate: float = param(
        0.3,
        unit="share",
        meaning="share of an exiting firm's capital that is resold; the rest is written off",
        ge=0,
        le=1,
    )
    rd_share_base: float = param(
        0.003,
        unit="share of revenue",
        meaning="R&D spending of a firm in an industry of zero technology intensity",
        ge=0,
        le=0.2,
    )
    rd_share_slope: float = param(
        0.03,
        unit="share of revenue",
        meaning="extra R&D share per unit of technology intensity",
        ge=0,
        le=0.5,
        source="NBS: R&D / revenue of industrial firms above designated size about 1.5 % (2023)",
    )
    rd_productivity: float = param(
        0.03,
        unit="-",
        meaning="productivity growth per unit of R&D/revenue at full capability",
        ge=0,
        le=10,
    )
    demand_shock_sd: float = param(
        0.015,
        unit="log points",
        meaning="sd of yearly demand shocks (AR(1), persistence 0.5)",
        ge=0,
        le=0.5,
    )
    state_owned_share: float = param(
        0.3,
        unit="share",
        meaning="share of firms that are state-owned (protected more, cheaper credit)",
        ge=0,
        le=1,
    )


class Talent(StrictModel):
    """Skilled workers, graduates and migration (design §5.4)."""

    mobility: float = param(
        0.06,
        unit="share/year",
        meaning="share of skilled workers who reconsider where to live each year",
        ge=0,
        le=1,
        lever=True,
        label="Talent mobility",
        label_zh="人才流动性",
        meaning_zh="每年重新考虑居住地的高技能劳动者比例",
    )
    labor_mobility: float = param(
        0.005,
        unit="share/year",
        meaning="share of other workers who reconsider each year",
        ge=0,
        le=0.5,
        source="assumption; at most 0.5: with every worker reconsidering each year (1, with "
        "talent.mobility 1 and a strong wage weight) whole regions emptied in a year while their "
        "firms still employed workers, and the run stopped; at 0.5 a region keeps at least half "
        "its other workers each year",
    )
    wage_weight: float = param(
        3.0,
        unit="1/log wage",
        meaning="logit weight on log wage",
        ge=0,
        le=50,
    )
    subsidy_weight: float = param(
        0.03,
        unit="1/(thousand yuan)",
        meaning="logit weight on talent subsidy per skilled worker",
        ge=0,
        le=500,
    )
    distance_cost: float = param(
        1.0,
        unit="per 1000 km",
        meaning="logit cost of distance",
        ge=0,
        le=20,
    )
    hukou_cost: float = param(
        2.0,
        unit="-",
        meaning="logit cost of leaving the home region (household registration)",
        ge=0,
        le=20,
    )
    congestion_elasticity: float = param(
        0.14,
        unit="-",
        meaning="elasticity of a resident's living cost to the region's population: the "
        "destination value falls by wage_weight x elasticity x ln(population / start population)",
        ge=0,
        le=2,
        source="housing share of consumption 22.7 % (NBS 2023 household survey) x elasticity of "
        "house prices to population 1 / (0.5 + 1.1) = 0.63 from the housing supply (0.5) and "
        "demand (-1.1) price elasticities of Chow and Niu (2015, Pacific Economic Review 20(1))",
    )
    megacity_hukou: float = param(
        1.0,
        unit="-",
        meaning="extra hukou cost, as a multiple of hukou_cost, of moving into a region whose "
        "city caps its population with a points system (Beijing, Shanghai)",
        ge=0,
        le=20,
        source="assumption (size): State Council 2014 hukou reform (国发〔2014〕25号) keeps strict "
        "control only in cities above 5 million; Beijing (2016) and Shanghai (2013) points systems "
        "and their master plans' caps (23 and 25 million); doubling the cost is not estimated",
    )
    graduate_rate: float = param(
        0.008,
        unit="share of labour/year",
        meaning="new graduates per worker per year, scaled by university funding",
        ge=0,
        le=0.1,
        source="Ministry of Education: 11.6 million graduates in 2023, 1.6 % of employment",
    )
    attrition: float = param(
        0.02,
        unit="1/year",
        meaning="share of skilled workers retiring each year",
        ge=0,
        le=0.5,
    )
