"""Headless parameter sweeps: the design, the per-run worker, the result store and resuming.

Layers (design §11; STYLE habit 6): *what* — :func:`plan` turns a validated :class:`Sweep` into
design points and runs (point x replicate, each with a seed spawned up front from the master
seed); *how* — :func:`run_task`, a top-level picklable function that runs one point through
:func:`sim.batch.run_one`, reduces it to the summary metrics, writes its own Parquet part and
returns a small record; *where* — any executor from :func:`sim.batch.make_executor`; *results* —
``DIR/runs/part-<run_id>.parquet`` (one row per run), ``DIR/series/part-<run_id>.parquet`` (the
national table, when asked) and ``DIR/manifest.json``.

A part is written to a hidden temporary name and renamed into place, so a part file exists only
when its run has finished: a killed sweep loses no finished run, and running it again runs only
the runs without a part. A run that raises is a finished run with ``status = "error"`` and its
error text. The same spec gives the same design and seeds on every executor and every resume.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import itertools
import json
import os
import platform
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from nqpf.sim.batch import RunSpec, map_runs, run_one, spawn_seeds
from nqpf.sim.sweep_metrics import MetricSpec
from nqpf.sim.sweep_spec import Sweep

RUN_COLUMNS = ("run_id", "point", "replicate", "seed", "status", "error", "wall_time_s")
"""Columns of every run row besides parameter values and metrics."""


class SweepStoreError(ValueError):
    """The output folder cannot hold this sweep (another sweep's results, unreadable parts)."""


# --------------------------------------------------------------------------------------------
# What to run
# --------------------------------------------------------------------------------------------


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
    return {"num_vars": len(sweep.parameters), "names": [p.path for p in sweep.parameters],
            "bounds": [[p.low, p.high] for p in sweep.parameters]}


def design_points(sweep: Sweep, seed: int) -> np.ndarray:
    """Draw the design: grid (itertools.product), latin_hypercube (scipy.stats.qmc),
    sobol (SALib Sobol sequence with Saltelli's scheme) or morris (SALib trajectories)."""
    d = sweep.spec.design
    params = sweep.parameters
    if d.method == "grid":
        # grid values rounded to 12 significant digits: 0.3, not 0.30000000000000004
        axes = [list(p.values) if p.values is not None
                else [float(f"{v:.12g}") for v in np.linspace(p.low, p.high, p.points or d.levels)]
                for p in params]
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
    design_seed = (spec.design.seed if spec.design.seed is not None
                   else int(np.random.SeedSequence(spec.master_seed).generate_state(1)[0]))
    points = design_points(sweep, design_seed)
    n, r = len(points), spec.replicates
    if spec.common_random_numbers:
        seeds = np.tile(spawn_seeds(spec.master_seed, r), n)
    else:
        seeds = np.array(spawn_seeds(spec.master_seed, n * r))
    wp, wr = max(4, len(str(n - 1))), max(2, len(str(r - 1)))
    point = np.repeat(np.arange(n), r)
    replicate = np.tile(np.arange(r), n)
    runs = pd.DataFrame({
        "run_id": [f"p{p:0{wp}d}-r{k:0{wr}d}" for p, k in zip(point, replicate)],
        "point": point, "replicate": replicate, "seed": seeds.astype(np.int64),
    })
    return Plan(points, runs, design_seed)


# --------------------------------------------------------------------------------------------
# How one run happens (runs on a worker)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepTask:
    """Everything a worker needs for one run: small and picklable."""

    run_id: str
    point: int
    replicate: int
    seed: int
    params: dict[str, Any]
    out_dir: str
    model: str = "engine"
    scenario: dict[str, Any] | None = None
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)
    time_series: bool = False


def run_task(task: SweepTask) -> dict[str, Any]:
    """Run one sweep point, write its part file(s), return its row (a small dict).

    The engine run goes through :func:`sim.batch.run_one` (an exception there is a row with
    ``status = "error"``); ``model = "ishigami"`` evaluates SALib's Ishigami function instead.
    """
    t0 = time.perf_counter()
    national = None
    if task.model == "ishigami":
        from SALib.test_functions import Ishigami

        x = np.array([[task.params["x1"], task.params["x2"], task.params["x3"]]], dtype=float)
        status, error, metrics = "ok", "", {"y": float(Ishigami.evaluate(x)[0])}
    else:
        record = run_one(RunSpec(task.run_id, task.scenario, task.seed, overrides=task.params))
        status, error = record.status, record.error
        national = record.tables.get("national")
        specs = {name: MetricSpec.model_validate(m) for name, m in task.metrics.items()}
        metrics = {name: float("nan") for name in specs}
        if status == "ok":
            try:
                metrics = {name: m.evaluate(national) for name, m in specs.items()}
            except Exception as exc:  # noqa: BLE001 - recorded like a failed run
                status, error = "error", f"summary metrics: {type(exc).__name__}: {exc}"
    row = {"run_id": task.run_id, "point": task.point, "replicate": task.replicate,
           "seed": task.seed, **task.params, "status": status, "error": error,
           "wall_time_s": time.perf_counter() - t0, **metrics}
    out = Path(task.out_dir)
    if task.time_series and national is not None:
        series = national.copy()
        series.insert(0, "run_id", task.run_id)
        _write_atomic(pa.Table.from_pandas(series, preserve_index=False),
                      out / "series" / f"part-{task.run_id}.parquet")
    write_part(row, out)
    return row


def write_part(row: dict[str, Any], out_dir: Path) -> Path:
    """Write one run's row as ``runs/part-<run_id>.parquet`` (atomically)."""
    columns = {}
    for key, value in row.items():
        if key in ("run_id", "status", "error") or isinstance(value, str):
            typ = pa.string()
        elif isinstance(value, bool):
            typ = pa.bool_()
        elif isinstance(value, (int, np.integer)):
            typ = pa.int64()
        else:
            typ = pa.float64()
        columns[key] = pa.array([value], type=typ)
    path = Path(out_dir) / "runs" / f"part-{row['run_id']}.parquet"
    _write_atomic(pa.table(columns), path)
    return path


def _write_atomic(table: pa.Table, path: Path) -> None:
    """Write to a hidden temporary file beside ``path``, then rename: readers and resumes never
    see half a part (names starting with '.' are ignored by Parquet dataset readers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


# --------------------------------------------------------------------------------------------
# The store: manifest, finished parts, reading results
# --------------------------------------------------------------------------------------------


def done_run_ids(out_dir: Path) -> set[str]:
    """Runs whose part file exists (finished, ok or error)."""
    folder = Path(out_dir) / "runs"
    return {p.name[5:-8] for p in folder.glob("part-*.parquet")} if folder.is_dir() else set()


def read_runs(out_dir: str | Path) -> pd.DataFrame:
    """All finished runs of a sweep, one row each, sorted by run_id."""
    folder = Path(out_dir) / "runs"
    if not any(folder.glob("part-*.parquet")):
        return pd.DataFrame(columns=list(RUN_COLUMNS))
    try:
        df = pd.read_parquet(folder)
    except (OSError, pa.ArrowException) as exc:
        raise SweepStoreError(f"{folder}: cannot read the run parts: {exc}") from None
    return df.sort_values("run_id", ignore_index=True)


def read_series(out_dir: str | Path) -> pd.DataFrame:
    """National tables of every run kept with ``time_series = true`` (a ``run_id`` column)."""
    folder = Path(out_dir) / "series"
    if not any(folder.glob("part-*.parquet")):
        return pd.DataFrame(columns=["run_id", "year"])
    return pd.read_parquet(folder).sort_values(["run_id", "year"], ignore_index=True)


def read_manifest(out_dir: str | Path) -> dict[str, Any]:
    path = Path(out_dir) / "manifest.json"
    if not path.is_file():
        raise SweepStoreError(f"{path} not found: {out_dir} is not a sweep folder "
                              "(made by 'nqpf sweep SPEC --out DIR').")
    return json.loads(path.read_text(encoding="utf-8"))


def build_manifest(sweep: Sweep, the_plan: Plan) -> dict[str, Any]:
    """The manifest's fixed part: spec, base scenario, design, seeds, metrics, fingerprint."""
    from nqpf.sim.runner import _version, git_revision, package_version

    spec = sweep.spec
    metrics = ({name: {"description": m.describe(), "unit": m.unit()}
                for name, m in spec.metrics.items()} if spec.model == "engine"
               else {"y": {"description": "Ishigami function of x1, x2, x3 (a=7, b=0.1)",
                           "unit": "-"}})
    design = {
        "method": spec.design.method, "samples": spec.design.samples,
        "levels": spec.design.levels, "second_order": spec.design.second_order,
        "seed": the_plan.design_seed, "n_points": len(the_plan.points),
        "parameters": [{"path": p.path, "kind": p.kind, "range": [p.low, p.high]
                        if p.low is not None else None,
                        "values": list(p.values) if p.values is not None else None}
                       for p in sweep.parameters],
        "points": the_plan.points.tolist(),
    }
    runs = {k: the_plan.runs[k].tolist() for k in the_plan.runs.columns}
    fixed = {"model": spec.model, "base_scenario": sweep.scenario.to_dict() if sweep.scenario
             else None, "design": design, "runs": runs,
             "metrics": {k: m.model_dump(mode="json") for k, m in spec.metrics.items()},
             "time_series": spec.time_series}
    canonical = json.dumps(fixed, sort_keys=True, default=str).encode()
    fingerprint = hashlib.sha256(canonical).hexdigest()
    return {
        "kind": "nqpf-sweep", "name": spec.name, "description": spec.description,
        "spec_file": str(sweep.path), "spec": spec.model_dump(mode="json"),
        "replicates": spec.replicates, "master_seed": spec.master_seed,
        "common_random_numbers": spec.common_random_numbers,
        "metric_info": metrics, **fixed, "fingerprint": fingerprint,
        "versions": {"nqpf": package_version(), "git_revision": git_revision(),
                     "python": platform.python_version(),
                     "libraries": {lib: _version(lib) for lib in
                                   ("mesa", "numpy", "pandas", "pyarrow", "SALib", "distributed")}},
        "sessions": [],
    }


def _write_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    path = out_dir / "manifest.json"
    tmp = out_dir / ".manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False, default=str),
                   encoding="utf-8")
    os.replace(tmp, path)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --------------------------------------------------------------------------------------------
# Running a sweep
# --------------------------------------------------------------------------------------------


@dataclass
class SweepOutcome:
    """What a call to :func:`run_sweep` did."""

    total: int
    skipped: int
    """Runs already finished before this call (their parts were kept)."""
    ok: int = 0
    error: int = 0
    lost: list[str] = field(default_factory=list)
    """Runs whose worker failed (no part written): a rerun retries them."""
    first_error: str = ""
    """The first failed run's id and error text."""
    first_lost: str = ""
    """The first lost run's id and what its future raised."""
    wall_time_s: float = 0.0
    status: str = "running"


def run_sweep(
    sweep: Sweep,
    out_dir: str | Path,
    executor: cf.Executor,
    *,
    executor_label: str = "local",
    progress: bool = True,
    retry_failed: bool = False,
    announce: Any = None,
) -> SweepOutcome:
    """Run every run of ``sweep`` that has no part in ``out_dir`` on ``executor``.

    ``announce(text)`` is called with a one-line plan before the runs start. On Ctrl-C the
    manifest records the interruption and the exception propagates; finished parts stay.
    """
    out = Path(out_dir)
    the_plan = plan(sweep)
    manifest = build_manifest(sweep, the_plan)
    if (out / "manifest.json").is_file():
        old = read_manifest(out)
        if old.get("fingerprint") != manifest["fingerprint"]:
            raise SweepStoreError(
                f"{out} holds results of a different sweep ({old.get('spec_file')}: its base "
                "scenario, parameters, design, seeds or metrics differ, or this version of nqpf "
                "resolves the base scenario differently). Use another --out, or delete the "
                "folder to start again.")
        manifest["sessions"] = old.get("sessions", [])
        manifest["created_utc"] = old.get("created_utc", _now())
    else:
        manifest["created_utc"] = _now()
    for folder in (out / "runs", out / "series"):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(".part-*.tmp"):  # left by a killed worker
            stale.unlink(missing_ok=True)

    done = done_run_ids(out)
    if retry_failed and done:
        finished = read_runs(out)
        done -= set(finished.loc[finished["status"] != "ok", "run_id"])
    todo = the_plan.runs[~the_plan.runs["run_id"].isin(done)]
    outcome = SweepOutcome(total=len(the_plan.runs), skipped=len(the_plan.runs) - len(todo))
    session = {"started_utc": _now(), "executor": executor_label, "submitted": len(todo)}
    manifest["sessions"].append(session)
    manifest["status"] = "running"
    _write_manifest(out, manifest)
    if announce is not None:
        announce(f"{sweep.spec.name}: {len(the_plan.points)} points x {sweep.spec.replicates} "
                 f"replicates = {outcome.total} runs; {outcome.skipped} already done, "
                 f"{len(todo)} to run on {executor_label} -> {out}/")

    common = {  # the same for every run; the out path absolute: a worker's cwd is not ours
        "out_dir": str(out.resolve()), "model": sweep.spec.model,
        "scenario": sweep.scenario.to_dict() if sweep.scenario is not None else None,
        "metrics": {k: m.model_dump(mode="json") for k, m in sweep.spec.metrics.items()},
        "time_series": sweep.spec.time_series,
    }
    tasks = [SweepTask(run_id=r.run_id, point=int(r.point), replicate=int(r.replicate),
                       seed=int(r.seed), params=the_plan.values(sweep, int(r.point)), **common)
             for r in todo.itertuples(index=False)]
    t0 = time.perf_counter()

    def lost(task: SweepTask, exc: BaseException) -> None:
        outcome.lost.append(task.run_id)
        outcome.first_lost = outcome.first_lost or f"{task.run_id}: {type(exc).__name__}: {exc}"

    try:
        for row in map_runs(tasks, executor, fn=run_task, on_error=lost,
                            progress=f"sweep {sweep.spec.name}" if progress and tasks else None):
            if row["status"] == "ok":
                outcome.ok += 1
            else:
                outcome.error += 1
                outcome.first_error = outcome.first_error or f"{row['run_id']}: {row['error']}"
            if not (out / "runs" / f"part-{row['run_id']}.parquet").exists():
                write_part(row, out)  # the worker's disk is not ours: keep the row anyway
        outcome.status = "complete" if not outcome.lost else "incomplete"
    except KeyboardInterrupt:
        outcome.status = "interrupted"
        raise
    except Exception:
        outcome.status = "failed"
        raise
    finally:
        outcome.wall_time_s = time.perf_counter() - t0
        finished = len(done_run_ids(out))
        session.update(finished_utc=_now(), wall_time_s=round(outcome.wall_time_s, 3),
                       ok=outcome.ok, error=outcome.error, lost=len(outcome.lost),
                       status=outcome.status)
        if outcome.ok + outcome.error and outcome.wall_time_s > 0:
            session["runs_per_minute"] = round(60 * (outcome.ok + outcome.error)
                                               / outcome.wall_time_s, 2)
        manifest["status"] = "complete" if finished >= outcome.total else outcome.status
        manifest["counts"] = {"total": outcome.total, "finished": finished,
                              "missing": outcome.total - finished}
        _write_manifest(out, manifest)
    return outcome

