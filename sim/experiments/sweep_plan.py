"""What a sweep runs: the design points and the run table, fixed before any run starts.

:func:`plan` turns a validated :class:`~nqpf.sim.experiments.sweep_spec.Sweep` into design
points (grid, Latin hypercube, Sobol/Saltelli or Morris trajectories) and runs (point x
replicate), each with a seed spawned up front from the master seed, so the same spec gives the
same design and seeds on every executor and every resume.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from nqpf.sim.experiments.batch import spawn_seeds
from nqpf.sim.experiments.sweep_spec import Sweep


@dataclass(frozen=True)
class Plan:
    """Design points and runs of a sweep, fixed before any run starts."""

    points: np.ndarray
    """Design matrix as drawn (points x parameters); grid values may be non-numeric."""
    runs: pd.DataFrame
    """One row per run: run_id, point, replicate, seed."""
    design_seed: int

    def values(self, sweep: Sweep, point: int) -> dict[str, Any]:
        """Overrides of a run at ``point``: parameter path -> value as the field takes it."""
        return {p.path: p.cast(v) for p, v in zip(sweep.parameters, self.points[point])}


def salib_problem(sweep: Sweep) -> dict[str, Any]:
    """The SALib problem dict of a sweep's ranged parameters."""
    return {
        "num_vars": len(sweep.parameters),
        "names": [p.path for p in sweep.parameters],
        "bounds": [[p.low, p.high] for p in sweep.parameters],
    }


def design_points(sweep: Sweep, seed: int) -> np.ndarray:
    """Draw the design: grid (itertools.product), latin_hypercube (scipy.stats.qmc),
    sobol (SALib Sobol sequence with Saltelli's scheme) or morris (SALib trajectories)."""
    d = sweep.spec.design
    params = sweep.parameters
    if d.method == "grid":
        # grid values rounded to 12 significant digits: 0.3, not 0.30000000000000004
        axes = [
            list(p.values)
            if p.values is not None
            else [float(f"{v:.12g}") for v in np.linspace(p.low, p.high, p.points or d.levels)]
            for p in params
        ]
        return np.array(list(itertools.product(*axes)), dtype=object)
    if d.method == "latin_hypercube":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=len(params), rng=np.random.default_rng(seed)).random(d.samples)
        return qmc.scale(unit, [p.low for p in params], [p.high for p in params])
    problem = salib_problem(sweep)
    if d.method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, d.samples, calc_second_order=d.second_order, seed=seed)
    from SALib.sample import morris

    return morris.sample(problem, d.samples, num_levels=d.levels, seed=seed)


def plan(sweep: Sweep) -> Plan:
    """Design points and the run table. Seeds come from ``SeedSequence(master_seed)``: with
    common random numbers replicate r has the same seed at every point (differences between
    points are not blurred by different draws); otherwise every run has its own seed."""
    spec = sweep.spec
    design_seed = (
        spec.design.seed
        if spec.design.seed is not None
        else int(np.random.SeedSequence(spec.master_seed).generate_state(1)[0])
    )
    points = design_points(sweep, design_seed)
    n, r = len(points), spec.replicates
    if spec.common_random_numbers:
        seeds = np.tile(spawn_seeds(spec.master_seed, r), n)
    else:
        seeds = np.array(spawn_seeds(spec.master_seed, n * r))
    wp, wr = max(4, len(str(n - 1))), max(2, len(str(r - 1)))
    point = np.repeat(np.arange(n), r)
    replicate = np.tile(np.arange(r), n)
    runs = pd.DataFrame(
        {
            "run_id": [f"p{p:0{wp}d}-r{k:0{wr}d}" for p, k in zip(point, replicate)],
            "point": point,
            "replicate": replicate,
            "seed": seeds.astype(np.int64),
        }
    )
    return Plan(points, runs, design_seed)
