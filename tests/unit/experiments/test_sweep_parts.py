"""The sweep's parts one by one: plan (design, seeds), worker (one run, its part), store."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from nqpf.sim.experiments.batch import SerialExecutor, spawn_seeds
from nqpf.sim.experiments.sweep import run_sweep
from nqpf.sim.experiments.sweep_plan import plan
from nqpf.sim.experiments.sweep_spec import load_sweep
from nqpf.sim.experiments.sweep_store import (RUN_COLUMNS, SweepStoreError, build_manifest,
                                              done_run_ids, read_manifest, read_runs,
                                              write_manifest)
from nqpf.sim.experiments.sweep_worker import SweepTask, run_task, write_part


def ishigami_spec(tmp_path: Path, *, crn: bool = True, seed: int = 3) -> Path:
    """A 2 x 2 x 2 grid on the Ishigami function (no engine run), two replicates per point."""
    spec = tmp_path / "spec.toml"
    spec.write_text(f"""name = "unit"
model = "ishigami"
replicates = 2
master_seed = {seed}
common_random_numbers = {str(crn).lower()}
[parameters]
x1 = {{ range = [0.0, 1.0] }}
x2 = {{ range = [0.0, 1.0] }}
x3 = {{ range = [0.5, 1.5] }}
[design]
method = "grid"
levels = 2
""")
    return spec


def test_plan_crosses_points_and_replicates_with_seeds_from_the_master_seed(tmp_path):
    the_plan = plan(load_sweep(ishigami_spec(tmp_path)))
    runs = the_plan.runs
    assert len(the_plan.points) == 8 and len(runs) == 16
    assert list(runs["run_id"][:3]) == ["p0000-r00", "p0000-r01", "p0001-r00"]
    # common random numbers: replicate r has the same seed at every point
    assert runs.groupby("replicate")["seed"].nunique().tolist() == [1, 1]
    assert sorted(runs["seed"].unique()) == sorted(spawn_seeds(3, 2))


def test_without_common_random_numbers_every_run_has_its_own_seed(tmp_path):
    runs = plan(load_sweep(ishigami_spec(tmp_path, crn=False))).runs
    assert runs["seed"].nunique() == len(runs)


def test_plan_values_are_the_overrides_of_a_point(tmp_path):
    sweep = load_sweep(ishigami_spec(tmp_path))
    the_plan = plan(sweep)
    assert the_plan.values(sweep, 0) == {"x1": 0.0, "x2": 0.0, "x3": 0.5}
    assert the_plan.values(sweep, 7) == {"x1": 1.0, "x2": 1.0, "x3": 1.5}
    assert the_plan.values(sweep, 1) == {"x1": 0.0, "x2": 0.0, "x3": 1.5}


def test_worker_writes_one_part_with_its_row_and_no_temporary_file(tmp_path):
    task = SweepTask(run_id="p0001-r00", point=1, replicate=0, seed=9,
                     params={"x1": 1.0, "x2": 0.0, "x3": 0.0}, out_dir=str(tmp_path),
                     model="ishigami")
    row = run_task(task)
    assert row["status"] == "ok" and row["y"] == pytest.approx(np.sin(1.0))
    assert done_run_ids(tmp_path) == {"p0001-r00"}
    assert [p.name for p in (tmp_path / "runs").iterdir()] == ["part-p0001-r00.parquet"]
    back = read_runs(tmp_path)
    assert back.loc[0, "y"] == pytest.approx(row["y"]) and back.loc[0, "seed"] == 9


def test_part_columns_keep_their_types(tmp_path):
    path = write_part({"run_id": "a", "point": np.int64(2), "flag": True, "x": 1, "y": 0.5,
                       "label": "text", "status": "ok", "error": ""}, tmp_path)
    schema = pq.read_schema(path)
    types = {name: str(schema.field(name).type) for name in schema.names}
    assert types == {"run_id": "string", "point": "int64", "flag": "bool", "x": "int64",
                     "y": "double", "label": "string", "status": "string", "error": "string"}


def test_store_of_an_empty_folder(tmp_path):
    assert done_run_ids(tmp_path) == set()
    assert list(read_runs(tmp_path).columns) == list(RUN_COLUMNS)
    with pytest.raises(SweepStoreError, match="is not a sweep folder"):
        read_manifest(tmp_path)


def test_manifest_round_trip_and_fingerprint(tmp_path):
    sweep = load_sweep(ishigami_spec(tmp_path))
    manifest = build_manifest(sweep, plan(sweep))
    assert manifest["kind"] == "nqpf-sweep" and manifest["metric_info"]["y"]["unit"] == "-"
    assert build_manifest(sweep, plan(sweep))["fingerprint"] == manifest["fingerprint"]
    (tmp_path / "other").mkdir()
    other = load_sweep(ishigami_spec(tmp_path / "other", seed=4))
    assert build_manifest(other, plan(other))["fingerprint"] != manifest["fingerprint"]
    write_manifest(tmp_path, manifest)
    assert read_manifest(tmp_path) == json.loads(json.dumps(manifest, default=str))
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_second_call_resumes_and_runs_nothing_again(tmp_path):
    sweep = load_sweep(ishigami_spec(tmp_path))
    out = tmp_path / "out"
    first = run_sweep(sweep, out, SerialExecutor(), progress=False)
    assert (first.total, first.skipped, first.ok, first.status) == (16, 0, 16, "complete")
    again = run_sweep(sweep, out, SerialExecutor(), progress=False)
    assert (again.skipped, again.ok) == (16, 0)
    manifest = read_manifest(out)
    assert manifest["status"] == "complete" and len(manifest["sessions"]) == 2
    runs = read_runs(out)
    assert isinstance(runs, pd.DataFrame) and len(runs) == 16 and (runs["status"] == "ok").all()
