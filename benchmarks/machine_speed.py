"""How fast this machine runs Python and NumPy today: three fixed workloads, recorded beside every
benchmark's figures (not part of the test run).

Usage::

    .venv/bin/python benchmarks/machine_speed.py

The same code measured on two sessions' machines (both 2 cores, AMD EPYC) took 108 and
199 ms of CPU a sweep run: the machines under this project's benchmarks differ by up to a factor
of two from one session to the next. A figure in ``docs/performance.md`` is therefore read with
the machine's speed measured the same day: these workloads are small copies of what the engine
spends its time on (how closely the engine's figures follow them is to be seen once two
machines' figures are recorded: between the two machines above, firm-steps at 100k firms
slowed 1.2 times and sweep runs 1.8 times). Each figure is the median CPU time
of ``REPEATS`` runs in this process [s]:

* ``python_loop_s``: 5 million additions in a Python loop (the interpreter);
* ``numpy_small_s``: 100,000 NumPy operations on 1,000-element arrays (per-call overhead: a
  china31 run's firm arrays have a few thousand rows);
* ``numpy_large_s``: 200 passes of ``sqrt(x) x + 1`` over a million floats (memory and
  arithmetic: the 100k-firm benchmark).
"""

from __future__ import annotations

import json
import statistics
import time

import numpy as np

REPEATS = 3


def _cpu(work) -> float:  # noqa: ANN001 - a callable of no arguments
    c0 = time.process_time()
    work()
    return time.process_time() - c0


def _python_loop() -> None:
    total = 0
    for i in range(5_000_000):
        total += i


def _numpy_small() -> None:
    a, b = np.linspace(0.0, 1.0, 1_000), np.linspace(1.0, 2.0, 1_000)
    for _ in range(50_000):
        np.multiply(a, b)
        np.add(a, b)


def _numpy_large() -> None:
    x = np.linspace(0.0, 1.0, 1_000_000)
    for _ in range(200):
        np.sqrt(x) * x + 1.0


def measure() -> dict[str, float]:
    """The three workloads' median CPU times [s], rounded to the millisecond."""
    return {
        name: round(statistics.median(_cpu(work) for _ in range(REPEATS)), 3)
        for name, work in (
            ("python_loop_s", _python_loop),
            ("numpy_small_s", _numpy_small),
            ("numpy_large_s", _numpy_large),
        )
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
