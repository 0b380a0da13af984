"""Per-process caches of pure steps (sim/memo.py and the functions that use it): a remembered
result is the computed one, what a caller gets cannot change what the next caller gets, and an
input that differs in anything is a different key."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nqpf.sim.data.industries import load_industries
from nqpf.sim.economics import chain, trade
from nqpf.sim.memo import frozen, memoised, thawed

ROOT = Path(__file__).resolve().parents[2]


def test_a_key_gives_back_the_values_in_their_memory_order():
    a = np.arange(12.0).reshape(3, 4)
    for array in (a, a.T):
        back = thawed(frozen(array))
        np.testing.assert_array_equal(back, array)
        assert back.flags.c_contiguous == array.flags.c_contiguous
        assert back.flags.f_contiguous == array.flags.f_contiguous
        assert not back.flags.writeable
    assert frozen(a) != frozen(a.T)  # the same values in another layout: another key
    nudged = a.copy()
    nudged[2, 3] = np.nextafter(nudged[2, 3], 20.0)
    assert frozen(a) != frozen(nudged)  # one bit differs: another key


def test_the_industry_table_handed_out_is_a_copy_and_overrides_key_it():
    first = load_industries()
    first.demand_2023[:] = -1.0  # a caller scribbling on its copy
    second = load_industries()
    assert (second.demand_2023 > 0).all()
    key = second.keys[0]
    changed = load_industries({key: {"demand_growth": 0.123}})
    assert changed.demand_growth[0] == 0.123 and second.demand_growth[0] != 0.123
    assert load_industries().demand_growth[0] == second.demand_growth[0]
    for _ in range(2):  # an invalid table raises every time: errors are not remembered
        with pytest.raises(ValueError, match=f"industries.{key}.demand_growth"):
            load_industries({key: {"demand_growth": "fast"}})


def test_trade_costs_are_read_only_and_what_a_fresh_computation_gives():
    rng = np.random.default_rng(0)
    distance = rng.uniform(100, 3000, (5, 5))
    np.fill_diagonal(distance, 0.0)
    border = np.array([0.2, 0.5])
    costs = trade.trade_costs(distance, border, kappa=0.1, elasticity=5.0, paid=0.3)
    iceberg = trade.iceberg_factors(distance, border, 0.1)
    np.testing.assert_array_equal(costs.iceberg, iceberg)
    np.testing.assert_array_equal(costs.kernel, iceberg**-5.0)
    np.testing.assert_array_equal(
        costs.seller_cost, trade.iceberg_factors(distance, 0.3 * border, 0.1) - 1.0
    )
    with pytest.raises(ValueError, match="read-only"):
        costs.kernel[0, 0, 0] = 1.0
    other = trade.trade_costs(distance, border * 2, kappa=0.1, elasticity=5.0, paid=0.3)
    assert not np.array_equal(other.iceberg, costs.iceberg)


def test_clearing_stages_are_read_only():
    stages = chain.clearing_stages(np.array([-1, 0, -1]))
    assert [s.tolist() for s in stages] == [[1, 2], [0]]
    with pytest.raises(ValueError, match="read-only"):
        stages[0][0] = 5


def test_a_memoised_function_is_keyed_by_contents_dtype_and_layout_and_hands_out_copies():
    calls = []

    @memoised(maxsize=2)
    def total(a: np.ndarray, scale: float) -> tuple[np.ndarray, float]:
        calls.append(1)
        return a.sum(axis=0) * scale, float(a.sum())

    a = np.arange(6.0).reshape(2, 3)
    first, _ = total(a, 2.0)
    first[:] = -1.0  # a caller scribbling on its copy
    again, whole = total(a.copy(), 2.0)
    assert len(calls) == 1 and whole == 15.0
    np.testing.assert_array_equal(again, a.sum(axis=0) * 2.0)
    total(np.asfortranarray(a), 2.0)  # the same values in another layout: another key
    total(a.astype(np.float32), 2.0)  # another dtype: another key
    total(a, 3.0)
    assert len(calls) == 4
    view = np.arange(12.0).reshape(2, 6)[:, ::2]
    total(np.ascontiguousarray(view), 3.0)
    total(view, 3.0)  # a strided view: not the key of its contiguous copy
    assert len(calls) == 6 and total.cache_info()["hits"] == 1
    with pytest.raises(TypeError, match="positional"):
        total(a, scale=2.0)


def test_a_memoised_result_keeps_its_layout_and_a_large_one_is_not_remembered(monkeypatch):
    from nqpf.sim import memo

    @memoised(maxsize=2)
    def transposed(a: np.ndarray) -> np.ndarray:
        return np.asfortranarray(a * 2.0)

    a = np.arange(6.0).reshape(2, 3)
    for _ in range(2):  # computed, then remembered: Fortran order both times
        assert transposed(a).flags.f_contiguous and not transposed(a).flags.c_contiguous
    assert transposed.cache_info() == {"hits": 3, "misses": 1, "size": 1}
    monkeypatch.setattr(memo, "MAX_REMEMBERED_BYTES", a.nbytes)  # key and result exceed it
    transposed(a + 1.0)
    assert transposed.cache_info()["size"] == 1  # computed, handed out, not kept


def test_a_memoised_draw_is_keyed_by_the_generator_state_and_leaves_it_where_the_draws_did():
    @memoised(maxsize=4)
    def draw(n: int, rng: np.random.Generator) -> np.ndarray:
        return rng.normal(size=n)

    first, second = np.random.default_rng(7), np.random.default_rng(7)
    a = draw(3, first)
    b = draw(3, second)  # remembered: the same numbers, the generator moved on as by the draw
    np.testing.assert_array_equal(a, b)
    assert first.bit_generator.state == second.bit_generator.state
    assert not np.array_equal(draw(3, second), a)  # another state: another key


def test_the_start_year_steps_remembered_give_the_computed_world_and_run():
    from nqpf.agents.firms.state import ARRAYS
    from nqpf.sim import RegionalEconomy, Scenario
    from nqpf.sim.setup import firms as start_firms

    sc = Scenario.load(
        ROOT / "scenarios" / "baseline.toml", overrides=["economy.initial_firms=300"]
    )
    models = []
    for clear in (True, False):  # computed afresh, then from the per-process caches
        if clear:
            start_firms._limit_shares.cache_clear()
            start_firms._bisect_base_costs.cache_clear()
            start_firms._start_firms.cache_clear()
        model = RegionalEconomy(sc, seed=5)
        model.step()
        models.append(model)
    for step in (
        start_firms._limit_shares,
        start_firms._bisect_base_costs,
        start_firms._start_firms,
    ):
        assert step.cache_info()["hits"] >= 1, step.__name__  # the second model was remembered
    fresh, remembered = (m.world for m in models)
    assert fresh.costs.base_cost.tobytes() == remembered.costs.base_cost.tobytes()
    for name in ARRAYS:
        assert getattr(fresh.firms, name).tobytes() == getattr(remembered.firms, name).tobytes()
    assert models[0].rng.bit_generator.state == models[1].rng.bit_generator.state
    national = [m.results(("national",))["national"] for m in models]
    assert national[0].equals(national[1])
