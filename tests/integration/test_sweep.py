"""Sweeps end to end: executors agree with single runs, failures are data, interrupts resume."""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nqpf.sim.experiments.batch import SerialExecutor, make_executor, map_runs
from nqpf.sim.experiments.sweep import run_sweep
from nqpf.sim.experiments.sweep_spec import load_sweep
from nqpf.sim.experiments.sweep_store import SweepStoreError, read_runs, read_series
from tests.builders import SOLOW_BASE
from tests.conftest import ROOT

ENGINE_BASE = """name = "tiny"
[world]
geography = "synthetic:6"
start_year = 2023
end_year = {end}
[economy]
initial_firms = 300
"""


def make_spec(
    tmp_path: Path, parameters: str, *, base: str, replicates: int = 2, extra: str = ""
) -> Path:
    """A grid sweep over ``parameters`` (TOML lines) on a small base, with three metrics."""
    (tmp_path / "base.toml").write_text(base)
    spec = tmp_path / "spec.toml"
    spec.write_text(f"""name = "t"
base = "base.toml"
replicates = {replicates}
master_seed = 5
{extra}
[parameters]
{parameters}
[design]
method = "grid"
[metrics]
growth = {{ reduce = "mean", column = "gdp_growth", years = [2024, 2028] }}
gdp_2028 = {{ reduce = "value", column = "gdp", year = 2028 }}
capital_max = {{ reduce = "max", column = "capital" }}
""")
    return spec


def sans_timing(df: pd.DataFrame) -> pd.DataFrame:
    return df.drop(columns=["wall_time_s"])


def test_local_and_dask_equal_single_runs(tmp_path, cli):
    spec = make_spec(
        tmp_path,
        '"macro.saving_rate_start" = { values = [0.35, 0.45] }\n'
        '"technology.catch_up_rate" = { range = [0.0, 0.05], points = 2 }',
        base=ENGINE_BASE.format(end=2028),
        extra="time_series = true",
    )
    for executor in ("local", "dask"):
        proc = cli(
            "sweep",
            str(spec),
            "--out",
            str(tmp_path / executor),
            "--executor",
            executor,
            "--jobs",
            "2",
        )
        assert proc.returncode == 0, proc.stderr
    local, dask = read_runs(tmp_path / "local"), read_runs(tmp_path / "dask")
    assert len(local) == 8 and (local["status"] == "ok").all()
    assert local["growth"].nunique() == 8  # every point and seed gives its own path
    pd.testing.assert_frame_equal(sans_timing(local), sans_timing(dask))
    pd.testing.assert_frame_equal(read_series(tmp_path / "local"), read_series(tmp_path / "dask"))

    metrics = load_sweep(spec).spec.metrics
    series = read_series(tmp_path / "local")
    for row in local.iloc[[1, 6]].to_dict("records"):
        target = tmp_path / f"single_{row['run_id']}"
        proc = cli(
            "run",
            str(tmp_path / "base.toml"),
            "--seed",
            str(row["seed"]),
            "--set",
            f"macro.saving_rate_start={row['macro.saving_rate_start']!r}",
            "--set",
            f"technology.catch_up_rate={row['technology.catch_up_rate']!r}",
            "--out",
            str(target),
            "--no-summary",
        )
        assert proc.returncode == 0, proc.stderr
        alone = pd.read_parquet(target / "national.parquet")
        kept = series[series["run_id"] == row["run_id"]].drop(columns="run_id")
        pd.testing.assert_frame_equal(kept.reset_index(drop=True), alone)
        for name, metric in metrics.items():
            assert row[name] == metric.evaluate(alone)


def test_a_failing_run_is_recorded_and_the_sweep_goes_on(tmp_path, cli):
    # an industry demand level no region's start-year capital can hold: the run fails at build
    demand = "industries.heavy_manufacturing.demand_2023"
    spec = make_spec(
        tmp_path,
        f'"{demand}" = {{ values = [5000.0, 9000000.0] }}\n'
        '"macro.saving_rate_start" = { values = [0.3, 0.45] }',
        base=ENGINE_BASE.format(end=2028),
        replicates=1,
    )
    out = tmp_path / "out"
    proc = cli("sweep", str(spec), "--out", str(out), "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert "2 run(s) failed" in proc.stderr and "ValueError" in proc.stderr
    runs = read_runs(out)
    bad = runs[demand] == 9_000_000.0
    assert runs.loc[bad, "status"].tolist() == ["error", "error"]
    error = runs.loc[bad, "error"].iloc[0]
    assert error.startswith("ValueError: initial firms exceed 70 %")
    assert runs.loc[bad, ["growth", "gdp_2028", "capital_max"]].isna().all(axis=None)
    good = runs[~bad]
    assert (good["status"] == "ok").all() and len(good) == 2
    assert np.isfinite(good[["growth", "gdp_2028", "capital_max"]].to_numpy()).all()
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"

    # --retry-failed reruns the failed runs only
    parts = sorted((out / "runs").glob("part-*.parquet"))
    for p in parts:
        os.utime(p, ns=(1_000_000_000, 1_000_000_000))
    assert (
        cli("sweep", str(spec), "--out", str(out), "--jobs", "1", "--retry-failed").returncode == 0
    )
    rewritten = {p.name for p in parts if p.stat().st_mtime_ns != 1_000_000_000}
    assert rewritten == {f"part-{run_id}.parquet" for run_id in runs.loc[bad, "run_id"]}


def _parts(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (out / "runs").glob("part-*.parquet")}


def _start_and_stop(spec: Path, out: Path, after_parts: int, sig: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nqpf.sim.cli",
            "sweep",
            str(spec),
            "--out",
            str(out),
            "--jobs",
            "1",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as in a terminal, also when the tests run in a background job, whose shell
        # starts them with SIGINT ignored (then Python keeps it ignored)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while len(_parts(out)) < after_parts and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(sig)
    _, proc.stderr_text = proc.communicate(timeout=60)  # for the assertions' messages
    return proc


def test_interrupted_and_killed_sweeps_resume_without_rerunning(tmp_path, cli):
    spec = make_spec(
        tmp_path,
        '"macro.saving_rate_start" = { range = [0.3, 0.5], points = 5 }\n'
        '"technology.catch_up_rate" = { values = [0.0, 0.02, 0.04] }',
        base=ENGINE_BASE.format(end=2034),
        replicates=2,
    )
    out = tmp_path / "out"
    total = 30

    stopped = _start_and_stop(spec, out, 2, signal.SIGINT)  # Ctrl-C
    assert stopped.returncode == 130, stopped.stderr_text[-2000:]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    first = _parts(out)
    assert 2 <= len(first) < total

    killed = _start_and_stop(spec, out, len(first) + 3, signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL
    second = _parts(out)
    assert len(first) < len(second) < total
    assert {k: second[k] for k in first} == first  # resumed run did not redo finished runs

    proc = cli("sweep", str(spec), "--out", str(out), "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert f"{len(second)} already done, {total - len(second)} to run" in " ".join(
        proc.stdout.split()
    )
    final = _parts(out)
    assert len(final) == total and {k: final[k] for k in second} == second
    assert not list((out / "runs").glob(".*"))  # no temporary files left behind
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and len(manifest["sessions"]) == 3

    # the pieced-together results equal an uninterrupted sweep
    fresh = tmp_path / "fresh"
    run_sweep(load_sweep(spec), fresh, SerialExecutor(), progress=False)
    pd.testing.assert_frame_equal(sans_timing(read_runs(out)), sans_timing(read_runs(fresh)))


class LosingExecutor(SerialExecutor):
    """Serial, except that the task for ``lose`` fails as if its worker died."""

    def __init__(self, lose: str) -> None:
        self.lose = lose

    def submit(self, fn, /, *args, **kwargs):
        if args[0].run_id == self.lose:
            future: cf.Future = cf.Future()
            future.set_exception(RuntimeError("worker lost"))
            return future
        return super().submit(fn, *args, **kwargs)


def test_lost_worker_loses_only_its_run_and_a_rerun_completes(tmp_path):
    spec = make_spec(
        tmp_path, '"solow.saving_rate" = { values = [0.2, 0.3, 0.4] }', base=SOLOW_BASE
    )
    sweep, out = load_sweep(spec), tmp_path / "out"
    outcome = run_sweep(sweep, out, LosingExecutor("p0001-r00"), progress=False)
    assert outcome.lost == ["p0001-r00"] and outcome.ok == 5 and outcome.status == "incomplete"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "incomplete" and manifest["counts"]["missing"] == 1
    assert "p0001-r00" not in set(read_runs(out)["run_id"])
    again = run_sweep(sweep, out, SerialExecutor(), progress=False)
    assert (again.skipped, again.ok) == (5, 1)
    assert len(read_runs(out)) == 6


def test_another_spec_cannot_write_into_a_sweep_folder(tmp_path, cli):
    spec = make_spec(tmp_path, '"solow.saving_rate" = { values = [0.2, 0.3] }', base=SOLOW_BASE)
    out = tmp_path / "out"
    run_sweep(load_sweep(spec), out, SerialExecutor(), progress=False)
    spec.write_text(spec.read_text().replace("[0.2, 0.3]", "[0.2, 0.35]"))
    with pytest.raises(SweepStoreError, match="holds results of a different sweep"):
        run_sweep(load_sweep(spec), out, SerialExecutor(), progress=False)
    proc = cli("sweep", str(spec), "--out", str(out))
    assert proc.returncode == 2 and "different sweep" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unreachable_scheduler_is_a_clear_error(tmp_path, cli):
    spec = make_spec(tmp_path, '"solow.saving_rate" = { values = [0.2, 0.3] }', base=SOLOW_BASE)
    proc = cli(
        "sweep",
        str(spec),
        "--out",
        str(tmp_path / "out"),
        "--executor",
        "dask",
        "--scheduler",
        "tcp://127.0.0.1:1",
        "--connect-timeout",
        "0.5",
    )
    assert proc.returncode == 2
    assert "cannot reach the Dask scheduler at 'tcp://127.0.0.1:1'" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "out").exists()
    proc = cli("sweep", str(spec), "--scheduler", "tcp://127.0.0.1:1")
    assert proc.returncode == 2 and "--scheduler goes with --executor dask" in proc.stderr


def test_serial_map_runs_yields_each_result_before_the_next_run():
    calls: list[int] = []

    def record(x: int) -> int:
        calls.append(x)
        return x * x

    results = map_runs([1, 2, 3], make_executor("local", 1), fn=record)
    assert next(results) == 1 and calls == [1]
    assert list(results) == [4, 9] and calls == [1, 2, 3]
