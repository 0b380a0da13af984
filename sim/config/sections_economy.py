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


class Finance(StrictModel):
    """Banks and funds: credit terms, risk views, guarantees, capital, allocation of saving."""

    deposit_spread: float = param(
        0.015,
        unit="1/year",
        meaning="policy rate minus banks' funding (deposit) rate",
        ge=0,
        le=0.2,
        source="PBoC: 1-year deposit benchmark 1.5 % against a 3.45 % loan prime rate",
    )
    policy_rate: float = param(
        0.035,
        unit="1/year",
        meaning="policy (benchmark) lending rate",
        ge=0,
        le=0.3,
        lever=True,
        source="PBoC: 1-year loan prime rate 3.45 % (2023)",
        label="Policy interest rate",
        label_zh="政策利率",
        meaning_zh="基准贷款利率",
    )
    base_spread: float = param(
        0.02,
        unit="1/year",
        meaning="risk spread for a firm of average risk",
        ge=0,
        le=0.3,
    )
    bank_extrapolation: float = param(
        0.0,
        unit="0-1",
        meaning="0 = prudent banks; 1 = credit follows recent industry profits "
        "(extrapolative risk view)",
        ge=0,
        le=1,
        lever=True,
        label="Bank expectations (extrapolative)",
        label_zh="银行外推预期",
        meaning_zh="0 = 审慎银行；1 = 信贷追随行业近期利润（外推式风险判断）",
    )
    implicit_guarantee: float = param(
        0.3,
        unit="0-1",
        meaning="share of perceived risk removed for firms in local priority "
        "industries (implicit local-government guarantees)",
        ge=0,
        le=1,
        lever=True,
        label="Implicit guarantees",
        label_zh="隐性担保",
        meaning_zh="地方重点产业企业因地方政府隐性担保而被低估的风险比例",
    )
    debt_share: float = param(
        0.6,
        unit="share",
        meaning="share of a firm's investment financed by new loans",
        ge=0,
        le=1,
    )
    initial_leverage: float = param(
        0.55,
        unit="share",
        meaning="firms' debt / assets at the start; also the leverage banks treat as normal",
        ge=0.05,
        le=0.95,
        source="NBS: liability-to-asset ratio of industrial firms about 57 % (2023). Floor "
        "0.05: banks price risk by leverage relative to this value, so a near-zero target "
        "makes every borrower look extreme (below 0.003, 6,091 firms fell to 82 in a year); "
        "no Chinese industrial sector has been near 5 %",
    )
    capital_requirement: float = param(
        0.105,
        unit="share",
        meaning="minimum bank capital / loans",
        ge=0,
        le=0.5,
        source="CBIRC: 10.5 % minimum capital adequacy for systemically important banks",
    )
    initial_capital_ratio: float = param(
        0.14,
        unit="share",
        meaning="bank capital / loans at the start",
        ge=0,
        le=0.5,
        source="NFRA: commercial banks' capital adequacy ratio 15.1 % (2023)",
    )
    dividend_payout: float = param(
        0.3,
        unit="share of profit",
        meaning="share of a bank's positive profit paid to households as dividends while its "
        "capital stays at or above the target ratio (below it, earnings are retained)",
        ge=0,
        le=1,
        source="annual reports 2023: ICBC, CCB, ABC and BOC pay out about 30 % of net profit",
    )
    home_bias: float = param(
        0.75,
        unit="share",
        meaning="share of a region's saving invested at home",
        ge=0,
        le=1,
    )
    allocation_sensitivity: float = param(
        1.0,
        unit="1/(return)",
        meaning="logit sensitivity of the capital flow to return differences between regions",
        ge=0,
        le=200,
    )
    max_firm_share_of_saving: float = param(
        0.6,
        unit="share",
        meaning="most of national saving that firms' capacity investment can "
        "take (credit rationing beyond)",
        gt=0,
        le=1,
    )
    fund_share: float = param(
        0.2,
        unit="share",
        meaning="share of young emerging/future firms' investment taken as "
        "fund equity (venture and guidance funds)",
        ge=0,
        le=1,
    )
    guidance_fund_share: float = param(
        0.1,
        unit="share",
        meaning="share of young emerging/future firms' investment that government guidance "
        "funds (政府引导基金) take as equity where the region prioritises the industry, on top "
        "of fund_share",
        ge=0,
        le=1,
        source="assumption: guidance funds co-invest a minority stake beside private venture "
        "capital; set at half of fund_share",
    )
    fund_momentum: float = param(
        2.0,
        unit="-",
        meaning="how far fund valuations extrapolate the industry's recent growth: the log "
        "market multiple rises by fund_momentum x revenue growth a year",
        ge=0,
        le=20,
        source="assumption: a price-to-sales multiple that moves 2 % per point of sales growth, "
        "the order of growth-stock multiples' sensitivity to expected growth; extrapolative "
        "beliefs as in Greenwood and Shleifer (2014), Review of Financial Studies 27(3)",
    )
    valuation_feedback: float = param(
        0.5,
        unit="-",
        meaning="share of last year's change in the funds' log market multiple that carries "
        "into this year's (extrapolation of valuation momentum)",
        ge=0,
        le=0.95,
        source="assumption: investors extrapolate past price changes (Barberis, Greenwood, Jin "
        "and Shleifer 2018, Journal of Financial Economics 129(2)); returns' time-series "
        "momentum at horizons up to a year (Moskowitz, Ooi and Pedersen 2012, Journal of "
        "Financial Economics 104(2)); half carries over",
    )
    valuation_pull: float = param(
        0.3,
        unit="1/year",
        meaning="share of the gap between the funds' log market multiple and the fundamental "
        "multiple closed each year (mean reversion of valuations)",
        ge=0,
        le=1,
        source="assumption: a half-life of about two years, between the 1-3 year momentum and "
        "3-5 year reversal horizons of asset prices (Cutler, Poterba and Summers 1991, Journal "
        "of Risk and Uncertainty 4); extrapolation with a pull to fundamentals as in Barberis, "
        "Greenwood, Jin and Shleifer (2018), Journal of Financial Economics 129(2)",
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
