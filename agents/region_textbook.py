"""Textbook mode (no firms): the regions' Solow core, one phase a step of the year.

``K' = (1 - delta) K + I``, ``Y = A K^alpha L^(1-alpha)`` meeting perfectly elastic demand,
``I = s Y`` at a constant rate, and Nelson-Phelps catch-up of ``A`` towards the frontier. The
regions' state is ``agents/region.py``'s ``RegionState``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.region import advance_world_frontier
from nqpf.sim.economics import solow

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World


def accumulate_capital(w: World, delta: float) -> None:
    """Solow core: ``K' = (1 - delta) K + I``."""
    r = w.regions
    r.capital = solow.accumulate_capital(r.capital, r.investment, delta)


def produce_solow(w: World, sc: Scenario) -> None:
    """Solow core: ``Y = A K^alpha L^(1-alpha)`` meets perfectly elastic demand."""
    r = w.regions
    r.gdp = solow.cobb_douglas(r.tfp, r.capital, r.labor, sc.solow.alpha)
    r.gdp_nominal = r.gdp
    r.aggregate_output = r.gdp


def save_and_invest(w: World, sc: Scenario) -> None:
    """Solow core: ``I = s Y`` with the constant ``solow.saving_rate``."""
    w.regions.saving_rate = np.full(w.n_regions, sc.solow.saving_rate)
    w.regions.investment = sc.solow.saving_rate * w.regions.gdp


def advance_solow_technology(w: World, sc: Scenario) -> None:
    """Solow core: Nelson-Phelps catch-up toward the frontier (the world frontier or the
    leading region, whichever is higher)."""
    r, tech = w.regions, sc.technology
    frontier = max(float(r.tfp.max()), advance_world_frontier(r, tech))
    r.tfp_next = solow.nelson_phelps(
        r.tfp, frontier, r.own_tfp_growth, tech.catch_up_rate * r.absorptive_capacity
    )
