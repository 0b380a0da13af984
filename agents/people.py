"""People: demography (natural change, working age, labour) and migration between regions.

Demography opens each year (phase 0): every region's population changes by the national natural
change of the year (the shipped data up to its last year, then UN WPP 2024), labour is population
x the 15-64 share x employment per working-age person, and skilled workers change with labour.
Migration (phase 4) is a logit over destination values (``sim/economics/flows.py``)

    V_rj = beta_w ln w_j + beta_s s_j + a_j - beta_w phi ln(P_j / P_j0) - h_j [j != r] - beta_d d_rj,

with amenities ``a_j`` set at construction so the start year's net flows equal the data's.
People are conserved: each mover leaves one region and arrives in one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.region import UNIFIED_MARKET_HUKOU, aggregate_wage
from nqpf.agents.university import MAX_TALENT_SHARE
from nqpf.sim.economics import flows
from nqpf.sim.memo import Frozen, frozen, thawed

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World

POINTS_SYSTEM_REGIONS = ("Beijing", "Shanghai")
"""Regions whose city rations hukou by points and caps its population in its master plan:
Beijing (积分落户管理办法 2016; 总体规划 2016-2035: 23 million) and Shanghai (居住证积分管理办法
2013; 总体规划 2017-2035: about 25 million)."""
MIN_INFLOW_SHARE = 0.05
"""Floor of a region's calibrated gross inflow, as a share of its own movers: where the data's
net outflow exceeds the workers who reconsider, the start year's outflow is that of the movers
minus this floor (the calibration cannot make more people leave than reconsider) [-]."""


@dataclass(slots=True)
class PeopleState:
    """Demography and migration state; year arrays are indexed by ``year - start_year``."""

    natural_growth: np.ndarray
    """Natural change of every region's population from the year before [1/year]."""
    labor_per_person: np.ndarray
    """Employed persons per resident (15-64 share x employment per working-age person) [-]."""
    working_age_share: np.ndarray
    """Share of residents aged 15-64 [-] (NaN with ``demography = constant``)."""
    population0: np.ndarray
    """Population of the start year, the reference of congestion [million persons]."""
    hukou_barrier: np.ndarray
    """Logit cost of moving into each region from another one [-]."""
    target_net_migration: np.ndarray
    """The data's net migration of the start year, ``P_Y - (1 + n_Y) P_Y-1`` [million persons]."""
    amenity: np.ndarray
    """Amenity a_j of each destination, set at construction [logit units]."""


def grow_population(w: World, sc: Scenario) -> None:
    """0. People change by the year's natural change; labour is population x workers per person;
    skilled workers change with labour; TFP set by last year's technology phase takes effect.

    ``P' = (1 + n_t) P``, ``L' = lpp_t P'``, ``T' = T L' / L``."""
    r, p = w.regions, w.people
    k = w.year - w.start_year
    r.population = r.population * (1.0 + p.natural_growth[k])
    labor = r.population * p.labor_per_person[k]
    r.talent = r.talent * labor / r.labor
    r.labor = labor
    r.tfp = r.tfp_next.copy()


def mover_utilities(w: World, sc: Scenario) -> list[tuple[np.ndarray, np.ndarray]]:
    """(movers [million workers], utility without amenities, origin x destination) for skilled
    and other workers: wage, talent subsidy, congestion, hukou and distance terms."""
    reg, tal, geo, p = w.regions, sc.talent, w.geography, w.people
    log_wage = np.log(np.maximum(aggregate_wage(w, sc.solow.alpha), 1e-9))
    congestion = tal.congestion_elasticity * np.log(reg.population / p.population0)
    hukou = p.hukou_barrier * (UNIFIED_MARKET_HUKOU if sc.central.unified_market else 1.0)
    common = tal.wage_weight * (log_wage - congestion)
    skilled = flows.destination_utility(
        common + tal.subsidy_weight * w.governments.talent_subsidy,
        geo.distance_km,
        distance_cost=tal.distance_cost,
        hukou_cost=hukou,
    )
    other = flows.destination_utility(
        common, geo.distance_km, distance_cost=tal.distance_cost, hukou_cost=hukou
    )
    return [
        (tal.mobility * reg.talent, skilled),
        (tal.labor_mobility * (reg.labor - reg.talent), other),
    ]


def set_amenities(w: World, sc: Scenario) -> None:
    """Amenities that make the start year's net flows equal the data's (after the start year has
    run, with the wages migration will see): ``sum_r M_r P_rj(a) = M_j + m_j`` for every j
    (``flows.calibrate_amenity``; the gross inflow floored at ``MIN_INFLOW_SHARE`` of M_j)."""
    p = w.people
    groups = mover_utilities(w, sc)
    workers_per_person = w.regions.labor / w.regions.population
    p.amenity = _amenity(
        tuple((frozen(m), frozen(u)) for m, u in groups),
        frozen(p.target_net_migration * workers_per_person),
    ).copy()


@lru_cache(maxsize=16)
def _amenity(groups: tuple[tuple[Frozen, Frozen], ...], target_net: Frozen) -> np.ndarray:
    """:func:`flows.calibrate_amenity` once per process for each start year's movers, utilities
    and targets (a sweep's runs that share a seed share them; the inputs' bytes key the cache)."""
    return flows.calibrate_amenity(
        [(thawed(m), thawed(u)) for m, u in groups],
        thawed(target_net),
        min_inflow_share=MIN_INFLOW_SHARE,
    )


def migrate(w: World, sc: Scenario) -> None:
    """4. Skilled and other workers move by the logit over destination values; people move with
    them at the national workers per person, so people are conserved. Skilled workers above
    ``MAX_TALENT_SHARE`` of a region's workers after the moves count as other workers.

    The utilities of :func:`mover_utilities`, plus amenities, for both groups at once
    (``flows.net_inflows``: the same numbers), the distance and hukou terms once per run."""
    reg, tal, p = w.regions, sc.talent, w.people
    log_wage = np.log(np.maximum(aggregate_wage(w, sc.solow.alpha), 1e-9))
    congestion = tal.congestion_elasticity * np.log(reg.population / p.population0)
    factor = UNIFIED_MARKET_HUKOU if sc.central.unified_market else 1.0
    common = tal.wage_weight * (log_wage - congestion)
    value = np.empty((2, len(common)))
    np.add(common, tal.subsidy_weight * w.governments.talent_subsidy, out=value[0])
    value[1] = common
    other_workers = reg.labor - reg.talent
    movers = np.empty((2, len(common)))
    np.multiply(tal.mobility, reg.talent, out=movers[0])
    np.multiply(tal.labor_mobility, other_workers, out=movers[1])
    distance, hukou = _fixed_terms(
        w.geography.distance_km, tal.distance_cost, p.hukou_barrier, factor
    )
    d_talent, d_other = flows.net_inflows(movers, value, distance, hukou, p.amenity)
    # outflows are bounded by what exists: when nearly every mover leaves, rounding in the
    # logit's shares can leave -2e-16 skilled workers (and a NaN innovation term in phase 9)
    d_talent = np.maximum(d_talent, -reg.talent)
    d_other = np.maximum(d_other, -other_workers)
    workers_per_person = p.labor_per_person[w.year - w.start_year]
    w.flows.people_before = reg.population.sum()
    reg.labor = reg.labor + d_talent + d_other
    # skilled arrivals above the universities' cap (MAX_TALENT_SHARE of the workers) work as
    # other workers: people and workers are conserved, the skilled share stays <= 0.8
    reg.talent = np.minimum(reg.talent + d_talent, MAX_TALENT_SHARE * reg.labor)
    w.flows.net_migration = (d_talent + d_other) / workers_per_person
    reg.population = reg.population + w.flows.net_migration


_last_terms: list = [None, None, None, None, None]
"""The distance table, distance cost, hukou barriers and factor :func:`_fixed_terms` was last
called with, and what it returned."""


def _fixed_terms(
    distance_km: np.ndarray, distance_cost: float, hukou_barrier: np.ndarray, factor: float
) -> tuple[np.ndarray, np.ndarray]:
    """``flows.distance_term`` and ``flows.hukou_term`` of ``hukou_barrier x factor`` (read-only),
    computed again only for another geography's distances, another set of barriers (both set
    at construction and never changed in a run) or another cost or factor: once per run
    instead of twice a year."""
    key = [distance_km, distance_cost, hukou_barrier, factor]
    last = _last_terms
    if last[0] is not key[0] or last[1] != key[1] or last[2] is not key[2] or last[3] != key[3]:
        distance = flows.distance_term(distance_km, distance_cost)
        hukou = flows.hukou_term(hukou_barrier * factor, len(hukou_barrier))
        distance.flags.writeable = hukou.flags.writeable = False
        _last_terms[:] = [*key, (distance, hukou)]
    return _last_terms[4]
