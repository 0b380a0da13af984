"""Scenario files: the pydantic schema, ``extends`` resolution, ``--set`` overrides, clear errors.

A scenario is a TOML file. It may name a parent with ``extends = "other.toml"`` (a path relative to
the file); the child's tables are merged into the parent's recursively, so that two contrasted
scenarios differ only where they mean to. Values can be overridden from the command line with
``--set path.to.field=value``. The merged document is validated against :class:`Scenario`; any
problem becomes one :class:`ScenarioError` naming the file, the line where possible, the field
path, the bad value and what is allowed.

Every field is declared with :func:`nqpf.sim.config.params.param` (default, unit, range, meaning, source);
``docs/parameters.md`` is generated from this module (``nqpf params``).
"""

from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from nqpf.sim.config.params import Section, bounds_text, param

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "scenarios"


class ScenarioError(ValueError):
    """A scenario file, or an override, is not valid. The message is meant for the user as is."""


# --------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------


class RegionSpec(Section):
    """One region given explicitly (``geography = "custom"``): used by textbook scenarios."""

    name: str = param("Region", unit="-", meaning="region name, unique within the scenario")
    population: float = param(
        10.0, unit="million persons", meaning="initial resident population", gt=0
    )
    capital: float = param(30.0, unit="bn yuan", meaning="initial capital stock", ge=0)
    tfp: float = param(1.0, unit="index", meaning="initial structural TFP A_r", gt=0)
    tfp_growth: float | None = param(
        None, unit="1/year", meaning="own exogenous TFP growth (default: solow.tfp_growth)",
        ge=-0.2, le=0.5,
    )
    absorptive_capacity: float | None = param(
        None, unit="0-1", meaning="absorptive capacity h_r (default: from rd_intensity)", ge=0, le=1
    )
    rd_intensity: float = param(2.0, unit="% of GDP", meaning="R&D spending / GDP", ge=0, le=20)
    macro_region: Literal["east", "central", "west", "northeast"] = param(
        "east", unit="-", meaning="macro-region"
    )
    sci_tech_class: Literal["I", "II", "III", "IV"] = param(
        "II", unit="-", meaning="science-and-technology class (seed 001, section 2(2))"
    )
    lat: float = param(30.0, unit="degrees", meaning="latitude of the capital city", ge=-90, le=90)
    lon: float = param(110.0, unit="degrees", meaning="longitude of the capital city", ge=-180, le=180)


class World(Section):
    """Where and when: geography, start and end year."""

    geography: str = param(
        "china31",
        unit="-",
        meaning="'china31' (31 provinces from shipped data), 'synthetic:N' (N drawn regions) "
        "or 'custom' (the regions listed under [[world.regions]])",
    )
    start_year: int = param(
        2023, unit="year", meaning="first simulated year (china31: a data year 2011-2023)",
        ge=1900, le=2200,
    )
    end_year: int = param(2050, unit="year", meaning="last simulated year", ge=1900, le=3000)
    regions: list[RegionSpec] = param(
        [], unit="-", meaning="explicit regions for geography = 'custom'"
    )

    @field_validator("geography")
    @classmethod
    def _geography_known(cls, value: str) -> str:
        if value in ("china31", "custom"):
            return value
        m = re.fullmatch(r"synthetic:(\d+)", value)
        if m and 1 <= int(m.group(1)) <= 500:
            return value
        raise ValueError(
            f"unknown geography {value!r}; allowed: 'china31', 'custom', or 'synthetic:N' "
            "with 1 <= N <= 500"
        )

    @model_validator(mode="after")
    def _years_and_regions(self) -> "World":
        if self.end_year < self.start_year:
            raise ValueError(
                f"end_year ({self.end_year}) is before start_year ({self.start_year})"
            )
        if self.geography == "china31" and not 2011 <= self.start_year <= 2023:
            raise ValueError(
                f"start_year {self.start_year} has no shipped data; china31 starts in a year "
                "2011-2023"
            )
        if self.geography == "custom":
            if not self.regions:
                raise ValueError("geography = 'custom' needs at least one [[world.regions]] entry")
            names = [r.name for r in self.regions]
            if len(set(names)) != len(names):
                raise ValueError(f"region names must be unique, got {names}")
        elif self.regions:
            raise ValueError(
                f"[[world.regions]] is only read with geography = 'custom' (got {self.geography!r})"
            )
        return self


class Solow(Section):
    """The Solow core: production, depreciation, saving, exogenous drivers."""

    alpha: float = param(
        0.5, unit="-", meaning="capital share alpha in Y = A K^alpha L^(1-alpha)", gt=0, lt=1,
        source="Bai, Hsieh and Qian (2006); Zhu (2012): capital share about 0.5 for China",
    )
    delta: float = param(
        0.096, unit="1/year", meaning="depreciation rate of capital", ge=0, le=1,
        source="Zhang, Wu and Zhang (2004), 经济研究 2004(10): 9.6 % for provincial capital",
    )
    saving_rate: float = param(
        0.45, unit="share of GDP", meaning="gross saving = gross investment share of GDP",
        ge=0, le=0.95, source="shipped panel: provincial GFCF / GDP 0.47 (2022); NBS national GFCF about 42 % of GDP",
        lever=True,
    )
    tfp_growth: float = param(
        0.0, unit="1/year", meaning="exogenous TFP growth of every region, on top of R&D-driven innovation, catch-up and spillovers",
        ge=-0.2, le=0.5,
        source="Zhu (2012); Brandt et al. (2020): TFP growth markedly below 3 % after 2008",
    )
    population_growth: float = param(
        -0.001, unit="1/year", meaning="natural growth of every region's population",
        ge=-0.1, le=0.1, source="NBS: national population fell 0.15 % in 2023",
    )
    labor_force_share: float = param(
        0.52, unit="workers/person", meaning="employed persons per resident (labour L = share x population)",
        gt=0, le=1, source="NBS: 740 million employed of 1410 million residents, 2023",
    )


class Technology(Section):
    """Diffusion of technology between regions (Nelson-Phelps catch-up)."""

    catch_up_rate: float = param(
        0.001, unit="1/year", meaning="phi: share of the gap to the frontier closed per year at full "
        "absorptive capacity", ge=0, le=1, lever=True,
        source="Nelson and Phelps (1966); seed 004 (diffusion by absorptive capacity)",
    )
    absorptive_scale: float = param(
        2.0, unit="% of GDP", meaning="R&D intensity at which absorptive capacity h = 1 - exp(-1)",
        gt=0, le=20, source="assumption: h = 1 - exp(-rd_intensity / scale)",
    )
    innovation_elasticity: float = param(
        0.02, unit="1/(R&D share)", meaning="regional TFP growth per unit of R&D/GDP at average "
        "talent and university strength", ge=0, le=5,
    )
    spillover_rate: float = param(
        0.001, unit="1/year", meaning="share of TFP gaps to other regions closed by spatial "
        "spillovers", ge=0, le=1, lever=True,
    )
    spillover_distance_km: float = param(
        800.0, unit="km", meaning="distance at which spillover weights fall by 1/e", gt=0, le=1e5,
    )
    neighbor_weight: float = param(
        1.0, unit="-", meaning="extra spillover weight for land neighbours", ge=0, le=20,
    )
    cooperation: bool = param(
        False, unit="-", meaning="regional cooperation agreements (Beijing-Tianjin-Hebei, Yangtze "
        "River Delta, Greater Bay Area and neighbours) raise spillovers among members", lever=True,
    )
    cooperation_weight: float = param(
        3.0, unit="-", meaning="extra spillover weight between members of one agreement",
        ge=0, le=50,
    )
    learning: bool = param(
        True, unit="-", meaning="learning by doing: unit costs fall with cumulative output "
        "(Wright's law, rates in the industry table)",
    )
    learning_spillover: float = param(
        0.3, unit="share", meaning="weight of other regions' cumulative output in a cluster's "
        "experience (learning by doing is mostly local: spreading an industry thinly over many "
        "regions slows it)", ge=0, le=1, source="seed notes S35; Irwin and Klenow (1994) on "
        "national versus firm-level learning spillovers",
    )
    agglomeration: float = param(
        0.04, unit="-", meaning="elasticity of cost to a region's scale in the industry "
        "(thin, sub-scale clusters cost more)", ge=0, le=1,
    )
    misfit_penalty: float = param(
        2.0, unit="x per unit gap", meaning="unit-cost increase per unit of gap between an "
        "industry's technology intensity and the region's capability", ge=0, le=20,
    )
    university_transfer: float = param(
        0.03, unit="-", meaning="industry-university-research cooperation: productivity gain of "
        "firms from matching university strength", ge=0, le=5,
    )


StrategyMode = Literal["tailored", "herding", "mixed", "tournament"]


class Economy(Section):
    """Switch for the agent economy on top of the Solow core."""

    enabled: bool = param(
        True, unit="-", meaning="firms, governments, banks, funds and universities act; false = "
        "Solow core only (textbook mode)",
    )
    initial_firms: int = param(
        6000, unit="firms", meaning="number of firms at the start, spread over regions and "
        "industries", ge=14, le=1_000_000,
    )
    check_accounts: bool = param(
        False, unit="-", meaning="check every stock-flow identity every year and fail loudly "
        "(also --check-accounts)",
    )
    firm_agents: bool = param(
        True, unit="-", meaning="keep a Mesa Firm agent (a view on the firm arrays) for every "
        "firm; false skips them for speed in sweeps",
    )


class Firms(Section):
    """Firms: capacity, costs, expectations, investment, entry and exit."""

    initial_utilization: float = param(
        0.76, unit="share", meaning="capacity utilisation every industry starts from",
        gt=0.3, lt=1.0, source="NBS: industrial capacity utilisation 75.6 % (2022), 75.1 % (2023)",
    )
    fixed_capital_share: float = param(
        0.55, unit="share", meaning="fixed capital / total assets (turns the industry table's "
        "asset intensity into capital per unit of capacity)", gt=0, le=1,
        source="assumption: fixed assets about half of industrial firms' total assets (NBS)",
    )
    productivity_sd: float = param(
        0.10, unit="log points", meaning="dispersion of firm productivity at start and entry",
        ge=0, le=1, source="Hsieh and Klenow (2009): large TFPQ dispersion in Chinese manufacturing",
    )
    expectations: Literal["adaptive", "extrapolative"] = param(
        "adaptive", unit="-", meaning="how firms form expected prices: adaptive (move toward the "
        "last price) or extrapolative (extend the last change)",
    )
    expectation_weight: float = param(
        0.5, unit="-", meaning="adaptive: weight on the last price; extrapolative: weight on the "
        "last change", ge=0, le=2,
    )
    investment_sensitivity: float = param(
        0.6, unit="1/(return)", meaning="extra capacity growth per point of expected return above "
        "the hurdle", ge=0, le=20,
    )
    max_capacity_growth: float = param(
        0.15, unit="1/year", meaning="most a firm can grow its capital in one year", gt=0, le=2,
    )
    hurdle_premium: float = param(
        0.03, unit="1/year", meaning="return required above the cost of finance", ge=0, le=0.3,
    )
    entry_rate: float = param(
        0.5, unit="firms/year", meaning="entrants per region-industry cell per 10 points of "
        "expected excess return", ge=0, le=100,
    )
    recovery_rate: float = param(
        0.3, unit="share", meaning="share of an exiting firm's capital that is resold; the rest "
        "is written off", ge=0, le=1,
    )
    rd_share_base: float = param(
        0.003, unit="share of revenue", meaning="R&D spending of a firm in an industry of zero "
        "technology intensity", ge=0, le=0.2,
    )
    rd_share_slope: float = param(
        0.03, unit="share of revenue", meaning="extra R&D share per unit of technology intensity",
        ge=0, le=0.5, source="NBS: R&D / revenue of industrial firms above designated size about 1.5 % (2023)",
    )
    rd_productivity: float = param(
        0.03, unit="-", meaning="productivity growth per unit of R&D/revenue at full capability",
        ge=0, le=10,
    )
    demand_shock_sd: float = param(
        0.015, unit="log points", meaning="sd of yearly demand shocks (AR(1), persistence 0.5)",
        ge=0, le=0.5,
    )
    state_owned_share: float = param(
        0.3, unit="share", meaning="share of firms that are state-owned (protected more, "
        "cheaper credit)", ge=0, le=1,
    )


class Strategy(Section):
    """Local governments' choice of priority industries (design §6)."""

    mode: StrategyMode = param(
        "mixed", unit="-", meaning="tailored (by local fit), herding (copy leaders and hot "
        "industries), mixed (herd with a propensity), tournament (propensity evolves)",
    )
    herding_propensity: float = param(
        0.35, unit="0-1", meaning="weight on copying leaders and hot industries (mixed and "
        "tournament start)", ge=0, le=1, lever=True,
    )
    by_macro_region: dict[str, StrategyMode] = param(
        {}, unit="-", meaning="strategy per macro-region, e.g. {west = 'herding'}",
    )
    by_region: dict[str, StrategyMode] = param(
        {}, unit="-", meaning="strategy per region, e.g. {Beijing = 'tailored'}",
    )
    n_priorities: int = param(
        3, unit="industries", meaning="priority industries per local government per plan",
        ge=1, le=14,
    )
    plan_cycle_years: int = param(
        5, unit="years", meaning="length of a plan cycle (five-year plans)", ge=1, le=20,
    )
    plan_anchor_year: int = param(
        2021, unit="year", meaning="first year of a plan cycle (the 14th plan: 2021)",
        ge=1900, le=2200,
    )
    info_noise: float = param(
        0.3, unit="sd of z-score", meaning="noise in a government's view of its own fit "
        "(poor information raises mis-targeting)", ge=0, le=5,
    )
    imitation_rate: float = param(
        0.5, unit="share", meaning="tournament: how far a government moves toward the herding "
        "propensity of the fastest-growing regions each plan", ge=0, le=1,
    )
    misfit_aversion: float = param(
        3.0, unit="-", meaning="tailored fit: weight on the gap between an industry's technology "
        "intensity and the region's capability", ge=0, le=20,
    )
    future_pace: float = param(
        1.0, unit="-", meaning="how strongly fit favours future industries in capable regions "
        "(pace of ambition)", ge=0, le=10,
    )
    traditional_support: float = param(
        0.5, unit="-", meaning="weight of an existing traditional base in fit ('old trees grow "
        "new branches'); 0 turns it off", ge=0, le=5,
    )

    @field_validator("by_macro_region")
    @classmethod
    def _known_macro(cls, value: dict[str, str]) -> dict[str, str]:
        allowed = {"east", "central", "west", "northeast"}
        bad = sorted(set(value) - allowed)
        if bad:
            raise ValueError(f"unknown macro-region(s) {bad}; allowed: {sorted(allowed)}")
        return value


class Government(Section):
    """Local governments' budgets, subsidies, debt and protection of local firms."""

    policy_budget_share: float = param(
        0.025, unit="share of GDP", meaning="revenue a local government can spend on industrial, "
        "R&D, talent and university policy each year", ge=0, le=0.3,
    )
    subsidy_rate: float = param(
        0.15, unit="share of investment", meaning="investment subsidy and land discount for "
        "firms in priority industries", ge=0, le=0.9, lever=True,
    )
    herding_subsidy_boost: float = param(
        2.0, unit="x", meaning="factor by which herding governments raise subsidies to win "
        "investment", ge=1, le=5,
    )
    project_attraction: float = param(
        0.5, unit="firms/year", meaning="entrants a priority cell attracts per year by "
        "investment promotion (招商引资), regardless of returns", ge=0, le=50,
    )
    upgrade_gain: float = param(
        0.005, unit="1/year", meaning="productivity gain per year of traditional firms whose "
        "industry is a local priority (digital, intelligent and green retrofits: old trees, new "
        "branches)", ge=0, le=0.2, source="seed 003 §21, §43; seed 001 §3(1) (S12 of the seed notes)",
    )
    campaign_years: int = param(
        2, unit="years", meaning="herding governments promote projects only in the first years of "
        "each plan (campaign waves), at a rate scaled so a plan attracts as many in total",
        ge=1, le=20,
    )
    rd_subsidy_rate: float = param(
        0.15, unit="share of R&D", meaning="R&D subsidy for firms in priority industries",
        ge=0, le=0.9,
    )
    talent_budget_share: float = param(
        0.15, unit="share of policy budget", meaning="spent on talent subsidies", ge=0, le=1,
        lever=True,
    )
    university_budget_share: float = param(
        0.25, unit="share of policy budget", meaning="spent on university funding", ge=0, le=1,
    )
    traditional_exit_rate: float = param(
        0.0, unit="share/year", meaning="share of every traditional plant's capacity that local "
        "governments close each year, efficient plants included (abandoning traditional industries)",
        ge=0, le=0.5, source="seed 003 §43; seed 001 §2(1) (产业空心化, hollowing out: S11)",
    )
    traditional_exit_years: int = param(
        5, unit="years", meaning="for how many years from the start the closures go on",
        ge=0, le=100,
    )
    local_protection: float = param(
        0.3, unit="0-1", meaning="probability that an insolvent local firm in a priority "
        "industry or state-owned is kept alive as a zombie", ge=0, le=1, lever=True,
    )
    debt_rate: float = param(
        0.035, unit="1/year", meaning="interest on local government debt", ge=0, le=0.3,
    )
    initial_debt_to_gdp: float = param(
        0.32, unit="share of GDP", meaning="local government debt at the start",
        ge=0, le=3, source="Ministry of Finance: local government debt 40.7 trn yuan end-2023",
    )
    infrastructure_borrowing: float = param(
        0.02, unit="share of GDP", meaning="yearly borrowing of local financing vehicles for "
        "infrastructure (its investment is part of the aggregate sector's)", ge=0, le=0.2,
        source="assumption: local government debt / GDP rose about 1-3 points a year in 2015-2023",
    )
    debt_ceiling: float = param(
        0.8, unit="share of GDP", meaning="above this debt ratio a government halves its "
        "subsidies", ge=0, le=5,
    )


class Central(Section):
    """Central government rules that scenarios switch on or off."""

    unified_market: bool = param(
        False, unit="-", meaning="unified national market: no local protection, lower home bias "
        "and migration barriers", lever=True,
    )
    capacity_controls: bool = param(
        False, unit="-", meaning="anti-involution: when an industry's utilisation falls below "
        "the threshold, no new subsidies or entry and the costliest capacity is retired",
        lever=True,
    )
    capacity_threshold: float = param(
        0.72, unit="share", meaning="utilisation below which capacity controls apply",
        ge=0, le=1,
    )
    retirement_rate: float = param(
        0.08, unit="share/year", meaning="share of an over-capacity industry's capacity retired "
        "under capacity controls (costliest first)", ge=0, le=1,
    )
    coordination: float = param(
        0.0, unit="0-1", meaning="central coordination of the regional division of labour: "
        "penalty on priorities many regions already hold", ge=0, le=1, lever=True,
    )
    transfer_rate: float = param(
        0.01, unit="share of GDP", meaning="fiscal transfers from richer to poorer regions' "
        "policy budgets", ge=0, le=0.1,
    )


class Finance(Section):
    """Banks and funds: credit terms, risk views, guarantees, capital, allocation of saving."""

    deposit_spread: float = param(
        0.015, unit="1/year", meaning="policy rate minus banks' funding (deposit) rate",
        ge=0, le=0.2, source="PBoC: 1-year deposit benchmark 1.5 % against a 3.45 % loan prime rate",
    )
    policy_rate: float = param(
        0.035, unit="1/year", meaning="policy (benchmark) lending rate", ge=0, le=0.3, lever=True,
        source="PBoC: 1-year loan prime rate 3.45 % (2023)",
    )
    base_spread: float = param(
        0.02, unit="1/year", meaning="risk spread for a firm of average risk", ge=0, le=0.3,
    )
    bank_extrapolation: float = param(
        0.0, unit="0-1", meaning="0 = prudent banks; 1 = credit follows recent industry profits "
        "(extrapolative risk view)", ge=0, le=1, lever=True,
    )
    implicit_guarantee: float = param(
        0.3, unit="0-1", meaning="share of perceived risk removed for firms in local priority "
        "industries (implicit local-government guarantees)", ge=0, le=1, lever=True,
    )
    debt_share: float = param(
        0.6, unit="share", meaning="share of a firm's investment financed by new loans",
        ge=0, le=1,
    )
    initial_leverage: float = param(
        0.55, unit="share", meaning="firms' debt / assets at the start", ge=0, le=0.95,
        source="NBS: liability-to-asset ratio of industrial firms about 57 % (2023)",
    )
    capital_requirement: float = param(
        0.105, unit="share", meaning="minimum bank capital / loans", ge=0, le=0.5,
        source="CBIRC: 10.5 % minimum capital adequacy for systemically important banks",
    )
    initial_capital_ratio: float = param(
        0.14, unit="share", meaning="bank capital / loans at the start", ge=0, le=0.5,
        source="NFRA: commercial banks' capital adequacy ratio 15.1 % (2023)",
    )
    home_bias: float = param(
        0.75, unit="share", meaning="share of a region's saving invested at home", ge=0, le=1,
    )
    allocation_sensitivity: float = param(
        1.0, unit="1/(return)", meaning="logit sensitivity of the capital flow to return "
        "differences between regions", ge=0, le=200,
    )
    max_firm_share_of_saving: float = param(
        0.6, unit="share", meaning="most of national saving that firms' capacity investment can "
        "take (credit rationing beyond)", gt=0, le=1,
    )
    fund_share: float = param(
        0.2, unit="share", meaning="share of young emerging/future firms' investment taken as "
        "fund equity (venture and guidance funds)", ge=0, le=1,
    )
    fund_momentum: float = param(
        2.0, unit="-", meaning="how far fund valuations extrapolate the industry's recent "
        "growth", ge=0, le=20,
    )


class Talent(Section):
    """Skilled workers, graduates and migration (design §5.4)."""

    mobility: float = param(
        0.06, unit="share/year", meaning="share of skilled workers who reconsider where to live "
        "each year", ge=0, le=1, lever=True,
    )
    labor_mobility: float = param(
        0.005, unit="share/year", meaning="share of other workers who reconsider each year",
        ge=0, le=1,
    )
    wage_weight: float = param(
        3.0, unit="1/log wage", meaning="logit weight on log wage", ge=0, le=50,
    )
    subsidy_weight: float = param(
        0.03, unit="1/(thousand yuan)", meaning="logit weight on talent subsidy per skilled "
        "worker", ge=0, le=500,
    )
    distance_cost: float = param(
        1.0, unit="per 1000 km", meaning="logit cost of distance", ge=0, le=20,
    )
    hukou_cost: float = param(
        2.0, unit="-", meaning="logit cost of leaving the home region (household registration)",
        ge=0, le=20,
    )
    graduate_rate: float = param(
        0.008, unit="share of labour/year", meaning="new graduates per worker per year, scaled by "
        "university funding", ge=0, le=0.1,
        source="Ministry of Education: 11.6 million graduates in 2023, 1.6 % of employment",
    )
    attrition: float = param(
        0.02, unit="1/year", meaning="share of skilled workers retiring each year", ge=0, le=0.5,
    )


class Scenario(BaseModel):
    """A fully resolved scenario: every parameter after ``extends`` and overrides."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    name: str = param("unnamed", unit="-", meaning="short name of the scenario")
    description: str = param("", unit="-", meaning="what the scenario is for")
    world: World = World()
    solow: Solow = Solow()
    technology: Technology = Technology()
    economy: Economy = Economy()
    firms: Firms = Firms()
    strategy: Strategy = Strategy()
    government: Government = Government()
    central: Central = Central()
    finance: Finance = Finance()
    talent: Talent = Talent()
    industries: dict[str, dict[str, Any]] = param(
        {}, unit="-", meaning="overrides of the industry table, e.g. [industries.quantum] "
        "demand_growth = 0.2 (see sim/data/industries.toml)",
    )

    def __setattr__(self, name: str, value: Any) -> None:
        # Mesa 3.5+ links a model's scenario back to its model (``scenario.model = model``);
        # that link is not a parameter, so it bypasses validation and is never serialised.
        if name == "model":
            object.__setattr__(self, name, value)
            return
        super().__setattr__(name, value)

    # ---------------------------------------------------------------- loading
    @classmethod
    def load(cls, path: str | Path, overrides: list[str] | None = None) -> "Scenario":
        """Load a scenario file, resolve ``extends``, apply ``--set`` overrides and validate.

        Raises
        ------
        ScenarioError
            With a message naming the file, the line (where known), the field and what is allowed.
        """
        path = Path(path)
        data, origin = _resolve(path, chain=())
        for item in overrides or []:
            key, value = _parse_override(item)
            _set_path(data, key.split("."), value)
            origin.pop(key, None)
            origin[key] = ("--set", None)
        data.setdefault("name", path.stem)
        return cls.from_dict(data, origin=origin, default_file=path)

    @classmethod
    def from_dict(
        cls,
        data: dict[str, Any],
        origin: dict[str, tuple[str, int | None]] | None = None,
        default_file: Path | str = "<scenario>",
    ) -> "Scenario":
        """Validate a merged scenario document (as parsed from TOML)."""
        data = {k: v for k, v in data.items() if k != "extends"}
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise ScenarioError(_explain(exc, origin or {}, default_file)) from None

    def with_overrides(self, overrides: dict[str, Any]) -> "Scenario":
        """A copy with dotted-path overrides applied (``{"solow.alpha": 0.4}``), validated."""
        data = self.model_dump()
        for key, value in overrides.items():
            _set_path(data, key.split("."), value)
        return type(self).from_dict(data, default_file=f"<overrides of {self.name}>")

    def to_dict(self) -> dict[str, Any]:
        """Plain dict of every parameter (JSON-serialisable)."""
        return self.model_dump(mode="json")


# --------------------------------------------------------------------------------------------
# extends, overrides, provenance
# --------------------------------------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ScenarioError(f"{path}: scenario file not found.")
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: not valid TOML: {exc}.") from None


def _resolve(
    path: Path, chain: tuple[Path, ...]
) -> tuple[dict[str, Any], dict[str, tuple[str, int | None]]]:
    """Read ``path`` and its ``extends`` ancestors; return the merged dict and each leaf's origin."""
    path = path.resolve()
    if path in chain:
        cycle = " -> ".join(str(p) for p in (*chain, path))
        raise ScenarioError(f"{chain[-1]}: 'extends' makes a cycle: {cycle}.")
    raw = _read_toml(path)
    lines = _key_lines(path)
    parent_name = raw.get("extends")
    if parent_name is not None:
        if not isinstance(parent_name, str):
            raise ScenarioError(
                f"{path}: field 'extends' must be a file name (a string), got {parent_name!r}."
            )
        parent = (path.parent / parent_name).resolve()
        if not parent.is_file():
            raise ScenarioError(
                f"{path}, line {lines.get('extends', '?')}: field 'extends' names {parent_name!r}, "
                f"but {parent} does not exist. 'extends' takes a path relative to the file."
            )
        base, origin = _resolve(parent, (*chain, path))
        base.pop("name", None)
        base.pop("description", None)
    else:
        base, origin = {}, {}
    for key in _leaf_paths(raw):
        origin.pop(key, None)  # re-insert so the most recent setter comes last
        origin[key] = (str(path), lines.get(key))
    return _deep_merge(base, raw), origin


def _deep_merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    """Merge ``top`` into a copy of ``base``: tables merge recursively, other values replace."""
    out = copy.deepcopy(base)
    for key, value in top.items():
        if key == "extends":
            continue
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _leaf_paths(data: dict[str, Any], prefix: str = "") -> list[str]:
    paths = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            paths.extend(_leaf_paths(value, f"{path}."))
        else:
            paths.append(path)
    return paths


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\.\"']+)\s*=")


def _key_lines(path: Path) -> dict[str, int]:
    """Map dotted key paths to the line that sets them (first occurrence), for error messages."""
    out: dict[str, int] = {}
    table = ""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = header.group(1).replace('"', "").strip()
            out.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            name = key.group(1).replace('"', "").replace("'", "")
            out.setdefault(f"{table}.{name}" if table else name, number)
    return out


def _parse_override(item: str) -> tuple[str, Any]:
    """Parse ``path.to.field=value``; the value is read as TOML (numbers, booleans, strings, lists)."""
    if "=" not in item:
        raise ScenarioError(
            f"--set {item!r}: expected path.to.field=value (for example solow.alpha=0.4)."
        )
    key, raw = (s.strip() for s in item.split("=", 1))
    if not re.fullmatch(r"[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*", key):
        raise ScenarioError(f"--set {item!r}: {key!r} is not a dotted field path.")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw  # a bare word: treat as a string
    return key, value


def _set_path(data: dict[str, Any], keys: list[str], value: Any) -> None:
    node = data
    for key in keys[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    node[keys[-1]] = value


def _field_info(loc: tuple[Any, ...]) -> Any:
    """Find the pydantic FieldInfo for an error location, or None."""
    model: Any = Scenario
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return None
        info = fields[part]
        ann = info.annotation
        args = getattr(ann, "__args__", ())
        model = next(
            (a for a in (ann, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None
        )
    return info


def _allowed_fields(loc: tuple[Any, ...]) -> list[str]:
    model: Any = Scenario
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            return []
        ann = fields[part].annotation
        args = getattr(ann, "__args__", ())
        model = next(
            (a for a in (ann, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None
        )
        if model is None:
            return []
    return sorted(getattr(model, "model_fields", {}))


def _explain(
    exc: ValidationError, origin: dict[str, tuple[str, int | None]], default_file: Path | str
) -> str:
    """Turn pydantic's errors into one paragraph per problem, naming file, line, field, allowed."""
    messages = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        dotted = ".".join(str(p) for p in loc if not isinstance(p, int))
        shown = ".".join(str(p) for p in loc) or "<root>"
        file, line = origin.get(dotted, (str(default_file), None))
        if dotted not in origin:
            # a model-level error: report the table, found from any key set below it
            for key, where in reversed(list(origin.items())):
                if key.startswith(dotted + ".") or not dotted:
                    file, line = where
                    break
        where = f"{file}, line {line}" if line else f"{file}"
        if err["type"] == "extra_forbidden":
            allowed = _allowed_fields(loc)
            text = (
                f"{where}: unknown field '{shown}'. Allowed fields here: {', '.join(allowed)}."
            )
        else:
            info = _field_info(loc)
            allowed = ""
            if info is not None and not (
                isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)
            ):
                unit = (info.json_schema_extra or {}).get("unit", "")
                rng = bounds_text(info)
                typ = getattr(info.annotation, "__name__", str(info.annotation))
                allowed = f" Allowed: {typ}{(' ' + rng) if rng else ''}"
                allowed += f" [{unit}]" if unit and unit != "-" else ""
                allowed += f" ({info.description})." if info.description else "."
            value = err.get("input")
            value_text = "" if isinstance(value, dict) else f" = {value!r}"
            msg = err["msg"].removeprefix("Value error, ")
            text = f"{where}: field '{shown}'{value_text} is invalid: {msg}.{allowed}"
        messages.append(text)
    return "\n".join(messages)


def list_scenarios(root: Path = SCENARIO_DIR) -> list[Path]:
    """All scenario files under ``root`` (recursively), sorted, excluding sweep and calibration specs."""
    return sorted(
        p for p in root.rglob("*.toml") if "sweeps" not in p.parts
    )


def scenario_question(path: Path) -> str:
    """The leading comment block of a scenario file (its question), without the '#' marks."""
    lines = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            lines.append(line.lstrip("#").strip())
        elif line.strip():
            break
    return "\n".join(lines).strip()
