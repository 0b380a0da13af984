"""sweep_worker: one run on a worker, its row, and its part file written atomically."""

from __future__ import annotations

import numpy as np
import pyarrow.parquet as pq
import pytest

from nqpf.sim.experiments.sweep_store import done_run_ids, read_runs
from nqpf.sim.experiments.sweep_worker import SweepTask, run_task, write_part


def test_worker_writes_one_part_with_its_row_and_no_temporary_file(tmp_path):
    task = SweepTask(
        run_id="p0001-r00",
        point=1,
        replicate=0,
        seed=9,
        params={"x1": 1.0, "x2": 0.0, "x3": 0.0},
        out_dir=str(tmp_path),
        model="ishigami",
    )
    row = run_task(task)
    assert row["status"] == "ok" and row["y"] == pytest.approx(np.sin(1.0))
    assert done_run_ids(tmp_path) == {"p0001-r00"}
    assert [p.name for p in (tmp_path / "runs").iterdir()] == ["part-p0001-r00.parquet"]
    back = read_runs(tmp_path)
    assert back.loc[0, "y"] == pytest.approx(row["y"]) and back.loc[0, "seed"] == 9


def test_part_columns_keep_their_types(tmp_path):
    path = write_part(
        {
            "run_id": "a",
            "point": np.int64(2),
            "flag": True,
            "x": 1,
            "y": 0.5,
            "label": "text",
            "status": "ok",
            "error": "",
        },
        tmp_path,
    )
    schema = pq.read_schema(path)
    types = {name: str(schema.field(name).type) for name in schema.names}
    assert types == {
        "run_id": "string",
        "point": "int64",
        "flag": "bool",
        "x": "int64",
        "y": "double",
        "label": "string",
        "status": "string",
        "error": "string",
    }
