"""Firms ship what they sold (phase 7b): the national market has cleared at one price per
industry; gravity decides which region's firms serve which region's buyers
(``sim/economics/trade.py``), and what the year's destinations cost sellers becomes next year's
delivery factor on their unit costs (``agents/firms/costs.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.firms.costs import dispatched_reference_costs
from nqpf.sim.economics import chain, trade

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World


def segmentation(sc: Scenario) -> float:
    """The scenario's border cost relative to the calibration year's
    (:func:`nqpf.sim.economics.trade.segmentation_factor`): ``government.local_protection``
    raises it, ``central.unified_market`` removes its protection part and cuts the rest."""
    t = sc.trade
    return trade.segmentation_factor(
        sc.government.local_protection,
        sc.central.unified_market,
        protection_weight=t.protection_weight,
        calibration_protection=t.calibration_protection,
        unified_factor=t.unified_border_factor,
    )


def buyers(
    w: World,
    downstream: np.ndarray,
    final_level: np.ndarray,
    purchases: np.ndarray | None = None,
) -> np.ndarray:
    """Where each industry's buyers are, industries x regions [bn yuan/year]: ``A_ds GDP_d``
    (the 2007 spending weight times the region's GDP as last measured); for the upstream stage of
    a chain, its final demand ``final_level_s`` spread that way plus its downstream stages'
    purchases where they produce: ``purchases`` (regions x industries, in the upstream's column:
    :func:`chain_purchases`), or without it ``a_d`` times ``downstream``, their output or
    capacity by region x industry (``chain.derived_by_region``, the start year's map)."""
    ind = w.industries
    spending = (w.trade.spending_weight * w.regions.gdp[:, None]).T
    if not (ind.upstream >= 0).any():
        return spending
    if purchases is None:
        purchases = chain.derived_by_region(downstream, ind.upstream, ind.upstream_input)
    derived = purchases.T
    bought = derived.sum(axis=1) > 0
    final = spending / np.maximum(spending.sum(axis=1, keepdims=True), 1e-300)
    final = final * np.asarray(final_level, float)[:, None]
    return np.where(bought[:, None], final + derived, spending)


def chain_purchases(w: World) -> np.ndarray:
    """What each region's downstream firms bought of their chain input this year, in the
    upstream's column, regions x industries [bn yuan/year at reference prices]: ``sum_i q_i
    theta_s d_i`` over the region's firms (``d_i`` the dispatched plants' cost,
    ``costs.dispatched_reference_costs``), the purchases ``m.derived_demand`` adds up
    nationally (``sim/economics/chain.py``); zeros without a chain."""
    f, ind = w.firms, w.industries
    R, S = w.n_regions, w.n_industries
    rows = np.flatnonzero(np.take(ind.upstream >= 0, f.industry))
    if rows.size == 0:
        return np.zeros((R, S))
    theta = chain.theta(ind.upstream_input, w.costs.dispatched_cost0)
    use = f.output[rows] * theta[f.industry[rows]] * dispatched_reference_costs(w, rows)
    cells = f.region[rows] * S + f.industry[rows]
    bought = np.bincount(cells, weights=use, minlength=R * S).reshape(R, S)
    return chain.credit_upstream(bought, ind.upstream)


def ship_goods(w: World, sc: Scenario) -> None:
    """7b. This year's output of each region-industry cell goes to the regions' buyers.

    Supply ``Y_so`` is the cell's output (firms that exit at the year's end included); spending
    ``E_sd`` (:func:`buyers`: where households and, for a chain's upstream stage, its downstream
    firms buy), scaled to national output; border costs are the calibrated ones times the scenario's
    segmentation. Writes exports and imports by cell [bn yuan/year at reference prices] and
    the delivery factor the cells' firms pay next year relative to the start-year map's at the
    calibration year's segmentation [x], from the same gravity with each
    cell's capacity at its industry's utilisation as supply (its normal net shipments): a cost
    read from this year's own dispatch would swing a cluster between full and idle in
    alternate years (a cobweb)."""
    f, tr, geo, t = w.firms, w.trade, w.geography, sc.trade
    R, S = w.n_regions, w.n_industries
    cells = f.cells(S)
    supply = np.bincount(cells, weights=f.output, minlength=R * S).reshape(R, S).T
    spending = buyers(w, supply.T, w.markets.demand_trend, chain_purchases(w))
    border = tr.border_calibrated * segmentation(sc)
    costs = trade.trade_costs(
        geo.distance_km,
        border,
        kappa=t.distance_cost,
        elasticity=t.elasticity,
        paid=t.border_cost_paid,
    )

    def flows_of(cells_supply: np.ndarray, start: np.ndarray | None) -> trade.Gravity:
        return trade.gravity_flows(
            cells_supply, spending, costs.iceberg, t.elasticity, start=start, kernel=costs.kernel
        )

    gravity = flows_of(supply, tr.origin_balance)
    tr.origin_balance = gravity.origin_balance
    exports, imports = gravity.exports_imports()
    tr.exports, tr.imports = exports.T, imports.T
    # the cost position of a cluster: its capacity at the industry's utilisation (normal supply)
    normal = np.bincount(cells, weights=f.capacity, minlength=R * S).reshape(R, S).T
    normal = normal * w.markets.utilization[:, None]
    normal_flows = flows_of(normal, gravity.origin_balance)
    tr.delivery = (
        trade.seller_delivery(
            normal_flows,
            normal,
            geo.distance_km,
            border,
            kappa=t.distance_cost,
            paid=t.border_cost_paid,
            seller_cost=costs.seller_cost,
        )
        / tr.delivery_calibration
    )
