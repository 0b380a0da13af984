"""Engine benchmarks (not part of the test run): default run time, firm-steps per second, memory.

Usage::

    .venv/bin/python benchmarks/run_benchmarks.py [--quick] [--out benchmarks/results.json]

Measures, each in a fresh subprocess so that peak memory is the run's own:

* wall time of the default china31 run 2023-2050 (``scenarios/baseline.toml``), split into
  model construction and the 27 simulated years;
* firm-steps per second at about 10k, 30k and 100k firms (``economy.initial_firms``), with and
  without Mesa ``Firm`` view agents, over 10 simulated years after construction;
* peak resident memory of each run (``resource.getrusage``).

Each case runs ``--repeats`` times (default 5) and every figure is the median over the repeats,
wall time and CPU time (``time.process_time``) apart: on a shared machine the CPU time moves far
less with the load than the wall time.

Prints a Markdown table and writes the figures to JSON for ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine_speed import measure as machine_speed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, {root!r})
from nqpf.sim import RegionalEconomy, Scenario
if {compiled!r}:  # the compiled kernels loaded, and each called once, before the clock starts
    os.environ["NQPF_JIT"] = "1"
    from nqpf.sim.economics import compiled_path
    compiled_path.load_all()
    warm = Scenario.load({scenario!r}, overrides=["economy.initial_firms=2000",
                                                  "economy.firm_agents=false"])
    RegionalEconomy(warm, seed=1).step()
overrides = {overrides!r}
steps = {steps!r}
sc = Scenario.load({scenario!r}, overrides=overrides)
c0 = time.process_time()
t0 = time.perf_counter()
model = RegionalEconomy(sc, seed=0)
t1 = time.perf_counter()
c1 = time.process_time()
n0 = model.world.firms.n
firm_steps = 0
for _ in range(steps if steps else model.end_year - model.year):
    model.step()
    firm_steps += model.world.firms.n
t2 = time.perf_counter()
c2 = time.process_time()
print(json.dumps(dict(init_s=t1 - t0, run_s=t2 - t1, init_cpu_s=c1 - c0, run_cpu_s=c2 - c1, steps=steps or (model.end_year - sc.world.start_year),
                      firms_start=n0, firms_end=model.world.firms.n, firm_steps=firm_steps,
                      peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))
"""


def median_record(records: list[dict]) -> dict:
    """One record from several repeats: the median of each number (wall and CPU times each
    taken apart; on a shared machine a median is steadier than the fastest), other fields from
    the first; ``repeats`` says how many."""
    out = dict(records[0])
    for key, value in records[0].items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[key] = statistics.median(r[key] for r in records)
    out["repeats"] = len(records)
    return out


def measure(
    overrides: list[str], steps: int | None, repeats: int, *, compiled: bool = False
) -> dict:
    """Run the child ``repeats`` times, each in a fresh process; the median of each figure.
    ``compiled``: the run takes the compiled kernels (``NQPF_JIT=1``, loaded before timing)."""
    records = []
    for _ in range(repeats):
        code = CHILD.format(
            root=str(ROOT),
            overrides=overrides,
            steps=steps,
            compiled=compiled,
            scenario=str(ROOT / "scenarios" / "baseline.toml"),
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        records.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return median_record(records)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat, skip 100k firms")
    parser.add_argument("--repeats", type=int, default=5, help="fresh processes per case")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    args = parser.parse_args()
    repeats = 1 if args.quick else args.repeats
    load_before = os.getloadavg()
    results: dict = {
        "machine": {
            "python": platform.python_version(),
            "cpu": platform.processor() or platform.machine(),
            "speed": machine_speed(),
        },
        "repeats": repeats,
    }
    default = measure([], None, repeats)
    results["default_run"] = default
    rows = []
    sizes = (10_000, 30_000) if args.quick else (10_000, 30_000, 100_000)
    for n in sizes:
        for agents in (True, False):
            rec = measure(
                [
                    f"economy.initial_firms={n}",
                    f"economy.firm_agents={'true' if agents else 'false'}",
                ],
                10,
                repeats,
            )
            rec["firm_steps_per_s"] = rec["firm_steps"] / rec["run_s"]
            rec["firm_steps_per_cpu_s"] = rec["firm_steps"] / rec["run_cpu_s"]
            rec["requested_firms"] = n
            rec["firm_agents"] = agents
            rows.append(rec)
    results["scaling"] = rows
    results["machine"]["load_before"] = [round(x, 2) for x in load_before]
    results["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(
        f"medians of {repeats} fresh processes; load average before {load_before[0]:.1f}, "
        f"after {os.getloadavg()[0]:.1f}"
    )
    print(
        f"default china31 run 2023-2050: construction {default['init_s']:.3f} s wall "
        f"({default['init_cpu_s']:.3f} s CPU), {default['steps']} years {default['run_s']:.3f} s "
        f"wall ({default['run_cpu_s']:.3f} s CPU), {default['firms_start']} firms, "
        f"peak memory {default['peak_rss_mb']:.0f} MB"
    )
    print(
        "| firms (start) | Firm agents | s per year (wall) | firm-steps per s (wall) "
        "| firm-steps per CPU s | peak memory MB |"
    )
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['firms_start']:,} | {'yes' if r['firm_agents'] else 'no'} "
            f"| {r['run_s'] / 10:.4f} | {r['firm_steps_per_s']:,.0f} "
            f"| {r['firm_steps_per_cpu_s']:,.0f} | {r['peak_rss_mb']:.0f} |"
        )


if __name__ == "__main__":
    main()
