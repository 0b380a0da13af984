"""``RegionalEconomy``: the Mesa model that orders the simulated year.

The year follows design §4. Each phase is a function over arrays (``sim/solow.py``, and the
economy's phase modules); this class only holds the state and calls the phases in order.

Timing. The constructor sets up the start year and runs its production, investment and
technology phases, so the first recorded row is the start year with the data's GDP. Each
``step()`` then opens the next year: capital installed from last year's investment, people from
last year's population growth, TFP from last year's technology phase; and runs the year.
"""

from __future__ import annotations

import numpy as np
import mesa
import pandas as pd

from agents.region import Region
from sim import solow
from sim.accounting import check_finite_nonnegative
from sim.geography import build_regions
from sim.recorder import Recorder
from sim.scenario import Scenario


class RegionalEconomy(mesa.Model):
    """China's regional economies (or a synthetic map) for one scenario and one seed.

    Parameters
    ----------
    scenario
        A validated :class:`sim.scenario.Scenario`.
    seed
        Seed of the model's only random generator (``self.rng``); the same seed gives the same run.
    """

    def __init__(self, scenario: Scenario, *, seed: int) -> None:
        super().__init__(rng=seed)
        self.scenario = scenario
        self.seed = seed
        self.start_year = scenario.world.start_year
        self.end_year = scenario.world.end_year
        self.geography, self.regions = build_regions(scenario, self.rng)
        self.region_agents = [Region(self, i) for i in range(self.geography.n)]
        self.recorder = Recorder()
        self._prev: dict[str, float] | None = None
        self._prev_region_gdp: np.ndarray | None = None
        self._run_year()

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
        self._open_year()
        self._run_year()

    def _open_year(self) -> None:
        """Stocks carried into the new year: capital, people, TFP."""
        r, s = self.regions, self.scenario.solow
        r.capital = solow.accumulate_capital(r.capital, r.investment, s.delta)
        r.population = r.population * (1.0 + s.population_growth)
        r.labor = r.population * s.labor_force_share
        r.tfp = r.tfp_next.copy()

    def _run_year(self) -> None:
        """Phases 1-10 of design §4 (phases of components a scenario switches off are skipped)."""
        self._produce()  # 7. goods markets clear: output of the regional aggregate sector
        self._save_and_invest()  # 8. incomes are saved and invested
        self._advance_technology()  # 9. technology advances (takes effect next year)
        self._record()  # 10. accounts close; collectors record

    def run(self, steps: int | None = None) -> dict[str, pd.DataFrame]:
        """Run ``steps`` more years (default: to the scenario's end year); return the results."""
        n = self.end_year - self.year if steps is None else steps
        for _ in range(max(n, 0)):
            self.step()
        return self.results()

    def results(self) -> dict[str, pd.DataFrame]:
        """The national, regions and industries tables recorded so far."""
        return self.recorder.frames()

    # ------------------------------------------------------------------ phases
    def _produce(self) -> None:
        r, s = self.regions, self.scenario.solow
        r.gdp = solow.cobb_douglas(r.tfp, r.capital, r.labor, s.alpha)

    def _save_and_invest(self) -> None:
        r = self.regions
        r.investment = self.scenario.solow.saving_rate * r.gdp

    def _advance_technology(self) -> None:
        r, tech = self.regions, self.scenario.technology
        frontier = float(r.tfp.max())
        r.tfp_next = solow.nelson_phelps(
            r.tfp, frontier, r.own_tfp_growth, tech.catch_up_rate * r.absorptive_capacity
        )

    def _record(self) -> None:
        r, geo, alpha = self.regions, self.geography, self.scenario.solow.alpha
        check_finite_nonnegative(self.year, "region", {"capital": r.capital}, geo.name)
        check_finite_nonnegative(
            self.year, "region",
            {"population": r.population, "labor": r.labor, "gdp": r.gdp, "tfp": r.tfp},
            geo.name, positive=True,
        )
        gdp = float(r.gdp.sum())
        capital = float(r.capital.sum())
        labor = float(r.labor.sum())
        population = float(r.population.sum())
        residual = float(solow.solow_residual(gdp, capital, labor, alpha))
        prev = self._prev
        gdp_pc = r.gdp / r.population
        national = {
            "year": self.year,
            "gdp": gdp,
            "gdp_growth": gdp / prev["gdp"] - 1.0 if prev else np.nan,
            "capital": capital,
            "labor": labor,
            "population": population,
            "investment": float(r.investment.sum()),
            "investment_rate": float(r.investment.sum()) / gdp,
            "tfp": float(np.average(r.tfp, weights=r.gdp)),
            "tfp_growth": residual / prev["solow_residual"] - 1.0 if prev else np.nan,
            "solow_residual": residual,
            "gdp_per_capita": gdp / population,
            "theil_index": theil_index(gdp_pc, r.population),
            "cv_gdp_per_capita": float(gdp_pc.std() / gdp_pc.mean()) if len(gdp_pc) > 1 else 0.0,
        }
        regions = {
            "year": self.year,
            "region": geo.name,
            "macro_region": geo.macro_region,
            "sci_tech_class": geo.sci_tech_class,
            "population": r.population.copy(),
            "labor": r.labor.copy(),
            "gdp": r.gdp.copy(),
            "gdp_growth": (r.gdp / self._prev_region_gdp - 1.0)
            if self._prev_region_gdp is not None else np.full(geo.n, np.nan),
            "gdp_per_capita": gdp_pc,
            "capital": r.capital.copy(),
            "investment": r.investment.copy(),
            "tfp": r.tfp.copy(),
            "absorptive_capacity": r.absorptive_capacity.copy(),
            "rd_intensity": r.rd_intensity.copy(),
        }
        self.recorder.add(national, regions, None)
        self._prev = national
        self._prev_region_gdp = r.gdp.copy()


def theil_index(income_per_person: np.ndarray, people: np.ndarray) -> float:
    """Population-weighted Theil T index: ``T = sum_i s_i ln(y_i / ybar)``, ``s_i`` income shares.

    Zero when every region has the same income per person; ``ln(N)`` at most.
    """
    income = income_per_person * people
    shares = income / income.sum()
    mean = income.sum() / people.sum()
    return float(np.sum(shares * np.log(income_per_person / mean)))
