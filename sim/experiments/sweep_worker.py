"""How one sweep run happens on a worker: run, reduce to summary metrics, write its part.

:func:`run_task` is a top-level picklable function: it runs one design point through
:func:`nqpf.sim.experiments.batch.run_one`, reduces the national table to the sweep's summary
metrics, writes ``DIR/runs/part-<run_id>.parquet`` (one row) and, when asked,
``DIR/series/part-<run_id>.parquet`` (the national table), and returns the row.

A part is written to a hidden temporary name and renamed into place, so a part file exists only
when its run has finished: a killed sweep loses no finished run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from nqpf.sim.experiments.atomic import replace_whole
from nqpf.sim.experiments.batch import RunSpec, run_one
from nqpf.sim.experiments.sweep_metrics import MetricSpec

if TYPE_CHECKING:
    import pandas as pd

    from nqpf.sim.experiments.sweep_plan import Plan
    from nqpf.sim.experiments.sweep_spec import Sweep


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


def sweep_tasks(sweep: Sweep, the_plan: Plan, runs: pd.DataFrame, out_dir: Path) -> list[SweepTask]:
    """One task per row of ``runs`` (rows of ``the_plan.runs``), writing under ``out_dir``."""
    common = {  # the same for every run; the out path absolute: a worker's cwd is not ours
        "out_dir": str(Path(out_dir).resolve()),
        "model": sweep.spec.model,
        "scenario": sweep.scenario.to_dict() if sweep.scenario is not None else None,
        "metrics": {k: m.model_dump(mode="json") for k, m in sweep.spec.metrics.items()},
        "time_series": sweep.spec.time_series,
    }
    return [
        SweepTask(
            run_id=r.run_id,
            point=int(r.point),
            replicate=int(r.replicate),
            seed=int(r.seed),
            params=the_plan.values(sweep, int(r.point)),
            **common,
        )
        for r in runs.itertuples(index=False)
    ]


def run_task(task: SweepTask) -> dict[str, Any]:
    """Run one sweep point, write its part file(s), return its row (a small dict).

    The engine run goes through :func:`nqpf.sim.experiments.batch.run_one` (an exception there is
    a row with ``status = "error"``); ``model = "ishigami"`` evaluates SALib's Ishigami function
    instead.
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
    row = {
        "run_id": task.run_id,
        "point": task.point,
        "replicate": task.replicate,
        "seed": task.seed,
        **task.params,
        "status": status,
        "error": error,
        "wall_time_s": time.perf_counter() - t0,
        **metrics,
    }
    out = Path(task.out_dir)
    if task.time_series and national is not None:
        series = national.copy()
        series.insert(0, "run_id", task.run_id)
        _write_atomic(
            pa.Table.from_pandas(series, preserve_index=False),
            out / "series" / f"part-{task.run_id}.parquet",
        )
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
    # one row: column statistics, dictionaries and compression would only cost time
    _write_atomic(
        pa.table(columns), path, write_statistics=False, compression="none", use_dictionary=False
    )
    return path


def _write_atomic(table: pa.Table, path: Path, **options: Any) -> None:
    """Write to a hidden temporary file beside ``path``, then rename: readers and resumes never
    see half a part (names starting with '.' are ignored by Parquet dataset readers).
    ``options`` go to :func:`pyarrow.parquet.write_table`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_whole(path, lambda tmp: pq.write_table(table, tmp, **options))
