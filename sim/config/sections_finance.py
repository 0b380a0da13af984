"""Scenario section ``[finance]``: banks and funds, credit terms, risk views, capital, dividends
and the allocation of saving."""

from __future__ import annotations

from pydantic import model_validator

from nqpf.sim.config.params import StrictModel, param


class Finance(StrictModel):
    """Banks and funds: credit terms, risk views, guarantees, capital, allocation of saving."""

    deposit_spread: float = param(
        0.015,
        unit="1/year",
        meaning="policy rate minus banks' average funding (deposit) rate",
        ge=0,
        le=0.2,
        source="assumption: a funding cost of about 2 % against the 3.45 % loan prime rate "
        "(policy_rate 0.035). The large state banks' posted rates in mid-2023 were 0.2 % on "
        "demand deposits and 1.65 % (1 year) to 2.5 % (5 years) on time deposits (China Daily, "
        "2023-06-08), and time deposits are most of the deposit book; the PBoC's 1-year "
        "benchmark of 1.5 % alone would give a spread of 0.0195",
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
        source="assumption: an average-risk loan costs the 3.5 % policy rate + 2 points = 5.5 "
        "% nominal; start costs are calibrated to the start hurdle (docs/model.md 5, "
        "step 7). No data on loan spreads is shipped or in the seeds; not tested",
    )
    bank_extrapolation: float = param(
        0.0,
        unit="index (0-1)",
        meaning="0 = prudent banks; 1 = credit follows the industry's recent revenue growth "
        "(extrapolative risk view)",
        ge=0,
        le=1,
        lever=True,
        label="Bank expectations (extrapolative)",
        label_zh="银行外推预期",
        meaning_zh="0 = 审慎银行；1 = 信贷追随行业近期营收增长（外推式风险判断）",
        source="setting: a lever, 0 (prudent banks) in the baseline; herding_credit_boom sets "
        "1 together with other changes (docs/scenarios.md). Its own effect is not "
        "separated; no estimate for Chinese banks",
    )
    implicit_guarantee: float = param(
        0.3,
        unit="share",
        meaning="share of perceived risk removed for state-owned firms and for firms in their "
        "region's priority industries (implicit guarantees; priority industries lose theirs "
        "under a unified national market)",
        ge=0,
        le=1,
        lever=True,
        label="Implicit guarantees",
        label_zh="隐性担保",
        meaning_zh="国有企业及地方重点产业企业因隐性担保而被低估的风险比例（全国统一大市场下重点产业不再享有）",
        source="assumption: a protected firm's spread is cut by 30 %, 2 to 1.4 points "
        "(docs/model.md 7.13); a round value, no estimate for China is shipped. Its "
        "trade-offs in the policy search are in docs/policy_search.md",
    )
    debt_share: float = param(
        0.6,
        unit="share",
        meaning="share of a firm's investment financed by new loans",
        ge=0,
        le=1,
        source="assumption: 60 % of a project's unsubsidised cost borrowed, close to the start "
        "leverage finance.initial_leverage (industrial firms' liabilities about 57 % of "
        "assets, NBS), so new projects keep leverage near the norm. Not tested",
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
        meaning="share of the saving left after firms' orders and government borrowing that "
        "each region places at home (by its own saving, or by the provinces' investment shares, "
        "macro.regional_investment); the rest goes by size and return "
        "(halved under a unified national market)",
        ge=0,
        le=1,
        source="assumption: held at 0.75; a fit gave 0.87 with s.e. 3.9 on bounds 0.3-1, so it "
        "is not identified (docs/calibration.md, Parameters). A unified national market "
        "halves it (docs/model.md 7.22)",
    )
    allocation_sensitivity: float = param(
        1.0,
        unit="1/(return)",
        meaning="logit sensitivity of the capital flow to return differences between regions",
        ge=0,
        le=200,
        source="assumption: a weak tilt; a region with a return 10 points above another gets "
        "exp(1 x 0.10) = 1.105 times as much of the mobile saving per unit of GDP "
        "(docs/model.md 7.22); a logit on returns alone sent most saving to one region "
        "(docs/implementation_decisions.md). Not estimated",
    )
    max_firm_share_of_saving: float = param(
        0.6,
        unit="share",
        meaning="most of national saving that firms' capacity investment can "
        "take (credit rationing beyond)",
        gt=0,
        le=1,
        source="assumption: firms' capacity orders take at most 60 % of national saving, so a "
        "boom cannot starve the aggregate sector of capital "
        "(docs/implementation_decisions.md); a round value, not estimated. It binds "
        "only in booms",
    )
    fund_share: float = param(
        0.2,
        unit="share",
        meaning="share of young emerging/future firms' investment taken as "
        "fund equity (venture and guidance funds)",
        ge=0,
        le=1,
        source="assumption: venture funds take a fifth of young emerging and future firms' "
        "investment, guidance funds half as much again; the funds' feedback on the "
        "hurdle is weak at these shares (docs/model.md 7.24). Not estimated",
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
        meaning="how far fund valuations extrapolate growth news: the log market multiple "
        "rises by fund_momentum x (the industry's revenue growth - the growth funds "
        "expected), the news clipped to +-0.5, a year",
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
    growth_expectation_weight: float = param(
        0.34,
        unit="share (yearly update)",
        meaning="weight of this year's revenue growth in the growth funds expect of an industry "
        "(adaptive expectations); funds extrapolate growth above what they expected",
        ge=0,
        le=1,
        source="assumption: 0.34 = 1 - 0.9^4, the last year's weight under geometric decay of "
        "0.9 a quarter; extrapolative weighting as in Barberis, Greenwood, Jin and Shleifer "
        "(2015), Journal of Financial Economics 115(1), whose weights apply to price changes "
        "in surveys of return expectations, not to revenue growth; the 0.9 is not verified "
        "against that paper",
    )
    valuation_pull: float = param(
        0.3,
        unit="1/year",
        meaning="share of the gap between the funds' log market multiple and the multiple of "
        "today's return (the anchor A_s) closed each year (mean reversion of valuations)",
        ge=0,
        le=1,
        source="assumption: a half-life of about two years, between the 1-3 year momentum and "
        "3-5 year reversal horizons of asset prices (Cutler, Poterba and Summers 1991, Journal "
        "of Risk and Uncertainty 4); extrapolation with a pull to fundamentals as in Barberis, "
        "Greenwood, Jin and Shleifer (2018), Journal of Financial Economics 129(2)",
    )

    @model_validator(mode="after")
    def _capital_band(self) -> Finance:
        # banks pay dividends above the start ratio and are recapitalised below the requirement
        # (close_banks); a start ratio at or below the requirement would pay out every year what
        # the state puts back the same year
        if self.initial_capital_ratio <= self.capital_requirement:
            raise ValueError(
                f"finance.initial_capital_ratio ({self.initial_capital_ratio}) must be above "
                f"finance.capital_requirement ({self.capital_requirement}): banks start above "
                "the regulatory minimum, pay dividends only above the start ratio and are "
                "recapitalised below the minimum. Allowed: initial_capital_ratio > "
                "capital_requirement (defaults 0.14 and 0.105)"
            )
        return self
