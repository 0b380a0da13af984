"""Trade between regions: where each industry's goods go, and what delivering them costs.

Each industry keeps one national market and one clearing price (``markets.py``); trade decides
which region's firms serve which region's buyers. The flows are structural gravity with given
outputs and spending (Anderson and van Wincoop 2003, AER 93(1): 170-192)::

    X_sod = a_so  K_sod  c_sd,        K_sod = T_sod^(-theta)

``X_sod`` is what origin ``o``'s firms of industry ``s`` deliver to buyers in destination ``d``
[bn yuan/year at reference prices], ``T_sod >= 1`` the iceberg factor (delivering one unit uses
``T`` units' worth of resources), ``theta`` the trade elasticity, and ``a``, ``c`` the
multilateral-resistance terms that make every row sum to the origin's output ``Y_so`` and every
column to the destination's spending ``E_sd`` (national spending scaled to national output, so
the national market still clears at one price). The terms are found by iterative proportional
fitting (RAS / Sinkhorn), which is Wilson's (1967) doubly-constrained gravity model.

Iceberg factors (``iceberg_factors``)::

    T_sod = 1                                        o = d
          = 1 + kappa dist_od / 1000 km + b_s        o != d

with ``kappa`` the transport cost per 1,000 km [share of value] and ``b_s`` the tariff
equivalent of crossing a provincial border (market segmentation: administrative barriers,
local procurement preferences, fees; Poncet 2003, 2005). Local protection raises ``b_s``, a
unified national market lowers it (``segmentation_factor``).

Seller-paid delivery cost (``seller_delivery``): a firm in ``o`` sells to ``d`` in the shares
``sh_sod = K_sod c_sd / sum_d' K_sod' c_sd'``; its region's firms pay the trade cost of their
net shipments (output beyond what the region's buyers take), sent to the other regions in those
shares, so a unit sold costs ``delivery_so >= 1`` times its production cost.

Exports of region ``r`` are its firms' sales outside ``r`` (``sum_d X_srd - X_srr``); imports are
the sales of other regions' firms in ``r`` (``sum_o X_sor - X_srr``). Summed over regions, exports
minus imports is zero for every industry (both are the sum of the off-diagonal flows).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from nqpf.sim.economics import compiled_path, trade_sums
from nqpf.sim.memo import Frozen, frozen, thawed

KM_PER_UNIT_DISTANCE = 1000.0
"""Distances enter the transport cost in thousands of km [km]."""
TINY = 1e-300
"""Floor of a divisor in the proportional fitting (a region with no output or spending)."""


def segmentation_factor(
    local_protection: float,
    unified_market: bool,
    *,
    protection_weight: float,
    calibration_protection: float,
    unified_factor: float,
) -> float:
    """Border cost relative to the calibration year's [x]::

        m = (1 + lambda p) / (1 + lambda p0)          without a unified market
        m = u / (1 + lambda p0)                        with one (protection removed, rest x u)

    ``p`` = ``government.local_protection``, ``p0`` the protection of the calibration year,
    ``lambda`` the weight of protection in the border cost, ``u`` the share of the remaining
    border cost a unified national market keeps."""
    base = 1.0 + protection_weight * calibration_protection
    if unified_market:
        return unified_factor / base
    return (1.0 + protection_weight * local_protection) / base


def iceberg_factors(distance_km: np.ndarray, border: np.ndarray, kappa: float) -> np.ndarray:
    """``T_sod`` (module doc), industries x origins x destinations [x]; ``border`` by industry."""
    n = distance_km.shape[0]
    outside = 1.0 - np.eye(n)
    transport = kappa * distance_km / KM_PER_UNIT_DISTANCE * outside
    return 1.0 + transport[None, :, :] + np.asarray(border, dtype=float)[:, None, None] * outside


@dataclass(frozen=True)
class TradeCosts:
    """What delivering costs, industries x origins x destinations, for one border setting."""

    iceberg: np.ndarray
    """``T_sod`` (:func:`iceberg_factors`) [x]."""
    kernel: np.ndarray
    """``K_sod = T_sod^(-theta)``, the gravity kernel [x]."""
    seller_cost: np.ndarray
    """``tau_sod``, the trade cost the seller pays (:func:`seller_delivery`) [share of value]."""


def trade_costs(
    distance_km: np.ndarray, border: np.ndarray, *, kappa: float, elasticity: float, paid: float
) -> TradeCosts:
    """Iceberg factors, gravity kernel and seller-paid cost for the border costs ``border`` (by
    industry): the same every year of a run whose segmentation does not change, so they are
    found once per process for each setting (the inputs' bytes key the cache; the arrays are
    read-only)."""
    return _trade_costs(
        frozen(distance_km), frozen(border), float(kappa), float(elasticity), float(paid)
    )


@lru_cache(maxsize=16)
def _trade_costs(
    distance: Frozen, border: Frozen, kappa: float, elasticity: float, paid: float
) -> TradeCosts:
    distance_km, border_s = thawed(distance), thawed(border)
    iceberg = iceberg_factors(distance_km, border_s, kappa)
    costs = TradeCosts(
        iceberg=iceberg,
        kernel=iceberg ** (-elasticity),
        seller_cost=iceberg_factors(distance_km, paid * border_s, kappa) - 1.0,
    )
    for a in (costs.iceberg, costs.kernel, costs.seller_cost):
        a.flags.writeable = False
    return costs


@dataclass
class Gravity:
    """Flows of one year and what they imply."""

    flows: np.ndarray
    """``X_sod``, industries x origins x destinations [bn yuan/year at reference prices]."""
    destination_shares: np.ndarray
    """``sh_sod``: where a unit sold by origin ``o`` goes, industries x origins x destinations."""
    origin_balance: np.ndarray
    """``a_so``, the origins' balancing factors of the fit, industries x origins: a start for
    the next fit of similar flows (``gravity_flows(start=...)``)."""
    passes: int = 0
    """Passes of the alternating fit (one pass: ``c`` then ``a``) the fit took."""

    @property
    def exports(self) -> np.ndarray:
        """Sales outside the origin region, industries x regions [bn yuan/year]."""
        return self.flows.sum(axis=2) - np.diagonal(self.flows, axis1=1, axis2=2)

    @property
    def imports(self) -> np.ndarray:
        """Sales of other regions' firms in the region, industries x regions [bn yuan/year]."""
        return self.flows.sum(axis=1) - np.diagonal(self.flows, axis1=1, axis2=2)

    def exports_imports(self) -> tuple[np.ndarray, np.ndarray]:
        """:attr:`exports` and :attr:`imports` (the same numbers), on the compiled path in one
        pass over the flows."""
        diagonal = np.diagonal(self.flows, axis1=1, axis2=2)
        deliveries, purchases = trade_sums.margins(self.flows)
        return deliveries - diagonal, purchases - diagonal


MAX_EXTRAPOLATION = 100.0
"""Longest SQUAREM step in the gravity fit, in multiples of a pass's change [x]: a safeguard
(in a china31 run the steps taken are 1.1-3.5, 5th to 95th percentile); a longer one is cut
to it."""


def gravity_flows(
    supply: np.ndarray,
    spending: np.ndarray,
    iceberg: np.ndarray,
    elasticity: float,
    *,
    tolerance: float = 1e-10,
    max_iterations: int = 2000,
    start: np.ndarray | None = None,
    kernel: np.ndarray | None = None,
) -> Gravity:
    """Doubly-constrained gravity flows (module doc) for all industries at once.

    Parameters
    ----------
    supply
        ``Y_so``, output by industry x origin region [bn yuan/year]; rows of the flows sum to it.
    spending
        ``E_sd`` by industry x destination [any unit]; scaled to each industry's national output,
        so only its distribution across regions matters. An industry without spending anywhere
        is spread like its output.
    iceberg
        ``T_sod >= 1`` (``iceberg_factors``).
    elasticity
        ``theta`` > 0.
    kernel
        ``T^(-theta)`` where it is at hand (:func:`trade_costs`); computed from ``iceberg``
        otherwise.

    Fitting stops when every origin's deliveries and every destination's purchases are within
    ``tolerance`` of the industry's output (relative); rows are exact after the last pass.

    The balancing factors solve (Furness's alternating fit)::

        X_sod = a_so K_sod c_sd,   K = T^-theta
        c_sd = target_sd / sum_o a_so K_sod,   a_so = Y_so / sum_d K_sod c_sd

    a fixed point ``a = F(a)`` that the plain alternation approaches linearly (about 95 passes
    from ``a = 1`` at the default tolerance). Each cycle here takes two passes, extrapolates
    along them per industry by SQUAREM's step length (Varadhan and Roland 2008, scheme S3, with
    ``a`` scaled to a maximum of 1 per industry; falling back to the second pass where the step
    would make a factor negative) and ends with
    one more pass, about three times fewer passes in all. ``start`` begins from a previous fit's
    ``origin_balance`` (last year's, the previous bisection step's) instead of 1. The flows
    solving both margins are unique, so the scheme and the start move them only within
    ``tolerance``. ``max_iterations`` bounds the cycles.
    """
    supply = np.asarray(supply, dtype=float)
    spending = np.asarray(spending, dtype=float)
    total = supply.sum(axis=1)
    target = _targets(supply, spending, total)
    kernel = iceberg ** (-elasticity) if kernel is None else kernel
    scale = tolerance * np.maximum(total, TINY)

    a = np.ones_like(supply) if start is None else np.array(start, dtype=float)
    compiled = compiled_path.compiled("gravity_fit")
    if compiled is not None:  # the same fit compiled (compiled_path.py), where Numba is installed
        kernel = np.ascontiguousarray(kernel)
        a, c, passes = compiled(
            kernel,
            np.ascontiguousarray(supply),
            np.ascontiguousarray(target),
            np.ascontiguousarray(a),
            scale,
            TINY,
            MAX_EXTRAPOLATION,
            max_iterations,
        )
        flows, shares = compiled_path.compiled("gravity_outputs")(kernel, a, c, TINY)
    else:
        a, c, passes = _fit(supply, target, kernel, a, scale[:, None], max_iterations)
        attraction = kernel * c[:, None, :]
        shares = attraction / np.maximum(attraction.sum(axis=2, keepdims=True), TINY)
        flows = a[:, :, None] * attraction
    return Gravity(flows=flows, destination_shares=shares, origin_balance=a, passes=passes)


def _targets(supply: np.ndarray, spending: np.ndarray, total: np.ndarray) -> np.ndarray:
    """:func:`gravity_flows`' purchases, spending (or without it supply) scaled to ``total``
    [bn yuan/year]; skips ``np.where``'s copy where it would be ``spending`` laid out alike."""
    spend_total = spending.sum(axis=1)
    flags = [(x.flags.c_contiguous, x.flags.f_contiguous) for x in (supply, spending)]
    if flags[0] == flags[1] and any(flags[0]) and (spend_total > 0).all():
        return spending / np.maximum(spend_total, TINY)[:, None] * total[:, None]
    weights = np.where(spend_total[:, None] > 0, spending, supply + (total[:, None] <= 0))
    return weights / np.maximum(weights.sum(axis=1, keepdims=True), TINY) * total[:, None]


def _fit(
    supply: np.ndarray,
    target: np.ndarray,
    kernel: np.ndarray,
    a: np.ndarray,
    scale: np.ndarray,
    max_iterations: int,
) -> tuple[np.ndarray, np.ndarray, int]:
    """The alternating fit with SQUAREM steps of :func:`gravity_flows` in NumPy, all industries
    together (the reference for ``compiled_kernels.py``): balancing factors ``a`` and ``c`` and the
    passes taken."""

    def reach_of(a: np.ndarray) -> np.ndarray:
        return np.maximum((a[:, None, :] @ kernel)[:, 0, :], TINY)  # sum_o a_so K_sod

    def origins_for(c: np.ndarray) -> np.ndarray:
        return supply / np.maximum((kernel @ c[:, :, None])[:, :, 0], TINY)

    def unit_scale(a: np.ndarray) -> np.ndarray:
        """``a / max_o a_so``: the fit fixes ``a`` only up to a factor per industry (``k a`` and
        ``c / k`` give the same flows), a direction along which extrapolation would drift."""
        return a / np.maximum(a.max(axis=1, keepdims=True), TINY)  # an industry of zeros stays

    c = target / reach_of(a)
    a = origins_for(c)
    passes = 1
    for _ in range(max_iterations):
        reach = reach_of(a)
        if np.all(np.abs(c * reach - target) <= scale):  # purchases of the last pass's flows
            break
        a0 = unit_scale(a)
        a1 = unit_scale(origins_for(target / reach_of(a0)))
        a2 = unit_scale(origins_for(target / reach_of(a1)))
        r, v = a1 - a0, a2 - 2.0 * a1 + a0
        r2, v2 = (r * r).sum(axis=1), (v * v).sum(axis=1)
        step = np.sqrt(np.divide(r2, v2, out=np.ones_like(r2), where=v2 > 0))
        step = -np.minimum(np.maximum(step, 1.0), MAX_EXTRAPOLATION)[:, None]
        jump = a0 - 2.0 * step * r + step * step * v
        keep = ~((jump <= 0.0) & (supply > 0.0)).any(axis=1)
        c = target / reach_of(np.where(keep[:, None], jump, a2))
        a = origins_for(c)
        passes += 3
    return a, c, passes


def seller_delivery(
    gravity: Gravity,
    supply: np.ndarray,
    distance_km: np.ndarray,
    border: np.ndarray,
    *,
    kappa: float,
    paid: float,
    seller_cost: np.ndarray | None = None,
) -> np.ndarray:
    """Delivery cost factor of a unit sold from each region, regions x industries [x >= 1]::

        delivery_so = 1 + n_so x sum_{d != o} sh_sod tau_sod / sum_{d != o} sh_sod
        n_so = max(0, 1 - E_so / Y_so)          net shipments out of o per unit of its output
        tau_sod = kappa dist_od / 1000 km + paid x b_s      (o != d)

    Sellers pay the trade cost of their region's net shipments, to the destinations the gravity
    flows send them: the goods are homogeneous at one national price, so a unit shipped out
    while another comes in (the flows' cross-hauling, buyers' preference for particular
    suppliers) costs no seller anything, and a region whose buyers take all its output pays
    nothing. Of the border cost the seller pays the share ``paid`` (fees, inspections, local
    certification); the rest is buyers' preference for local suppliers, which steers the flows.
    A region without output has ``n = 0`` (an entrant there sells at home first).
    ``seller_cost`` is ``tau`` where it is at hand (:func:`trade_costs`)."""
    supply = np.asarray(supply, dtype=float)
    if seller_cost is None:
        seller_cost = iceberg_factors(distance_km, paid * border, kappa) - 1.0
    shares = gravity.destination_shares
    bought_here, shipped, cost = trade_sums.delivery_sums(gravity.flows, shares, seller_cost)
    with np.errstate(over="ignore"):  # a cell of (nearly) no output: inf, clipped to n = 0
        net = np.divide(bought_here, supply, out=np.ones_like(supply), where=supply > 0)
    np.subtract(1.0, net, out=net)
    np.clip(net, 0.0, 1.0, out=net)
    mean_tau = np.divide(cost, shipped, out=np.zeros_like(supply), where=shipped > 0)
    return (1.0 + net * mean_tau).T


def interregional_share(gravity: Gravity) -> np.ndarray:
    """Share of each industry's output sold outside its origin region [0-1] (0 without output)."""
    output = gravity.flows.sum(axis=(1, 2))
    return np.divide(
        gravity.exports.sum(axis=1), output, out=np.zeros_like(output), where=output > 0
    )


def calibrate_border(
    supply: np.ndarray,
    spending: np.ndarray,
    distance_km: np.ndarray,
    target_share: np.ndarray,
    *,
    kappa: float,
    elasticity: float,
    bounds: tuple[float, float] = (0.0, 10.0),
    share_tolerance: float = 1e-9,
    max_steps: int = 100,
) -> np.ndarray:
    """Border cost ``b_s`` by industry such that the share of output sold outside the origin
    region equals ``target_share`` within ``share_tolerance``; where the target lies outside
    what ``bounds`` can reach, the nearer bound.

    The share falls as ``b`` rises, so each industry's root is bracketed by the bounds and found
    by the Illinois variant of regula falsi (Dowell and Jarratt 1971, BIT 11: 168-174): the next
    ``b`` is where the chord between the bracket's ends crosses the target, and an end kept twice
    in a row has its share gap halved, which keeps the method superlinear: about 10 gravity fits
    with the two at the bounds, where bisection to the same precision takes 32. Industries are
    solved together, each gravity fit starting from the previous one's balancing factors."""
    lo = np.full(supply.shape[0], float(bounds[0]))
    hi = np.full(supply.shape[0], float(bounds[1]))
    start = None

    def gap(b: np.ndarray) -> np.ndarray:
        nonlocal start
        gravity = gravity_flows(
            supply,
            spending,
            iceberg_factors(distance_km, b, kappa),
            elasticity,
            tolerance=0.1 * share_tolerance,
            start=start,
        )
        start = gravity.origin_balance
        return interregional_share(gravity) - target_share

    gap_lo, gap_hi = gap(lo), gap(hi)
    border = np.where(gap_lo <= 0.0, lo, hi)  # a target outside the bounds' reach: the bound
    active = (gap_lo > share_tolerance) & (gap_hi < -share_tolerance)
    last_side = np.zeros_like(lo)
    for _ in range(max_steps):
        if not active.any():
            break
        chord = lo - gap_lo * (hi - lo) / np.where(active, gap_hi - gap_lo, -1.0)
        border = np.where(active, chord, border)
        g = gap(border)
        converged = np.abs(g) <= share_tolerance
        too_open = active & ~converged & (g > 0)
        too_closed = active & ~converged & (g < 0)
        # Illinois: an end kept for the second time in a row gets half its gap
        gap_hi = np.where(too_open & (last_side > 0), 0.5 * gap_hi, gap_hi)
        gap_lo = np.where(too_closed & (last_side < 0), 0.5 * gap_lo, gap_lo)
        lo, gap_lo = np.where(too_open, border, lo), np.where(too_open, g, gap_lo)
        hi, gap_hi = np.where(too_closed, border, hi), np.where(too_closed, g, gap_hi)
        last_side = np.where(too_open, 1.0, np.where(too_closed, -1.0, last_side))
        active &= ~converged
    return border
