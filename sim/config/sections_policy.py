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
    )
    herding_propensity: float = param(
        0.35,
        unit="0-1",
        meaning="weight on copying leaders and hot industries (mixed and tournament start)",
        ge=0,
        le=1,
        lever=True,
        label="Herding propensity",
        label_zh="一哄而上倾向",
        meaning_zh="地方政府模仿领先地区和热门产业的权重（混合与锦标赛策略的初始值）",
    )
    by_macro_region: dict[str, StrategyMode] = param(
        {},
        unit="-",
        meaning="strategy per macro-region, e.g. {west = 'herding'}",
    )
    by_region: dict[str, StrategyMode] = param(
        {},
        unit="-",
        meaning="strategy per region, e.g. {Beijing = 'tailored'}",
    )
    priorities_smallest: int = param(
        3,
        unit="industries",
        meaning="priority industries in the plan of the smallest, least capable province "
        "(the plan of a province with the lowest GDP and capability ranks)",
        ge=1,
        le=14,
        source="provinces' 14th Five-Year plans mapped onto the model's industries: Qinghai's "
        "'four places' (产业四地: salt-lake industry, clean energy, eco-tourism, organic farming) "
        "cover about 3 of the 14 (energy and materials, new energy, new materials); see "
        "docs/model.md 'Number of priorities'",
    )
    priorities_largest: int = param(
        12,
        unit="industries",
        meaning="priority industries in the plan of the largest, most capable province",
        ge=1,
        le=14,
        source="Guangdong's 20 strategic clusters (10 pillar + 10 emerging, 粤府〔2020〕82号) "
        "and Jiangsu's 5 + 10 + 10 emerging and future clusters (2023 plan) each cover about "
        "12 of the model's 14 industries; see docs/model.md 'Number of priorities'",
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
    )
    plan_anchor_year: int = param(
        2021,
        unit="year",
        meaning="first year of a plan cycle (the 14th plan: 2021)",
        ge=1900,
        le=2200,
    )
    info_noise: float = param(
        0.3,
        unit="sd of z-score",
        meaning="noise in a government's view of its own fit and of the industries' heat, "
        "both standardised across industries (poor information raises mis-targeting)",
        ge=0,
        le=5,
    )
    imitation_rate: float = param(
        0.5,
        unit="share",
        meaning="tournament: how far a government moves toward the herding "
        "propensity of the fastest-growing regions each plan",
        ge=0,
        le=1,
    )
    misfit_aversion: float = param(
        3.0,
        unit="-",
        meaning="tailored fit: weight on the gap between an industry's technology "
        "intensity and the region's capability",
        ge=0,
        le=20,
    )
    future_pace: float = param(
        1.0,
        unit="-",
        meaning="how strongly fit favours future industries in capable regions (pace of ambition)",
        ge=0,
        le=10,
    )
    traditional_support: float = param(
        0.5,
        unit="-",
        meaning="weight of an existing traditional base in fit ('old trees grow "
        "new branches'); 0 turns it off",
        ge=0,
        le=5,
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
    )
    capacity_threshold: float = param(
        0.72,
        unit="share",
        meaning="utilisation below which capacity controls apply",
        ge=0,
        le=1,
    )
    retirement_rate: float = param(
        0.08,
        unit="share/year",
        meaning="share of an over-capacity industry's assets (installed and under "
        "construction) retired a year under capacity controls, costliest firms first",
        ge=0,
        le=1,
    )
    coordination: float = param(
        0.0,
        unit="0-1",
        meaning="central coordination of the regional division of labour: "
        "penalty on priorities many regions already hold",
        ge=0,
        le=1,
        lever=True,
        label="Central coordination",
        label_zh="中央统筹协调",
        meaning_zh="中央对地区分工的统筹：对已被许多地区列为重点的产业施加惩罚",
    )
    transfer_rate: float = param(
        0.01,
        unit="share of GDP",
        meaning="fiscal transfers from richer to poorer regions' policy budgets",
        ge=0,
        le=0.1,
    )
