"""sweep.run_sweep: every run once, and a second call resumes without running any again."""

from __future__ import annotations

import pandas as pd
import pytest

from nqpf.sim.experiments.batch import SerialExecutor
from nqpf.sim.experiments.sweep import run_sweep
from nqpf.sim.experiments.sweep_spec import load_sweep
from nqpf.sim.experiments.sweep_store import SweepStoreError, read_manifest, read_runs


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


def test_a_resume_into_another_sweeps_folder_names_what_differs(tmp_path, ishigami_spec):
    spec = ishigami_spec()
    out = tmp_path / "out"
    run_sweep(load_sweep(spec), out, SerialExecutor(), progress=False)
    text = spec.read_text()
    spec.write_text(text.replace("master_seed = 3", "master_seed = 4").replace("1.5]", "2.5]"))
    with pytest.raises(SweepStoreError) as info:
        run_sweep(load_sweep(spec), out, SerialExecutor(), progress=False)
    message = str(info.value)
    assert "holds results of a different sweep" in message
    assert "master_seed (folder 3, this command 4)" in message
    assert "parameter 'x3' range (folder [0.5, 1.5], this command [0.5, 2.5])" in message
    assert "design.seed" not in message  # drawn from the master seed: not named twice
    spec.write_text(text.replace("levels = 2", "levels = 3"))
    with pytest.raises(SweepStoreError, match=r"design\.levels \(folder 2, this command 3\)"):
        run_sweep(load_sweep(spec), out, SerialExecutor(), progress=False)


def test_a_sweep_without_time_series_makes_no_series_folder(tmp_path, ishigami_spec):
    out = tmp_path / "out"
    run_sweep(load_sweep(ishigami_spec()), out, SerialExecutor(), progress=False)
    assert (out / "runs").is_dir() and not (out / "series").exists()
