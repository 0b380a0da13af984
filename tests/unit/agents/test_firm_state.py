"""Firms' columnar state (agents/firms/state.py): cells, reading tables at cells, selecting and
appending rows."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.agents.firms.state import ARRAYS
from tests.builders import small_world


def test_at_reads_the_table_at_each_firms_cell():
    w, _, _ = small_world(years=2)
    f = w.firms
    table = np.random.default_rng(1).random((w.n_regions, w.n_industries))
    assert np.array_equal(f.at(table), table[f.region, f.industry])
    assert np.array_equal(f.cells(w.n_industries), f.region * w.n_industries + f.industry)


def test_cells_follow_new_region_arrays():
    w, _, _ = small_world(years=1)
    f, S = w.firms, w.n_industries
    before = f.cells(S).copy()
    f.region = (f.region + 1) % w.n_regions  # a phase replaces the array
    assert np.array_equal(f.cells(S), f.region * S + f.industry)
    assert not np.array_equal(f.cells(S), before)


def test_select_equals_fancy_indexing_and_keeps_cells():
    w, _, _ = small_world(years=2)
    f, S = w.firms, w.n_industries
    f.cells(S)
    keep = np.random.default_rng(2).random(f.n) < 0.7
    picked = f.select(keep)
    for name in ARRAYS:
        assert np.array_equal(getattr(picked, name), getattr(f, name)[keep]), name
    assert np.array_equal(picked.cells(S), picked.region * S + picked.industry)
    rows = np.flatnonzero(keep)[::-1]
    by_index = f.select(rows)
    assert np.array_equal(by_index.capital, f.capital[rows])
    with pytest.raises(IndexError):
        f.select(keep[:-1])


def test_extend_appends_every_field():
    w, _, _ = small_world(years=1)
    f = w.firms
    n = f.n
    tail = f.select(np.arange(n - 3, n))
    f.extend(tail)
    assert f.n == n + 3
    for name in ARRAYS:
        assert np.array_equal(getattr(f, name)[n:], getattr(tail, name)), name
