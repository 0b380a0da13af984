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


def _copied(f):
    """Every field of ``f`` as an independent array."""
    return {name: getattr(f, name).copy() for name in ARRAYS}


def test_drop_and_extend_give_the_values_of_select_and_concatenate():
    """Four years of exits and entry through the spare rows (``drop``, ``extend``): the same
    values as a fresh gather and a concatenation; the entrants land in the spare rows of the
    buffer (no copy of the firms before them) unless a phase replaced the field or the
    entrants outnumber the room; a drop gathers into the buffer left two drops before."""
    w, _, _ = small_world(years=2)
    f, S, rng = w.firms, w.n_industries, np.random.default_rng(4)
    expected = _copied(f)
    buffers, grew_in_place = [], []
    for year, entrants in enumerate((3, 5, None, 2)):
        f.cells(S)
        leaving = rng.random(f.n) < 0.2
        f.drop(leaving, room_for=6)
        expected = {name: value[~leaving] for name, value in expected.items()}
        for name in ARRAYS:
            assert np.array_equal(getattr(f, name), expected[name]), (year, name)
        assert np.array_equal(f.cells(S), f.region * S + f.industry)
        buffers.append(f.capital.base)
        if year >= 2:
            assert f.capital.base is buffers[year - 2]  # the buffer left two drops before
        f.output = f.output + 1.0  # a phase replaces a field
        expected["output"] = expected["output"] + 1.0
        capital_buffer, n = f.capital.base, f.n
        entrants = entrants or n  # the firms double: more than any spare rows
        tail = f.select(np.arange(entrants))
        new = _copied(tail)
        f.extend(tail)
        expected = {name: np.concatenate([expected[name], new[name]]) for name in ARRAYS}
        for name in ARRAYS:
            assert np.array_equal(getattr(f, name), expected[name]), (year, name)
        assert (f.capital.base is capital_buffer) == (len(capital_buffer) >= n + entrants)
        grew_in_place.append(f.capital.base is capital_buffer)
        assert f.output.base is None or f.output.base is not capital_buffer
    assert grew_in_place == [True, True, False, True]  # doubling outgrows the room


def test_drop_takes_a_mask_of_every_firm():
    w, _, _ = small_world(years=1)
    f = w.firms
    with pytest.raises(IndexError, match=f"a mask of {f.n} booleans"):
        f.drop(np.zeros(f.n - 1, dtype=bool), room_for=4)
    with pytest.raises(IndexError, match="booleans"):
        f.drop(np.arange(f.n), room_for=4)
