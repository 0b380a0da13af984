"""How one policy-search evaluation happens on a worker: one run of a candidate in one state of
the world with one seed, reduced to the objectives and stored as a sweep part.

:func:`run_policy_task` is a top-level picklable function for any executor of
:func:`nqpf.sim.experiments.batch.make_executor`. It runs through
:func:`~nqpf.sim.experiments.batch.run_one`, adds the config's derived columns, evaluates each
objective as a sweep metric (:class:`~nqpf.sim.experiments.sweep_metrics.MetricSpec`) and writes
``DIR/runs/part-<run_id>.parquet`` with :func:`~nqpf.sim.experiments.sweep_worker.write_part`
(atomically: a part exists only for a finished run, so a killed search loses no finished run).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nqpf.sim.experiments.batch import RunSpec, run_one
from nqpf.sim.experiments.policy_spec import derive
from nqpf.sim.experiments.sweep_metrics import MetricSpec
from nqpf.sim.experiments.sweep_worker import write_part


@dataclass(frozen=True)
class PolicyTask:
    """One evaluation: candidate ``key`` in ``state`` with replicate ``replicate``."""

    run_id: str
    key: str
    """Content key of the candidate (a hash of its lever values): equal candidates share runs."""
    state: int
    replicate: int
    seed: int
    overrides: dict[str, Any]
    """Lever values and the state's uncertain parameters, as dotted paths."""
    scenario: dict[str, Any]
    objectives: dict[str, dict[str, Any]]
    derived: dict[str, str] = field(default_factory=dict)
    out_dir: str = ""


def run_policy_task(task: PolicyTask) -> dict[str, Any]:
    """Run one evaluation, write its part, return its row (objectives NaN when the run failed)."""
    t0 = time.perf_counter()
    record = run_one(RunSpec(task.run_id, task.scenario, task.seed, overrides=task.overrides))
    status, error = record.status, record.error
    specs = {name: MetricSpec.model_validate(_metric(m)) for name, m in task.objectives.items()}
    values = {name: float("nan") for name in specs}
    if status == "ok":
        try:
            national = derive(record.tables["national"], task.derived)
            values = {name: m.evaluate(national) for name, m in specs.items()}
        except Exception as exc:  # noqa: BLE001 - recorded like a failed run
            status, error = "error", f"objectives: {type(exc).__name__}: {exc}"
    row = {
        "run_id": task.run_id,
        "key": task.key,
        "state": task.state,
        "replicate": task.replicate,
        "seed": task.seed,
        "status": status,
        "error": error,
        "wall_time_s": time.perf_counter() - t0,
        **values,
    }
    if task.out_dir:
        write_part(row, Path(task.out_dir))
    return row


def _metric(objective: dict[str, Any]) -> dict[str, Any]:
    """An objective's metric fields (without its direction)."""
    return {k: v for k, v in objective.items() if k != "direction"}
