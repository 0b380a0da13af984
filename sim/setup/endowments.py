"""Local endowments and what they do to unit costs (china31): cheap energy where renewable
resources are rich, skilled labour where universities are dense, ports on the coast.

Each province gets three indices in [0, 1] from ``sim/data/endowments.csv``::

    energy_r = (rank(wind potential_r) + rank(PV capacity factor_r)) / 2
    skill_r  = rank(universities_r / population_r)
    port_r   = 1 if the province has a sea coast, else 0

(``rank`` = percentile rank across the provinces, 0 lowest, 1 highest). Each industry declares
what it depends on (``energy_intensity`` and ``skill_intensity`` in ``industries.toml``, and its
``export_share``), and a firm's unit cost in region r and industry s is multiplied by::

    e_rs = 1 - ENERGY_COST_GAP x energy_intensity_s x (energy_r - 1/2)
             - SKILL_COST_GAP  x skill_intensity_s  x (skill_r  - 1/2)
             - PORT_COST_GAP   x export_share_s     x (port_r   - 1/2)

so the best-endowed province's cost is below the median province's by half of each gap times the
industry's dependence. Synthetic and custom maps have no endowment data: ``e_rs = 1``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from nqpf.sim.data.endowments import load_endowments

if TYPE_CHECKING:
    from nqpf.sim.data.industries import IndustryTable

__all__ = ["ENERGY_COST_GAP", "PORT_COST_GAP", "SKILL_COST_GAP", "endowment_factor", "indices"]

ENERGY_COST_GAP = 0.6
"""Energy cost in the province with the richest renewable resources relative to the poorest,
as a share of the energy cost: 1 - 0.6 at rank 1 against rank 0 [share]. Assumption guided by
the spread of provincial benchmark power prices for large industrial users in the NDRC tariff
catalogues, roughly 0.3-0.4 yuan/kWh in the north-west (Xinjiang, Qinghai, Inner Mongolia,
Ningxia, Gansu) against 0.6-0.7 yuan/kWh on the east coast."""
SKILL_COST_GAP = 0.3
"""Cost of skilled labour where universities per person are densest relative to sparsest, as a
share of that cost [share]. Assumption: a denser graduate pool lowers the premium a firm pays
for engineers and scientists; no provincial wage data by skill were found."""
PORT_COST_GAP = 0.1
"""Extra cost of an inland province's exports relative to a coastal one's, as a share of the
cost of the exported output [share]. Assumption: inland freight and logistics to a seaport, of
the order of 5-10 % of goods value for China's inland provinces."""


def percentile_rank(values: np.ndarray) -> np.ndarray:
    """Percentile rank in [0, 1] (ties in order of appearance; 0.5 for a single value)."""
    n = len(values)
    if n == 1:
        return np.array([0.5])
    return np.argsort(np.argsort(values, kind="stable"), kind="stable") / (n - 1)


def indices(regions: list[str], population: np.ndarray) -> dict[str, np.ndarray]:
    """``energy``, ``skill`` and ``port`` indices of the regions (module doc) [0-1]."""
    wind, solar, universities, coastal = _columns(tuple(regions))
    return {
        "energy": 0.5 * (percentile_rank(wind) + percentile_rank(solar)),
        "skill": percentile_rank(universities / population),
        "port": coastal.copy(),
    }


@lru_cache(maxsize=8)
def _columns(regions: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    """The endowment table's wind potential, PV capacity factor, universities and coastal flag
    for ``regions``, in their order: read once per process for each map (read-only arrays)."""
    e = load_endowments().loc[list(regions)]
    out = (
        e["wind_potential_twh_per_year"].to_numpy(),
        e["solar_pv_capacity_factor"].to_numpy(),
        e["universities"].to_numpy(),
        e["coastal"].to_numpy(float),
    )
    for a in out:
        a.flags.writeable = False
    return out


def endowment_factor(idx: dict[str, np.ndarray], ind: IndustryTable) -> np.ndarray:
    """``e_rs`` of the module doc, regions x industries [x]."""
    return (
        1.0
        - ENERGY_COST_GAP * ind.energy_intensity[None, :] * (idx["energy"][:, None] - 0.5)
        - SKILL_COST_GAP * ind.skill_intensity[None, :] * (idx["skill"][:, None] - 0.5)
        - PORT_COST_GAP * ind.export_share[None, :] * (idx["port"][:, None] - 0.5)
    )
