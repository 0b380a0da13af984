"""``RegionalEconomy``: the Mesa model that orders the simulated year.

The year follows design §4, one line per phase; each phase is a function of the ``World``
(``sim/world.py``), the scenario and the model's generator, owned by the role that acts
(``agents/``). This class holds the world, calls the phases in order, keeps the Mesa agents (views
on the world's arrays) in step with entries and exits, and records.

Timing. The constructor sets up the start year and runs it, so the first recorded row is the start
year with the data's GDP (no migration in that year). Each ``step()`` opens the next year (capital
installed from last year's investment, people from last year's population growth, TFP from last
year's technology phase) and runs it. With ``economy.enabled = false`` only the Solow core runs
(textbook mode): output meets perfectly elastic demand.
"""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd

from nqpf.agents import (
    financier,
    government,
    households,
    people,
    region,
    region_textbook,
    university,
)
from nqpf.agents.financier import Bank, Fund
from nqpf.agents.firms import investment, production, settlement, shipping
from nqpf.agents.firms.state import Firm
from nqpf.agents.government import CentralGovernment, LocalGovernment
from nqpf.agents.region import Region
from nqpf.agents.university import University
from nqpf.sim import guards
from nqpf.sim.accounting import check_finite_nonnegative, check_year_accounts
from nqpf.sim.config import Scenario
from nqpf.sim.outputs import metrics
from nqpf.sim.outputs.recorder import Recorder
from nqpf.sim.outputs.registry import TABLES
from nqpf.sim.random_streams import RandomStreams
from nqpf.sim.setup import build_world, total_capital
from nqpf.sim.world import World


class RegionalEconomy(mesa.Model):
    """China's regional economies (or a synthetic map) for one scenario and one seed.

    Parameters
    ----------
    scenario
        A validated :class:`nqpf.sim.Scenario`.
    seed
        Seed of the model's only random generator (``self.rng``); the same seed gives the same run.
        The years' draws come from streams keyed by year and purpose whose root it draws first
        (``self.streams``, :mod:`nqpf.sim.random_streams`: common random numbers).
    check_accounts
        Check every stock-flow identity every year (also ``economy.check_accounts``).
    tables
        The result tables to record in full (``national``, ``regions``, ``industries``,
        ``region_industries``; all by default). A sweep that keeps only the national table
        skips the economy's regional columns and the region-industry cells (about 4 % of a
        run); the national and industry records and every plausibility check are the same.

    The firms' arrays (``self.world.firms``) are working memory that ``step()`` rewrites in
    place: copy an array to keep it across steps.
    """

    def __init__(
        self,
        scenario: Scenario,
        *,
        seed: int,
        check_accounts: bool = False,
        tables: tuple[str, ...] | None = None,
    ) -> None:
        super().__init__(rng=seed)
        unknown = sorted(set(tables or ()) - set(TABLES))
        if unknown:
            raise ValueError(
                f"tables: unknown table(s) {', '.join(unknown)}; allowed: {', '.join(TABLES)}"
            )
        self.scenario = scenario
        self.seed = seed
        self.start_year = scenario.world.start_year
        self.end_year = scenario.world.end_year
        self.check_accounts = check_accounts or scenario.economy.check_accounts
        self.streams = RandomStreams.from_generator(self.rng)  # the years' keyed draws
        self.world: World = build_world(scenario, self.rng)
        self.firm_agents: dict[int, Firm] = {}
        self._add_views()
        self.recorder = Recorder(TABLES if tables is None else tables)
        self._capital_terms: dict[str, float] = {}
        self._run_year(first=True)
        if self.world.has_economy:
            people.set_amenities(self.world, scenario)  # start-year net flows match the data

    # ------------------------------------------------------------------ time
    @property
    def year(self) -> int:
        """Calendar year being simulated (Mesa 3.5+ ``time`` where present, else ``steps``)."""
        return self.start_year + int(getattr(self, "time", self.steps))

    @property
    def finished(self) -> bool:
        return self.year >= self.end_year

    # ------------------------------------------------------------------ the year
    def step(self) -> None:
        """Simulate one more year."""
        self.world.year = self.year
        self._open_year()
        self._run_year(first=False)

    def _open_year(self) -> None:
        """Stocks carried into the new year: capital, saving rate, demand, people, TFP."""
        w, sc, delta = self.world, self.scenario, self.scenario.solow.delta
        if w.has_economy:
            self._capital_terms = capital_terms_before_opening(w, delta)
            production.install_capital(w, delta)  # firms' orders come on line, capital depreciates
            region.install_capital(w, delta)  # the aggregate sector's investment is installed
            region.set_saving_rate(w, sc)  # the saving rate falls with income and ageing
            region.set_rd_effort(w, sc)  # R&D shares move with income per head
            region.update_demand(w, sc, self._draws("demand"))  # spending on the industries' goods
            w.flows.capital_at_open = total_capital(w)
            self._capital_terms["capital_after"] = w.flows.capital_at_open
        else:
            region_textbook.accumulate_capital(w, delta)
        people.grow_population(w, sc)  # natural change, working age, labour

    def _run_year(self, first: bool) -> None:
        """Phases 1-10 of design §4."""
        w, sc, draws = self.world, self.scenario, self._draws
        if not w.has_economy:
            region_textbook.produce_solow(w, sc)  # 7. output meets perfectly elastic demand
            region_textbook.save_and_invest(w, sc)  # 8. incomes are saved and invested
            region_textbook.advance_solow_technology(w, sc)  # 9. technology advances
            self._record(first)  # 10. accounts close; collectors record
            return
        government.update_central_rules(w, sc)  # 1. central government updates national rules
        government.plan_priorities(w, sc, draws("plans"))  # 2. local governments plan ...
        government.set_budgets(w, sc)  # ... and budget
        university.produce_research_and_graduates(w, sc)  # 3. universities: research, graduates
        if not first:
            people.migrate(w, sc)  # 4. talent and labour migrate
        financier.set_credit_terms(w, sc)  # 5. financiers set credit supply and terms
        entrants = investment.invest_and_enter(w, sc, draws("entry"))  # 6. firms invest, enter
        self._add_firm_views(entrants.id)
        production.clear_markets(w, sc)  # 7. goods markets clear; firms produce and hire
        shipping.ship_goods(w, sc)  # ... goods go to buyers in every region (trade)
        production.measure_value_added(w)  # ... firms' real value added
        region.produce_aggregate(w, sc)  # ... the aggregate sector produces: GDP
        self._settle()  # 8. profits, debts, defaults, exits, bank losses, bail-outs
        financier.allocate_saving(w, sc)  # ... saving is channelled to regions (capital flows)
        region.advance_regional_tfp(w, sc, draws("regional_tfp"))  # 9. technology: regional TFP
        production.improve_productivity(w, sc, draws("productivity"))  # ... firms' productivity
        production.learn_by_doing(w, sc)  # ... learning by doing
        self._record(first)  # 10. accounts close; collectors record

    def _draws(self, purpose: str) -> np.random.Generator:
        """This year's generator for ``purpose`` (common random numbers: ``sim.random_streams``)."""
        return self.streams.generator(self.year, purpose)

    def _settle(self) -> None:
        """Phase 8: firms' results, governments' bail-outs, controls and closures, exits, the
        fiscal close, the banks' close, the central government's bonds, households' deposits
        and bonds, industry results and the funds' marks."""
        w, sc = self.world, self.scenario
        s = settlement.book_results(w, sc)  # profits, R&D, interest, repayments
        settlement.find_distress(w, s)  # insolvent and non-performing firms
        government.bail_out(w, sc, self._draws("bail_out"), s)  # zombies kept alive, the rest exit
        government.retire_controlled_capacity(w, sc, s)  # central capacity controls
        government.close_traditional_plants(w, sc, s)  # hollowing out (abandon scenarios)
        settlement.exit_firms(w, sc, s)  # capital resold or written off
        government.close_budgets(w, sc, s)  # subsidies, interest, debt
        financier.close_banks(w, sc, s)  # losses, NPLs, capital, dividends, recapitalisation
        government.close_central(w, sc)  # central bonds pay for recapitalisation, compensation
        households.settle(w, sc)  # households buy the bonds and hold the deposits
        settlement.record_industry_results(w, s.leaving)
        financier.value_fund_stakes(w, sc, s.leaving)
        self._remove_firm_views(settlement.remove_exits(w, s.leaving))

    def run(
        self, steps: int | None = None, tables: tuple[str, ...] | None = None
    ) -> dict[str, pd.DataFrame]:
        """Run ``steps`` more years (default: to the scenario's end year); return the results
        (only the ``tables`` named, when given)."""
        n = self.end_year - self.year if steps is None else steps
        for _ in range(max(n, 0)):
            self.step()
        return self.results(tables)

    def results(self, tables: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
        """The national, regions, industries and region_industries tables recorded so far (or
        those named)."""
        return self.recorder.frames(tables)

    # ------------------------------------------------------------------ Mesa views
    def _add_views(self) -> None:
        """One view agent per region, government, bank and university; the central government,
        the fund sector, and (``economy.firm_agents``) one per firm."""
        w = self.world
        for i in range(w.n_regions):
            Region(self, i)
        if not w.has_economy:
            return
        for i in range(w.n_regions):
            University(self, i)
        CentralGovernment(self)
        Fund(self)
        for i in range(w.n_regions):
            LocalGovernment(self, i)
        for i in range(w.n_regions):
            Bank(self, i)
        self._add_firm_views(w.firms.id)

    def _add_firm_views(self, ids: np.ndarray) -> None:
        """A ``Firm`` view per new firm id (with ``economy.firm_agents``)."""
        if not self.scenario.economy.firm_agents:
            return
        for i in ids:
            self.firm_agents[int(i)] = Firm(self, int(i))

    def _remove_firm_views(self, gone: np.ndarray) -> None:
        """Remove the ``Firm`` views of the exited firm ids (none without ``economy.firm_agents``)."""
        if not self.firm_agents:
            return
        for i in gone:
            agent = self.firm_agents.pop(int(i), None)
            if agent is not None:
                agent.remove()

    # ------------------------------------------------------------------ records
    def _record(self, first: bool) -> None:
        w = self.world
        r, geo = w.regions, w.geography
        check_finite_nonnegative(w.year, "region", {"capital": r.capital}, geo.name)
        check_finite_nonnegative(
            w.year,
            "region",
            {"population": r.population, "labor": r.labor, "gdp": r.gdp, "tfp": r.tfp},
            geo.name,
            positive=True,
        )
        if w.has_economy and self.check_accounts and not first:
            check_year_accounts(w, self._capital_terms)
        self.recorder.add(
            *metrics.collect(w, self.scenario, self.recorder.previous(), self.recorder.recorded)
        )
        guards.check_year(w, self.recorder)  # plausibility warnings, read-only


def capital_terms_before_opening(w: World, delta: float) -> dict[str, float]:
    """Terms of last year's capital identity, read before this year's capital is installed:
    opening capital, investment, depreciation and capital written off [bn yuan]."""
    reg, f, fl = w.regions, w.firms, w.flows
    return {
        "capital_before": fl.capital_at_open,
        "investment": float(reg.investment.sum()) + fl.firm_orders,
        "written_off": fl.written_off_capital,
        "depreciation": delta * float(reg.capital.sum() + f.capital.sum()),
    }
