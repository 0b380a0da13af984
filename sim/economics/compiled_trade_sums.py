"""The sums over gravity flows of :mod:`nqpf.sim.economics.trade_sums` compiled with Numba (the
``fast`` extra): each origin's deliveries and each destination's purchases
(``gravity_margins``) and the sellers' delivery sums (``delivery_sums``), added in NumPy's
order (each row pairwise as NumPy's ``sum`` adds a contiguous row, over origins one by one):
the same numbers bit for bit, for any number of regions. ``compiled_path.py`` says when they
run (kernel names ``"trade_sums.gravity_margins"``, ``"trade_sums.delivery_sums"``)."""

from __future__ import annotations

import numpy as np
from numba import njit

from nqpf.sim.economics.compiled_kernels import NUMPY_ERRORS

PAIRWISE_BLOCK = 128
"""Longest row NumPy's pairwise sum adds in one block (its ``PW_BLOCKSIZE``), as
:func:`row_sum` does; a longer row is halved until its parts fit (:func:`long_row_sum`)
[numbers]."""


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS, inline="always")
def row_sum(x, start, n):  # noqa: ANN001, ANN201
    """``x[start:start + n].sum()`` for at most :data:`PAIRWISE_BLOCK` numbers,
    added as NumPy adds a contiguous row: fewer than eight one by one, else eight running sums
    started from the first eight, combined pairwise, then the rest one by one; all added to 0.0
    (the reduction's start). Inlined where it is called (a call per row costs as much as
    the row's sum)."""
    if n < 8:
        res = 0.0
        for i in range(start, start + n):
            res += x[i]
        return 0.0 + res
    r0, r1, r2, r3 = x[start], x[start + 1], x[start + 2], x[start + 3]
    r4, r5, r6, r7 = x[start + 4], x[start + 5], x[start + 6], x[start + 7]
    i = start + 8
    while i < start + n - n % 8:
        r0, r1, r2, r3 = r0 + x[i], r1 + x[i + 1], r2 + x[i + 2], r3 + x[i + 3]
        r4, r5, r6, r7 = r4 + x[i + 4], r5 + x[i + 5], r6 + x[i + 6], r7 + x[i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < start + n:
        res += x[i]
        i += 1
    return 0.0 + res


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS, inline="always")
def left_length(m):  # noqa: ANN001, ANN201
    """Where NumPy's pairwise sum splits a row of ``m`` numbers: half of it, less the remainder
    of that half by its unroll of 8."""
    half = m // 2
    return half - half % 8


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def long_row_sum(x, start, n, segments, lefts):  # noqa: ANN001, ANN201
    """``x[start:start + n].sum()`` for a row longer than :data:`PAIRWISE_BLOCK`, as NumPy's
    pairwise sum splits it: a part of at most that by :func:`row_sum`, a longer one into a left
    and a right part (:func:`left_length`), whose sums are added (left + right). Depth first with
    a stack instead of recursion (a recursive kernel cannot be loaded from Numba's cache):
    ``segments`` rows (start, length, 1 while the left part is summed / 2 while the right
    is) and ``lefts`` (the left part's sum) are scratch of at least 64 rows."""
    top = 0
    segments[0, 0], segments[0, 1] = start, n
    while True:
        first, m = segments[top, 0], segments[top, 1]
        if m > PAIRWISE_BLOCK:  # sum its left part first
            segments[top, 2] = 1
            top += 1
            segments[top, 0], segments[top, 1] = first, left_length(m)
            continue
        total = row_sum(x, first, m)
        top -= 1
        while top >= 0 and segments[top, 2] == 2:  # a right part: add it to its left
            total = lefts[top] + total
            top -= 1
        if top < 0:
            return total
        lefts[top] = total  # a left part: the right part next
        segments[top, 2] = 2
        left = left_length(segments[top, 1])
        segments[top + 1, 0] = segments[top, 0] + left
        segments[top + 1, 1] = segments[top, 1] - left
        top += 1


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS, inline="always")
def any_row_sum(x, start, n, segments, lefts):  # noqa: ANN001, ANN201
    """``x[start:start + n].sum()`` as NumPy adds a contiguous row of any length: the common
    short row inlined (:func:`row_sum`), a long one by :func:`long_row_sum` (with its
    scratch)."""
    if n <= PAIRWISE_BLOCK:
        return row_sum(x, start, n)
    return 0.0 + long_row_sum(x, start, n, segments, lefts)


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def gravity_margins(flows):  # noqa: ANN001, ANN201
    """``flows.sum(axis=2)`` and ``flows.sum(axis=1)`` of C-contiguous industries x origins x
    destinations, as NumPy sums them (each row by :func:`any_row_sum`;
    over origins one by one from 0.0): the same numbers bit for bit."""
    n_s, n, _ = flows.shape
    flat = flows.reshape(-1)
    out_sum = np.empty((n_s, n))
    in_sum = np.zeros((n_s, n))
    segments, lefts = np.zeros((64, 3), dtype=np.int64), np.empty(64)  # long rows' scratch
    for s in range(n_s):
        for o in range(n):
            out_sum[s, o] = any_row_sum(flat, (s * n + o) * n, n, segments, lefts)
            for d in range(n):
                in_sum[s, d] += flows[s, o, d]
    return out_sum, in_sum


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def delivery_sums(flows, shares, off, tau):  # noqa: ANN001, ANN201
    """The sums of :func:`nqpf.sim.economics.trade.seller_delivery`, industries x regions:
    ``flows.sum(axis=1)``, ``away.sum(axis=2)`` and ``(away * tau).sum(axis=2)`` with
    ``away = shares * off``, for C-contiguous arrays; the same
    products, added as :func:`gravity_margins` adds: the same numbers bit for bit."""
    n_s, n, _ = shares.shape
    bought, shipped, cost = np.zeros((n_s, n)), np.empty((n_s, n)), np.empty((n_s, n))
    away, paid = np.empty(n), np.empty(n)
    segments, lefts = np.zeros((64, 3), dtype=np.int64), np.empty(64)  # long rows' scratch
    for s in range(n_s):
        for o in range(n):
            for d in range(n):
                bought[s, d] += flows[s, o, d]
                away[d] = shares[s, o, d] * off[o, d]
                paid[d] = away[d] * tau[s, o, d]
            shipped[s, o] = any_row_sum(away, 0, n, segments, lefts)
            cost[s, o] = any_row_sum(paid, 0, n, segments, lefts)
    return bought, shipped, cost
