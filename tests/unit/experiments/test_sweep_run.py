"""sweep.run_sweep: every run once, and a second call resumes without running any again."""

from __future__ import annotations

import pandas as pd

from nqpf.sim.experiments.batch import SerialExecutor
from nqpf.sim.experiments.sweep import run_sweep
from nqpf.sim.experiments.sweep_spec import load_sweep
from nqpf.sim.experiments.sweep_store import read_manifest, read_runs


def test_a_second_call_resumes_and_runs_nothing_again(tmp_path, ishigami_spec):
    sweep = load_sweep(ishigami_spec())
    out = tmp_path / "out"
    first = run_sweep(sweep, out, SerialExecutor(), progress=False)
    assert (first.total, first.skipped, first.ok, first.status) == (16, 0, 16, "complete")
    again = run_sweep(sweep, out, SerialExecutor(), progress=False)
    assert (again.skipped, again.ok) == (16, 0)
    manifest = read_manifest(out)
    assert manifest["status"] == "complete" and len(manifest["sessions"]) == 2
    runs = read_runs(out)
    assert isinstance(runs, pd.DataFrame) and len(runs) == 16 and (runs["status"] == "ok").all()
