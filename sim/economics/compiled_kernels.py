"""The engine's innermost loops compiled with Numba (the ``fast`` extra): the gravity fit of
:func:`nqpf.sim.economics.trade.gravity_flows` (the arithmetic of its NumPy loop ``trade._fit``,
one industry at a time) and the flows it implies; a pass and a Newton step of the market
clearing of :func:`nqpf.sim.economics.markets.clear_markets`, the operating surplus of
:func:`nqpf.sim.economics.markets.operating_surplus` and the start year's base-cost bisection
of :func:`nqpf.sim.setup.firms.calibrate_base_costs` and the keyed uniforms of
:func:`nqpf.sim.random_streams.uniform_by_key` (the operations of their NumPy code in the same
order: the same numbers bit for bit). ``compiled_path.py`` says when they run; importing this module imports Numba."""

from __future__ import annotations

import numpy as np
from numba import njit

GRAVITY_FASTMATH = {"reassoc", "contract", "nsz", "arcp"}
"""LLVM's fast-math flags of the gravity kernels: sums may be reassociated (so the loops
vectorise), multiply-adds fused, reciprocals used; no assumption that values are finite. The
gravity fit agrees with the reference only within its tolerance anyway (and its last bits
depend on the Numba build and the CPU's vector width); the kernels that match their reference
bit for bit are compiled without them."""
NUMPY_ERRORS = "numpy"
"""Numba's error model of every kernel: a division by zero gives inf or NaN as in NumPy, not
a ZeroDivisionError."""


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def clip01(x):  # noqa: ANN001, ANN201
    """``np.clip(x, 0, 1)`` for one number, as NumPy's clip: NaN stays NaN, and ``x`` itself
    where it equals a bound (``np.clip(-0.0, 0, 1)`` is -0.0)."""
    if x != x:
        return x
    m = x if x >= 0.0 else 0.0
    return m if m <= 1.0 else 1.0


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def np_max(a, b):  # noqa: ANN001, ANN201
    """``np.maximum(a, b)`` for two numbers: NaN if either is NaN, else ``a`` where ``a > b``,
    else ``b`` (on a tie NumPy returns the second operand: ``np.maximum(0.0, -0.0)`` is -0.0)."""
    if a != a:
        return a
    return a if a > b else b


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def np_min(a, b):  # noqa: ANN001, ANN201
    """``np.minimum(a, b)`` for two numbers: NaN if either is NaN, else ``a`` where ``a < b``,
    else ``b`` (the second operand on a tie, as NumPy)."""
    if a != a:
        return a
    return a if a < b else b


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def np_clip(x, low, high):  # noqa: ANN001, ANN201
    """``np.clip(x, low, high)`` for one number, as NumPy's clip: NaN stays NaN, and ``x``
    itself where it equals a bound (``np.clip(-0.0, 0, 1)`` is -0.0)."""
    if x != x:
        return x
    m = x if x >= low else low
    return m if m <= high else high


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS, fastmath=GRAVITY_FASTMATH)
def reach_of(kernel, a, tiny, out):  # noqa: ANN001, ANN201 - compiled
    """``out_d = max(sum_o a_o K_od, tiny)``."""
    n = a.shape[0]
    out[:] = 0.0
    for o in range(n):
        if a[o] != 0.0:
            for d in range(n):
                out[d] += a[o] * kernel[o, d]
    for d in range(n):
        if out[d] < tiny:
            out[d] = tiny


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS, fastmath=GRAVITY_FASTMATH)
def origins_for(kernel, supply, c, tiny, out):  # noqa: ANN001, ANN201
    """``out_o = supply_o / max(sum_d K_od c_d, tiny)``."""
    n = c.shape[0]
    for o in range(n):
        s = 0.0
        for d in range(n):
            s += kernel[o, d] * c[d]
        out[o] = supply[o] / (s if s > tiny or s != s else tiny)  # NaN stays, as in np.maximum


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS, fastmath=GRAVITY_FASTMATH)
def unit_scale(x, tiny):  # noqa: ANN001, ANN201
    """``x / max(max_o x_o, tiny)`` in place."""
    top = tiny
    for i in range(x.shape[0]):
        if x[i] > top or x[i] != x[i]:  # a NaN spreads, as in NumPy's max
            top = x[i]
            if x[i] != x[i]:
                break
    for i in range(x.shape[0]):
        x[i] /= top


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS, fastmath=GRAVITY_FASTMATH)
def pass_from(kernel, supply, target, a, tiny, work, out):  # noqa: ANN001, ANN201
    """One pass of the alternating fit from ``a``, scaled: ``c = target / reach(a)``,
    ``out = unit_scale(supply / K c)``."""
    reach_of(kernel, a, tiny, work)
    for d in range(work.shape[0]):
        work[d] = target[d] / work[d]
    origins_for(kernel, supply, work, tiny, out)
    unit_scale(out, tiny)


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS, fastmath=GRAVITY_FASTMATH)
def fit_one(kernel, supply, target, a, scale, tiny, longest, max_cycles):  # noqa: ANN001, ANN201
    """One industry: balancing factors ``a`` (in place) and ``c``, and the passes taken;
    the arithmetic of ``trade.gravity_flows``'s NumPy loop."""
    n = a.shape[0]
    reach, c = np.empty(n), np.empty(n)
    a0, a1, a2, jump = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    reach_of(kernel, a, tiny, reach)
    for d in range(n):
        c[d] = target[d] / reach[d]
    origins_for(kernel, supply, c, tiny, a)
    passes = 1
    for _ in range(max_cycles):
        reach_of(kernel, a, tiny, reach)
        done = True
        for d in range(n):
            if not abs(c[d] * reach[d] - target[d]) <= scale:  # a NaN is not converged
                done = False
                break
        if done:
            break
        a0[:] = a
        unit_scale(a0, tiny)
        pass_from(kernel, supply, target, a0, tiny, reach, a1)
        pass_from(kernel, supply, target, a1, tiny, reach, a2)
        r2, v2 = 0.0, 0.0
        for i in range(n):
            r, v = a1[i] - a0[i], a2[i] - 2.0 * a1[i] + a0[i]
            r2 += r * r
            v2 += v * v
        step = np.sqrt(r2 / v2) if v2 > 0.0 else 1.0
        step = -min(max(step, 1.0), longest)
        keep = True
        for i in range(n):
            r, v = a1[i] - a0[i], a2[i] - 2.0 * a1[i] + a0[i]
            jump[i] = a0[i] - 2.0 * step * r + step * step * v
            if jump[i] <= 0.0 and supply[i] > 0.0:
                keep = False
        reach_of(kernel, jump if keep else a2, tiny, reach)
        for d in range(n):
            c[d] = target[d] / reach[d]
        origins_for(kernel, supply, c, tiny, a)
        passes += 3
    return c, passes


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS, fastmath=GRAVITY_FASTMATH)
def gravity_fit(kernel, supply, target, start, scale, tiny, longest, max_cycles):  # noqa: ANN001, ANN201
    """All industries: ``a`` and ``c`` (industries x regions) and the most passes any
    industry took."""
    a = start.copy()
    c = np.empty_like(a)
    most = 0
    for s in range(a.shape[0]):
        cs, passes = fit_one(
            kernel[s], supply[s], target[s], a[s], scale[s], tiny, longest, max_cycles
        )
        c[s] = cs
        most = max(most, passes)
    return a, c, most


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS, fastmath=GRAVITY_FASTMATH)
def gravity_outputs(kernel, a, c, tiny):  # noqa: ANN001, ANN201
    """Flows ``X_sod = a_so K_sod c_sd`` and destination shares
    ``K_sod c_sd / max(sum_d' K_sod' c_sd', tiny)`` of a fit, industries x origins x
    destinations."""
    n_s, n = a.shape
    flows = np.empty((n_s, n, n))
    shares = np.empty((n_s, n, n))
    for s in range(n_s):
        for o in range(n):
            total = 0.0
            for d in range(n):
                shares[s, o, d] = kernel[s, o, d] * c[s, d]
                total += shares[s, o, d]
            total = total if total > tiny else tiny
            for d in range(n):
                flows[s, o, d] = a[s, o] * shares[s, o, d]
                shares[s, o, d] /= total
    return flows, shares


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def base_cost_bisection(industry, rel, keep, two_spread, capacity, demand, lo, hi, steps):  # noqa: ANN001, ANN201
    """The bisection of ``sim/setup/firms.calibrate_base_costs`` (``lo`` and ``hi`` in place):
    each step, supply at price 1 with the base costs ``mid`` (firm cost ``mid_s rel_i``, share
    used ``clip((1 - cost keep_i) / (two_spread_i cost), 0, 1)``) against demand. The NumPy
    loop's operations and sums in the same order: the same numbers bit for bit."""
    n_s = lo.shape[0]
    mid = np.empty(n_s)
    supply = np.empty(n_s)
    for _ in range(steps):
        for s in range(n_s):
            mid[s] = 0.5 * (lo[s] + hi[s])
        supply[:] = 0.0
        for i in range(industry.shape[0]):
            s = industry[i]
            cost = mid[s] * rel[i]
            share = (1.0 - cost * keep[i]) / (two_spread[i] * cost)
            supply[s] += capacity[i] * clip01(share)
        for s in range(n_s):
            if supply[s] > demand[s]:
                lo[s] = mid[s]
            else:
                hi[s] = mid[s]


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def market_pass(prices, industry, low, inv_width, capacity, cap_per_width, used, supply, slope):  # noqa: ANN001, ANN201
    """One pass of the clearing at ``prices`` (by industry): each firm's output ``used`` (in
    place) and, by industry, the capacity used ``supply`` and the slope of supply in the price
    ``slope`` (both set here)::

        x_i = (p_s(i) - low_i) inv_width_i,   used_i = Q_i clip(x_i, 0, 1)
        supply_s = sum_(i in s) used_i,        slope_s = sum_(i in s, 0 < x_i < 1) Q_i inv_width_i

    The operations and the order of the sums of the NumPy pass (``np.bincount`` adds in firm
    order), so the same numbers bit for bit."""
    supply[:] = 0.0
    slope[:] = 0.0
    for i in range(industry.shape[0]):
        s = industry[i]
        x = (prices[s] - low[i]) * inv_width[i]
        used[i] = capacity[i] * clip01(x)
        supply[s] += used[i]
        slope[s] += cap_per_width[i] * (1.0 if 0.0 < x < 1.0 else 0.0)  # inf x 0 is NaN


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def newton_step(p, ex, slope, lo, hi, settled, close_enough):  # noqa: ANN001, ANN201
    """One step of the safeguarded Newton method of
    :func:`nqpf.sim.economics.markets.clear_markets`, by industry, in place: the bracket
    ``lo``/``hi`` from the excess supply ``ex`` at ``p``, the industries ``settled``, and unless
    all are, the next prices (Newton inside the bracket where supply rises, bisection
    otherwise). Returns whether all are settled. The NumPy loop's comparisons and arithmetic:
    the same numbers bit for bit."""
    converged = True
    for s in range(p.shape[0]):
        if ex[s] < 0:
            lo[s] = p[s]
        if ex[s] > 0:
            hi[s] = p[s]
        settled[s] = settled[s] or abs(ex[s]) <= close_enough[s] or hi[s] - lo[s] < 1e-14
        converged = converged and settled[s]
    if converged:
        return True
    for s in range(p.shape[0]):
        if settled[s]:
            continue
        rising = slope[s] > 0
        newton = p[s] - ex[s] / (slope[s] if rising else np.inf)
        p[s] = newton if (newton > lo[s]) and (newton < hi[s]) and rising else 0.5 * (lo[s] + hi[s])
    return False


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def operating_surplus(price, cost, spread):  # noqa: ANN001, ANN201
    """:func:`nqpf.sim.economics.markets.operating_surplus` for one-dimensional arrays of the
    same length, in one pass: the same operations, the same numbers bit for bit."""
    out = np.empty(price.shape[0])
    for i in range(price.shape[0]):
        low = cost[i] * (1.0 - spread[i])
        width = 2.0 * spread[i] * cost[i]
        gap = price[i] - low
        if price[i] <= low:
            out[i] = 0.0
        elif price[i] >= low + width:
            out[i] = price[i] - cost[i]
        else:
            out[i] = gap * gap / (2.0 * width)
    return out


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def keyed_uniforms(keys, salt, golden, mix1, mix2, below_one):  # noqa: ANN001, ANN201
    """:func:`nqpf.sim.random_streams.uniform_by_key` after its salt, in one pass: SplitMix64's
    finaliser of ``salt + key x golden`` (unsigned 64-bit arithmetic, wrapping as NumPy's),
    its top 53 bits to ``(v + 0.5) 2^-53``, capped at ``below_one``. The same operations:
    the same numbers bit for bit."""
    out = np.empty(keys.shape[0])
    scale = 2.0**-53
    for i in range(keys.shape[0]):
        z = np.uint64(keys[i]) * golden + salt
        z ^= z >> np.uint64(30)
        z *= mix1
        z ^= z >> np.uint64(27)
        z *= mix2
        z ^= z >> np.uint64(31)
        u = (np.float64(z >> np.uint64(11)) + 0.5) * scale
        out[i] = u if u < below_one else below_one
    return out
