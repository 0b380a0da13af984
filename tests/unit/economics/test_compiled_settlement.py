"""The compiled settlement kernels (sim/economics/compiled_settlement.py) against the NumPy
reference (agents/firms/settlement.py), bit for bit: a model is stepped on the NumPy path, then
one more year in which only the settlement phases take the path under test; after each of them
every array and number of the world and of the year's settlement record must have the same
bytes on both paths. Also the compaction and extension of FirmArrays (state.py) that
remove_exits and the entrants use on both paths."""

from __future__ import annotations

import copy
import dataclasses
import os
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest

from nqpf.agents.firms import settlement
from nqpf.agents.firms.state import ARRAYS, empty_firms
from nqpf.sim import Scenario
from nqpf.sim.economics import compiled_path
from nqpf.sim.model import RegionalEconomy
from tests.conftest import ROOT

pytest.importorskip("numba")

PHASES = ("book_results", "find_distress", "exit_firms", "record_industry_results", "remove_exits")


@contextmanager
def _path(switch: str) -> Iterator[None]:
    """``NQPF_JIT`` set to ``switch`` inside the block, back to ``0`` after."""
    os.environ[compiled_path.ENV_SWITCH] = switch
    try:
        yield
    finally:
        os.environ[compiled_path.ENV_SWITCH] = "0"


def _flat(obj: object, prefix: str, out: dict[str, object], depth: int = 0) -> None:
    """Every array and number reachable through dataclass fields, by dotted name."""
    if isinstance(obj, np.ndarray):
        out[prefix] = obj.copy()
    elif isinstance(obj, (bool, int, float, np.generic)):
        out[prefix] = obj
    elif dataclasses.is_dataclass(obj) and depth < 4:
        for f in dataclasses.fields(obj):
            _flat(getattr(obj, f.name), f"{prefix}.{f.name}", out, depth + 1)


def _same(reference: dict, compiled: dict, where: str) -> None:
    assert reference.keys() == compiled.keys(), where
    for name, x in reference.items():
        y = compiled[name]
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and x.shape == y.shape, f"{where}: {name}"
            assert x.tobytes() == y.tobytes(), f"{where}: {name} differs"
        else:
            assert type(x) is type(y), f"{where}: {name} {type(x)} {type(y)}"
            assert np.asarray(x).tobytes() == np.asarray(y).tobytes(), f"{where}: {name}"


def _degenerate(model: RegionalEconomy) -> None:
    """Some firms without capital or capacity, some without revenue or surplus, some deep in
    debt, some zombies, some with capital only under construction."""
    f = model.world.firms
    rows = np.arange(f.n)
    idle = rows % 7 == 0
    f.capital = np.where(idle, 0.0, f.capital)
    f.capacity = np.where(idle, 0.0, f.capacity)
    f.revenue = np.where(rows % 5 == 1, 0.0, f.revenue)
    f.operating_surplus = np.where(rows % 5 == 1, 0.0, f.operating_surplus)
    f.debt = np.where(rows % 11 == 2, 50.0 * f.debt + 10.0, f.debt)
    f.zombie = f.zombie | (rows % 13 == 3)
    f.pipeline = np.where((rows % 17 == 4)[:, None], 0.0, f.pipeline)


def _settle_on(path, scenario, seed, years, tweak, monkeypatch):  # noqa: ANN001, ANN202
    """Snapshots of the world and the settlement record after each settlement phase of the
    year after ``years`` NumPy years, the settlement phases on ``path`` ("0" or "1")."""
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "0")
    model = RegionalEconomy(scenario, seed=seed)
    for _ in range(years):
        model.step()
    if tweak is not None:
        tweak(model)
    snapshots, record = [], {}

    def wrap(name, fn):  # noqa: ANN001, ANN202
        def phase(*args):  # noqa: ANN002, ANN202
            with _path(path):
                assert (compiled_path.compiled("settlement.book") is None) == (path == "0")
                result = fn(*args)
            if isinstance(result, settlement.Settlement):
                record["s"] = result
            state: dict[str, object] = {}
            _flat(model.world, "world", state)
            if "s" in record:
                _flat(record["s"], "settlement", state)
            if isinstance(result, np.ndarray):
                state["returned"] = result.copy()
            snapshots.append((name, state))
            return result

        return phase

    for name in PHASES:
        monkeypatch.setattr(settlement, name, wrap(name, getattr(settlement, name)))
    model.step()
    monkeypatch.undo()
    return snapshots


def _scenario(name: str, firms: int) -> Scenario:
    return Scenario.load(ROOT / "scenarios" / name).with_overrides(
        {"economy.initial_firms": firms, "economy.firm_agents": False}
    )


@pytest.mark.parametrize(
    ("name", "seed", "years", "tweak"),
    [
        ("baseline.toml", 0, 2, None),
        ("baseline.toml", 1, 3, None),
        ("herding.toml", 2, 3, None),
        ("herding.toml", 3, 2, _degenerate),
        ("baseline.toml", 4, 1, _degenerate),
    ],
)
def test_compiled_settlement_gives_the_reference_numbers_bit_for_bit(
    name, seed, years, tweak, monkeypatch
):
    """After each settlement phase, every array and number of the world and of the year's
    settlement record has the same bytes on both paths (and the phases ran, with exits)."""
    scenario = _scenario(name, 1500)
    reference = _settle_on("0", scenario, seed, years, tweak, monkeypatch)
    compiled = _settle_on("1", scenario, seed, years, tweak, monkeypatch)
    assert [n for n, _ in reference] == list(PHASES)
    assert [n for n, _ in compiled] == list(PHASES)
    for (phase, x), (_, y) in zip(reference, compiled, strict=True):
        _same(x, y, phase)
    leaving = reference[-1][1]["settlement.leaving"]
    assert leaving.any() and not leaving.all()


def test_the_same_numbers_catch_a_changed_kernel(monkeypatch):
    """The comparison can fail: a compiled book-keeping that keeps one part in 2**50 more of
    its cash flow to repay debt differs from the reference."""
    scenario = _scenario("baseline.toml", 800)
    reference = _settle_on("0", scenario, 0, 1, None, monkeypatch)
    kernel = compiled_path._kernels("compiled_settlement").book
    book = settlement._book_compiled

    def off(k, w, sc):  # noqa: ANN001, ANN202
        return book(lambda *a: kernel(*a[:-2], a[-2] * (1 + 2**-50), a[-1]), w, sc)

    monkeypatch.setattr(settlement, "_book_compiled", off)
    compiled = _settle_on("1", scenario, 0, 1, None, monkeypatch)
    with pytest.raises(AssertionError, match="differs"):
        _same(reference[0][1], compiled[0][1], "book_results")


def test_exits_with_retired_capacity_and_compensation(monkeypatch):
    """exit_firms with capacity retired by the centre (some of it also exiting): the same bytes
    on both paths, and compensation only for retirements that are not exits."""
    scenario = _scenario("baseline.toml", 800)
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "0")
    model = RegionalEconomy(scenario, seed=5)
    model.step()
    w, sc = model.world, model.scenario
    s = settlement.book_results(w, sc)
    settlement.find_distress(w, s)
    rows = np.arange(w.firms.n)
    s.exit_mask = rows % 9 == 0
    s.retired = rows % 6 == 0
    out = {}
    for path in ("0", "1"):
        w2, s2 = copy.deepcopy(w), copy.deepcopy(s)
        with _path(path):
            settlement.exit_firms(w2, sc, s2)
        state: dict[str, object] = {}
        _flat(w2, "world", state)
        _flat(s2, "settlement", state)
        out[path] = state
    _same(out["0"], out["1"], "exit_firms")
    paid = out["1"]["settlement.compensated"]
    assert (paid[s.exit_mask] == 0).all() and (paid[s.retired & ~s.exit_mask] > 0).any()


@pytest.mark.parametrize("n", [50, 40_000])
def test_select_and_extend_copy_every_field_into_separate_rows(n):
    """Small and large sets: the same rows as fancy indexing and concatenation, dtypes kept,
    and writing one field changes no other (remove_exits and the entrants rely on it)."""
    rng = np.random.default_rng(n)
    f = empty_firms(n, 3)
    for name in ARRAYS:
        a = getattr(f, name)
        a[...] = rng.integers(0, 2, a.shape) if a.dtype == bool else rng.random(a.shape) * 100
    f.id = np.arange(n, dtype=np.int64)
    keep = rng.random(n) > 0.1
    kept = f.select(keep)
    for name in ARRAYS:
        a, b = getattr(f, name)[keep], getattr(kept, name)
        assert a.dtype == b.dtype and np.array_equal(a, b), name
    entrants = f.select(np.flatnonzero(~keep))
    before = {name: getattr(kept, name).copy() for name in ARRAYS}
    kept.extend(entrants)
    for name in ARRAYS:
        joined = np.concatenate([before[name], getattr(entrants, name)])
        assert np.array_equal(getattr(kept, name), joined), name
        assert getattr(kept, name).dtype == joined.dtype
    for name in ARRAYS:
        others = {o: getattr(kept, o).tobytes() for o in ARRAYS if o != name}
        getattr(kept, name)[...] = 7
        assert all(getattr(kept, o).tobytes() == b for o, b in others.items()), name
    with pytest.raises(IndexError, match="row mask"):
        f.select(keep[:-1])


@pytest.mark.parametrize("n", [1, 7, 31, 129, 6_922, 8_193, 40_001])
def test_row_sums_of_a_scratch_array_are_each_rows_own_sum(n):
    """The callers total a kernel's C-ordered scratch rows with one ``sum(axis=1)``: each is
    the row's own (pairwise) ``.sum()`` bit for bit, also past NumPy's 8192-element blocks."""
    rng = np.random.default_rng(n)
    scratch = rng.standard_normal((4, n)) * 10.0 ** rng.integers(-6, 6, (4, n))
    totals = scratch.sum(axis=1)
    for row in range(4):
        assert totals[row].tobytes() == scratch[row].sum().tobytes()
    assert scratch[:3].sum(axis=1).tobytes() == totals[:3].tobytes()
