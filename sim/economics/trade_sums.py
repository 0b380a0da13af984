"""The sums over gravity flows that every simulated year reads (``trade.py``): each origin's
deliveries and each destination's purchases (exports, imports), and the off-diagonal sums of
:func:`nqpf.sim.economics.trade.seller_delivery`.

In NumPy each is a reduction over industries x regions x regions whose cost at 31 regions is
the reduction's overhead per row; on the compiled path (``compiled_path.py``) one kernel of
``compiled_trade_sums.py`` per table adds the same numbers in NumPy's order (pairwise within a
row, in NumPy's blocks of at most 128; over origins one by one), so both paths give the
same numbers bit for bit, for any number of regions (``tests/unit/economics/test_trade.py``
holds them to each other).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from nqpf.sim.economics import compiled_path


@lru_cache(maxsize=4)
def off_diagonal(n: int) -> np.ndarray:
    """``1 - I``, 1 x ``n`` x ``n`` [x]: 1 between two regions, 0 within one (read-only)."""
    mask = (1.0 - np.eye(n))[None, :, :]
    mask.flags.writeable = False
    return mask


def _compiled(name: str, *arrays: np.ndarray) -> tuple[np.ndarray, ...] | None:
    """Kernel ``name``'s sums where the compiled path runs and ``arrays`` suit it (C-contiguous
    floats of the same regions); None otherwise."""
    kernel, shape = compiled_path.compiled(name), arrays[0].shape
    suits = all(
        a.flags.c_contiguous and a.dtype == np.float64 and a.shape[-2:] == shape[-2:]
        for a in arrays
    )
    return kernel(*arrays) if kernel is not None and suits else None


def margins(flows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``flows.sum(axis=2)`` (each origin's deliveries) and ``flows.sum(axis=1)`` (each
    destination's purchases) of industries x origins x destinations [flows' unit]."""
    sums = _compiled("trade_sums.gravity_margins", flows)
    return (flows.sum(axis=2), flows.sum(axis=1)) if sums is None else (sums[0], sums[1])


def delivery_sums(
    flows: np.ndarray, shares: np.ndarray, tau: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Industries x regions: what each destination buys, ``flows.sum(axis=1)`` [flows' unit];
    the share of an origin's sales sent to other regions, ``sum_(d != o) sh_sod`` [0-1]; and
    their cost, ``sum_(d != o) sh_sod tau_sod`` [share of value]. ``shares`` and ``tau`` are
    industries x origins x destinations (the compiled sums where the three have one shape)."""
    off = off_diagonal(shares.shape[-1])
    same = tau.shape == shares.shape == flows.shape
    sums = _compiled("trade_sums.delivery_sums", flows, shares, off[0], tau) if same else None
    if sums is None:
        away = shares * off
        return flows.sum(axis=1), away.sum(axis=2), (away * tau).sum(axis=2)
    return sums[0], sums[1], sums[2]
