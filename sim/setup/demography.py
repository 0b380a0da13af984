"""The start year's demography: the national path of natural change and workers per person, the
data's net migration of the start year, and the hukou barriers (``agents/people.py``).

With ``solow.demography = "projection"`` the national population follows the shipped panel (sum of
the 31 regions) up to its last year and UN WPP 2024 after it; every region shares the national
natural change of the year (no provincial birth and death rates are shipped: an assumption, so
provincial differences in natural change are part of the calibrated amenities). Labour per person
is the WPP 15-64 share x ``solow.employment_per_working_age``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.people import POINTS_SYSTEM_REGIONS, PeopleState
from nqpf.sim.data import demography as wpp

if TYPE_CHECKING:
    from nqpf.agents.region import RegionGeography
    from nqpf.sim.config import Scenario


@lru_cache(maxsize=1)
def _panel_population() -> dict[int, dict[str, float]]:
    """The shipped panel's population by year and region [million persons]."""
    from nqpf.sim.data.panel import load_panel

    df = load_panel().dropna(subset=["population_10k"])
    out: dict[int, dict[str, float]] = {}
    for region, year, pop in zip(df["region"], df["year"], df["population_10k"], strict=True):
        out.setdefault(int(year), {})[region] = float(pop) / 100.0
    return {y: v for y, v in out.items() if len(v) == 31}


def panel_totals() -> dict[int, float]:
    """National population of the panel's complete years, the 31 regions' sum [million]."""
    return {y: sum(v.values()) for y, v in _panel_population().items()}


def national_path(sc: Scenario) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Natural growth [1/year], workers per person [-] and 15-64 share [-] for every simulated
    year (index ``year - start_year``; the start year's growth is unused)."""
    w, s = sc.world, sc.solow
    years = np.arange(w.start_year, w.end_year + 1)
    if s.demography == "constant":
        n = len(years)
        return np.full(n, s.population_growth), np.full(n, s.labor_force_share), np.full(n, np.nan)
    span = wpp.projection_years()
    if years[0] < span.start or years[-1] > span.stop - 1:
        raise ValueError(
            f"solow.demography = 'projection' covers years {span.start}..{span.stop - 1}; "
            f"world.start_year..end_year is {w.start_year}..{w.end_year} (use "
            "solow.demography = 'constant' outside it)"
        )
    growth, share = (a.copy() for a in _projection(w.start_year, w.end_year))
    return growth, share * s.employment_per_working_age, share


@lru_cache(maxsize=8)
def _projection(start_year: int, end_year: int) -> tuple[np.ndarray, np.ndarray]:
    """Natural growth and 15-64 share of ``national_path`` for the projection, found once per
    process for each span of years (every model of a sweep has the same)."""
    years = np.arange(start_year, end_year + 1)
    pop = wpp.national_population(years, panel_totals())
    growth = np.concatenate([[0.0], pop[1:] / pop[:-1] - 1.0])  # the start year's is unused
    return growth, wpp.wpp_working_age_share(years)


def build_people(sc: Scenario, geo: RegionGeography, population: np.ndarray) -> PeopleState:
    """Demography and migration state of the start year (amenities zero until the start year
    has run; ``agents.people.set_amenities``).

    Target net migration (china31): ``m_r = P_r,Y - P_r,Y-1 x P_Y / P_Y-1`` from the panel,
    which sums to zero; other geographies: zero (the start year is a migration steady state)."""
    growth, per_person, share = national_path(sc)
    target = np.zeros(geo.n)
    year = sc.world.start_year
    panel = _panel_population()
    if sc.world.geography == "china31" and year - 1 in panel:
        now = np.array([panel[year][r] for r in geo.name])
        before = np.array([panel[year - 1][r] for r in geo.name])
        target = now - before * now.sum() / before.sum()
    barrier = np.full(geo.n, sc.talent.hukou_cost)
    strict = np.isin(np.array(geo.name), POINTS_SYSTEM_REGIONS)
    barrier[strict] *= 1.0 + sc.talent.megacity_hukou
    barrier.flags.writeable = False  # fixed for the run (``people._fixed_terms`` keeps its term)
    return PeopleState(
        natural_growth=growth,
        labor_per_person=per_person,
        working_age_share=share,
        population0=population.copy(),
        hukou_barrier=barrier,
        target_net_migration=target,
        amenity=np.zeros(geo.n),
    )
