"""Scenario sections of policy: local strategies, local governments and the central government.

``[strategy]`` says how local governments choose priority industries (tailored, herding, mixed,
tournament); ``[government]`` their budgets, subsidies, debt and protection of local firms;
``[central]`` the rules the centre can switch on (unified market, capacity controls,
coordination, transfers).
"""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator, model_validator

from nqpf.sim.config.params import StrictModel, param

StrategyMode = Literal["tailored", "herding", "mixed", "tournament"]
"""How a local government chooses its priority industries (design section 6)."""


class Strategy(StrictModel):
    """Local governments' choice of priority industries (design §6)."""

    mode: StrategyMode = param(
        "mixed",
        unit="-",
        meaning="tailored (by local fit), herding (copy leaders and hot "
        "industries), mixed (herd with a propensity), tournament (propensity evolves)",
        lever=True,
        label="Local strategy",
        label_zh="地方产业策略",
        meaning_zh="因地制宜（按本地条件）、一哄而上（模仿领先地区和热门产业）、"
        "混合（按倾向模仿）、锦标赛（倾向随晋升竞争演化）",
        source="setting: 'mixed' in the baseline, governments herding with the propensity "
        "strategy.herding_propensity; the scenario files set the pure strategies",
    )
    herding_propensity: float = param(
        0.35,
        unit="index (0-1)",
        meaning="weight on copying leaders and hot industries (mixed and tournament start)",
        ge=0,
        le=1,
        lever=True,
        label="Herding propensity",
        label_zh="一哄而上倾向",
        meaning_zh="地方政府模仿领先地区和热门产业的权重（混合与锦标赛策略的初始值）",
        source="assumption: no measure of how far China's local governments copy exists "
        "(docs/seed_digest.md 0); at 0.35 fit weighs about twice heat (0.65/0.35). The "
        "sweep of docs/model.md 9.3 gives results along the whole range; pure herding "
        "is 1, tailoring 0",
    )
    by_macro_region: dict[str, StrategyMode] = param(
        {},
        unit="-",
        meaning="strategy per macro-region, e.g. {west = 'herding'}",
        source="setting: empty, so every region follows strategy.mode",
    )
    by_region: dict[str, StrategyMode] = param(
        {},
        unit="-",
        meaning="strategy per region, e.g. {Beijing = 'tailored'}",
        source="setting: empty, so every region follows strategy.mode (or its macro-region's "
        "entry)",
    )
    priorities_smallest: int = param(
        3,
        unit="industries",
        meaning="priority industries in the plan of the smallest, least capable province "
        "(the plan of a province with the lowest GDP and capability ranks)",
        ge=1,
        le=15,
        source="provinces' 14th Five-Year plans mapped onto the model's industries: Qinghai's "
        "'four places' (产业四地: salt-lake industry, clean energy, eco-tourism, organic farming) "
        "cover about 3 of the 14 industries the model had when this was set (energy and "
        "materials, new energy, new materials), 3-4 of today's 15 with photovoltaic polysilicon "
        "apart; see docs/model.md 'Number of priorities'",
    )
    priorities_largest: int = param(
        12,
        unit="industries",
        meaning="priority industries in the plan of the largest, most capable province",
        ge=1,
        le=15,
        source="Guangdong's 20 strategic clusters (10 pillar + 10 emerging, 粤府〔2020〕82号) "
        "and Jiangsu's 5 + 10 + 10 emerging and future clusters (2023 plan) each cover about "
        "12 of the 14 industries the model had when this was set (12-13 of today's 15); see "
        "docs/model.md 'Number of priorities'",
    )
    priority_scale: float = param(
        1.0,
        unit="x",
        meaning="factor on every province's number of priority industries (0.3 gives "
        "the old focused plans of about three priorities, 1 the published plans' breadth)",
        ge=0.05,
        le=3,
        source="assumption: 1 follows the published plans; a lever for focused plans",
    )
    plan_cycle_years: int = param(
        5,
        unit="years",
        meaning="length of a plan cycle (five-year plans)",
        ge=1,
        le=20,
        source="data: China's five-year plans (the 14th 2021-2025, the 15th 2026-2030; "
        "seed-notes 'Inconsistencies' item 3); DESIGN section 3 sets the plan cycle to "
        "the five-year plan",
    )
    plan_anchor_year: int = param(
        2021,
        unit="year",
        meaning="first year of a plan cycle (the 14th plan: 2021)",
        ge=1900,
        le=2200,
        source="data: 2021, the first year of the 14th Five-Year Plan; with 5-year cycles "
        "plans are chosen in the start year and in 2026 (the first year of the 15th "
        "plan), 2031 and so on",
    )
    info_noise: float = param(
        0.3,
        unit="sd of z-score",
        meaning="noise in a government's view of its own fit and of the industries' heat, "
        "both standardised across industries (poor information raises mis-targeting)",
        ge=0,
        le=5,
        source="assumption: no measure of local governments' information exists; noise of 0.3 "
        "sd on standardised fit and heat keeps the noisy score's correlation with the "
        "true one at 0.96 (1/sqrt(1.09)). Over 0.1-1 the herding gaps hardly depend on "
        "it (docs/model.md 9.4)",
    )
    imitation_rate: float = param(
        0.5,
        unit="share",
        meaning="tournament: how far a government moves toward the herding "
        "propensity of the fastest-growing regions each plan",
        ge=0,
        le=1,
        source="assumption: a round middle value, no estimate; in tournament mode a government "
        "moves half way each plan toward the propensity of the fastest-growing regions "
        "(3/4 after two plans); the tournament scenario is measured in "
        "docs/scenarios.md",
    )
    misfit_aversion: float = param(
        3.0,
        unit="-",
        meaning="tailored fit: weight on the gap between an industry's technology "
        "intensity and the region's capability",
        ge=0,
        le=20,
        source="assumption, no estimate: weight 3 on the capability gap; for a province of "
        "median capability (0.5) artificial intelligence's gap of 0.38 costs 1.14 in "
        "fit. Over 1-6 the herding gaps hardly depend on it (docs/model.md 9.4)",
    )
    future_pace: float = param(
        1.0,
        unit="-",
        meaning="how strongly fit favours future industries in capable regions (pace of ambition)",
        ge=0,
        le=10,
        source="assumption: a unit weight, no estimate; fit gains capability x technology "
        "intensity, so the most capable province rates quantum (0.95) 0.85 above energy "
        "and materials (0.10), the least capable not at all. future_industry_race sets "
        "it to 10 (docs/scenarios.md)",
    )
    traditional_support: float = param(
        0.5,
        unit="-",
        meaning="weight of an existing traditional base in fit ('old trees grow "
        "new branches'); 0 turns it off",
        ge=0,
        le=5,
        source="assumption: a round value, no estimate; it doubles the weight of an existing "
        "base for traditional industries (0.5 x the log location quotient on top of the "
        "0.5 every industry gets). Not tested alone, though the herding gap runs "
        "through tailored plans' traditional industries (docs/model.md 9.4)",
    )

    @model_validator(mode="after")
    def _priority_range(self) -> Strategy:
        if self.priorities_smallest > self.priorities_largest:
            raise ValueError(
                f"strategy.priorities_smallest ({self.priorities_smallest}) must not exceed "
                f"strategy.priorities_largest ({self.priorities_largest})"
            )
        return self

    @field_validator("by_macro_region")
    @classmethod
    def _known_macro(cls, value: dict[str, str]) -> dict[str, str]:
        allowed = {"east", "central", "west", "northeast"}
        bad = sorted(set(value) - allowed)
        if bad:
            raise ValueError(f"unknown macro-region(s) {bad}; allowed: {sorted(allowed)}")
        return value


class Central(StrictModel):
    """Central government rules that scenarios switch on or off."""

    unified_market: bool = param(
        False,
        unit="-",
        meaning="unified national market: no local protection, lower home bias "
        "and migration barriers",
        lever=True,
        label="Unified national market",
        label_zh="全国统一大市场",
        meaning_zh="取消地方保护，降低本地偏好和迁移壁垒",
        source="setting: a policy lever, off in the baseline (today's local protection and "
        "home bias)",
    )
    capacity_controls: bool = param(
        False,
        unit="-",
        meaning="anti-involution: when an industry's utilisation falls below "
        "the threshold, no new subsidies or entry and the costliest capacity is retired",
        lever=True,
        label="Capacity controls",
        label_zh="产能调控",
        meaning_zh="反内卷：产能利用率低于阈值的产业停止新增补贴和进入，并淘汰成本最高的产能",
        source="setting: a policy lever, off in the baseline",
    )
    capacity_threshold: float = param(
        0.72,
        unit="share",
        meaning="utilisation below which capacity controls apply",
        ge=0,
        le=1,
        source="assumption: just below the national NBS utilisation of 73.3-77.0 % (2016-2017, "
        "data README) and above ferrous smelting's 71.7 % in 2016, before its capacity "
        "cuts. Acts only with central.capacity_controls; not varied",
    )
    retirement_rate: float = param(
        0.08,
        unit="share/year",
        meaning="share of an over-capacity industry's assets (installed and under "
        "construction) retired a year under capacity controls, costliest firms first",
        ge=0,
        le=1,
        source="assumption: 8 % of a controlled industry's assets a year, the closure rate of "
        "the traditional_abandon scenario; with no orders and depreciation of 0.096 its "
        "capacity falls about 17 % a year. Acts only with central.capacity_controls "
        "(docs/model.md 9.5)",
    )
    coordination: float = param(
        0.0,
        unit="index (0-1)",
        meaning="central coordination of the regional division of labour: "
        "penalty on priorities many regions already hold",
        ge=0,
        le=1,
        lever=True,
        label="Central coordination",
        label_zh="中央统筹协调",
        meaning_zh="中央对地区分工的统筹：对已被许多地区列为重点的产业施加惩罚",
        source="setting: a policy lever, 0 (off) in the baseline; the central_coordination "
        "scenario sets 0.7, a penalty of 3 x 0.7 = 2.1 standard deviations on an "
        "industry every region holds (docs/model.md 7.18, docs/scenarios.md)",
    )
    transfer_rate: float = param(
        0.0,
        unit="share of GDP",
        meaning="fiscal transfers from richer to poorer regions' policy budgets",
        ge=0,
        le=0.1,
        source="data: 0 (none) by default. The shipped panel's science and technology "
        "budgets rise with income per head across the provinces (2022: correlation +0.47 "
        "of their share of GDP with GDP per head; Beijing 1.18 %, Gansu 0.43 %, Jilin "
        "0.17 %), while the central transfers, about 8 % of GDP, fund public services "
        "(education's share of GDP: correlation -0.41). At 0.01, the default until "
        "2026-12-05, poorer provinces' policy budgets were 3-5 times richer ones' per unit "
        "of GDP (correlation with GDP per head -0.84 in 2024), their talent subsidies drew "
        "skilled workers from Beijing to Guizhou and their surpluses repaid their debt "
        "while the payers' rose to 0.95 of GDP (docs/model.md 7.19). A lever for "
        "equalising policy budgets; a payer gives at most half its budget",
    )
