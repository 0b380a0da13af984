"""Where a simulated year goes, phase by phase (not part of the test run).

Usage::

    .venv/bin/python benchmarks/profile_phases.py [--firms 100000] [--years 20]
        [--compiled] [--set key=value ...]

Builds the baseline economy (``economy.firm_agents = false``) with ``--firms`` start firms,
wraps every phase function the model calls in a CPU-time counter (``time.process_time``, so
that other work on a shared machine weighs less than in wall time), runs ``--years`` years and
prints the milliseconds of CPU per simulated year of each phase, largest first. ``--compiled``
times the compiled kernels' path (``NQPF_JIT=1``, the path of batch runs): Numba and every
kernel are loaded, and each kernel called once by a small warm-up model, before the clock
starts. For a profile
inside the phases use pyinstrument (``pip install pyinstrument``)::

    .venv/bin/python -m pyinstrument -i 0.0005 benchmarks/profile_phases.py --firms 100000
"""

from __future__ import annotations

import argparse
import collections
import os
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--set", action="append", default=[], help="extra scenario override")
    parser.add_argument(
        "--compiled", action="store_true", help="the compiled kernels' path (NQPF_JIT=1)"
    )
    args = parser.parse_args()
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
