"""Where a simulated year goes, phase by phase (not part of the test run).

Usage::

    .venv/bin/python benchmarks/profile_phases.py [--firms 100000] [--years 20]
        [--compiled] [--set key=value ...]
    .venv/bin/python benchmarks/profile_phases.py --sweep [SPEC] [--runs 30]

Builds the baseline economy (``economy.firm_agents = false``) with ``--firms`` start firms,
wraps every phase function the model calls in a CPU-time counter (``time.process_time``, so
that other work on a shared machine weighs less than in wall time), runs ``--years`` years and
prints the milliseconds of CPU per simulated year of each phase, largest first. ``--compiled``
times the compiled kernels' path (``NQPF_JIT=1``, the path of batch runs): Numba and every
kernel are loaded, and each kernel called once by a small warm-up model, before the clock
starts.

``--sweep`` times instead the runs of a sweep (default
``scenarios/sweeps/herding_intensity.toml``) as a sweep's worker runs them
(``sweep_worker.run_task``: the batch path, compiled where Numba is installed, the sweep's tables
only, its summary metrics and part file): one run first to fill the per-process caches and call
each kernel once, then ``--runs`` runs on the clock, printed as CPU milliseconds per run, the
start year (construction) and each phase. For a profile
inside the phases use pyinstrument (``pip install pyinstrument``)::

    .venv/bin/python -m pyinstrument -i 0.0005 benchmarks/profile_phases.py --firms 100000
"""

from __future__ import annotations

import argparse
import collections
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from nqpf.agents import financier, government, people, region, university
from nqpf.agents.firms import investment, production, settlement, shipping
from nqpf.sim import RegionalEconomy, Scenario
from nqpf.sim.outputs import metrics

ROOT = Path(__file__).resolve().parent.parent

PHASES = {
    production: (
        "install_capital",
        "clear_markets",
        "measure_value_added",
        "improve_productivity",
        "learn_by_doing",
    ),
    investment: ("invest_and_enter",),
    shipping: ("ship_goods",),
    settlement: (
        "book_results",
        "find_distress",
        "exit_firms",
        "record_industry_results",
        "remove_exits",
    ),
    government: (
        "update_central_rules",
        "plan_priorities",
        "set_budgets",
        "bail_out",
        "retire_controlled_capacity",
        "close_traditional_plants",
        "close_budgets",
    ),
    financier: ("set_credit_terms", "close_banks", "value_fund_stakes", "allocate_saving"),
    region: (
        "install_capital",
        "update_demand",
        "produce_aggregate",
        "advance_regional_tfp",
    ),
    people: ("grow_population", "migrate"),
    university: ("produce_research_and_graduates",),
    metrics: ("collect",),
}
"""The phase functions timed, by module (the model looks them up on the module at call time)."""


def timed(label: str, fn: Callable, spent: collections.Counter) -> Callable:
    """``fn`` with its CPU time added to ``spent[label]`` on every call."""

    def wrapper(*args, **kwargs):
        t0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - t0

    return wrapper


def profile_sweep(spec: Path, runs: int, spent: collections.Counter) -> tuple[float, int]:
    """CPU seconds of ``runs`` runs of the sweep ``spec`` as its worker runs them, after one
    warm-up run; returns (seconds, runs). Construction (the start year, whose phases it runs) is
    timed into ``spent`` as one row, its phases not in theirs."""
    from nqpf.sim.experiments.sweep_plan import plan
    from nqpf.sim.experiments.sweep_spec import load_sweep
    from nqpf.sim.experiments.sweep_worker import run_task, sweep_tasks

    build = RegionalEconomy.__init__

    def construct(self, *args, **kwargs) -> None:  # the start year's phases count only here
        before, t0 = spent.copy(), time.process_time()
        try:
            build(self, *args, **kwargs)
        finally:
            spent.subtract(spent - before)
            spent["start year (construction)"] += time.process_time() - t0

    RegionalEconomy.__init__ = construct
    sweep = load_sweep(spec)
    the_plan = plan(sweep)
    with tempfile.TemporaryDirectory() as out:
        tasks = sweep_tasks(sweep, the_plan, the_plan.runs.iloc[: runs + 1], Path(out))
        run_task(tasks[0])  # per-process caches, each kernel's first call
        spent.clear()
        c0 = time.process_time()
        for task in tasks[1:]:
            run_task(task)
        return time.process_time() - c0, len(tasks) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--set", action="append", default=[], help="extra scenario override")
    parser.add_argument(
        "--compiled", action="store_true", help="the compiled kernels' path (NQPF_JIT=1)"
    )
    parser.add_argument(
        "--sweep",
        type=Path,
        nargs="?",
        const=ROOT / "scenarios" / "sweeps" / "herding_intensity.toml",
        help="time a sweep's runs instead (default spec: herding_intensity)",
    )
    parser.add_argument("--runs", type=int, default=30, help="runs on the clock with --sweep")
    args = parser.parse_args()
    if args.runs < 1 or args.years < 1:
        parser.error("--runs and --years take a whole number of at least 1")
    if args.compiled:
        os.environ["NQPF_JIT"] = "1"
        from nqpf.sim.economics import compiled_path

        compiled_path.load_all()
        warm = Scenario.load(
            ROOT / "scenarios" / "baseline.toml",
            overrides=["economy.initial_firms=2000", "economy.firm_agents=false", *args.set],
        )
        RegionalEconomy(warm, seed=1).step()  # each kernel's first call (cache read or compile)
    spent: collections.Counter = collections.Counter()
    for module, names in PHASES.items():
        short = module.__name__.rsplit(".", 1)[-1]
        for name in names:
            setattr(module, name, timed(f"{short}.{name}", getattr(module, name), spent))
    if args.sweep is not None:
        total, runs = profile_sweep(args.sweep, args.runs, spent)
        print(
            f"{runs} runs of {args.sweep.name}: {1000 * total / runs:.1f} ms of CPU a run; "
            f"outside the phases and the start year {1000 * (total - sum(spent.values())) / runs:.1f}"
            " ms (the rest of each year, summary metrics, part files)"
        )
        print("| phase | ms of CPU per run | share |")
        print("|---|---|---|")
        for label, seconds in spent.most_common():
            print(f"| {label} | {1000 * seconds / runs:.2f} | {seconds / total:.0%} |")
        return
    overrides = [f"economy.initial_firms={args.firms}", "economy.firm_agents=false", *args.set]
    sc = Scenario.load(ROOT / "scenarios" / "baseline.toml", overrides=overrides)
    model = RegionalEconomy(sc, seed=0)
    spent.clear()
    firm_steps = 0
    c0 = time.process_time()
    for _ in range(args.years):
        model.step()
        firm_steps += model.world.firms.n
    total = time.process_time() - c0
    per_year = 1000.0 / args.years
    print(
        f"{args.years} years, {firm_steps / args.years:,.0f} firms on average: "
        f"{total * per_year:.1f} ms of CPU a year ({firm_steps / total:,.0f} firm-steps per CPU s); "
        f"outside the phases {(total - sum(spent.values())) * per_year:.1f} ms"
    )
    print("| phase | ms of CPU per year | share |")
    print("|---|---|---|")
    for label, seconds in spent.most_common():
        print(f"| {label} | {seconds * per_year:.2f} | {seconds / total:.0%} |")


if __name__ == "__main__":
    main()
