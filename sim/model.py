"""``RegionalEconomy``: the Mesa model that orders the simulated year.

The year follows design §4; each phase is a function or method over arrays (``sim/solow.py``,
``sim/economy.py``); this class only holds the state, calls the phases in order and records.

Timing. The constructor sets up the start year and runs it, so the first recorded row is the start
year with the data's GDP (no migration in that year). Each ``step()`` opens the next year (capital
installed from last year's investment, people from last year's population growth, TFP from last
year's technology phase) and runs it. With ``economy.enabled = false`` only the Solow core runs
(textbook mode): phases 1-6 and 8 are skipped and output meets perfectly elastic demand.
"""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd

from nqpf.agents.region import Region
from nqpf.sim import metrics, solow
from nqpf.sim.accounting import check_finite_nonnegative
from nqpf.sim.geography import build_regions
from nqpf.sim.recorder import Recorder
from nqpf.sim.config import Scenario


class RegionalEconomy(mesa.Model):
    """China's regional economies (or a synthetic map) for one scenario and one seed.

    Parameters
    ----------
    scenario
        A validated :class:`sim.scenario.Scenario`.
    seed
        Seed of the model's only random generator (``self.rng``); the same seed gives the same run.
    check_accounts
        Check every stock-flow identity every year (also ``economy.check_accounts``).
    """

    def __init__(self, scenario: Scenario, *, seed: int, check_accounts: bool = False) -> None:
        super().__init__(rng=seed)
        self.scenario = scenario
        self.seed = seed
        self.start_year = scenario.world.start_year
        self.end_year = scenario.world.end_year
        self.check_accounts = check_accounts or scenario.economy.check_accounts
        self.geography, self.regions = build_regions(scenario, self.rng)
        self.region_agents = [Region(self, i) for i in range(self.geography.n)]
        self.economy = None
        if scenario.economy.enabled:
            from nqpf.sim.economy import Economy

            self.economy = Economy(self)
        self.recorder = Recorder()
        self._prev: dict[str, float] | None = None
        self._prev_region_gdp: np.ndarray | None = None
        self._year_flows: dict[str, float] = {}
        self._run_year(first=True)

    # ------------------------------------------------------------------ time
    @property
    def year(self) -> int:
        """Calendar year being simulated (Mesa 3.5+ ``time`` where present, else ``steps``)."""
        return self.start_year + int(getattr(self, "time", self.steps))

    @property
    def finished(self) -> bool:
        return self.year >= self.end_year

    @property
    def industries(self):
        """The industry table in use (None in textbook mode)."""
        return self.economy.ind if self.economy is not None else None

    @property
    def firms(self):
        """Firm arrays (None in textbook mode)."""
        return self.economy.firms if self.economy is not None else None

    @property
    def governments(self):
        return self.economy.governments if self.economy is not None else None

    @property
    def banks(self):
        return self.economy.banks if self.economy is not None else None

    @property
    def universities(self):
        return self.economy.universities if self.economy is not None else None

    # ------------------------------------------------------------------ the year
    def step(self) -> None:
        """Simulate one more year."""
        self._open_year()
        self._run_year(first=False)

    def _open_year(self) -> None:
        """Stocks carried into the new year: capital, people, TFP."""
        r, s = self.regions, self.scenario.solow
        if self.economy is not None:
            self._year_flows = self.economy.open_year()
        else:
            r.capital = solow.accumulate_capital(r.capital, r.investment, s.delta)
        r.population = r.population * (1.0 + s.population_growth)
        r.labor = r.population * s.labor_force_share
        r.talent = r.talent * (1.0 + s.population_growth)
        r.tfp = r.tfp_next.copy()

    def _run_year(self, first: bool) -> None:
        """Phases 1-10 of design §4."""
        eco = self.economy
        if eco is not None:
            eco.central_rules()  # 1. central government updates national rules
            eco.plan_and_budget()  # 2. local governments plan (plan years) and budget
            eco.universities_produce()  # 3. universities produce research and graduates
            if not first:
                eco.migrate()  # 4. talent and labour migrate
            eco.credit_terms()  # 5. financiers set credit supply and terms
            eco.firms_invest()  # 6. firms enter, order capacity, spend on R&D, hire
            eco.clear_markets()  # 7. goods markets clear
            eco.production()  #    ... and the aggregate sector produces: GDP
            eco.settle()  # 8. profits, debt service, defaults, exits, bank losses, bailouts
            eco.allocate_saving()  #    ... saving is channelled to regions (capital flows)
            eco.advance_technology()  # 9. technology advances (takes effect next year)
        else:
            self._produce()  # 7. output of the region(s) meets perfectly elastic demand
            self._save_and_invest()  # 8. incomes are saved and invested
            self._advance_technology()  # 9. technology advances
        self._record(first)  # 10. accounts close; collectors record

    def run(self, steps: int | None = None) -> dict[str, pd.DataFrame]:
        """Run ``steps`` more years (default: to the scenario's end year); return the results."""
        n = self.end_year - self.year if steps is None else steps
        for _ in range(max(n, 0)):
            self.step()
        return self.results()

    def results(self) -> dict[str, pd.DataFrame]:
        """The national, regions and industries tables recorded so far."""
        return self.recorder.frames()

    # ------------------------------------------------------------------ Solow-core phases
    def _produce(self) -> None:
        r, s = self.regions, self.scenario.solow
        r.gdp = solow.cobb_douglas(r.tfp, r.capital, r.labor, s.alpha)
        r.aggregate_output = r.gdp

    def _save_and_invest(self) -> None:
        r = self.regions
        r.investment = self.scenario.solow.saving_rate * r.gdp

    def _advance_technology(self) -> None:
        r, tech = self.regions, self.scenario.technology
        frontier = float(r.tfp.max())
        r.tfp_next = solow.nelson_phelps(
            r.tfp, frontier, r.own_tfp_growth, tech.catch_up_rate * r.absorptive_capacity
        )

    # ------------------------------------------------------------------ records
    def _record(self, first: bool) -> None:
        r, geo = self.regions, self.geography
        check_finite_nonnegative(self.year, "region", {"capital": r.capital}, geo.name)
        check_finite_nonnegative(
            self.year, "region",
            {"population": r.population, "labor": r.labor, "gdp": r.gdp, "tfp": r.tfp},
            geo.name, positive=True,
        )
        if self.economy is not None and self.check_accounts and not first:
            self.economy.check_accounts(self._year_flows)
        national, regions, industries = metrics.collect(self)
        self.recorder.add(national, regions, industries)
        self._prev = national
        self._prev_region_gdp = r.gdp.copy()
