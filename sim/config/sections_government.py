"""Scenario section ``[government]``: local governments' budgets, subsidies, upgrading, debt and
its financing, and the protection of local firms."""

from __future__ import annotations

from nqpf.sim.config.params import StrictModel, param


class Government(StrictModel):
    """Local governments' budgets, subsidies, debt and protection of local firms."""

    policy_budget_share: float = param(
        0.025,
        unit="share of GDP",
        meaning="revenue a local government can spend on industrial, "
        "R&D, talent and university policy each year",
        ge=0,
        le=0.3,
        source="assumption: 2.5 % of GDP, about a ninth of local fiscal revenue (0.025 / 0.23, "
        "government.fiscal_revenue_share); the talent and university budgets are shares "
        "of it, subsidies and interest come from the rest and from borrowing "
        "(docs/model.md 7.19). No data on such budgets is shipped; not tested",
    )
    subsidy_rate: float = param(
        0.15,
        unit="share of investment",
        meaning="investment subsidy and land discount for firms in priority industries",
        ge=0,
        le=0.9,
        lever=True,
        label="Subsidy intensity",
        label_zh="补贴力度",
        meaning_zh="对重点产业企业投资的补贴和土地优惠占投资的比重",
        source="assumption: a round value; no estimate of investment subsidies and land "
        "discounts is shipped. At 0.15 a priority firm sees its return times 1/0.85 = "
        "1.18. Over 0.05-0.35 the herding gaps hardly depend on it (Sobol, "
        "docs/model.md 9.4); its trade-offs are in docs/policy_search.md",
    )
    project_attraction: float = param(
        0.5,
        unit="firms/year",
        meaning="entrants a priority cell attracts per year by "
        "investment promotion (招商引资), regardless of returns",
        ge=0,
        le=50,
        label="Entrants from investment promotion",
        label_zh="招商引资新进企业",
        source="assumption: 0.5 entrants per priority cell a year, as many as market entry "
        "brings at a 10-point excess return in a region of mean size (firms.entry_rate, "
        "docs/model.md 7.6). Over 0.1-1.5 the herding gaps hardly depend on it (Sobol, "
        "docs/model.md 9.4)",
    )
    upgrade_funding_rate: float = param(
        0.15,
        unit="share of replacement investment",
        meaning="share of a traditional priority firm's replacement investment (delta x capital) "
        "its government funds as an upgrading programme (digital, intelligent and green "
        "retrofits); an instrument of every strategy",
        ge=0,
        le=0.9,
        source="assumption: the same intensity as the investment subsidy_rate by default",
    )
    upgrade_return: float = param(
        0.04,
        unit="1/year",
        meaning="productivity gain of a traditional firm whose upgrading (technical renovation, "
        "技术改造) its government funds at one yuan per yuan of capital a year; the gain is "
        "upgrade_return x (spending / capital)^upgrade_elasticity",
        ge=0,
        le=1,
        label="Return to upgrading",
        label_zh="技术改造回报率",
        source="embodied technical change: new equipment vintages are 8-17 % a year more "
        "productive (Sakellaris and Wilson 2004, Review of Economic Dynamics 7(1)); replacing "
        "u = 1.44 % of capital a year (the default programme: subsidy_rate 0.15 x delta 0.096) by "
        "equipment 8 years newer at 12 % a year with capital elasticity 0.35 raises productivity "
        "by 0.35 x 0.0144 x 0.12 x 8 = 0.48 % a year, so a = 0.0048 / 0.0144^0.5 = 0.04",
    )
    upgrade_elasticity: float = param(
        0.5,
        unit="-",
        meaning="curvature of the productivity gain in upgrading spending relative to capital "
        "(diminishing returns below 1)",
        gt=0,
        le=1,
        label="Upgrading elasticity",
        label_zh="技术改造弹性",
        source="assumption: square-root returns, between the no-diminishing case (1) and the "
        "strongly diminishing returns of retrofits that pick the easiest improvements first; "
        "range for the sensitivity analysis 0.3-0.9",
    )
    campaigns: bool = param(
        False,
        unit="-",
        meaning="governments promote projects in campaign waves (运动式招商): a plan's promotion "
        "all in its first campaign_years, none in the rest; an instrument of any strategy",
        source="assumption: off by default, so that the shipped scenarios compare strategies "
        "with the same instruments and the same timing",
        lever=True,
        label="Campaign waves",
        label_zh="运动式招商",
        meaning_zh="地方政府在每个规划期初集中招商引资（与策略无关的政策工具）",
    )
    campaign_years: int = param(
        2,
        unit="years",
        meaning="with campaigns, governments promote projects only in the first years of each plan, "
        "at a rate scaled so a plan attracts as many in total",
        ge=1,
        le=20,
        source="assumption: the first 2 years of a 5-year plan, so promotion runs at 5/2 = 2.5 "
        "times the even pace, then stops (docs/model.md 7.6). Acts only with "
        "government.campaigns; no data on campaign length; not tested",
    )
    rd_subsidy_rate: float = param(
        0.15,
        unit="share of R&D",
        meaning="R&D subsidy for firms in priority industries",
        ge=0,
        le=0.9,
        source="assumption: the investment subsidy's rate, paid on priority firms' R&D. "
        "China's extra deduction of R&D from taxable profit rose from 50 % to 100 % of "
        "spending in 2018-2023 (docs/model.md 7.23); its worth as a subsidy rate is not "
        "computed. Not tested",
    )
    talent_budget_share: float = param(
        0.15,
        unit="share of policy budget",
        meaning="spent on talent subsidies",
        ge=0,
        le=1,
        lever=True,
        label="Talent budget",
        label_zh="人才政策预算",
        meaning_zh="政策预算中用于人才补贴的比重",
        source="assumption: 0.15 x 0.025 = 0.375 % of GDP for talent subsidies, worth a small "
        "part of migration utility against wage gaps "
        "(docs/implementation_decisions.md); the talent_war scenario raises it "
        "(docs/scenarios.md). Not estimated",
    )
    university_budget_share: float = param(
        0.25,
        unit="share of policy budget",
        meaning="spent on university funding",
        ge=0,
        le=1,
        source="assumption: 0.25 x 0.025 = 0.625 % of GDP on top of the base funding of about "
        "0.4 % (docs/model.md 7.20), about 1 % of GDP for universities, a quarter of "
        "fiscal education spending of about 4 % of GDP (seed-notes Q13). Round value; "
        "not tested",
    )
    traditional_exit_rate: float = param(
        0.0,
        unit="share/year",
        meaning="share of every traditional plant's capacity that local "
        "governments close each year, efficient plants included (abandoning traditional industries)",
        ge=0,
        le=0.5,
        source="seed 003, F3:43, section 3(1) (产业空心化, hollowing out; seed-notes M16, S11); "
        "0 = off, a scenario lever",
    )
    traditional_exit_years: int = param(
        5,
        unit="years",
        meaning="for how many years from the start the closures go on",
        ge=0,
        le=100,
        source="assumption: one five-year plan. Acts only with "
        "government.traditional_exit_rate above 0 (default 0); the traditional_abandon "
        "scenario's 0.08 a year for 5 years closes 1 - 0.92^5 = 34 % of traditional "
        "capacity. Not varied",
    )
    local_protection: float = param(
        0.3,
        unit="probability",
        meaning="probability that an insolvent local firm in a priority "
        "industry or state-owned is kept alive as a zombie",
        ge=0,
        le=1,
        lever=True,
        label="Local protection",
        label_zh="地方保护",
        meaning_zh="重点产业或国有的资不抵债企业被地方政府保留为僵尸企业的概率",
        source="assumption: about 3 in 10 insolvent priority or state-owned firms kept alive "
        "as zombies; it also scales the border costs of trade "
        "(trade.calibration_protection). Over 0-0.8 the herding gaps hardly depend on "
        "it (Sobol, docs/model.md 9.4)",
    )
    debt_rate: float = param(
        0.035,
        unit="1/year",
        meaning="interest on local government debt",
        ge=0,
        le=0.3,
        source="assumption: the policy rate (one-year LPR 3.45 % in 2023), nominal. With "
        "government.fiscal_revenue_share 0.23, interest reaches the 10 % stress line at "
        "debt of 0.10 x 0.23 / 0.035 = 66 % of GDP (docs/model.md 7.19). Not tested",
    )
    initial_debt_to_gdp: float = param(
        0.32,
        unit="share of GDP",
        meaning="local government debt at the start",
        ge=0,
        le=3,
        source="Ministry of Finance: local government debt 40.7 trn yuan end-2023",
    )
    infrastructure_borrowing: float = param(
        0.02,
        unit="share of GDP",
        meaning="yearly borrowing of local financing vehicles for "
        "infrastructure (its investment is part of the aggregate sector's)",
        ge=0,
        le=0.2,
        source="assumption: local government debt / GDP rose about 1-3 points a year in 2015-2023",
    )
    debt_ceiling: float = param(
        0.8,
        unit="share of GDP",
        meaning="above this ratio of debt to its GDP at current prices a government halves its "
        "subsidies and attracts no projects",
        ge=0,
        le=5,
        source="assumption: 0.8 of GDP, above the 66 % at which interest stress already halves "
        "subsidies (docs/model.md 7.19), so with the defaults its own effect is to stop "
        "project attraction (7.6). Not tested",
    )
    debt_warning_ratio: float = param(
        1.0,
        unit="debt / comprehensive fiscal revenue",
        meaning="fiscal rule: local debt above this multiple of comprehensive fiscal revenue "
        "(debt_warning_ratio x fiscal_revenue_share x nominal GDP) is consolidated at the rate "
        "debt_response: new infrastructure borrowing is cut first, then revenue is raised",
        ge=0,
        le=20,
        source="Ministry of Finance: the local debt ratio (债务率, debt / comprehensive fiscal "
        "capacity) warning line is 100 % (international practice 90-150 %); the central "
        "government's debt-limit (限额) management and the 2023-24 hidden-debt resolution "
        "curb new borrowing of provinces above it",
    )
    debt_response: float = param(
        0.04,
        unit="1/year",
        meaning="Bohn-type response of the primary balance to debt above the warning line: "
        "consolidation = debt_response x max(0, D - warning x revenue share x Y) per year; 0 "
        "turns the rule off (debt then grows with every deficit)",
        ge=0,
        le=1,
        source="Bohn (1998, QJE 113): 0.054 for the US; Mendoza and Ostry (2008, JME 55): "
        "0.02-0.04 across industrial and emerging economies",
    )
    bank_held_share: float = param(
        0.6,
        unit="share",
        meaning="share of local government debt held by the regional bank as financing-vehicle "
        "(LGFV) loans; the rest are bonds held by households and other non-bank savers",
        ge=0,
        le=1,
        source="assumption: banks are the main holders of both local government bonds and "
        "LGFV debt (IMF Article IV China 2024, box on local government finance); 0.6 leaves "
        "two fifths to non-bank savers. Range 0-1: all bonds to all bank-held",
    )
    fiscal_revenue_share: float = param(
        0.23,
        unit="share of GDP",
        meaning="local governments' comprehensive fiscal revenue (general budget, transfers, "
        "land and fund revenue), the base of the debt-stress ratio",
        gt=0,
        le=1,
        source="Ministry of Finance 2023: local general budget revenue 11.7 trn + central "
        "transfers 10.3 trn + government fund revenue 6.9 trn yuan = 28.9 trn, 0.23 of GDP",
    )
    stress_threshold: float = param(
        0.10,
        unit="share of revenue",
        meaning="interest / comprehensive fiscal revenue above which a government is in debt "
        "stress: its subsidies are restrained and part of its LGFV loans turn non-performing",
        gt=0,
        le=1,
        source="State Council 2016, 地方政府性债务风险应急处置预案: interest above 10 % of the "
        "budget it is paid from marks a level-IV (lowest) debt-risk event",
    )
    lgfv_loss_rate: float = param(
        0.1,
        unit="share/year",
        meaning="share of non-performing LGFV loans written off each year (the bank's loss, "
        "the government's debt relief)",
        ge=0,
        le=1,
        source="assumption: LGFV debt is mostly extended and re-priced rather than written "
        "off (Zunyi Road and Bridge 2022: 15.6 bn yuan extended to 20 years); a tenth a year "
        "stands for the present-value loss of such restructurings",
    )
