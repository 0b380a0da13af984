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
        source="setting: on; off is the textbook mode (docs/model.md 3.4), for teaching",
    )
    initial_firms: int = param(
        6000,
        unit="firms",
        meaning="about this many firms at the start, spread over regions and industries by "
        "capacity (every region-industry cell with capacity has at least one)",
        ge=1,
        le=1_000_000,
        source="assumption: a resolution, not a count: 6,000 firms over 465 region-industry "
        "cells, so a model firm stands for many real ones; chosen for speed "
        "(docs/performance.md). Results at 30k and 100k firms are in the benchmarks, "
        "their economics not compared",
    )
    check_accounts: bool = param(
        False,
        unit="-",
        meaning="check the transaction-flow matrix (every flow paid and received, every "
        "sector's flows matching its stocks, to 1e-9 of GDP) and every stock-flow identity every "
        "year and fail loudly (also --check-accounts)",
        source="setting: a check of the accounts that changes no number; on, a run costs more time",
    )
    firm_agents: bool = param(
        True,
        unit="-",
        meaning="keep a Mesa Firm agent (a view on the firm arrays) for every "
        "firm; false skips them for speed in sweeps",
        source="setting: views for inspection and the dashboard that change no number; sweeps "
        "and calibration turn them off for speed",
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
    start_pipeline: Literal["industry", "firm_plans"] = param(
        "firm_plans",
        unit="-",
        meaning="how the start year's capacity under construction is shared among an "
        "industry's firms: industry, every firm at the industry's planned growth "
        "u0 x expected demand growth; firm_plans, the same total by industry shared by each "
        "firm's own planned pipeline at the start (its debt at its drawn leverage), so that "
        "no firm inherits an overhang",
        source="setting: firm_plans (the default since 2026-12-06, the baseline refitted on it) "
        "halves the jump of firms' investment in the second year (18 % to 10 %, docs/model.md "
        "9.5); industry is the start of the earlier rounds",
    )
    expectations: Literal["adaptive", "extrapolative"] = param(
        "adaptive",
        unit="-",
        meaning="how firms form expected prices: adaptive (move toward the "
        "last price) or extrapolative (extend the last change)",
        source="setting: adaptive, the textbook rule; extrapolative (docs/model.md 7.4) is offered to "
        "test booms and busts of capacity under time to build",
    )
    expectation_weight: float = param(
        0.5,
        unit="-",
        meaning="adaptive: weight on the last price; extrapolative: weight on the last change",
        ge=0,
        le=2,
        source="assumption: a round middle value, no estimate for Chinese firms; adaptive "
        "firms close half the gap between expected and last price each year (87.5 % "
        "after three years). herding_credit_boom uses extrapolative expectations at 0.8 "
        "(docs/scenarios.md)",
    )
    investment_sensitivity: float = param(
        0.6,
        unit="1/(return)",
        meaning="extra capacity growth per point of expected return above the hurdle",
        ge=0,
        le=20,
        source="assumption: no estimate for China; 10 points of expected return above the "
        "hurdle add 6 points a year to a firm's capacity growth over the demand growth "
        "it expects to serve, so the 15 % cap (firms.max_capacity_growth) binds from "
        "about 17 points of excess at 5 % demand growth for a plant in full use. Not tested",
    )
    max_capacity_growth: float = param(
        0.15,
        unit="1/year",
        meaning="most a firm can grow its capital in one year",
        gt=0,
        le=2,
        source="assumption: a round value; an incumbent grows its capital at most 15 % a year, "
        "so an industry growing faster (PV modules +42 % a year 2018-2023, "
        "docs/model.md) has to grow by entrants. Not tested",
    )
    hurdle_premium: float = param(
        0.03,
        unit="1/year",
        meaning="return required above the cost of finance",
        ge=0,
        le=0.3,
        source="assumption: a round risk premium, no estimate; with the real policy rate and "
        "the base spread firms require about 6.5 % real after depreciation and R&D "
        "(docs/model.md 5), and start-year costs are set so the average firm earns "
        "that, so it also sets start margins. Not tested",
    )
    entry_rate: float = param(
        0.5,
        unit="firms/year per cell",
        meaning="entrants a year in a region-industry cell whose expected return exceeds the "
        "hurdle by 10 points (proportional to the excess, times the square root of the region's "
        "GDP over the mean)",
        ge=0,
        le=100,
        source="assumption, no estimate: 0.5 entrants a year in a cell of mean GDP whose "
        "expected return exceeds the hurdle by 10 points; with 465 cells, about 230 a "
        "year if every cell did. Entry by investment promotion "
        "(government.project_attraction) comes on top",
    )
    recovery_rate: float = param(
        0.3,
        unit="share",
        meaning="share of an exiting firm's capital that is resold; the rest is written off",
        ge=0,
        le=1,
        source="assumption: no recovery rate for Chinese industrial exits is shipped; 30 % of "
        "an exiting firm's capital is resold, 70 % written off. Over 0.1-0.6 the "
        "herding gaps hardly depend on it (Sobol total indices about 0, docs/model.md "
        "9.4)",
    )
    rd_share_base: float = param(
        0.003,
        unit="share of revenue",
        meaning="R&D spending of a firm in an industry of zero technology intensity",
        ge=0,
        le=0.2,
        source="data for the level, assumption for the split: 0.3 % of revenue at zero "
        "technology intensity; with firms.rd_share_slope the demand-weighted mean over "
        "the industry table is about 1.5 %, the NBS figure cited at rd_share_slope",
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
        unit="1/year per unit of R&D/revenue",
        meaning="productivity growth per unit of R&D/revenue at full capability",
        ge=0,
        le=10,
        source="assumption: far below the literature's private return to R&D of 0.2-0.3 (Hall, "
        "Mairesse and Mohnen 2010, see technology.innovation_elasticity); at 1.8 % "
        "R&D/revenue it adds 0.05 % a year, against upgrading's 0.48 % (docs/model.md "
        "7.7). Not tested",
    )
    demand_shock_sd: float = param(
        0.015,
        unit="log points",
        meaning="sd of yearly demand shocks (AR(1), persistence 0.5)",
        ge=0,
        le=0.5,
        source="assumption: small shocks, a stationary sd of 1.7 % of an industry's demand "
        "(0.015 / sqrt(1 - 0.5^2)). Not fitted: the model matches the NBS utilisation's "
        "level, not its year-to-year moves (docs/validation_industry.md)",
    )
    state_owned_share: float = param(
        0.3,
        unit="share",
        meaning="share of firms that are state-owned (protected more, cheaper credit)",
        ge=0,
        le=1,
        source="assumption: no state-owned share by the model's industries is shipped; 0.3 "
        "makes 39 % of start-year traditional firms, 21 % of the others and 15 % of "
        "entrants state-owned (x1.3, x0.7, x0.5; docs/model.md 5 and 7.6). Not tested",
    )
    soft_budget: float = param(
        0.0,
        unit="share",
        meaning="share of the investors a government's project promotion courts who come "
        "whatever use they expect of the plant (soft budget constraints: others carry their "
        "losses); of the rest a share equal to the plant's expected use comes, none where it "
        "would stand idle",
        ge=0,
        le=1,
        source="assumption: 0, investors who bear their own stake do not build plants they "
        "expect never to run. 1 gives the entry rule before the fix of plants that never run "
        "(late on 2026-12-05), under which promotion brought plants that never produced (in "
        "the baseline 213 region-industry-years with capacity and no output, artificial "
        "intelligence in Tibet 3.4 times the region's GDP by 2050; docs/model.md 9.5). China's "
        "overcapacity literature blames soft budgets of local governments and state firms, "
        "so 0 is a strong assumption: docs/model.md 9.3 gives the results at 0, 0.5 and 1. No "
        "estimate of the share exists",
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
        source="assumption: 6 % of skilled workers reconsider each year (once in about 17 "
        "years); the amenities reproduce the start year's net flows whatever its value, "
        "so it sets how strongly later flows respond (docs/model.md 7.21). Not fitted; "
        "talent_war doubles it",
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
        source="assumption: 3 per log wage, so a 10 % higher wage multiplies a destination's "
        "odds by 1.1^3 = 1.33. A fit ran it to its lower bound 0.5 (s.e. 2.9) and it is "
        "held (docs/calibration.md, Parameters)",
    )
    subsidy_weight: float = param(
        0.03,
        unit="1/(thousand yuan)",
        meaning="logit weight on talent subsidy per skilled worker",
        ge=0,
        le=500,
        source="assumption: 0.03 / wage_weight 3 = 0.01 log wage per thousand yuan, a subsidy "
        "valued at par by a worker earning 100 thousand yuan a year "
        "(docs/implementation_decisions.md). Not calibrated to the talent flows "
        "(seed-notes S30)",
    )
    distance_cost: float = param(
        1.0,
        unit="per 1000 km",
        meaning="logit cost of distance",
        ge=0,
        le=20,
        source="assumption: 1 per 1,000 km, so moving 1,000 km costs as much utility as a wage "
        "1 - exp(-1/3) = 28 % lower (wage_weight 3). A round value; no estimate for "
        "China is shipped; not tested",
    )
    hukou_cost: float = param(
        2.0,
        unit="-",
        meaning="logit cost of leaving the home region (household registration)",
        ge=0,
        le=20,
        source="assumption: 2, as much utility as a wage 1 - exp(-2/3) = 49 % lower; halved in "
        "a unified market (docs/model.md 7.21). A constant barrier is absorbed by the "
        "start-year amenities, so the fit cannot identify it (docs/calibration.md)",
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
        source="assumption: 2 % of skilled workers retire a year, a mean working stay of 50 "
        "years; with talent.graduate_rate 0.008 the skilled share tends toward about "
        "0.4 of labour, against about 0.19 at the start (docs/model.md 5). Not "
        "estimated",
    )
