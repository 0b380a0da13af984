"""Opening the year for the regions: the saving rate and the R&D effort, which move with real
income per head (``agents/region.py`` holds the regions' state and their other phases and
imports these from here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nqpf.sim.economics import saving

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World


def set_saving_rate(w: World, sc: Scenario) -> None:
    """Opening the year: the saving (= investment) rate falls with real GDP per head and ageing
    from the start year's data value (``sim/economics/saving.py``):
    ``s_t = s_0 + b_y ln(y_{t-1} / y_0) + b_a (d_t - d_0)``, the same in every region."""
    reg, m, mac = w.regions, w.markets, sc.macro
    income_ratio = (reg.gdp.sum() / reg.population.sum()) / (m.gdp0 / m.population0)
    rate = saving.saving_rate(
        mac.saving_rate_start,
        income_ratio,
        w.year,
        w.start_year,
        income_effect=mac.saving_income_effect,
        ageing_effect=mac.saving_ageing_effect,
    )
    reg.saving_rate = np.full(w.n_regions, rate)


def set_rd_effort(w: World, sc: Scenario) -> None:
    """Opening the year: ``effort_r = (y_r,t-1 / y_r,0)^e``, the factor on every R&D share of the
    region (``e`` = ``technology.rd_income_elasticity``, ``y`` real GDP per head; 1 at e = 0) [x]."""
    if (e := sc.technology.rd_income_elasticity) != 0.0:
        reg = w.regions
        reg.rd_effort = ((reg.gdp / reg.population) / reg.gdp_per_head0) ** e
