"""Headless parameter sweeps: run every run of a sweep that has no result yet, and resume.

Layers (design §11; STYLE habit 6), one module each: *what* — :func:`plan`
(:mod:`~nqpf.sim.experiments.sweep_plan`) turns a validated :class:`Sweep` into design points
and runs (point x replicate, each with a seed spawned up front from the master seed); *how* —
:func:`run_task` (:mod:`~nqpf.sim.experiments.sweep_worker`), a top-level picklable function
that runs one point through :func:`nqpf.sim.experiments.batch.run_one`, reduces it to the summary
metrics, writes its own Parquet part and returns a small record; *where* — any executor from
:func:`nqpf.sim.experiments.batch.make_executor`; *results* —
(:mod:`~nqpf.sim.experiments.sweep_store`) ``DIR/runs/part-<run_id>.parquet`` (one row per run),
``DIR/series/part-<run_id>.parquet`` (the national table, when asked) and ``DIR/manifest.json``.
This module ties them together: :func:`run_sweep`.

A part is written to a hidden temporary name and renamed into place, so a part file exists only
when its run has finished: a killed sweep loses no finished run, and running it again runs only
the runs without a part. A run that raises is a finished run with ``status = "error"`` and its
error text. The same spec gives the same design and seeds on every executor and every resume.
"""

from __future__ import annotations

import concurrent.futures as cf
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nqpf.sim.experiments.batch import map_runs, plural
from nqpf.sim.experiments.sweep_plan import plan
from nqpf.sim.experiments.sweep_spec import Sweep
from nqpf.sim.experiments.sweep_store import (
    SweepStoreError,
    build_manifest,
    done_run_ids,
    manifest_differences,
    now_utc,
    read_manifest,
    read_runs,
    write_manifest,
)
from nqpf.sim.experiments.sweep_worker import SweepTask, run_task, sweep_tasks, write_part


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
            differ = manifest_differences(old, manifest)
            what = (
                "what differs: " + "; ".join(differ)
                if differ
                else "its base scenario, parameters, design, seeds and metrics are the same, "
                "but this version of nqpf records them differently"
            )
            raise SweepStoreError(
                f"{out} holds results of a different sweep ({old.get('spec_file')}; {what}). "
                "Use another --out, or delete the folder to start again."
            )
        manifest["sessions"] = old.get("sessions", [])
        manifest["created_utc"] = old.get("created_utc", now_utc())
    else:
        manifest["created_utc"] = now_utc()
    # series/ only when the national tables are kept (time_series = true)
    for folder in (out / "runs", *([out / "series"] if sweep.spec.time_series else [])):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(".part-*.tmp"):  # left by a killed worker
            stale.unlink(missing_ok=True)

    done = done_run_ids(out)
    if retry_failed and done:
        finished = read_runs(out)
        done -= set(finished.loc[finished["status"] != "ok", "run_id"])
    todo = the_plan.runs[~the_plan.runs["run_id"].isin(done)]
    outcome = SweepOutcome(total=len(the_plan.runs), skipped=len(the_plan.runs) - len(todo))
    session = {"started_utc": now_utc(), "executor": executor_label, "submitted": len(todo)}
    manifest["sessions"].append(session)
    manifest["status"] = "running"
    write_manifest(out, manifest)
    if announce is not None:
        announce(
            f"{sweep.spec.name}: {plural(len(the_plan.points), 'point')} x "
            f"{plural(sweep.spec.replicates, 'replicate')} = {plural(outcome.total, 'run')}; "
            f"{outcome.skipped} already done, "
            f"{len(todo)} to run on {executor_label} -> {out}/"
        )

    tasks = sweep_tasks(sweep, the_plan, todo, out)
    t0 = time.perf_counter()

    def lost(task: SweepTask, exc: BaseException) -> None:
        outcome.lost.append(task.run_id)
        outcome.first_lost = outcome.first_lost or f"{task.run_id}: {type(exc).__name__}: {exc}"

    try:
        for row in map_runs(
            tasks,
            executor,
            fn=run_task,
            on_error=lost,
            progress=f"sweep {sweep.spec.name}" if progress and tasks else None,
        ):
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
        session.update(
            finished_utc=now_utc(),
            wall_time_s=round(outcome.wall_time_s, 3),
            ok=outcome.ok,
            error=outcome.error,
            lost=len(outcome.lost),
            status=outcome.status,
        )
        if outcome.ok + outcome.error and outcome.wall_time_s > 0:
            session["runs_per_minute"] = round(
                60 * (outcome.ok + outcome.error) / outcome.wall_time_s, 2
            )
        manifest["status"] = "complete" if finished >= outcome.total else outcome.status
        manifest["counts"] = {
            "total": outcome.total,
            "finished": finished,
            "missing": outcome.total - finished,
        }
        write_manifest(out, manifest)
    return outcome
