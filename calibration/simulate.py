"""Simulated moments for many parameter vectors at once, through the executor seam
``sim.experiments.batch``.

One *evaluation* of a parameter vector theta is R model runs with fixed seeds (common random
numbers: every theta sees the same R seeds, so differences between thetas are not simulation
noise), each turned into moments by :func:`calibration.moments.compute_moments` inside the
worker, and averaged. A whole population of thetas (one generation of differential evolution,
the points of a finite-difference Jacobian) goes to the executor as one batch of S x R runs.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from nqpf.calibration.moments import blank_investment, compute_moments, moment_names
from nqpf.sim.config import Scenario
from nqpf.sim.experiments.batch import RunSpec, map_runs, run_one


@dataclass(frozen=True)
class MomentTask:
    """One simulation: a run spec plus the moment windows to compute from its regions table."""

    spec: RunSpec
    keys: tuple[str, ...]
    windows: tuple[tuple[int, int], ...]
    points: int
    keep_regions: bool = False
    skip: tuple[int, ...] = ()
    """Years the growth moments leave out (:func:`calibration.moments.compute_moments`)."""
    no_investment: tuple[int, ...] = ()
    """Years with no investment in the data: the model's investment is blanked in them too, so
    the investment moments of data and model cover the same years."""


@dataclass
class MomentRecord:
    """What a worker sends back: moments per window (and the regions table on request)."""

    run_id: str
    seed: int
    status: str
    error: str = ""
    wall_time_s: float = 0.0
    moments: list[dict[str, float]] = field(default_factory=list)
    regions: pd.DataFrame | None = None


def _model_counters() -> dict | None:
    """Mesa 3.3's class-level agent-id counters, keyed by model (absent in later Mesa)."""
    import mesa

    ids = getattr(mesa.Agent, "_ids", None)
    return ids if isinstance(ids, dict) else None


def simulate_moments(task: MomentTask) -> MomentRecord:
    """Run one task (top level, picklable): the model via ``run_one``, then its moments.

    Mesa 3.3 keeps every model alive after its run through ``mesa.Agent._ids`` (a class-level
    dict keyed by model), about 5 MB per china31 run, so a worker doing thousands of runs would
    grow by gigabytes. The counter of the model this task created is dropped after the run.
    """
    counters = _model_counters()
    before = {id(m) for m in counters} if counters is not None else set()
    try:
        record = run_one(task.spec)
    finally:
        if counters is not None:
            for model in [m for m in counters if id(m) not in before]:
                del counters[model]
    if record.status != "ok":
        return MomentRecord(record.run_id, record.seed, "error", record.error, record.wall_time_s)
    regions = record.tables["regions"]
    if task.no_investment:
        regions = blank_investment(regions, task.no_investment)
    try:
        moments = [
            compute_moments(regions, task.keys, a, b, task.points, task.skip).to_dict()
            for a, b in task.windows
        ]
    except Exception as exc:  # noqa: BLE001 - a failed run is data, the batch goes on
        return MomentRecord(
            record.run_id,
            record.seed,
            "error",
            f"moments: {type(exc).__name__}: {exc}",
            record.wall_time_s,
        )
    return MomentRecord(
        record.run_id,
        record.seed,
        "ok",
        "",
        record.wall_time_s,
        moments,
        regions if task.keep_regions else None,
    )


@dataclass
class Evaluation:
    """Moments of S parameter vectors, averaged over R seeds.

    ``moments[w]`` is an (S, M_w) array for window ``w`` (NaN rows for failed thetas);
    ``regions[s]`` lists the R regions tables of theta ``s`` when they were kept.
    """

    moments: list[np.ndarray]
    names: list[list[str]]
    failed: np.ndarray
    errors: list[str]
    regions: list[list[pd.DataFrame]]
    wall_time_s: float


class Simulator:
    """Evaluates parameter vectors of one scenario on fixed seeds through an executor.

    Parameters
    ----------
    scenario
        The scenario being calibrated (fixed overrides applied).
    names
        Dotted scenario fields that the columns of a theta array set.
    keys, points
        Moment keys and sigma-path points (see :mod:`calibration.moments`).
    seeds
        The R common seeds.
    executor
        From :func:`sim.experiments.batch.make_executor`.
    on_run
        Called once per finished run (progress bars).
    start_overrides
        Scenario values for a run starting in a given year (the data's start-year saving rate
        and income growth, :mod:`calibration.start_values`), applied under the parameters.
    skip
        Years whose growth the growth moments leave out (``[fit] skip_years``), in every window.
    no_investment
        Years without investment in the data
        (:func:`calibration.moments.years_without_investment`): the model's investment is
        blanked in them before its moments are computed, and in the regions tables it returns.
    """

    def __init__(
        self,
        scenario: Scenario,
        names: Sequence[str],
        keys: Sequence[str],
        points: int,
        seeds: Sequence[int],
        executor: cf.Executor,
        on_run: Callable[[], None] | None = None,
        start_overrides: Callable[[int], dict[str, float]] | None = None,
        skip: Sequence[int] = (),
        no_investment: Sequence[int] = (),
    ) -> None:
        self.scenario_dict = scenario.to_dict()
        self.skip = tuple(int(y) for y in skip)
        self.no_investment = tuple(int(y) for y in no_investment)
        self.start_overrides = start_overrides
        self.names = list(names)
        self.keys = tuple(keys)
        self.points = points
        self.seeds = list(seeds)
        self.executor = executor
        self.on_run = on_run
        self.runs = 0
        self.evaluations = 0

    def evaluate(
        self,
        thetas: np.ndarray,
        *,
        start: int,
        end: int,
        windows: Sequence[tuple[int, int]],
        keep_regions: bool = False,
        label: str = "eval",
    ) -> Evaluation:
        """Simulate every row of ``thetas`` (shape S x P) over ``start..end`` on every seed."""
        import time

        thetas = np.atleast_2d(np.asarray(thetas, dtype=float))
        t0 = time.perf_counter()
        tasks = []
        at_start = self.start_overrides(start) if self.start_overrides else {}
        for s, theta in enumerate(thetas):
            overrides = {**at_start, **{n: float(v) for n, v in zip(self.names, theta)}}
            overrides.update({"world.start_year": start, "world.end_year": end})
            for r, seed in enumerate(self.seeds):
                spec = RunSpec(
                    f"{label}-{s}-{r}", self.scenario_dict, seed, overrides, tables=("regions",)
                )
                tasks.append(
                    MomentTask(
                        spec,
                        self.keys,
                        tuple(windows),
                        self.points,
                        keep_regions,
                        self.skip,
                        self.no_investment,
                    )
                )
        results: dict[str, MomentRecord] = {}
        errors: list[str] = []

        def lost(task: MomentTask, exc: BaseException) -> None:
            errors.append(f"{task.spec.run_id}: worker failed: {type(exc).__name__}: {exc}")

        def done(_: MomentRecord) -> None:
            if self.on_run is not None:
                self.on_run()

        for record in map_runs(
            tasks, self.executor, fn=simulate_moments, on_result=done, on_error=lost
        ):
            results[record.run_id] = record
        self.runs += len(tasks)
        self.evaluations += len(thetas)

        n_windows = len(windows)
        per_theta: list[list[list[dict[str, float]]]] = [
            [[] for _ in range(n_windows)] for _ in thetas
        ]
        regions: list[list[pd.DataFrame]] = [[] for _ in thetas]
        failed = np.zeros(len(thetas), dtype=bool)
        for s in range(len(thetas)):
            for r in range(len(self.seeds)):
                rec = results.get(f"{label}-{s}-{r}")
                if rec is None or rec.status != "ok":
                    failed[s] = True
                    if rec is not None:
                        errors.append(f"{rec.run_id} (seed {rec.seed}): {rec.error}")
                    continue
                for w in range(n_windows):
                    per_theta[s][w].append(rec.moments[w])
                if rec.regions is not None:
                    regions[s].append(rec.regions)
        names = [moment_names(self.keys, a, b, self.points) for a, b in windows]
        arrays = []
        for w in range(n_windows):
            out = np.full((len(thetas), len(names[w])), np.nan)
            for s in range(len(thetas)):
                if not failed[s]:
                    frame = pd.DataFrame(per_theta[s][w], columns=names[w])
                    out[s] = frame.to_numpy(dtype=float).mean(axis=0)
            arrays.append(out)
        return Evaluation(arrays, names, failed, errors, regions, time.perf_counter() - t0)
