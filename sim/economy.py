"""The agent economy on top of the Solow core: its state and the phases of the year (design §3-§5).

Two layers produce in every region:

* the **aggregate sector** (services, agriculture, construction and every activity not modelled
  as firms): ``Y_r = A_r K_r^alpha L_r^(1-alpha)`` with perfectly elastic demand (the Solow core);
* **firms** in the 14 industries of ``sim/data/industries.toml``, whose capacity meets national
  demand curves in goods markets (``sim/markets.py``).

GDP_r = aggregate output + firms' value added (value-added share x real output). National saving
``s GDP`` pays for firms' capacity orders first (loans, subsidies, fund equity, owners' funds,
rationed at ``finance.max_firm_share_of_saving``); the rest is allocated to the regions' aggregate
sectors by financiers (home bias plus a logit over risk-adjusted returns). Capital sunk into
capacity that demand does not need is therefore capital the rest of the economy does not get,
and capital written off when firms exit is lost: that is how duplicated construction costs GDP.

The start year is calibrated: each industry's capacity is its 2023 demand (scaled to the
economy's size) over the initial utilisation, spread over regions by fit; unit costs are set so the
market clears at the reference price 1 with that utilisation and a return equal to the hurdle
rate; regional TFP of the aggregate sector is the residual that makes GDP equal the data.
Everything after that follows from agents' decisions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.financier import Bank, BankArrays, Fund
from nqpf.agents.firm import Firm, FirmArrays, empty_firms
from nqpf.agents.government import CentralGovernment, GovernmentArrays, LocalGovernment
from nqpf.agents.university import University, UniversityArrays
from nqpf.sim import flows, markets, strategies, technology
from nqpf.sim.accounting import check_finite_nonnegative, check_identity
from nqpf.sim.data.industries import load_industries
from nqpf.sim.solow import absorptive_capacity, cobb_douglas

if TYPE_CHECKING:
    from nqpf.sim.model import RegionalEconomy

REFERENCE_GDP_2023 = 126_058.0
"""China's GDP in 2023 [bn yuan]; industry demand levels are scaled by GDP / this."""
FIRM_LABOR_SHARE = 0.18
"""Share of employment in the modelled industries at the start (assumption: NBS industrial
employment, mining, manufacturing and utilities, about 18 % of 740 million employed)."""
FIRM_LABOR_CAP = 0.6
"""Most of a region's workers its firms can employ (the aggregate sector keeps the rest)."""
DISTRESS_EQUITY = 0.25
"""A firm with negative cash flow and equity below this share of assets is non-performing
(cannot service its loans from income, and its collateral cushion is thin)."""
PAYOUT = 0.3
"""Share of positive cash flow paid out as dividends; the rest repays debt."""
MAX_SUBSIDY = 0.9
"""Highest share of an investment a government subsidises (even after the herding boost)."""
MAX_ENTRANTS_PER_CELL = 50.0
"""Most entrants a region-industry cell can receive in a year (expected value)."""
BANK_COST = 0.005
"""Banks' operating cost per unit of loans [1/year]."""


def _median_by_group(values: np.ndarray, group: np.ndarray, n_groups: int,
                     default: np.ndarray) -> np.ndarray:
    """Median of ``values`` within each group 0..n_groups-1 (``default[g]`` for an empty group).

    One mask per group (a loop over the few industries, not over firms).
    """
    out = np.array(default, dtype=float, copy=True)
    for g in range(n_groups):
        members = values[group == g]
        if members.size:
            out[g] = np.median(members)
    return out


class Economy:
    """All agents beyond regions, their arrays, and the phase methods the model calls in order."""

    def __init__(self, model: "RegionalEconomy") -> None:
        self.model = model
        sc = model.scenario
        self.sc = sc
        self.rng = model.rng
        geo, reg = model.geography, model.regions
        self.ind = load_industries(sc.industries)
        ind = self.ind
        R, S = geo.n, ind.n
        self.R, self.S = R, S
        self.pipeline_years = int(ind.time_to_build.max())
        self.k_per_capacity = ind.capital_intensity * sc.firms.fixed_capital_share
        self.wright_b = technology.wright_exponent(ind.learning_rate)
        self.traditional = (ind.tier_id == 0).astype(float)
        self.young_tiers = ind.tier_id >= 1
        agree = technology.agreement_matrix(geo.name) if sc.technology.cooperation else None
        self.spill_weights = technology.spillover_weights(
            geo.distance_km, geo.neighbors.astype(float), agree,
            decay_km=sc.technology.spillover_distance_km,
            neighbor_weight=sc.technology.neighbor_weight,
            cooperation_weight=sc.technology.cooperation_weight,
        )
        self.cap_r = strategies.capability(reg.absorptive_capacity)
        self.gap = np.maximum(0.0, ind.tech_intensity[None, :] - self.cap_r[:, None])
        self.misfit = 1.0 + sc.technology.misfit_penalty * self.gap
        self._setup_universities()
        self._setup_industries_and_firms()
        self._setup_talent()
        self._setup_governments()
        self._setup_banks()
        self._calibrate_aggregate_sector()
        self.capital_at_open = self.total_capital()
        self.written_off_capital = 0.0

    # ================================================================ setup
    def _setup_universities(self) -> None:
        m, R, S = self.model, self.R, self.S
        reg = m.regions
        noise = np.exp(self.rng.normal(0.0, 0.4, (R, S)))
        strength = noise * (0.3 + self.cap_r[:, None]) ** (2.0 * self.ind.tech_intensity[None, :])
        strength = strength / strength.mean()
        funding = 0.004 * reg.gdp  # base funding, about 0.4 % of GDP (higher-education spending)
        self.universities = UniversityArrays(
            funding=funding, knowledge=funding / 0.1, strength=strength, graduates=np.zeros(R)
        )
        for i in range(R):
            University(m, i)

    def _setup_industries_and_firms(self) -> None:
        m, sc, ind, rng = self.model, self.sc, self.ind, self.rng
        reg, R, S = m.regions, self.R, self.S
        scale = reg.gdp.sum() / REFERENCE_GDP_2023
        self.demand_trend = ind.demand_2023 * scale
        self.demand_mix = self.demand_trend.copy()
        self.demand_growth = ind.demand_growth.copy()
        """Growth of each industry's demand level last year: what firms expect to continue [1/year]."""
        self.demand_total0 = float(self.demand_trend.sum())
        self.gdp0 = float(reg.gdp.sum())
        self.demand_shock = np.zeros(S)
        u0 = sc.firms.initial_utilization
        capacity_s = self.demand_trend / u0
        # regional allocation of each industry: size, capability tilt by tier, misfit
        tier = ind.tier_id
        tilt = np.where(tier[None, :] == 0, 1.5 - self.cap_r[:, None],
                        np.where(tier[None, :] == 1, 0.5 + self.cap_r[:, None],
                                 0.05 + self.cap_r[:, None] ** 2))
        weight = reg.gdp[:, None] * tilt * np.exp(-3.0 * self.gap) * np.exp(rng.normal(0, 0.3, (R, S)))
        weight = np.where(weight >= 0.02 * weight.max(axis=0, keepdims=True), weight, 0.0)
        share_rs = weight / weight.sum(axis=0, keepdims=True)
        # no region's firms may start with more than 45 % of its GDP: scale down and redistribute
        va_per_cap = u0 * ind.value_added_share
        assets_per_cap = self.k_per_capacity * (
            1.0 + (np.maximum(ind.demand_growth, 0.0) + sc.solow.delta) * ind.time_to_build)
        for _ in range(100):
            va_r = (share_rs * capacity_s[None, :] * va_per_cap[None, :]).sum(axis=1)
            assets_r = (share_rs * capacity_s[None, :] * assets_per_cap[None, :]).sum(axis=1)
            over = np.maximum(va_r / (0.45 * reg.gdp), assets_r / (0.45 * reg.capital))
            if over.max() <= 1.0 + 1e-9:
                break
            share_rs = share_rs / np.maximum(over, 1.0)[:, None]
            share_rs = share_rs / share_rs.sum(axis=0, keepdims=True)
        cap_rs = share_rs * capacity_s[None, :]
        # number of firms per cell ~ sqrt(capacity), at least one where the industry is present
        root = np.sqrt(cap_rs)
        n_rs = np.where(cap_rs > 0, np.maximum(1, np.round(sc.economy.initial_firms * root / root.sum())), 0)
        n_rs = n_rs.astype(np.int64)
        cells = np.repeat(np.arange(R * S), n_rs.ravel())
        n = len(cells)
        f = empty_firms(n, self.pipeline_years)
        f.id = np.arange(n, dtype=np.int64)
        f.region, f.industry = cells // S, cells % S
        size = np.exp(rng.normal(0.0, 0.6, n))
        cell_total = np.bincount(cells, weights=size, minlength=R * S)
        capacity = cap_rs.ravel()[cells] * size / cell_total[cells]
        k = self.k_per_capacity[f.industry]
        f.capital = capacity * k
        f.capacity = capacity.copy()
        growth = np.maximum(ind.demand_growth, 0.0)[f.industry]
        ttb = ind.time_to_build[f.industry]
        for j in range(self.pipeline_years):  # orders of the last ttb-1 years, arriving in j+1 years
            f.pipeline[:, j] = np.where(j < ttb - 1, (growth + sc.solow.delta) * f.capital, 0.0)
        f.productivity = np.exp(rng.normal(-0.5 * sc.firms.productivity_sd**2, sc.firms.productivity_sd, n))
        f.state_owned = rng.random(n) < sc.firms.state_owned_share * np.where(tier[f.industry] == 0, 1.3, 0.7)
        leverage = sc.finance.initial_leverage * np.exp(rng.normal(-0.125, 0.5, n))
        f.debt = np.clip(leverage, 0.05, 0.98) * f.assets
        f.age = rng.integers(1, 20, n)
        self.firms = f
        self.next_id = n
        # costs: spread and level so that each market clears at p = 1 with utilisation u0 and the
        # average firm earns the hurdle return (markets.py gives the closed forms)
        hurdle0 = sc.finance.policy_rate + sc.finance.base_spread + sc.firms.hurdle_premium
        margin = np.minimum((hurdle0 + sc.solow.delta) * self.k_per_capacity / u0 + self._rd_share(), 0.45)
        base = (1.0 - 2.0 * margin) + margin / u0
        self.spread = np.clip((margin / u0) / base, 0.02, 0.9)
        self.learning_index = np.ones(S)
        self.cumulative_output = self.demand_trend / np.maximum(ind.demand_growth, 0.03)
        self.cumulative_output0 = self.cumulative_output.copy()
        # experience by region-industry cluster (Wright's law is local, with national spillover)
        self.cell_experience = share_rs * self.cumulative_output[None, :]
        self.cell_experience0 = self.cell_experience.copy()
        self.cell_learning = np.ones((R, S))
        self.base_cost = base
        # incumbents are survivors: their productivity offsets their cell's misfit and scale
        # penalties, so these bite on entry and new investment, not on the inherited base
        cell = self._agglomeration(self._cell_capacity())
        f.productivity = f.productivity * cell[f.region, f.industry]
        self._calibrate_costs()
        self.base_cost0 = self.base_cost.copy()
        self.price = np.ones(S)
        self.price_prev = np.ones(S)
        self.expected_price = np.ones(S)
        self.utilization = np.full(S, u0)
        self.profit_rate = np.full(S, hurdle0)
        self.revenue_s_prev = self.demand_trend.copy()
        self.revenue_growth = np.zeros(S)
        labor_total = reg.labor.sum() * FIRM_LABOR_SHARE
        self.labor_coef = (1.2 - ind.tech_intensity)
        self.labor_coef *= labor_total / (self.labor_coef * self.demand_trend).sum()
        self.central = CentralGovernment(m, S)
        self.fund = Fund(m)
        self.firm_agents = {int(i): Firm(m, int(i)) for i in f.id} if sc.economy.firm_agents else {}

    def capital_cost(self) -> np.ndarray:
        """Capital per unit of new capacity by industry [yuan per yuan of output a year]: the
        table's asset intensity x fixed-capital share, falling with learning by doing like unit
        costs do (Wright's law covers equipment as well as operating costs)."""
        return self.k_per_capacity * self.learning_index

    def _cell_capacity(self) -> np.ndarray:
        f = self.firms
        return np.bincount(
            f.region * self.S + f.industry, weights=f.capacity,
            minlength=self.R * self.S,
        ).reshape(self.R, self.S)

    def _agglomeration(self, cap_rs: np.ndarray) -> np.ndarray:
        """Cost factor from a region's scale in an industry: (cell / mean present cell)^(-eta)."""
        present = cap_rs > 0
        mean = np.where(present.any(axis=0), (cap_rs * present).sum(0) / np.maximum(present.sum(0), 1), 1.0)
        ratio = np.where(present, cap_rs / np.maximum(mean[None, :], 1e-12), 1.0)
        return np.clip(ratio, 0.05, 20.0) ** (-self.sc.technology.agglomeration)

    def _firm_costs(self) -> np.ndarray:
        """Unit cost: base x learning x misfit at entry x agglomeration now / productivity."""
        f = self.firms
        agglom = self._agglomeration(self._cell_capacity())
        return self.base_cost[f.industry] * self.cell_learning[f.region, f.industry] * f.misfit \
            * agglom[f.region, f.industry] / f.productivity

    def _calibrate_costs(self) -> None:
        """Scale each industry's base cost so the start year clears at p = 1 (bisection)."""
        f = self.firms
        capacity = f.capacity
        lo, hi = np.full(self.S, 0.05), np.full(self.S, 3.0)
        rel = self._firm_costs() / self.base_cost[f.industry]
        for _ in range(50):
            mid = 0.5 * (lo + hi)
            supply = np.bincount(f.industry, weights=capacity * markets.used_share(
                1.0, mid[f.industry] * rel, self.spread[f.industry]), minlength=self.S)
            too_much = supply > self.demand_trend
            lo, hi = np.where(too_much, mid, lo), np.where(too_much, hi, mid)
        self.base_cost = 0.5 * (lo + hi)

    def _setup_talent(self) -> None:
        reg = self.model.regions
        reg.talent = reg.labor * np.clip(0.10 + 0.035 * reg.rd_intensity, 0.05, 0.6)

    def _setup_governments(self) -> None:
        m, sc, R = self.model, self.sc, self.R
        modes = np.array([sc.strategy.mode] * R, dtype=object)
        for i, macro in enumerate(m.geography.macro_region):
            if macro in sc.strategy.by_macro_region:
                modes[i] = sc.strategy.by_macro_region[macro]
        for name, mode in sc.strategy.by_region.items():
            modes[m.geography.index(name)] = mode
        psi = np.array([strategies.PSI.get(md, sc.strategy.herding_propensity) for md in modes])
        # tournament governments start from different propensities around the scenario's value,
        # so that imitation of the fastest-growing regions has something to select
        tourney = modes == "tournament"
        psi[tourney] = np.clip(psi[tourney] + self.rng.normal(0.0, 0.25, tourney.sum()), 0.0, 1.0)
        gdp = m.regions.gdp
        self.governments = GovernmentArrays(
            strategy=modes, herding_propensity=psi, priorities=np.zeros((R, self.S), dtype=bool),
            fit=np.zeros((R, self.S)), debt=sc.government.initial_debt_to_gdp * gdp,
            revenue=np.zeros(R), spending=np.zeros(R), subsidies=np.zeros(R),
            talent_subsidy=np.zeros(R), gdp_at_plan=gdp.copy(),
        )
        self.plan_made = False
        for i in range(R):
            LocalGovernment(m, i)

    def _setup_banks(self) -> None:
        m, R = self.model, self.R
        loans = np.bincount(self.firms.region, weights=self.firms.debt, minlength=R)
        self.banks = BankArrays(
            loans=loans, capital=self.sc.finance.initial_capital_ratio * loans, npl=np.zeros(R),
            losses=np.zeros(R), interest_income=np.zeros(R),
        )
        for i in range(R):
            Bank(m, i)

    def _calibrate_aggregate_sector(self) -> None:
        """Split regional capital, labour and GDP between firms and the aggregate sector."""
        reg, f, alpha = self.model.regions, self.firms, self.sc.solow.alpha
        firm_assets = np.bincount(f.region, weights=f.assets, minlength=self.R)
        # the start year's production, computed by the same functions as every later year
        capacity = f.capacity
        f.unit_cost = self._firm_costs()
        f.output = capacity * markets.used_share(1.0, f.unit_cost, self.spread[f.industry])
        f.labor = self._hire(f.output, f.unit_cost)
        output = f.output
        self.price = np.ones(self.S)
        self.va_quantity = None
        self.measure_value_added()
        self.va_quantity = None  # the start year is measured again in its own production phase
        va = self.firm_value_added()
        labor = self._firm_labor_by_region()
        # guard: firms may hold at most 70 % of a region's capital and GDP
        squeeze = np.maximum.reduce([firm_assets / (0.7 * reg.capital), va / (0.7 * reg.gdp),
                                     np.ones(self.R)])
        if (squeeze > 1).any():
            raise ValueError(
                "initial firms exceed 70 % of a region's capital or GDP in "
                f"{[self.model.geography.name[i] for i in np.flatnonzero(squeeze > 1)]}; "
                "lower the industry demand levels"
            )
        self.aggregate_capital = reg.capital - firm_assets
        reg.capital = self.aggregate_capital  # the region's own capital is the aggregate sector's
        y_agg = reg.gdp - va
        l_agg = reg.labor - labor
        reg.tfp = y_agg / (reg.capital**alpha * l_agg ** (1 - alpha))
        reg.tfp_next = reg.tfp.copy()
        rd_total = reg.rd_intensity / 100.0 * reg.gdp
        self.rd_scale = np.ones(self.R)
        rd_firms = np.bincount(f.region, weights=self._firm_rd_share() * output, minlength=self.R)
        # where the industry table's R&D shares exceed a region's measured R&D, scale its firms'
        # R&D down so that the start year reproduces the data
        self.rd_scale = np.minimum(1.0, rd_total / np.maximum(rd_firms, 1e-12))
        rd_firms = rd_firms * self.rd_scale
        reg.rd_share_aggregate = (rd_total - rd_firms) / y_agg

    def _rd_share(self) -> np.ndarray:
        """R&D spending per unit of revenue by industry [share]."""
        fs = self.sc.firms
        return fs.rd_share_base + fs.rd_share_slope * self.ind.tech_intensity

    def _firm_rd_share(self) -> np.ndarray:
        """R&D per unit of revenue of each firm: its industry's share, scaled for its region."""
        f = self.firms
        return self._rd_share()[f.industry] * self.rd_scale[f.region]

    # ================================================================ phases
    def total_capital(self) -> float:
        """Aggregate-sector capital + firms' installed capital + capital under construction +
        capital resold by exiting firms awaiting installation [bn yuan]."""
        reg, f = self.model.regions, self.firms
        return float(reg.capital.sum() + f.capital.sum() + f.pipeline.sum() + reg.recovered_capital.sum())

    def open_year(self) -> dict[str, float]:
        """Capital under construction comes on line; firms and the aggregate sector depreciate.

        Returns the terms of the capital identity of the year that just ended."""
        f, reg, delta = self.firms, self.model.regions, self.sc.solow.delta
        flows_ = {
            "capital_before": self.capital_at_open,
            "investment": float(reg.investment.sum()) + self.firm_orders,
            "written_off": self.written_off_capital,
        }
        flows_["depreciation"] = delta * float(reg.capital.sum() + f.capital.sum())
        arriving = f.pipeline[:, 0]
        f.capital = (1.0 - delta) * f.capital + arriving
        f.capacity = (1.0 - delta) * f.capacity + arriving / self.capital_cost()[f.industry]
        f.pipeline = np.column_stack([f.pipeline[:, 1:], np.zeros(f.n)])
        f.age += 1
        reg.capital = (1.0 - delta) * reg.capital + reg.investment + reg.recovered_capital
        reg.recovered_capital = np.zeros(self.R)
        # spending on the industries' goods, at last year's prices, is a fixed share of income
        # (last year's GDP); the table's trend growth rates shift its composition toward the
        # fast-growing industries; within the year each market still clears on its demand curve
        self.demand_mix = self.demand_mix * (1.0 + self.ind.demand_growth)
        spending = self.demand_total0 * self.model.regions.gdp.sum() / self.gdp0
        per_level = self.demand_mix * self.price ** (1.0 - self.ind.price_elasticity)
        previous = self.demand_trend
        self.demand_trend = spending * self.demand_mix / per_level.sum()
        self.demand_growth = self.demand_trend / np.maximum(previous, 1e-12) - 1.0
        sd = self.sc.firms.demand_shock_sd
        self.demand_shock = 0.5 * self.demand_shock + sd * self.rng.standard_normal(self.S)
        self.capital_at_open = self.total_capital()
        flows_["capital_after"] = self.capital_at_open
        return flows_

    def central_rules(self) -> None:
        """1. The central government updates national rules (capacity controls)."""
        self.central.update_rules(self.utilization)

    def plan_and_budget(self) -> None:
        """2. Local governments plan (in plan years) and set their budgets."""
        m, sc, g, reg = self.model, self.sc, self.governments, self.model.regions
        st = sc.strategy
        plan_year = (m.year - st.plan_anchor_year) % st.plan_cycle_years == 0
        if plan_year or not self.plan_made:
            growth = reg.gdp / np.maximum(g.gdp_at_plan, 1e-12) - 1.0
            tourney = g.strategy == "tournament"
            if self.plan_made and tourney.any():
                g.herding_propensity[tourney] = strategies.tournament_update(
                    g.herding_propensity, growth, st.imitation_rate, self.rng)[tourney]
            cap_rs = self._cell_capacity()
            g.fit = strategies.fit_scores(
                cap_rs, self.cap_r, self.ind.tech_intensity, self.traditional,
                self.universities.strength, self.ind.demand_growth,
                misfit_aversion=st.misfit_aversion, future_pace=st.future_pace,
                traditional_support=st.traditional_support,
            )
            leaders = np.where(np.isin(np.array(m.geography.sci_tech_class), ["I", "II"]), 3.0, 1.0)
            hot = strategies.hot_scores(
                g.priorities if self.plan_made else None, leaders,
                self.revenue_growth if self.plan_made else None,
                self.ind.demand_growth, self.demand_trend, self.traditional,
            )
            crowding = g.priorities.mean(axis=0) if self.plan_made else np.zeros(self.S)
            g.priorities = strategies.choose_priorities(
                g.fit, hot, g.herding_propensity, crowding, st.n_priorities,
                info_noise=st.info_noise, coordination=sc.central.coordination, rng=self.rng,
            )
            g.gdp_at_plan = reg.gdp.copy()
            self.plan_made = True
        # budgets: own revenue plus central transfers from richer to poorer regions
        gov = sc.government
        own = gov.policy_budget_share * reg.gdp
        gdp_pc = reg.gdp / reg.population
        poor = np.maximum(0.0, gdp_pc.mean() - gdp_pc) * reg.population
        rich = np.maximum(0.0, gdp_pc - gdp_pc.mean()) * reg.population
        pot = sc.central.transfer_rate * reg.gdp.sum()
        # richer regions pay in proportion to their excess income, at most half their own budget;
        # poorer regions receive what is paid, in proportion to their shortfall
        paid = np.minimum(pot * rich / max(rich.sum(), 1e-12), 0.5 * own) if rich.sum() > 0 else np.zeros(self.R)
        received = paid.sum() * poor / max(poor.sum(), 1e-12) if poor.sum() > 0 else np.zeros(self.R)
        self.transfers = received - paid
        g.revenue = own + self.transfers
        g.spending = np.zeros(self.R)
        g.subsidies = np.zeros(self.R)
        talent_budget = gov.talent_budget_share * g.revenue
        g.talent_subsidy = talent_budget / np.maximum(reg.talent, 1e-9)  # bn / million = thousand yuan
        g.spending += talent_budget
        self.university_budget = gov.university_budget_share * g.revenue
        g.spending += self.university_budget
        # subsidy intensity by region and industry this year
        boost = np.where(g.herding_propensity > 0.5, gov.herding_subsidy_boost, 1.0)
        restraint = np.where(g.debt > gov.debt_ceiling * reg.gdp, 0.5, 1.0)
        allowed = ~self.central.controlled
        rate = np.minimum(gov.subsidy_rate * boost * restraint, MAX_SUBSIDY)[:, None] \
            * g.priorities * allowed[None, :]
        # priorities in traditional industries fund upgrading (digital, green retrofits), not capacity
        self.upgrade_rs = rate * self.traditional[None, :]
        self.subsidy_rs = rate * (1.0 - self.traditional[None, :])
        self.protected_rs = g.priorities & (not sc.central.unified_market)

    def universities_produce(self) -> None:
        """3. Universities produce research and graduates."""
        u, reg, tal = self.universities, self.model.regions, self.sc.talent
        u.funding = 0.004 * reg.gdp + self.university_budget
        u.knowledge = 0.9 * u.knowledge + u.funding
        intensity = (u.funding / reg.gdp) / (u.funding.sum() / reg.gdp.sum())
        u.graduates = tal.graduate_rate * reg.labor * intensity
        skilled = reg.talent + u.graduates - tal.attrition * reg.talent
        reg.talent = np.minimum(skilled, 0.8 * reg.labor)

    def migrate(self) -> None:
        """4. Talent and labour migrate by a logit rule; people are conserved."""
        reg, tal, geo = self.model.regions, self.sc.talent, self.model.geography
        wage = self._wage()
        hukou = tal.hukou_cost * (0.5 if self.sc.central.unified_market else 1.0)
        kw = dict(wage_weight=tal.wage_weight, distance_cost=tal.distance_cost, hukou_cost=hukou)
        d_talent = flows.migrate(tal.mobility * reg.talent, wage, self.governments.talent_subsidy,
                                 geo.distance_km, subsidy_weight=tal.subsidy_weight, **kw)
        unskilled = reg.labor - reg.talent
        d_labor = flows.migrate(tal.labor_mobility * unskilled, wage, np.zeros(self.R),
                                geo.distance_km, subsidy_weight=0.0, **kw)
        self.people_before = reg.population.sum()
        reg.talent = reg.talent + d_talent
        reg.labor = reg.labor + d_talent + d_labor
        reg.population = reg.labor / self.sc.solow.labor_force_share
        self.net_migration = (d_talent + d_labor) / self.sc.solow.labor_force_share

    def _wage(self) -> np.ndarray:
        """Wage in the aggregate sector, (1 - alpha) Y / L [thousand yuan per worker]."""
        reg = self.model.regions
        l_agg = np.maximum(reg.labor - self._firm_labor_by_region(), 1e-9)
        y = np.where(reg.aggregate_output > 0, reg.aggregate_output, reg.gdp)
        return (1 - self.sc.solow.alpha) * y / l_agg

    def _firm_labor_by_region(self) -> np.ndarray:
        return np.bincount(self.firms.region, weights=self.firms.labor, minlength=self.R)

    def credit_terms(self) -> None:
        """5. Banks set each firm's interest rate from its perceived risk and the bank's capital."""
        f, fin = self.firms, self.sc.finance
        lev = np.where(f.assets > 0, f.debt / np.maximum(f.assets, 1e-12), 1.0)
        slack = np.maximum(0.0, 0.8 - self.utilization)[f.industry]
        prudent = (lev / max(fin.initial_leverage, 1e-6)) * (1.0 + 3.0 * slack)
        momentum = np.clip(self.revenue_growth, -0.5, 0.5)[f.industry]
        risk = (1 - fin.bank_extrapolation) * prudent + fin.bank_extrapolation * prudent * np.exp(-6.0 * momentum)
        protected = self.protected_rs[f.region, f.industry] | f.state_owned
        risk = risk * (1.0 - fin.implicit_guarantee * protected)
        f.interest_rate = fin.policy_rate + fin.base_spread * risk
        self.lending_factor = self.banks.lending_factor(fin.capital_requirement, fin.initial_capital_ratio)

    def firms_invest(self) -> None:
        """6. Firms enter, order capacity (arriving after the time to build), spend on R&D, hire."""
        f, sc, ind = self.firms, self.sc, self.ind
        fs, fin = sc.firms, sc.finance
        # expectations
        if fs.expectations == "adaptive":
            self.expected_price = self.expected_price + fs.expectation_weight * (self.price - self.expected_price)
        else:
            self.expected_price = np.maximum(self.price + fs.expectation_weight * (self.price - self.price_prev), 0.05)
        cost = self._firm_costs()
        f.unit_cost = cost
        pe = self.expected_price[f.industry]
        k = self.capital_cost()[f.industry]
        rd_cost = self._firm_rd_share() * pe * markets.used_share(pe, cost, self.spread[f.industry])
        roi = (markets.operating_surplus(pe, cost, self.spread[f.industry]) - rd_cost) / k - sc.solow.delta
        sub = self.subsidy_rs[f.region, f.industry]
        fund = np.minimum(fin.fund_share * (self.young_tiers[f.industry] & (f.age <= 5)), 1.0 - sub)
        hurdle = f.interest_rate + fs.hurdle_premium
        excess = roi / (1.0 - sub) - hurdle
        growth = np.clip(self.demand_growth[f.industry] + fs.investment_sensitivity * excess,
                         -sc.solow.delta, fs.max_capacity_growth)
        # orders net of what is already under construction beyond the usual pipeline
        usual = (np.maximum(self.demand_growth[f.industry], 0.0) + sc.solow.delta) * f.capital \
            * (ind.time_to_build[f.industry] - 1)
        overhang = np.maximum(0.0, f.under_construction - usual)
        invest = np.maximum(0.0, (growth + sc.solow.delta) * f.capital - overhang)
        invest = np.where(f.zombie | self.central.controlled[f.industry], 0.0, invest)
        loan_share = fin.debt_share * np.maximum(0.0, 1.0 - sub - fund)
        invest *= self.lending_factor[f.region] ** loan_share
        entrants = self._entry(cost)
        # ration firms' total investment to a share of national saving
        saving = sc.solow.saving_rate * self.model.regions.gdp.sum()
        total = invest.sum() + entrants.investment.sum()
        ration = min(1.0, fin.max_firm_share_of_saving * saving / max(total, 1e-12))
        invest *= ration
        entrants.investment *= ration
        entrants.pipeline *= ration
        entrants.debt *= ration
        entrants.fund_equity *= ration
        entrants.subsidy *= ration
        # finance and book the orders of incumbents
        ttb = ind.time_to_build[f.industry]
        f.pipeline[np.arange(f.n), ttb - 1] += invest
        f.investment = invest
        new_loans = loan_share * invest
        f.debt = f.debt + new_loans
        f.fund_equity = f.fund_equity + fund * invest
        f.subsidy = sub * invest
        self.new_loans = new_loans.sum() + entrants.debt.sum()
        self.fund.invested = (fund * invest).sum() + entrants.fund_equity.sum()
        self.entries = entrants.n
        self.firm_orders = float(invest.sum() + entrants.investment.sum())
        self.investment_subsidies = np.bincount(f.region, weights=f.subsidy, minlength=self.R) \
            + np.bincount(entrants.region, weights=entrants.subsidy, minlength=self.R)
        self._add_entrants(entrants)

    def _entry(self, cost: np.ndarray) -> FirmArrays:
        """New firms where expected returns (with subsidies) beat the hurdle, and where priority
        governments attract projects (招商引资). Entrant capital is ordered, arriving later."""
        sc, ind, rng, f = self.sc, self.ind, self.rng, self.firms
        fs, fin, gov = sc.firms, sc.finance, sc.government
        R, S = self.R, self.S
        cell_cost = self.base_cost[None, :] * self.cell_learning * self.misfit \
            * self._agglomeration(self._cell_capacity())
        k = self.capital_cost()[None, :]
        pe = self.expected_price[None, :]
        rd_cost = self._rd_share()[None, :] * self.rd_scale[:, None] * pe \
            * markets.used_share(pe, cell_cost, self.spread[None, :])
        roi = (markets.operating_surplus(pe, cell_cost, self.spread[None, :]) - rd_cost) / k - sc.solow.delta
        protected = self.protected_rs
        hurdle = fin.policy_rate + fin.base_spread * (1.0 - fin.implicit_guarantee * protected) + fs.hurdle_premium
        excess = np.maximum(0.0, roi / (1.0 - self.subsidy_rs) - hurdle)
        size = np.sqrt(self.model.regions.gdp / self.model.regions.gdp.mean())[:, None]
        g = self.governments
        boost = np.where(g.herding_propensity > 0.5, gov.herding_subsidy_boost, 1.0)[:, None]
        restraint = (g.debt <= gov.debt_ceiling * self.model.regions.gdp)[:, None]
        promoted = g.priorities * (1.0 - self.traditional[None, :])  # traditional priorities upgrade
        st = sc.strategy
        year_in_plan = (self.model.year - st.plan_anchor_year) % st.plan_cycle_years
        campaign = min(gov.campaign_years, st.plan_cycle_years)
        # herding governments campaign (一哄而上): their promotion comes in waves at the start of
        # each plan; other governments promote projects evenly over the plan
        wave = st.plan_cycle_years / campaign if year_in_plan < campaign else 0.0
        pace = np.where(g.herding_propensity > 0.5, wave, 1.0)[:, None]
        lam = fs.entry_rate * excess / 0.10 * size \
            + gov.project_attraction * pace * promoted * boost * restraint
        lam = np.minimum(lam * (~self.central.controlled)[None, :], MAX_ENTRANTS_PER_CELL)
        counts = rng.poisson(lam)
        cells = np.repeat(np.arange(R * S), counts.ravel())
        n = len(cells)
        e = empty_firms(n, self.pipeline_years)
        if n == 0:
            return e
        e.id = np.arange(self.next_id, self.next_id + n, dtype=np.int64)
        self.next_id += n
        e.region, e.industry = cells // S, cells % S
        median_cap = _median_by_group(f.capital, f.industry, S,
                                      default=ind.min_efficient_scale * self.k_per_capacity)
        kcap = median_cap[e.industry] * np.exp(rng.normal(-0.08, 0.4, n))
        sd = fs.productivity_sd
        e.productivity = np.exp(rng.normal(-0.5 * sd**2, sd, n))
        e.misfit = self.misfit[e.region, e.industry]
        e.state_owned = rng.random(n) < 0.5 * fs.state_owned_share
        e.pipeline[np.arange(n), ind.time_to_build[e.industry] - 1] = kcap
        sub = self.subsidy_rs[e.region, e.industry]
        fund = np.minimum(fin.fund_share * self.young_tiers[e.industry], 1.0 - sub)
        e.subsidy = sub * kcap
        e.fund_equity = fund * kcap
        e.debt = fin.debt_share * np.maximum(0.0, 1.0 - sub - fund) * kcap
        e.investment = kcap
        e.unit_cost = cell_cost[e.region, e.industry] / e.productivity
        return e

    def _add_entrants(self, e: FirmArrays) -> None:
        if e.n == 0:
            return
        self.firms.extend(e)
        if self.sc.economy.firm_agents:
            for i in e.id:
                self.firm_agents[int(i)] = Firm(self.model, int(i))

    def clear_markets(self) -> None:
        """7. Each industry's market clears (merit order); firms produce and hire."""
        f, ind = self.firms, self.ind
        # unit costs were set in phase 6 (incumbents) and at entry (entrants, no capacity yet)
        capacity = f.capacity
        level = self.demand_trend * np.exp(self.demand_shock)
        res = markets.clear_markets(f.industry, capacity, f.unit_cost, self.spread[f.industry],
                                    level, ind.price_elasticity, start=self.price)
        self.price_prev = self.price
        self.price = res.price
        self.clearing = res
        f.output = res.output
        f.revenue = res.price[f.industry] * res.output
        f.labor = self._hire(res.output, f.unit_cost)
        self.utilization = np.where(res.capacity > 0, np.bincount(f.industry, weights=res.output, minlength=self.S) / np.maximum(res.capacity, 1e-12), 0.0)
        self.operating_surplus = markets.operating_surplus(res.price[f.industry], f.unit_cost, self.spread[f.industry]) * capacity

    def _hire(self, output: np.ndarray, unit_cost: np.ndarray) -> np.ndarray:
        """Workers each firm employs [million]: labour per unit of output falls with the unit cost
        (relative to the start), and where local labour is scarce firms substitute capital for
        labour, employing at most FIRM_LABOR_CAP of the region's workers."""
        f = self.firms
        labor = output * self.labor_coef[f.industry] * unit_cost / self.base_cost0[f.industry]
        need = np.bincount(f.region, weights=labor, minlength=self.R)
        cap = FIRM_LABOR_CAP * self.model.regions.labor
        return labor * np.minimum(1.0, cap / np.maximum(need, 1e-12))[f.region]

    def _value_added_per_unit(self) -> np.ndarray:
        """Each firm's value added per unit of output at reference prices, by double deflation:
        ``1 - m_s c_i / cbar_s`` with ``m_s = 1 - value_added_share_s`` the intermediate share at
        the industry's reference cost ``cbar_s`` (base cost after learning). A costlier plant uses
        more inputs per unit (value added falls, to zero at worst); a more efficient one fewer."""
        f = self.firms
        m = 1.0 - self.ind.value_added_share[f.industry]
        ref = (self.base_cost * self.learning_index)[f.industry]
        return np.clip(1.0 - m * f.unit_cost / ref, 0.0, 1.0)

    def measure_value_added(self) -> None:
        """Real value added of firms, chain-linked at the previous year's prices (as NBS measures
        real growth), allocated to regions by value added at current prices.

        ``V_t = V_{t-1} sum_s p_{s,t-1} v_{s,t} / sum_s p_{s,t-1} v_{s,t-1}``, with ``v_s`` an
        industry's value added at reference prices. A fixed base would give ever more weight to
        industries whose prices fall fastest (learning), inflating real growth."""
        f = self.firms
        per_unit = self._value_added_per_unit()
        v_s = np.bincount(f.industry, weights=f.output * per_unit, minlength=self.S)
        if self.va_quantity is None:
            self.va_level = float(v_s.sum())
        else:
            prev_prices = self.price_prev
            base = float((prev_prices * self.va_quantity).sum())
            self.va_level *= float((prev_prices * v_s).sum()) / base if base > 0 else 1.0
        self.va_quantity = v_s
        nominal = np.bincount(f.region, weights=f.output * per_unit * self.price[f.industry], minlength=self.R)
        total = nominal.sum()
        self.value_added_r = self.va_level * nominal / total if total > 0 else np.zeros(self.R)
        self.value_added_nominal = float(total)

    def firm_value_added(self) -> np.ndarray:
        """Firms' real value added by region this year [bn yuan at start-year prices]."""
        return self.value_added_r

    def settle(self) -> None:
        """8. Firms book profits, spend on R&D, service debt, default or exit; banks book losses;
        governments bail out (zombies) or not; capacity controls retire the costliest capacity."""
        f, sc, rng = self.firms, self.sc, self.rng
        fin, gov = sc.finance, sc.government
        g, b = self.governments, self.banks
        f.rd = self._firm_rd_share() * f.revenue
        self.rd_by_region = np.bincount(f.region, weights=f.rd, minlength=self.R)  # before exits
        rd_sub = gov.rd_subsidy_rate * f.rd * g.priorities[f.region, f.industry]
        # upgrade subsidies for traditional priorities: retrofit spending of delta K at the rate
        upgrade = self.upgrade_rs[f.region, f.industry] * sc.solow.delta * f.capital
        self.upgrading = upgrade > 0
        rd_sub = rd_sub + upgrade
        interest = f.interest_rate * f.debt
        zombie_support = np.where(f.zombie, interest, 0.0)
        cash = self.operating_surplus - f.rd + rd_sub - interest + zombie_support
        f.profit = cash - sc.solow.delta * f.capital
        f.subsidy = f.subsidy + rd_sub + zombie_support
        # positive cash flow repays debt down to the target leverage; the rest is paid out
        assets_now = f.assets
        above_target = np.maximum(0.0, f.debt - sc.finance.initial_leverage * assets_now)
        repay = np.where(cash > 0, np.minimum(above_target, (1 - PAYOUT) * cash), 0.0)
        shortfall = np.where(cash < 0, -cash, 0.0)
        f.debt = f.debt - repay + shortfall
        assets = f.assets  # computed once: capital + capital under construction
        equity = assets - f.debt
        # banks: interest income, NPLs (firms that cannot pay interest or are insolvent)
        b.interest_income = np.bincount(f.region, weights=interest, minlength=self.R)
        insolvent = equity < 0
        distressed = (cash < 0) & (equity < DISTRESS_EQUITY * assets)
        non_performing = insolvent | f.zombie | distressed
        # government support of local firms (soft budget constraint)
        can_protect = (self.protected_rs[f.region, f.industry] | f.state_owned) & (not sc.central.unified_market)
        keep = insolvent & can_protect & (rng.random(f.n) < gov.local_protection) & (equity > -0.5 * assets)
        f.zombie = keep | (f.zombie & insolvent & (equity > -0.5 * assets) & can_protect)
        exit_mask = insolvent & ~f.zombie
        # capacity controls: retire the costliest capacity of controlled industries
        retire = np.zeros(f.n, dtype=bool)
        for s in np.flatnonzero(self.central.controlled):
            rows = np.flatnonzero((f.industry == s) & ~exit_mask)
            if rows.size == 0:
                continue
            order = rows[np.argsort(-f.unit_cost[rows], kind="stable")]
            cap = f.capital[order]
            retire[order[np.cumsum(cap) <= sc.central.retirement_rate * cap.sum()]] = True
        controls_retire = retire.copy()
        # abandoning traditional industries: governments close a share of every traditional
        # plant's capacity, efficient or not (hollowing out); the closed capital is scrapped
        self.closed_capital = 0.0
        if gov.traditional_exit_rate > 0 and self.model.year < self.model.start_year + gov.traditional_exit_years:
            trad = (self.traditional[f.industry] > 0) & ~exit_mask & ~retire
            scrapped = gov.traditional_exit_rate * f.capital * trad
            f.capital = f.capital - scrapped
            f.capacity = f.capacity * (1.0 - gov.traditional_exit_rate * trad)
            self.closed_capital = float(scrapped.sum())
            assets = f.assets
            equity = assets - f.debt
        # exits: capital resold or written off; bank losses; fund stakes lost
        leaving = exit_mask | retire
        recovered = sc.firms.recovery_rate * assets * leaving
        written_off = np.where(leaving, assets - recovered, 0.0)
        bank_loss = np.where(leaving, np.maximum(0.0, f.debt - recovered), 0.0)
        compensated = np.where(controls_retire & ~exit_mask, bank_loss, 0.0)  # central compensation
        self.central.spending = compensated.sum()
        b.losses = np.bincount(f.region, weights=bank_loss - compensated, minlength=self.R)
        b.npl = np.bincount(f.region, weights=f.debt * (non_performing & ~leaving), minlength=self.R)
        self.model.regions.recovered_capital = np.bincount(f.region, weights=recovered, minlength=self.R)
        self.written_off_capital = written_off.sum() + self.closed_capital
        self.exits = int(leaving.sum())
        self.fund.written_off = (f.fund_equity * leaving).sum()
        self.debt_repaid = repay.sum()
        self.debt_capitalised = shortfall.sum()
        self.debt_of_exits = (f.debt * leaving).sum()
        # government budgets: subsidies, zombie support, interest; deficit becomes debt
        self.rd_subsidies = np.bincount(f.region, weights=rd_sub, minlength=self.R)
        zs = np.bincount(f.region, weights=zombie_support, minlength=self.R)
        g.subsidies = self.investment_subsidies + self.rd_subsidies + zs
        g.spending = g.spending + g.subsidies + gov.debt_rate * g.debt
        self.debt_before = g.debt.copy()
        g.spending = g.spending + gov.infrastructure_borrowing * self.model.regions.gdp
        g.debt = g.debt + g.spending - g.revenue
        g.debt = np.maximum(g.debt, 0.0)
        # bank capital: interest income less funding and operating costs and losses; excess paid out
        deposit_rate = max(fin.policy_rate - fin.deposit_spread, 0.0)
        funding_cost = deposit_rate * np.maximum(b.loans - b.capital, 0.0) + BANK_COST * b.loans
        self.bank_capital_before = b.capital.copy()
        b.capital = b.capital + b.interest_income - funding_cost - b.losses
        f_survivors = ~leaving
        loans_after = np.bincount(f.region[f_survivors], weights=f.debt[f_survivors], minlength=self.R)
        excess = np.maximum(0.0, b.capital - fin.initial_capital_ratio * loans_after)
        self.bank_dividends = excess
        b.capital = b.capital - excess
        # the state recapitalises a bank whose capital falls below the requirement
        shortfall_capital = np.maximum(0.0, fin.capital_requirement * loans_after - b.capital)
        self.bank_recapitalisation = shortfall_capital
        b.capital = b.capital + shortfall_capital
        self.central.spending += float(shortfall_capital.sum())
        self.loans_before = b.loans.copy()
        b.loans = loans_after
        self.subsidy_received = f.subsidy.sum()
        self._industry_stats(f, leaving)
        # remove the exits
        if leaving.any():
            if self.sc.economy.firm_agents:
                for i in f.id[leaving]:
                    agent = self.firm_agents.pop(int(i), None)
                    if agent is not None:
                        agent.remove()
            keep = np.flatnonzero(f_survivors)
            self.firms = f.select(keep)
            self.upgrading = self.upgrading[keep]

    def _industry_stats(self, f: FirmArrays, leaving: np.ndarray) -> None:
        S = self.S
        k_assets = np.bincount(f.industry, weights=f.assets, minlength=S)
        profit = np.bincount(f.industry, weights=f.profit, minlength=S)
        self.profit_rate = np.where(k_assets > 0, profit / np.maximum(k_assets, 1e-12), 0.0)
        revenue = np.bincount(f.industry, weights=f.revenue, minlength=S)
        self.revenue_growth = np.where(self.revenue_s_prev > 0, revenue / np.maximum(self.revenue_s_prev, 1e-12) - 1.0, 0.0)
        self.revenue_s_prev = revenue
        self.industry_investment = np.bincount(f.industry, weights=f.investment, minlength=S)
        self.industry_exits = np.bincount(f.industry, weights=leaving.astype(float), minlength=S)
        self.industry_output = np.bincount(f.industry, weights=f.output, minlength=S)
        self.cumulative_output = self.cumulative_output + self.industry_output
        # fund valuations: market multiple extrapolates revenue growth; fundamental is return/hurdle
        stakes = np.bincount(f.industry, weights=f.fund_equity * ~leaving, minlength=S)
        hurdle = self.sc.finance.policy_rate + self.sc.finance.base_spread + self.sc.firms.hurdle_premium
        market = np.exp(np.clip(self.sc.finance.fund_momentum * self.revenue_growth, -3, 3))
        if not hasattr(self, "profit_rate0"):
            self.profit_rate0 = self.profit_rate.copy()
        delta = self.sc.solow.delta
        fundamental = np.clip((self.profit_rate + delta) / np.maximum(self.profit_rate0 + delta, 0.02), 0.05, 20)
        self.fund.valuation = float((stakes * market).sum())
        self.fund.fundamental = float((stakes * fundamental).sum())

    def allocate_saving(self) -> None:
        """8b. Financiers channel national saving left after firms' orders to regions' aggregate
        sectors: home bias plus a logit over risk-adjusted returns (the capital flow)."""
        m, sc, reg = self.model, self.sc, self.model.regions
        fin = sc.finance
        saving = sc.solow.saving_rate * reg.gdp
        pool = saving.sum() - self.firm_orders
        mpk = sc.solow.alpha * reg.aggregate_output / np.maximum(reg.capital, 1e-9) - sc.solow.delta
        npl = np.where(self.banks.loans > 0, self.banks.npl / np.maximum(self.banks.loans, 1e-12), 0.0)
        risk = 0.5 * npl + 0.02 * self.governments.debt / reg.gdp
        home = fin.home_bias * (0.5 if sc.central.unified_market else 1.0)
        reg.investment = flows.allocate_saving(pool, saving, reg.gdp, mpk - risk, home_bias=home,
                                               sensitivity=fin.allocation_sensitivity)
        firm_by_region = np.bincount(self.firms.region, weights=self.firms.investment, minlength=self.R)
        self.capital_inflow = reg.investment + firm_by_region - saving
        self.saving = saving.sum()

    def advance_technology(self) -> None:
        """9. Regional TFP (innovation, catch-up, spillovers), firm productivity (R&D, university
        transfer), learning by doing; R&D intensity and absorptive capacity update."""
        m, sc, reg, f, rng = self.model, self.sc, self.model.regions, self.firms, self.rng
        tech = sc.technology
        rd_total = reg.rd_share_aggregate * reg.aggregate_output + self.rd_by_region
        reg.rd_intensity = 100.0 * rd_total / reg.gdp
        reg.absorptive_capacity = absorptive_capacity(reg.rd_intensity, tech.absorptive_scale)
        self.cap_r = strategies.capability(reg.absorptive_capacity)
        self.gap = np.maximum(0.0, self.ind.tech_intensity[None, :] - self.cap_r[:, None])
        self.misfit = 1.0 + tech.misfit_penalty * self.gap
        talent_share = reg.talent / reg.labor
        knowledge = self.universities.knowledge
        shock = np.exp(rng.normal(-0.045, 0.3, self.R))
        innov = tech.innovation_elasticity * rd_total / reg.gdp \
            * np.sqrt(talent_share / talent_share.mean()) * (knowledge / knowledge.mean()) ** 0.2 * shock
        reg.tfp_next = technology.regional_tfp_next(
            reg.tfp, reg.own_tfp_growth + innov, tech.catch_up_rate * reg.absorptive_capacity,
            tech.spillover_rate, self.spill_weights,
        )
        # firms: R&D success (uncertain, lower where the industry misfits), university transfer
        rd_share = np.where(f.revenue > 0, f.rd / np.maximum(f.revenue, 1e-12), 0.0)
        sd = self.ind.rd_success_sd[f.industry]
        success = np.exp(rng.normal(-0.5 * sd**2, sd))
        fit = 1.0 - self.gap[f.region, f.industry]
        transfer = tech.university_transfer * 0.01 * self.universities.strength[f.region, f.industry] \
            * np.sqrt(knowledge / knowledge.mean())[f.region]
        upgrade = sc.government.upgrade_gain * self.upgrading
        f.productivity = f.productivity * np.exp(sc.firms.rd_productivity * rd_share * fit * success
                                                 + transfer + upgrade)
        if tech.learning:
            self.learning_index = (self.cumulative_output / self.cumulative_output0) ** (-self.wright_b)
            cell_out = np.bincount(f.region * self.S + f.industry, weights=f.output,
                                   minlength=self.R * self.S).reshape(self.R, self.S)
            self.cell_experience = self.cell_experience + cell_out
            w = tech.learning_spillover
            exp_now = self.cell_experience + w * (self.cumulative_output[None, :] - self.cell_experience)
            exp_0 = self.cell_experience0 + w * (self.cumulative_output0[None, :] - self.cell_experience0)
            # a cluster new to an industry starts from a small default experience (1 % of the
            # average cluster's), so learning stays finite even without national spillover
            floor = 0.01 * self.cumulative_output0[None, :] / self.R
            self.cell_learning = (np.maximum(exp_now, floor) / np.maximum(exp_0, floor)) ** (-self.wright_b[None, :])

    # ================================================================ accounts and records
    def production(self) -> None:
        """Aggregate sector output and GDP (phase 7, after the goods markets)."""
        reg, alpha = self.model.regions, self.sc.solow.alpha
        l_agg = reg.labor - self._firm_labor_by_region()
        if (l_agg <= 0).any():
            i = int(np.argmin(l_agg))
            raise ValueError(f"year {self.model.year}: firms employ more than the labour force of "
                             f"{self.model.geography.name[i]}")
        reg.aggregate_output = cobb_douglas(reg.tfp, reg.capital, l_agg, alpha)
        self.measure_value_added()
        reg.gdp = reg.aggregate_output + self.firm_value_added()

    def check_accounts(self, before: dict[str, float]) -> None:
        """Stock-flow identities of the year (raise AccountingError naming the identity and gap)."""
        y = self.model.year
        f, b, g, reg = self.firms, self.banks, self.governments, self.model.regions
        check_identity(y, "allocate_saving", "firm investment + aggregate investment = saving",
                       self.firm_orders + reg.investment.sum(), self.saving)
        check_identity(y, "settle", "bank loans = firms' debt", b.loans.sum(), f.debt.sum())
        check_identity(y, "settle", "loans' = loans + new + capitalised - repaid - exits' debt",
                       b.loans.sum(), self.loans_before.sum() + self.new_loans + self.debt_capitalised
                       - self.debt_repaid - self.debt_of_exits)
        check_identity(y, "settle", "government debt' = debt + spending - revenue",
                       g.debt.sum(), (self.debt_before + g.spending - g.revenue).clip(min=0).sum())
        check_identity(y, "plan_and_budget", "transfers sum to zero", self.transfers.sum(), 0.0, rtol=1e-9)
        check_identity(y, "migrate", "people conserved by migration", reg.population.sum(), self.people_before)
        check_identity(y, "settle", "subsidies paid = subsidies received",
                       g.subsidies.sum(), self.subsidy_received)
        check_identity(y, "open_year", "capital' = capital + investment - depreciation - written off",
                       before["capital_after"], before["capital_before"] + before["investment"]
                       - before["depreciation"] - before["written_off"])
        check_finite_nonnegative(y, "firm", {"capital": f.capital, "pipeline": f.under_construction,
                                             "debt": f.debt, "output": f.output})
        check_finite_nonnegative(y, "industry", {"price": self.price}, self.ind.keys, positive=True)
        check_finite_nonnegative(y, "bank", {"loans": b.loans}, self.model.geography.name)
