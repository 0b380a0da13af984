"""Local governments (one per region) and the central government: their state and their phases.

Local state is held in ``GovernmentArrays`` (index = region); ``LocalGovernment`` agents are views.
Phases of the year: central rules (1), plans and budgets (2), and in the settlement (8) bail-outs,
capacity retirement, closures of traditional plants and the fiscal close (in
:mod:`nqpf.agents.government_budget`, re-exported here). Priorities are chosen by the rules of
``sim/economics/strategies.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import mesa
import numpy as np

from nqpf.agents.base import RegionRowAgent
from nqpf.agents.fit_inputs import fit_inputs
from nqpf.agents.government_budget import close_budgets, close_central
from nqpf.sim.economics import compiled_path, public_debt, strategies
from nqpf.sim.random_streams import uniform_by_key

__all__ = [
    "CentralGovernment",
    "CentralState",
    "GovernmentArrays",
    "LocalGovernment",
    "bail_out",
    "close_budgets",
    "close_central",
    "close_traditional_plants",
    "is_plan_year",
    "plan_priorities",
    "retire_controlled_capacity",
    "set_budgets",
    "update_central_rules",
]

if TYPE_CHECKING:
    from nqpf.agents.firms.settlement import Settlement
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World

MAX_SUBSIDY = 0.9
"""Highest share of an investment a government subsidises."""
DEBT_RESTRAINT = 0.5
"""Factor on the subsidy rate of a government whose debt is above ``government.debt_ceiling``."""
LEADER_WEIGHT = 3.0
"""Weight of science-and-technology class I and II regions as leaders others copy (others: 1)."""
TRANSFER_CAP_SHARE = 0.5
"""Most of its own policy budget a richer region pays into central transfers [share]."""
ZOMBIE_EQUITY_FLOOR = -0.5
"""A government keeps an insolvent firm alive only while its equity is above this share of its
assets (deeper insolvency ends protection) [share]."""


@dataclass(slots=True)
class GovernmentArrays:
    """Local governments' state; index = region."""

    strategy: np.ndarray
    """Strategy mode of each government (str array: tailored|herding|mixed|tournament)."""
    herding_propensity: np.ndarray
    """Weight psi_r on copying leaders and hot industries [0-1]."""
    priorities: np.ndarray
    """Priority industries, boolean (regions x industries)."""
    fit: np.ndarray
    """Last fit scores of every industry, (regions x industries) [z-score]."""
    debt: np.ndarray
    """Local government debt, including financing vehicles [bn yuan]."""
    revenue: np.ndarray
    """Policy budget this year (own revenue plus net transfers) [bn yuan/year]."""
    spending: np.ndarray
    """Policy spending this year (subsidies, talent, universities, bailouts, interest) [bn yuan/year]."""
    subsidies: np.ndarray
    """Subsidies paid to firms this year (investment, R&D, zombie support) [bn yuan/year]."""
    talent_subsidy: np.ndarray
    """Talent subsidy per skilled worker [thousand yuan/person/year]."""
    gdp_at_plan: np.ndarray
    """GDP in the last plan year (for the tournament's growth ranking) [bn yuan]."""
    subsidy_rate: np.ndarray
    """Investment subsidy rate this year, regions x industries [share of investment]."""
    upgrade_rate: np.ndarray
    """Upgrading subsidy rate of traditional priorities, regions x industries [share of delta K]."""
    protected: np.ndarray
    """Priority industries whose firms the government protects (bail-outs, guarantees), bool."""
    bank_held: np.ndarray = None  # type: ignore[assignment]
    """Part of ``debt`` held by the regional bank as financing-vehicle (LGFV) loans; the rest
    are bonds held by households [bn yuan]."""
    assets: np.ndarray = None  # type: ignore[assignment]
    """Deposits at the regional bank: surpluses beyond the debt [bn yuan]."""
    priority_score: np.ndarray = None  # type: ignore[assignment]
    """The last plan's choice scores (regions x industries): the priorities are each row's top
    scores, and the highest is the plan's main priority [z-score]."""
    stress: np.ndarray = None  # type: ignore[assignment]
    """Interest due / comprehensive fiscal revenue this year [share]."""

    def __post_init__(self) -> None:
        n = len(self.debt)
        for name in ("bank_held", "assets", "stress"):
            if getattr(self, name) is None:
                setattr(self, name, np.zeros(n))


@dataclass(slots=True)
class CentralState:
    """The central government's state."""

    controlled: np.ndarray
    """Industries under capacity controls this year (bool, by industry)."""
    spending: float = 0.0
    """Spending this year on capacity-retirement compensation, bank recapitalisation and interest
    on its bonds [bn yuan]."""
    debt: float = 0.0
    """Central government bonds issued to pay for that spending (held by households) [bn yuan]."""


class LocalGovernment(RegionRowAgent):
    """A provincial government: a view on row ``index`` of ``model.world.governments``."""

    def _value(self, name: str) -> float:
        return float(getattr(self.model.world.governments, name)[self.index])

    @property
    def strategy(self) -> str:
        return str(self.model.world.governments.strategy[self.index])

    @property
    def herding_propensity(self) -> float:
        """Weight on copying leaders and hot industries [0-1]."""
        return self._value("herding_propensity")

    @property
    def priorities(self) -> list[str]:
        keys = self.model.world.industries.keys
        return [
            keys[s] for s in np.flatnonzero(self.model.world.governments.priorities[self.index])
        ]

    @property
    def debt(self) -> float:
        """Local government debt [bn yuan]."""
        return self._value("debt")

    def fit_scores(self) -> dict[str, float]:
        """Fit of every industry to the region, as last scored in a plan year [z-score]."""
        keys = self.model.world.industries.keys
        return {k: float(v) for k, v in zip(keys, self.model.world.governments.fit[self.index])}

    def summary(self) -> dict[str, object]:
        """Strategy, propensity, priorities, fit scores and this year's budget [bn yuan; talent
        subsidy in thousand yuan per skilled worker] (for the dashboard's inspector)."""
        out: dict[str, object] = {"strategy": self.strategy}
        for name in (
            "herding_propensity",
            "debt",
            "revenue",
            "spending",
            "subsidies",
            "talent_subsidy",
        ):
            out[name] = self._value(name)
        out["priorities"] = self.priorities
        out["fit"] = self.fit_scores()
        return out

    def __repr__(self) -> str:
        return f"LocalGovernment({self.region!r}, {self.strategy})"


class CentralGovernment(mesa.Agent):
    """The central government: a view on ``model.world.central``."""

    @property
    def controlled(self) -> list[str]:
        """Industries under capacity controls this year."""
        keys = self.model.world.industries.keys
        return [keys[s] for s in np.flatnonzero(self.model.world.central.controlled)]

    @property
    def spending(self) -> float:
        """Spending this year on compensation and recapitalisation [bn yuan]."""
        return float(self.model.world.central.spending)


# ---------------------------------------------------------------------------------- phases
def update_central_rules(w: World, sc: Scenario) -> None:
    """1. Capacity controls on for industries whose utilisation fell below the threshold."""
    rules, c = sc.central, w.central
    c.controlled = (
        (w.markets.utilization < rules.capacity_threshold)
        if rules.capacity_controls
        else np.zeros_like(c.controlled)
    )


def is_plan_year(w: World, sc: Scenario) -> bool:
    """True in the first year of each plan cycle (``strategy.plan_cycle_years`` from the anchor)."""
    st = sc.strategy
    return (w.year - st.plan_anchor_year) % st.plan_cycle_years == 0


def plan_priorities(w: World, sc: Scenario, rng: np.random.Generator) -> None:
    """2a. In plan years (and the first year) governments score fit and heat and choose priorities,
    as many as their size and capability bring (:func:`strategies.priorities_per_plan`).

    Tournament governments first imitate the propensities of faster-growing regions.
    """
    g, reg, st = w.governments, w.regions, sc.strategy
    if not (is_plan_year(w, sc) or not w.plan_made):
        return
    ind, m, lrn = w.industries, w.markets, w.learning
    # separate streams, so that the choice's draws are the same with or without tournaments
    tournament_rng, choice_rng = rng.spawn(2)
    tourney = g.strategy == "tournament" if w.plan_made else None
    if tourney is not None and tourney.any():
        growth = reg.gdp / np.maximum(g.gdp_at_plan, 1e-12) - 1.0
        g.herding_propensity[tourney] = strategies.tournament_update(
            g.herding_propensity, growth, st.imitation_rate, tournament_rng
        )[tourney]
    args, kwargs = fit_inputs(w, st)
    g.fit = strategies.fit_scores(*args, **kwargs)
    leaders = np.array(
        [LEADER_WEIGHT if c in ("I", "II") else 1.0 for c in w.geography.sci_tech_class]
    )
    hot = strategies.hot_scores(
        g.priorities if w.plan_made else None,
        leaders,
        m.revenue_growth if w.plan_made else m.recent_growth,
        m.profit_rate if w.plan_made else None,
        ind.demand_growth,
        m.demand_trend + m.derived_demand,  # a chain's upstream sells to its buyers too
        w.costs.young_tiers.astype(float),
    )
    crowding = g.priorities.mean(axis=0) if w.plan_made else np.zeros(w.n_industries)
    n_priorities = strategies.priorities_per_plan(
        reg.gdp,
        lrn.capability,
        smallest=st.priorities_smallest,
        largest=st.priorities_largest,
        scale=st.priority_scale,
        n_industries=w.n_industries,
    )
    g.priorities, g.priority_score = strategies.choose_priorities(
        g.fit,
        hot,
        g.herding_propensity,
        crowding,
        n_priorities,
        info_noise=st.info_noise,
        coordination=sc.central.coordination,
        rng=choice_rng,
        return_score=True,
    )
    g.gdp_at_plan = reg.gdp.copy()
    w.plan_made = True


def set_budgets(w: World, sc: Scenario) -> None:
    """2b. Budgets: own revenue ``b Y_r`` plus central transfers from richer to poorer regions;
    talent and university budgets; this year's subsidy rates by region and industry.

    Richer regions pay ``transfer_rate x sum Y`` in proportion to their income above the mean
    (at most ``TRANSFER_CAP_SHARE`` of their own budget); poorer regions receive what is paid, in
    proportion to their shortfall.
    """
    g, reg, gov, R = w.governments, w.regions, sc.government, w.n_regions
    own = gov.policy_budget_share * reg.gdp_nominal
    gdp_pc = reg.gdp / reg.population
    mean_pc = gdp_pc.mean()
    poor = np.maximum(0.0, mean_pc - gdp_pc) * reg.population
    rich = np.maximum(0.0, gdp_pc - mean_pc) * reg.population
    rich_sum, poor_sum = rich.sum(), poor.sum()
    pot = sc.central.transfer_rate * reg.gdp_nominal.sum()
    paid = (
        np.minimum(pot * rich / max(rich_sum, 1e-12), TRANSFER_CAP_SHARE * own)
        if rich_sum > 0
        else np.zeros(R)
    )
    received = paid.sum() * poor / max(poor_sum, 1e-12) if poor_sum > 0 else np.zeros(R)
    w.flows.transfers = received - paid
    w.flows.own_revenue = float(own.sum())
    kernel = compiled_path.compiled("books.budget_rates")
    if kernel is not None:  # the same numbers in one pass over the regions
        t, g.upgrade_rate, g.subsidy_rate, g.protected = kernel(
            *(own, w.flows.transfers, reg.talent, reg.gdp_nominal, g.debt, g.priorities),
            *(w.central.controlled, w.costs.traditional, gov.talent_budget_share),
            *(gov.university_budget_share, gov.fiscal_revenue_share, gov.debt_rate),
            *(gov.debt_ceiling, gov.stress_threshold, gov.subsidy_rate, gov.upgrade_funding_rate),
            *(DEBT_RESTRAINT, MAX_SUBSIDY, sc.central.unified_market),
        )
        g.revenue, g.spending, g.subsidies, g.talent_subsidy, w.flows.university_budget = t[:5]
        g.stress = t[5]
        return
    g.revenue = own + w.flows.transfers
    g.spending = np.zeros(R)
    g.subsidies = np.zeros(R)
    talent_budget = gov.talent_budget_share * g.revenue
    g.talent_subsidy = talent_budget / np.maximum(reg.talent, 1e-9)  # bn / million = thousand yuan
    g.spending += talent_budget
    w.flows.university_budget = gov.university_budget_share * g.revenue
    g.spending += w.flows.university_budget
    # subsidy intensity by region and industry this year: restrained above the debt ceiling or
    # when interest due is above the stress threshold of comprehensive fiscal revenue
    revenue_base = gov.fiscal_revenue_share * reg.gdp_nominal
    g.stress = public_debt.stress_ratio(gov.debt_rate * g.debt, revenue_base)
    stressed = (g.debt > gov.debt_ceiling * reg.gdp_nominal) | (g.stress > gov.stress_threshold)
    restraint = np.where(stressed, DEBT_RESTRAINT, 1.0)
    # allowed priorities: (x * p) * a is x * (p & a) bit for bit, p and a being 0 or 1
    allowed = g.priorities & ~w.central.controlled[None, :]
    rate = np.minimum(gov.subsidy_rate * restraint, MAX_SUBSIDY)[:, None] * allowed
    # priorities in traditional industries fund upgrading (digital, green retrofits), not capacity
    traditional = w.costs.traditional[None, :]
    upgrade = np.minimum(gov.upgrade_funding_rate * restraint, MAX_SUBSIDY)[:, None]
    g.upgrade_rate = upgrade * allowed * traditional
    g.subsidy_rate = rate * (1.0 - traditional)
    g.protected = g.priorities & (not sc.central.unified_market)


def bail_out(w: World, sc: Scenario, rng: np.random.Generator, s: Settlement) -> None:
    """8b. Soft budget constraint: a government keeps an insolvent firm of a protected industry
    (or a state-owned one) alive with probability ``government.local_protection`` while its
    equity is above ``ZOMBIE_EQUITY_FLOOR`` of assets; the others exit."""
    f, g, gov, unified = w.firms, w.governments, sc.government, sc.central.unified_market
    # a keyed uniform per insolvent firm (the others draw nothing; their 1.0 keeps no one)
    draw = np.ones(f.n)
    insolvent = np.flatnonzero(s.insolvent)
    draw[insolvent] = uniform_by_key(rng, f.draw_key[insolvent])
    kernel = compiled_path.compiled("finance.bail_out")
    if kernel is not None:  # the same flags in one pass, on the same draws
        f.zombie, s.exit_mask = kernel(
            *(f.region, f.industry, f.state_owned, g.protected.ravel(), w.n_industries, unified),
            *(s.insolvent, s.equity, s.assets, ZOMBIE_EQUITY_FLOOR),
            *(draw, gov.local_protection, f.zombie),
        )
        return
    floor = s.equity > ZOMBIE_EQUITY_FLOOR * s.assets
    can_protect = (g.protected[f.region, f.industry] | f.state_owned) & (not unified)
    keep = s.insolvent & can_protect & (draw < gov.local_protection) & floor
    f.zombie = keep | (f.zombie & s.insolvent & floor & can_protect)
    s.exit_mask = s.insolvent & ~f.zombie


def retire_controlled_capacity(w: World, sc: Scenario, s: Settlement) -> None:
    """8c. Capacity controls retire the costliest firms of each controlled industry whole, up
    to ``central.retirement_rate`` of its assets (installed capital and capital under
    construction: a project not yet built is stopped within the quota, not beyond it)."""
    f = w.firms
    retire = np.zeros(f.n, dtype=bool)
    assets = f.assets
    for ind_s in np.flatnonzero(w.central.controlled):
        rows = np.flatnonzero((f.industry == ind_s) & ~s.exit_mask)
        if rows.size == 0:
            continue
        order = rows[np.argsort(-f.unit_cost[rows], kind="stable")]
        held = assets[order]
        retire[order[np.cumsum(held) <= sc.central.retirement_rate * held.sum()]] = True
    s.retired = retire


def close_traditional_plants(w: World, sc: Scenario, s: Settlement) -> None:
    """8d. Abandoning traditional industries: for ``government.traditional_exit_years`` governments
    close ``traditional_exit_rate`` of every traditional plant's capacity, efficient or not
    (hollowing out); the closed capital is scrapped."""
    f, gov = w.firms, sc.government
    w.flows.closed_capital = 0.0
    w.flows.closed_capacity_by_region = np.zeros(w.n_regions)
    if gov.traditional_exit_rate > 0 and w.year < w.start_year + gov.traditional_exit_years:
        trad = (w.costs.traditional[f.industry] > 0) & ~s.exit_mask & ~s.retired
        scrapped = gov.traditional_exit_rate * f.capital * trad
        f.capital = f.capital - scrapped
        before = f.capacity
        f.capacity = before * (1.0 - gov.traditional_exit_rate * trad)
        closed = before - f.capacity
        w.flows.closed_capital = float(scrapped.sum())
        # the plants produced this year before they closed: the year's utilisation counts them
        w.flows.closed_capacity_by_region = np.bincount(
            f.region, weights=closed, minlength=w.n_regions
        )
        s.assets = f.assets
        s.equity = s.assets - f.debt
