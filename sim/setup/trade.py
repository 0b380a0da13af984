"""Trade at the start year, from the 2007 provincial input-output tables
(``sim/data/io2007_interprovincial.csv``; concordance: each industry's ``base_sectors`` in
``sim/data/industries.toml``, the same as for the industrial base).

Where the buyers are. A region's spending on industry ``s`` per unit of its GDP, relative to
China's (regions without a 2007 table, Tibet and synthetic maps, get 1)::

    U_rs = GO_r,C - outflow_r,C + inflow_r,C          use of the goods in r [100m yuan]
    A_rs = (U_rs / sum_r U_rs) / (VA_r / sum_r VA_r)  spending weight [x]

``U`` is the output a province keeps plus what it receives from other provinces; its foreign
exports are counted where they leave (the producing province), for lack of port-of-exit data.
Each year destination spending is ``E_rs = A_rs GDP_r`` (``sim/economics/trade.py``).

What crossing a border costs. The 2007 tables' share of output sold to other provinces,
``sum_r outflow_r,C / sum_r GO_r,C``, is the target: the border cost ``b_s`` of each industry is
calibrated so that the start year's gravity flows (the start-year capacity map as supply, the
start year's spending) sell that share outside the origin province at the protection of the data
year (``trade.calibration_protection``). Where the start-year map forces more trade than the
data's share (supply concentrated far from buyers), ``b_s`` stops at ``MAX_BORDER_COST``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.firms import shipping
from nqpf.agents.firms.costs import cell_capacity
from nqpf.sim.data.industrial_base import load_io2007_flows
from nqpf.sim.economics import chain, compiled_path, trade
from nqpf.sim.memo import Frozen, frozen, thawed
from nqpf.sim.world import Trade

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World

__all__ = ["MAX_BORDER_COST", "create", "spending_weights", "target_shares"]

MAX_BORDER_COST = 2.0
"""Highest border cost the calibration may choose: a tariff equivalent of 200 % [share of value].
Assumption: above the all-inclusive international border barriers Anderson and van Wincoop (2004)
report (44 % border-related, 170 % in all for rich countries)."""


def _sector_sums(frame_values: np.ndarray, sectors: tuple[tuple[int, ...], ...]) -> np.ndarray:
    """Sum a regions x 42 matrix over each industry's sectors: regions x industries."""
    return np.column_stack([frame_values[:, np.asarray(c) - 1].sum(axis=1) for c in sectors])


def spending_weights(regions: list[str], sectors: tuple[tuple[int, ...], ...]) -> np.ndarray:
    """``A_rs`` (module doc), regions x industries; 1 for a region without a 2007 table."""
    return _spending_weights(tuple(regions), tuple(sectors)).copy()  # the cache never changes


@lru_cache(maxsize=8)
def _spending_weights(regions: tuple[str, ...], sectors: tuple[tuple[int, ...], ...]) -> np.ndarray:
    """:func:`spending_weights`, found once per process for each map and concordance."""
    io = load_io2007_flows()
    known = [r for r in regions if r in io["gross_output"].index]
    out = np.ones((len(regions), len(sectors)))
    if not known:
        return out
    use = io["gross_output"] - io["outflow"] + io["inflow"]
    use_rs = _sector_sums(use.loc[known].to_numpy(float), sectors)
    va = io["value_added"].loc[known].to_numpy(float).sum(axis=1)
    weight = (use_rs / use_rs.sum(axis=0)) / (va / va.sum())[:, None]
    rows = [regions.index(r) for r in known]
    out[rows] = weight
    return out


def target_shares(sectors: tuple[tuple[int, ...], ...]) -> np.ndarray:
    """Share of output sold to other provinces in 2007, by industry (30 provinces) [0-1]."""
    io = load_io2007_flows()
    outflow = _sector_sums(io["outflow"].to_numpy(float), sectors).sum(axis=0)
    output = _sector_sums(io["gross_output"].to_numpy(float), sectors).sum(axis=0)
    return outflow / output


def create(w: World, sc: Scenario) -> None:
    """Spending weights, calibrated border costs and the start year's delivery factors (the
    start-year capacity map selling under the scenario's segmentation).

    Unit costs carry the delivery factor relative to the start-year map's at the calibration
    year's segmentation (``delivery_calibration``): the start-year map is the data's equilibrium
    and its costs already embody the data year's trade position, for incumbents and entrants in
    a cell alike; a cluster whose net shipments grow, or a scenario's segmentation above the
    calibration year's, raises the cell's costs, and the reverse lowers them."""
    geo, ind, t = w.geography, w.industries, sc.trade
    R, S = w.n_regions, w.n_industries
    weight = spending_weights(list(geo.name), ind.base_sectors)
    supply = cell_capacity(w.firms, R, S).T
    w.trade = Trade(  # the buyers read the spending weights; the rest is filled in below
        spending_weight=weight,
        border_calibrated=np.zeros(S),
        delivery=np.ones((R, S)),
        delivery_calibration=np.ones((R, S)),
        exports=np.zeros((R, S)),
        imports=np.zeros((R, S)),
    )
    final = chain.start_final_demand(
        ind.demand_2023, ind.upstream, ind.upstream_input
    ) / np.maximum(ind.demand_2023, 1e-300)
    spending = shipping.buyers(w, supply.T, final * supply.sum(axis=1))
    border, calibration, delivery = (
        a.copy()  # the cached arrays never change
        for a in _calibrated_trade(
            frozen(supply),
            frozen(spending),
            frozen(geo.distance_km),
            tuple(ind.base_sectors),
            float(t.distance_cost),
            float(t.elasticity),
            float(t.border_cost_paid),
            float(shipping.segmentation(sc)),
            compiled_path.compiled("gravity_fit") is not None,
        )
    )
    w.trade.border_calibrated = border
    w.trade.delivery = delivery
    w.trade.delivery_calibration = calibration


@lru_cache(maxsize=16)
def _calibrated_trade(
    supply_frozen: Frozen,
    spending_frozen: Frozen,
    distance_frozen: Frozen,
    sectors: tuple[tuple[int, ...], ...],
    kappa: float,
    elasticity: float,
    paid: float,
    segmentation: float,
    compiled: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Calibrated border costs ``b_s``, the delivery factors at the calibration year's
    segmentation, and the scenario's relative to them (:func:`create`), from the start-year
    supply and spending (industries x regions [bn yuan/year]) and the distances [km].

    Found once per process for each start map and trade setting, the inputs' bytes keying the
    cache: the runs of a sweep that share a seed share their start map (about 15 gravity fits,
    a third of constructing a china31 economy), and a pure function's result does not depend on
    whether it was computed or remembered. ``compiled`` (which path the gravity fit takes,
    ``compiled_path.py``) is part of the key: the two paths agree only within the fit's
    tolerance."""
    supply, spending, distance = map(thawed, (supply_frozen, spending_frozen, distance_frozen))
    border = trade.calibrate_border(
        supply,
        spending,
        distance,
        target_shares(sectors),
        kappa=kappa,
        elasticity=elasticity,
        bounds=(0.0, MAX_BORDER_COST),
    )
    factors = []
    for scaled in (border, border * segmentation):
        costs = trade.trade_costs(distance, scaled, kappa=kappa, elasticity=elasticity, paid=paid)
        gravity = trade.gravity_flows(
            supply, spending, costs.iceberg, elasticity, kernel=costs.kernel
        )
        factors.append(
            trade.seller_delivery(
                gravity,
                supply,
                distance,
                scaled,
                kappa=kappa,
                paid=paid,
                seller_cost=costs.seller_cost,
            )
        )
    return border, factors[0], factors[1] / factors[0]
