"""The sums over firms of the yearly records (:mod:`nqpf.sim.outputs.metrics`) compiled with
Numba: one pass over the firms instead of a dozen ``np.bincount`` calls and their temporaries.
``compiled_path.compiled("records.firm_totals")`` returns the kernel (``compiled_path.py`` says
when); importing this module imports Numba.

Every sum here adds the firms in row order, as ``np.bincount`` does, with the operations of
the NumPy reference (:class:`nqpf.sim.outputs.firm_totals.FirmTotals`) in the same order: the
same numbers bit for bit. The one pairwise sum of the reference (``.sum()`` of the capital used
by each firm, in ``metrics.capital_services``) stays NumPy's, on the per-firm array made here.
"""

from __future__ import annotations

import numpy as np
from numba import njit

NUMPY_ERRORS = "numpy"
"""Numba's error model: a division by zero gives inf or NaN as in NumPy."""


@njit(cache=True, nogil=True, error_model=NUMPY_ERRORS)
def firm_totals(
    region, industry, capital, pipeline, capacity, output, labor, zombie, n_regions, n_industries
):  # noqa: ANN001, ANN201, E501 - compiled
    """The sums of ``FirmTotals`` (its NumPy properties, bit for bit), in its order of names:

    - by region: assets (``capital + under_construction``, the pipeline's columns added one by
      one as ``FirmArrays.under_construction`` does), capacity, output, labour, firms;
    - each firm's capital in use ``capital x min(output / capacity, 1)`` (0 without capacity);
    - by region-industry cell (``region x n_industries + industry``): capacity, firms;
    - by industry: firms, zombies (a float sum of ones, as the reference's weights);
    - the number of zombies (the reference's ``zombie.mean()`` sums them exactly in floats)."""
    n, R, S = region.shape[0], n_regions, n_industries
    columns = pipeline.shape[1]
    assets_r, capacity_r = np.zeros(R), np.zeros(R)
    output_r, labor_r = np.zeros(R), np.zeros(R)
    firms_r = np.zeros(R, np.int64)
    used_capital = np.empty(n)
    capacity_cell, firms_cell = np.zeros(R * S), np.zeros(R * S, np.int64)
    firms_s, zombies_s = np.zeros(S, np.int64), np.zeros(S)
    zombies = 0
    for i in range(n):
        r, s = region[i], industry[i]
        c = r * S + s
        building = pipeline[i, 0] if columns > 0 else 0.0
        for j in range(1, columns):
            building += pipeline[i, j]
        assets_r[r] += capital[i] + building
        q = capacity[i]
        used = output[i] / q if q > 0.0 else 0.0
        used_capital[i] = capital[i] * (used if used < 1.0 or used != used else 1.0)
        capacity_r[r] += q
        output_r[r] += output[i]
        labor_r[r] += labor[i]
        firms_r[r] += 1
        capacity_cell[c] += q
        firms_cell[c] += 1
        firms_s[s] += 1
        if zombie[i]:
            zombies_s[s] += 1.0
            zombies += 1
        else:
            zombies_s[s] += 0.0
    return (
        assets_r,
        capacity_r,
        output_r,
        labor_r,
        firms_r,
        used_capital,
        capacity_cell,
        firms_cell,
        firms_s,
        zombies_s,
        zombies,
    )
