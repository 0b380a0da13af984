"""batch: run specs, the serial executor, map_runs' failure handling, executor choice, seeds."""

from __future__ import annotations

import pytest

from nqpf.sim.experiments.batch import (
    RunSpec,
    SerialExecutor,
    make_executor,
    map_runs,
    run_one,
    spawn_seeds,
)


def _half(x: int) -> float:
    if x == 3:
        raise RuntimeError("three is odd here")
    return x / 2


def test_serial_executor_keeps_results_and_exceptions_in_its_futures():
    pool = SerialExecutor()
    assert pool.submit(_half, 4).result() == 2.0
    with pytest.raises(RuntimeError, match="three is odd here"):
        pool.submit(_half, 3).result()


def test_map_runs_stops_at_a_failed_task_unless_told_what_to_do():
    with pytest.raises(RuntimeError):
        list(map_runs([1, 3, 4], SerialExecutor(), fn=_half))
    failed, seen = [], []
    results = list(
        map_runs(
            [1, 3, 4],
            SerialExecutor(),
            fn=_half,
            on_result=seen.append,
            on_error=lambda spec, exc: failed.append(spec),
        )
    )
    assert results == seen == [0.5, 2.0] and failed == [3]


def test_a_run_that_raises_is_a_record_with_its_error():
    record = run_one(RunSpec(run_id="bad", scenario={"world": {"geography": "nowhere"}}, seed=1))
    assert record.status == "error" and record.run_id == "bad" and record.tables == {}
    assert record.error.splitlines()[0]


def test_unknown_executor_names_the_allowed_ones():
    with pytest.raises(ValueError, match="allowed: 'local', 'dask'"):
        make_executor("threads")


def test_seeds_are_spawned_reproducibly_and_differ():
    seeds = spawn_seeds(7, 5)
    assert seeds == spawn_seeds(7, 5) and len(set(seeds)) == 5
    assert spawn_seeds(7, 3) == seeds[:3] and spawn_seeds(8, 3) != seeds[:3]
    assert all(isinstance(s, int) and 0 <= s < 2**32 for s in seeds)
