"""Two versions of the engine side by side, interleaved (not part of the test run).

Usage::

    .venv/bin/python benchmarks/compare_versions.py OLD_VENV NEW_VENV [--rounds 3]
        [--out benchmarks/results_versions.json]

``OLD_VENV`` and ``NEW_VENV`` are virtual environments with nqpf installed (for the old one, a
second worktree at the old commit with ``pip install -e .``). Each round runs, with the old
interpreter and then the new, each in fresh processes:

* ``nqpf --help`` and ``nqpf run scenarios/baseline.toml --out DIR`` (wall and user CPU time);
* the default china31 run 2023-2050: construction, then the 27 years (wall and CPU);
* 10 years at 100k firms (``economy.firm_agents = false``): firm-steps per second (wall, CPU);
* twelve sweep runs of ``scenarios/sweeps/herding_intensity.toml``'s base (to 2040, no Firm
  views, the national table; seeds 0-3 three times, as a sweep's replicates recur at every
  point) in one process after a warm-up run, as a batch worker makes them (the compiled kernels
  where the version has them and Numba is installed, only the national table recorded): CPU
  time per run and construction.

Interleaving (old, new, old, new, ...) spreads the load of a shared machine over both versions;
the script prints the median of each figure over the rounds and the load average per round.
Each child imports the engine from its own interpreter, so this tree's scripts time either.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine_speed import measure as machine_speed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BASELINE = str(ROOT / "scenarios" / "baseline.toml")

ENGINE_CHILD = r"""
import json, sys, time
from nqpf.sim import RegionalEconomy, Scenario
base = {baseline!r}
out = {{}}
sc = Scenario.load(base)
c0, t0 = time.process_time(), time.perf_counter()
m = RegionalEconomy(sc, seed=0)
c1, t1 = time.process_time(), time.perf_counter()
for _ in range(m.end_year - m.year):
    m.step()
c2, t2 = time.process_time(), time.perf_counter()
out.update(default_init_s=t1 - t0, default_init_cpu_s=c1 - c0, default_years_s=t2 - t1,
           default_years_cpu_s=c2 - c1, default_model_cpu_s=c2 - c0)
sc = Scenario.load(base, overrides=["economy.initial_firms=100000", "economy.firm_agents=false"])
t0 = time.perf_counter()
m = RegionalEconomy(sc, seed=0)
c1, t1 = time.process_time(), time.perf_counter()
steps = 0
for _ in range(10):
    m.step()
    steps += m.world.firms.n
c2, t2 = time.process_time(), time.perf_counter()
out.update(init_100k_s=t1 - t0, firm_steps_per_s_100k=steps / (t2 - t1),
           firm_steps_per_cpu_s_100k=steps / (c2 - c1))
sc = Scenario.load(base, overrides=["world.end_year=2040", "economy.firm_agents=false"])
import contextlib
try:  # what a batch worker does, in versions that have it
    from nqpf.sim.economics import compiled_path
    batch = compiled_path.batch_run
    lean = {{"tables": ("national",)}}
except ImportError:
    batch, lean = contextlib.nullcontext, {{}}
with batch():
    RegionalEconomy(sc, seed=0, **lean).run(tables=("national",))
    c0, build = time.process_time(), 0.0
    for run in range(12):  # a sweep's seeds recur at every point (4 replicates)
        b = time.process_time()
        m = RegionalEconomy(sc, seed=run % 4, **lean)
        build += time.process_time() - b
        m.run(tables=("national",))
out.update(sweep_run_cpu_ms=1000 * (time.process_time() - c0) / 12,
           sweep_construction_cpu_ms=1000 * build / 12)
print(json.dumps(out))
"""


def timed_command(argv: list[str]) -> tuple[float, float]:
    """Wall and user CPU time [s] of a command run to its end (its output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before


def one_round(venv: Path, out_dir: str) -> dict:
    """Every figure of one version, each in fresh processes."""
    bin_dir = venv / "bin"
    rec: dict[str, float] = {"load": os.getloadavg()[0]}
    rec["help_s"], rec["help_user_s"] = timed_command([str(bin_dir / "nqpf"), "--help"])
    rec["run_s"], rec["run_user_s"] = timed_command(
        [str(bin_dir / "nqpf"), "run", BASELINE, "--out", out_dir]
    )
    child = subprocess.run(
        [str(bin_dir / "python"), "-c", ENGINE_CHILD.format(baseline=BASELINE)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    rec.update(json.loads(child.stdout.strip().splitlines()[-1]))
    return rec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="virtual environment of the old version")
    parser.add_argument("new", type=Path, help="virtual environment of the new version")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results_versions.json")
    args = parser.parse_args()
    rounds: dict[str, list[dict]] = {"old": [], "new": []}
    speed = machine_speed()  # before the rounds load the machine
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for label, venv in (("old", args.old), ("new", args.new)):
                rec = one_round(venv, str(Path(tmp) / f"{label}{r}"))
                rounds[label].append(rec)
                print(f"round {r + 1} {label}: load {rec['load']:.1f}", file=sys.stderr)
    medians = {
        label: {key: statistics.median(rec[key] for rec in recs) for key in recs[0]}
        for label, recs in rounds.items()
    }
    args.out.write_text(
        json.dumps(
            {
                "venvs": [str(args.old), str(args.new)],
                "machine_speed": speed,
                "rounds": rounds,
                "medians": medians,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    loads = [rec["load"] for recs in rounds.values() for rec in recs]
    print(
        f"medians of {args.rounds} interleaved rounds, load average {min(loads):.1f}-{max(loads):.1f}"
    )
    print("| figure | old | new |")
    print("|---|---|---|")
    for key in medians["old"]:
        if key != "load":
            print(f"| {key} | {medians['old'][key]:,.3f} | {medians['new'][key]:,.3f} |")


if __name__ == "__main__":
    main()
