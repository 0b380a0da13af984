"""The engine beside its peers, in one run (not part of the test run).

Usage::

    .venv/bin/python benchmarks/compare_peers.py [--repeats 3] [--quick]
        [--out benchmarks/results_peers.json]

Times, each case in fresh processes, ``--repeats`` times, every figure the median over them:

* the engine (``scenarios/baseline.toml``) at about 10k, 30k and 100k firms
  (``economy.initial_firms``, ``economy.firm_agents = false``), 10 simulated years after
  construction, counted as ``benchmarks/run_benchmarks.py`` counts them: firm-steps = the live
  firms summed over the simulated years;
* Mesa's Boltzmann wealth example on the installed Mesa (``mesa.examples.BoltzmannWealth``; a
  few-line copy of the model when the examples are not importable), 10,000 agents on a
  100 x 100 grid (Mesa's own "large" benchmark setting), 20 steps: agent-steps per second;
* bamengine (the optional ``bench`` extra: ``pip install -e '.[bench]'``), the BAM model,
  5,000 firms, 25,000 households and 100 banks (30,100 agents), 20 periods:
  agent-steps (firms + households + banks) and firm-steps per second; skipped with a note
  when it is not installed. bamengine runs its goods market as a Python loop, or as a Numba
  kernel when Numba is installed (``goods_kernel = "auto"``), 2.6 times faster here: both are
  timed (``goods_kernel`` "python" and "numba", the second skipped without Numba) and each is
  set beside the engine's path of the same kind (the NumPy path beside bamengine's Python
  loop, the compiled kernels beside its Numba kernel);

and prints the ratios of the engine at 100k firms to each peer. It also times how the
engine's cost grows with firms (the three sizes) and with regions (``synthetic:N`` maps at a
fixed 30k firms). Figures go to JSON; the table in ``docs/performance.md`` is copied from
the printed Markdown. Wall times on a shared machine move with its load: the script records
``os.getloadavg()`` beside the figures, and also each run's CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine_speed import measure as machine_speed  # noqa: E402
from run_benchmarks import ROOT, measure, median_record  # noqa: E402

ENGINE_STEPS = 10
"""Simulated years timed per engine case (after construction)."""
PEER_STEPS = 20
"""Steps timed per peer case (after one warm-up step)."""

MESA_CHILD = r"""
import json, time
n, side, steps = {n!r}, {side!r}, {steps!r}
import mesa
try:
    from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannScenario, BoltzmannWealth

    model = BoltzmannWealth(BoltzmannScenario(n=n, width=side, height=side, rng=0))
    source = "mesa.examples.BoltzmannWealth"
except ImportError:  # the model in a few lines: give one unit to a random cellmate
    from mesa.discrete_space import CellAgent, OrthogonalMooreGrid

    class Money(CellAgent):
        def __init__(self, model, cell):
            super().__init__(model)
            self.cell, self.wealth = cell, 1

        def step(self):
            self.cell = self.cell.neighborhood.select_random_cell()
            if self.wealth > 0:
                others = [a for a in self.cell.agents if a is not self]
                if others:
                    self.random.choice(others).wealth += 1
                    self.wealth -= 1

    class Boltzmann(mesa.Model):
        def __init__(self):
            super().__init__(rng=0)
            grid = OrthogonalMooreGrid((side, side), random=self.random)
            for cell in self.random.choices(grid.all_cells.cells, k=n):
                Money(self, cell)

        def step(self):
            self.agents.shuffle_do("step")

    model, source = Boltzmann(), "few-line copy in compare_peers.py"
model.step()
c0, t0 = time.process_time(), time.perf_counter()
for _ in range(steps):
    model.step()
t1, c1 = time.perf_counter(), time.process_time()
print(json.dumps(dict(source=source, mesa=mesa.__version__, agents=n, grid=side, steps=steps,
                      run_s=t1 - t0, run_cpu_s=c1 - c0, agent_steps=n * steps)))
"""

BAM_CHILD = r"""
import json, time
try:
    import bamengine as be
except ImportError:
    print(json.dumps(dict(skipped="bamengine is not installed (pip install -e '.[bench]')")))
    raise SystemExit(0)
if {kernel!r} == "numba":
    try:
        import numba  # noqa: F401
    except ImportError:
        print(json.dumps(dict(skipped="bamengine's Numba goods kernel: Numba is not installed")))
        raise SystemExit(0)
sim = be.Simulation.init(
    n_firms={n_firms!r}, n_households=5 * {n_firms!r}, n_banks={n_firms!r} // 50, seed=0,
    log_level="ERROR", goods_kernel={kernel!r},
)
sim.step()
c0, t0 = time.process_time(), time.perf_counter()
for _ in range({steps!r}):
    sim.step()
t1, c1 = time.perf_counter(), time.process_time()
agents = sim.n_firms + sim.n_households + sim.n_banks
print(json.dumps(dict(version=be.__version__, goods_kernel={kernel!r}, firms=sim.n_firms,
                      households=sim.n_households, banks=sim.n_banks, steps={steps!r},
                      run_s=t1 - t0, run_cpu_s=c1 - c0,
                      agent_steps=agents * {steps!r}, firm_steps=sim.n_firms * {steps!r})))
"""


def run_child(code: str, repeats: int) -> dict:
    """Run ``code`` in fresh processes ``repeats`` times; the median of each figure."""
    records = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        rec = json.loads(out.stdout.strip().splitlines()[-1])
        if "skipped" in rec:
            return rec
        records.append(rec)
    return median_record(records)


BAM_KERNELS = {"": "python", "_compiled": "numba"}
"""bamengine's goods kernel set beside each engine path (ratio key infix -> ``goods_kernel``)."""


def bamengine(kernel: str, repeats: int) -> dict:
    """bamengine on its ``kernel`` goods kernel, with steps per second (wall and CPU)."""
    rec = run_child(BAM_CHILD.format(n_firms=5_000, steps=PEER_STEPS, kernel=kernel), repeats)
    if "skipped" not in rec:
        for kind in ("agent", "firm"):
            rec[f"{kind}_steps_per_s"] = rec[f"{kind}_steps"] / rec["run_s"]
            rec[f"{kind}_steps_per_cpu_s"] = rec[f"{kind}_steps"] / rec["run_cpu_s"]
    return rec


def engine(n_firms: int, repeats: int, regions: str = "china31", *, compiled: bool = False) -> dict:
    """The engine at ``n_firms`` start firms on ``regions``, without Firm view agents
    (``compiled``: on the compiled kernels, ``NQPF_JIT=1``)."""
    overrides = [
        f"economy.initial_firms={n_firms}",
        "economy.firm_agents=false",
        f"world.geography={regions}",
    ]
    rec = measure(overrides, ENGINE_STEPS, repeats, compiled=compiled)
    rec.update(
        compiled=compiled,
        requested_firms=n_firms,
        geography=regions,
        s_per_year=rec["run_s"] / ENGINE_STEPS,
        firm_steps_per_s=rec["firm_steps"] / rec["run_s"],
        firm_steps_per_cpu_s=rec["firm_steps"] / rec["run_cpu_s"],
    )
    return rec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="fresh processes per case")
    parser.add_argument("--quick", action="store_true", help="one repeat, fewer region maps")
    parser.add_argument(
        "--compiled",
        action="store_true",
        help="the engine on its compiled kernels (NQPF_JIT=1, the path batch runs take; Numba "
        "loaded before the clock starts), besides the NumPy reference path",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results_peers.json")
    args = parser.parse_args()
    repeats = 1 if args.quick else args.repeats
    speed = machine_speed()  # before the cases load the machine
    load_before = os.getloadavg()

    sizes = [engine(n, repeats) for n in (10_000, 30_000, 100_000)]
    compiled_sizes = (
        [engine(n, repeats, compiled=True) for n in (10_000, 30_000, 100_000)]
        if args.compiled
        else []
    )
    region_maps = (10, 31, 100) if args.quick else (10, 31, 100, 300)
    by_regions = [engine(30_000, repeats, f"synthetic:{n}") for n in region_maps]
    mesa_rec = run_child(MESA_CHILD.format(n=10_000, side=100, steps=PEER_STEPS), repeats)
    mesa_rec["agent_steps_per_s"] = mesa_rec["agent_steps"] / mesa_rec["run_s"]
    mesa_rec["agent_steps_per_cpu_s"] = mesa_rec["agent_steps"] / mesa_rec["run_cpu_s"]
    bams = {kernel: bamengine(kernel, repeats) for kernel in BAM_KERNELS.values()}

    # ratios of the engine at 100k firms to each peer, in wall time and in CPU time (the CPU
    # ratio is the steadier one on a shared machine); bamengine on the goods kernel of the
    # engine path's kind
    ratios: dict[str, float] = {}
    paths = [("", sizes[-1])] + ([("_compiled", compiled_sizes[-1])] if compiled_sizes else [])
    for path, top_rec in paths:
        bam = bams[BAM_KERNELS[path]]
        for clock, suffix in (("wall", "per_s"), ("cpu", "per_cpu_s")):
            top = top_rec[f"firm_steps_{suffix}"]
            ratios[f"engine{path}_100k_over_mesa_boltzmann_{clock}"] = (
                top / mesa_rec[f"agent_steps_{suffix}"]
            )
            if "skipped" not in bam:
                for kind in ("agent", "firm"):
                    ratios[f"engine{path}_100k_over_bamengine_{kind}_steps_{clock}"] = (
                        top / bam[f"{kind}_steps_{suffix}"]
                    )
    results = {
        "machine": {
            "python": platform.python_version(),
            "cores": os.cpu_count(),
            "cpu": platform.processor() or platform.machine(),
            "speed": speed,
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
        },
        "repeats": repeats,
        "engine_by_firms": sizes,
        "engine_compiled_by_firms": compiled_sizes,
        "engine_by_regions": by_regions,
        "mesa_boltzmann": mesa_rec,
        "bamengine": bams,
        "ratios": ratios,
    }
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")

    print(
        "| model | agents | s per step | steps per s (wall) | steps per CPU s | "
        "engine at 100k firms is (wall; CPU) |"
    )
    print("|---|---|---|---|---|---|")
    for r in sizes + compiled_sizes:
        label = "nqpf engine, compiled kernels" if r["compiled"] else "nqpf engine"
        print(
            f"| {label} | {r['firms_start']:,} firms | {r['s_per_year']:.4f} | "
            f"{r['firm_steps_per_s']:,.0f} firm-steps | {r['firm_steps_per_cpu_s']:,.0f} | |"
        )
    print(
        f"| Mesa {mesa_rec['mesa']} Boltzmann wealth | {mesa_rec['agents']:,} agents | "
        f"{mesa_rec['run_s'] / mesa_rec['steps']:.4f} | {mesa_rec['agent_steps_per_s']:,.0f} | "
        f"{mesa_rec['agent_steps_per_cpu_s']:,.0f} | "
        f"{ratios['engine_100k_over_mesa_boltzmann_wall']:.1f}x; "
        f"{ratios['engine_100k_over_mesa_boltzmann_cpu']:.1f}x |"
    )
    for path, kernel in BAM_KERNELS.items():
        bam = bams[kernel]
        if "skipped" in bam:
            print(f"| bamengine, {kernel} goods kernel | skipped: {bam['skipped']} | | | | |")
            continue
        n_agents = bam["firms"] + bam["households"] + bam["banks"]
        engine_path = "compiled kernels" if path else "NumPy path"
        versus = (
            f"{ratios[f'engine{path}_100k_over_bamengine_agent_steps_wall']:.1f}x; "
            f"{ratios[f'engine{path}_100k_over_bamengine_agent_steps_cpu']:.1f}x agent-steps, "
            f"{ratios[f'engine{path}_100k_over_bamengine_firm_steps_wall']:.1f}x; "
            f"{ratios[f'engine{path}_100k_over_bamengine_firm_steps_cpu']:.1f}x firm-steps "
            f"({engine_path})"
            if f"engine{path}_100k_over_bamengine_agent_steps_wall" in ratios
            else ""
        )
        print(
            f"| bamengine {bam['version']} (BAM), {kernel} goods kernel | {bam['firms']:,} firms, "
            f"{n_agents:,} agents | {bam['run_s'] / bam['steps']:.4f} | "
            f"{bam['agent_steps_per_s']:,.0f} agent-steps ({bam['firm_steps_per_s']:,.0f} "
            f"firm-steps) | {bam['agent_steps_per_cpu_s']:,.0f} "
            f"({bam['firm_steps_per_cpu_s']:,.0f}) | {versus} |"
        )
    print(
        "\n| regions (synthetic:N) | firms (start) | s per year | CPU s per year | "
        "firm-steps per CPU s |"
    )
    print("|---|---|---|---|---|")
    for r in by_regions:
        print(
            f"| {r['geography']} | {r['firms_start']:,} | {r['s_per_year']:.4f} | "
            f"{r['run_cpu_s'] / ENGINE_STEPS:.4f} | {r['firm_steps_per_cpu_s']:,.0f} |"
        )
    if compiled_sizes:
        print(
            "\nengine at 100k firms on the compiled kernels: "
            f"{ratios['engine_compiled_100k_over_mesa_boltzmann_cpu']:.1f}x Mesa's Boltzmann"
            + (
                f", {ratios['engine_compiled_100k_over_bamengine_agent_steps_cpu']:.1f}x "
                "bamengine's agent-steps (its Numba goods kernel)"
                if "engine_compiled_100k_over_bamengine_agent_steps_cpu" in ratios
                else ""
            )
            + " (CPU)"
        )
    print(f"\nload average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
