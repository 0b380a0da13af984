"""Goods markets (design §5.2): each industry clears by merit order against its demand curve.

Supply. Firm ``i`` has capacity ``Q_i`` (output per year at full use) made of plants whose unit
costs are spread uniformly over ``[a_i, b_i] = [c_i (1 - w_s), c_i (1 + w_s)]`` (plant vintages
and locations). Dispatching plants in merit order at price ``p`` uses the share

    u_i(p) = clip((p - a_i) / (b_i - a_i), 0, 1)

of the firm's capacity, and earns the operating surplus (revenue less variable cost) per unit of
capacity

    pi_i(p) = 0                          if p <= a_i
            = (p - a_i)^2 / (2 (b_i - a_i))   if a_i < p < b_i
            = p - c_i                    if p >= b_i.

Demand. ``D_s(p) = Dbar_s p^(-epsilon_s) + F_s`` (iso-elastic final demand; ``Dbar_s`` grows with
trend and shocks; ``F_s >= 0`` what other industries buy as a chain input, fixed within the
clearing, ``sim/economics/chain.py``).

Clearing. ``sum_i u_i(p) Q_i = D_s(p)`` has one solution because supply rises and demand falls
in ``p``; it is found by a safeguarded Newton method for all industries at once (vectorised over
firms, no loop over firms). If demand exceeds all capacity even at the price cap, the price is the cap and demand is
rationed. Overcapacity is never assumed: it is whatever capacity the firms built exceeding what
the demand curve takes at the clearing price.

Symbols: ``Q`` capacity [bn yuan/year at the reference price 1], ``c`` unit cost [yuan per yuan of
output at reference prices], ``p`` price [reference = 1], ``epsilon`` price elasticity [-].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nqpf.sim.economics import compiled_path

PRICE_CAP = 3.0
"""Highest price an industry can reach, relative to the reference price (scarcity pricing)."""


def used_share(price: np.ndarray, cost: np.ndarray, spread: np.ndarray) -> np.ndarray:
    """Share of each firm's capacity dispatched at ``price`` (merit order within the firm)."""
    low = cost * (1.0 - spread)
    width = 2.0 * spread * cost
    return np.clip((price - low) / width, 0.0, 1.0)


def operating_surplus(price: np.ndarray, cost: np.ndarray, spread: np.ndarray) -> np.ndarray:
    """Revenue minus variable cost per unit of capacity at ``price`` (closed form above)."""
    compiled = compiled_path.compiled("operating_surplus")
    if (
        compiled is not None
        and np.ndim(price) == 1
        and np.shape(price) == np.shape(cost) == np.shape(spread)
    ):
        return compiled(price, cost, spread)  # the same numbers in one pass
    low = cost * (1.0 - spread)
    width = 2.0 * spread * cost
    inside = (price - low) ** 2 / (2.0 * width)
    return np.where(price <= low, 0.0, np.where(price >= low + width, price - cost, inside))


def dispatched_cost_ratio(
    output: np.ndarray, capacity: np.ndarray, spread: np.ndarray
) -> np.ndarray:
    """Mean unit cost of the plants a firm dispatched over its mean unit cost ``c_i``:
    dispatching the share ``u_i = q_i / Q_i`` of its capacity runs the plants with costs in
    ``[c_i (1 - w_i), c_i (1 - w_i + 2 w_i u_i)]``, whose mean is ``c_i (1 - w_i (1 - u_i))``;
    so the ratio is ``1 - w_i (1 - u_i)``, 1 at full use and ``1 - w_i`` as use goes to 0 (1 for
    a firm without capacity) [x]. Inputs and workers per unit of output follow the cost of the
    plants that run, as the operating surplus does (``operating_surplus`` deducts their
    variable cost), so a firm that sells only from plants below the price never shows inputs
    per unit above the price."""
    used = np.divide(output, capacity, out=np.ones_like(output), where=capacity > 0)
    return 1.0 - spread * (1.0 - used)


@dataclass
class Clearing:
    """Result of clearing every industry in one year."""

    price: np.ndarray
    """Clearing price by industry [reference = 1]."""
    output: np.ndarray
    """Output by firm [bn yuan/year at reference prices]."""
    demand: np.ndarray
    """Quantity demanded at the clearing price, by industry [bn yuan/year]."""
    capacity: np.ndarray
    """Capacity offered, by industry [bn yuan/year]."""
    rationed: np.ndarray
    """True where demand exceeded all capacity at the price cap."""
    supplied: np.ndarray | None = None
    """Output by industry (the firms' output summed in row order) [bn yuan/year]."""


def clear_markets(
    industry: np.ndarray,
    capacity: np.ndarray,
    cost: np.ndarray,
    spread: np.ndarray,
    demand_level: np.ndarray,
    elasticity: np.ndarray,
    *,
    price_cap: float = PRICE_CAP,
    start: np.ndarray | None = None,
    fixed_demand: np.ndarray | None = None,
    tolerance: float = 1e-12,
    max_iterations: int = 100,
) -> Clearing:
    """Clear all industries at once.

    The price solves ``S_s(p) = D_s(p)`` by a safeguarded Newton method: supply is piecewise
    linear in ``p`` (its slope is the capacity of the firms whose plant costs straddle ``p``,
    divided by their cost range), so Newton steps converge in a few passes; a step that leaves
    the bracket falls back to bisection. Every pass is one vectorised sweep over firms.

    Parameters
    ----------
    industry
        Industry id of each firm (int array, length = firms).
    capacity, cost
        Each firm's capacity and mean unit cost.
    spread
        Each firm's plant-cost spread ``w`` (share of ``c``).
    demand_level, elasticity
        ``Dbar_s`` and ``epsilon_s`` by industry.
    start
        First guess of the prices (last year's prices make a good one).
    fixed_demand
        ``F_s``, demand that does not respond to the price, by industry (none if omitted).
    """
    n_ind = len(demand_level)
    fixed = 0.0 if fixed_demand is None else np.asarray(fixed_demand, dtype=float)
    low = cost * (1.0 - spread)
    inv_width = 1.0 / (2.0 * spread * cost)
    total_cap = np.bincount(industry, weights=capacity, minlength=n_ind)
    cap_per_width = capacity * inv_width
    neg_elasticity = -elasticity
    used = np.empty_like(low)  # each firm's output at the prices of the last pass
    compiled_pass = compiled_path.compiled("market_pass")  # the same pass compiled, or None
    if compiled_pass is not None:
        supply_out, slope_out = np.empty(n_ind), np.empty(n_ind)  # filled by every pass

        def supply_and_slope(prices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            compiled_pass(
                prices,
                industry,
                low,
                inv_width,
                capacity,
                cap_per_width,
                used,
                supply_out,
                slope_out,
            )
            return supply_out, slope_out
    else:
        # work arrays reused by every pass (no temporaries per pass; same operations, numbers)
        x = np.empty_like(low)
        work = np.empty_like(low)
        inside = np.empty(len(low), dtype=bool)
        above = np.empty(len(low), dtype=bool)

        def supply_and_slope(prices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            np.subtract(np.take(prices, industry), low, out=x)
            np.multiply(x, inv_width, out=x)
            np.greater(x, 0.0, out=inside)
            np.logical_and(inside, np.less(x, 1.0, out=above), out=inside)
            np.multiply(capacity, np.clip(x, 0.0, 1.0, out=used), out=used)
            supply = np.bincount(industry, weights=used, minlength=n_ind)
            slope = np.bincount(
                industry, weights=np.multiply(cap_per_width, inside, out=work), minlength=n_ind
            )
            return supply, slope

    def excess_and_slope(prices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        supply, slope = supply_and_slope(prices)
        demand = demand_level * prices**neg_elasticity
        return supply - demand - fixed, slope + elasticity * demand / prices

    lo = np.full(n_ind, 1e-6)
    hi = np.full(n_ind, price_cap)
    ex_hi, _ = excess_and_slope(hi)
    rationed = ex_hi < 0
    p = np.clip(
        np.full(n_ind, 1.0) if start is None else np.asarray(start, dtype=float), 1e-6, price_cap
    )
    close_enough = tolerance * np.maximum(demand_level + fixed, 1.0)
    converged = False
    # an industry whose market has cleared keeps its price (industries clear independently:
    # its excess demand stays the same), so the passes stop when every market has cleared once
    settled = rationed.copy()
    compiled_step = compiled_path.compiled("newton_step")
    for _ in range(max_iterations):
        ex, slope = excess_and_slope(p)
        if compiled_step is not None:  # the same step compiled (the same numbers)
            converged = bool(compiled_step(p, ex, slope, lo, hi, settled, close_enough))
            if converged:
                break
            continue
        lo = np.where(ex < 0, p, lo)
        hi = np.where(ex > 0, p, hi)
        settled |= (np.abs(ex) <= close_enough) | (hi - lo < 1e-14)
        converged = bool(settled.all())
        if converged:
            break
        rising = slope > 0
        newton = p - ex / np.where(rising, slope, np.inf)
        bisect = 0.5 * (lo + hi)
        p = np.where(settled, p, np.where((newton > lo) & (newton < hi) & rising, newton, bisect))
    price = np.where(rationed, price_cap, p)
    if converged and not rationed.any():
        output = used  # the last pass was at these prices: the same numbers, one pass fewer
    else:
        output = capacity * np.clip((price[industry] - low) * inv_width, 0.0, 1.0)
    supplied = np.bincount(industry, weights=output, minlength=n_ind)
    demand = np.where(rationed, demand_level * price ** (-elasticity) + fixed, supplied)
    return Clearing(
        price=price,
        output=output,
        demand=demand,
        capacity=total_cap,
        rationed=rationed,
        supplied=supplied,
    )
