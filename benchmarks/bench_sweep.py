"""Sweep throughput (not part of the test run): runs per minute on 1 and 2 local processes and
on a Dask LocalCluster, and the parallel efficiency that follows.

Usage::

    .venv/bin/python benchmarks/bench_sweep.py [--replicates N] [--workers 2]
        [--spec scenarios/sweeps/herding_intensity.toml] [--out benchmarks/results_sweep.json]

Runs the spec's sweep (4 replicates for the default spec: 100 runs; ``--replicates`` replaces
them) from scratch into a temporary folder with each executor: ``local`` with 1 process (serial), ``local`` with
``--workers`` processes, and ``dask`` with a LocalCluster of ``--workers`` single-threaded
worker processes. Startup (starting the pool or cluster, importing the engine and running a
short warm-up model in each worker, :func:`warm_up`) is timed apart from the runs; "runs per
minute" counts the runs' time only, "with startup" the two together (what a user waits for a
sweep of this size). Parallel efficiency = rate with n workers / (n x rate with 1). Prints a Markdown table for
``docs/performance.md`` and writes the figures to JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine_speed import measure as machine_speed  # noqa: E402

from nqpf.sim.experiments.batch import make_executor  # noqa: E402
from nqpf.sim.experiments.sweep import run_sweep  # noqa: E402
from nqpf.sim.experiments.sweep_spec import load_sweep  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


WARM_UP_YEARS = 2
"""Years after the start year of the worker's warm-up model."""


def warm_up() -> int:
    """Import the engine in a worker and pay what its first run would otherwise pay for: the
    data files read once per process and, where Numba is installed, each compiled kernel's
    machine code, which Numba reads from its cache at the kernel's first call (importing the
    kernel modules is not enough: measured 2026-12-04, a worker's first sweep run took 0.70 s
    after the import against 0.11 s for the next). So the warm-up runs the baseline with seed 0,
    not one of the sweep's seeds here, for its start year and ``WARM_UP_YEARS`` more on the batch path;
    it warms no run's own remembered start state (``sim/memo.py`` keys those by the seed)."""
    import nqpf.sim.experiments.sweep  # noqa: F401
    from nqpf.sim.config import Scenario
    from nqpf.sim.model import RegionalEconomy

    try:
        from nqpf.sim.economics import compiled_path
    except ImportError:  # a version without compiled kernels
        compiled_path = None
    if compiled_path is not None and hasattr(compiled_path, "load_all"):
        compiled_path.load_all()  # every kernel module (this version's)
    scenario = Scenario.load(ROOT / "scenarios" / "baseline.toml")
    scenario = scenario.with_overrides(
        {
            "world.end_year": scenario.world.start_year + WARM_UP_YEARS,
            "economy.firm_agents": False,
        }
    )
    with compiled_path.batch_run() if compiled_path is not None else contextlib.nullcontext():
        RegionalEconomy(scenario, seed=0).run(tables=("national",))
    return os.getpid()


def measure(sweep, kind: str, jobs: int) -> dict:
    """Time one full sweep on a fresh executor; return startup (pool or cluster start and engine
    import in every worker), run time and runs per minute."""
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    executor = make_executor(kind, jobs)
    for future in [executor.submit(warm_up) for _ in range(jobs)]:
        future.result()
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        try:
            outcome = run_sweep(
                sweep, out, executor, executor_label=f"{kind} x{jobs}", progress=False
            )
        finally:
            executor.shutdown(wait=True)
    runs = outcome.ok + outcome.error
    return {
        "executor": kind,
        "workers": jobs,
        "runs": runs,
        "failed": outcome.error,
        "startup_s": round(t1 - t0, 3),
        "run_s": round(outcome.wall_time_s, 3),
        "runs_per_minute": round(60 * runs / outcome.wall_time_s, 1),
        "runs_per_minute_with_startup": round(60 * runs / (outcome.wall_time_s + t1 - t0), 1),
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--spec", type=Path, default=ROOT / "scenarios" / "sweeps" / "herding_intensity.toml"
    )
    parser.add_argument(
        "--replicates", type=int, default=None, help="replicates per point (default: the spec's)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results_sweep.json")
    args = parser.parse_args()
    speed = machine_speed()  # before the sweeps load the machine
    sweep = load_sweep(args.spec)
    if args.replicates is not None:
        sweep = dataclasses.replace(
            sweep, spec=sweep.spec.model_copy(update={"replicates": args.replicates})
        )
    rows = [
        measure(sweep, "local", 1),
        measure(sweep, "local", args.workers),
        measure(sweep, "dask", args.workers),
    ]
    serial = rows[0]["runs_per_minute"]
    for row in rows:
        row["parallel_efficiency"] = round(row["runs_per_minute"] / (row["workers"] * serial), 3)
    results = {
        "machine": {
            "python": platform.python_version(),
            "cores": os.cpu_count(),
            "cpu": platform.processor() or platform.machine(),
            "speed": speed,
        },
        "spec": str(args.spec.relative_to(ROOT) if args.spec.is_relative_to(ROOT) else args.spec),
        "replicates": sweep.spec.replicates,
        "results": rows,
    }
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(
        "| executor | workers | runs | startup s | runs s | runs per minute "
        "| with startup | parallel efficiency | load average (before-after) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['executor']} | {r['workers']} | {r['runs']} | {r['startup_s']:.1f} | "
            f"{r['run_s']:.1f} | {r['runs_per_minute']:.0f} | "
            f"{r['runs_per_minute_with_startup']:.0f} | {r['parallel_efficiency']:.2f} "
            f"| {r['load_before']:.1f}-{r['load_after']:.1f} |"
        )
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
