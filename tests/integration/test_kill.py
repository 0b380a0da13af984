"""Kill ``nqpf run``, ``nqpf compare``, ``nqpf sweep --jobs 2`` and ``nqpf calibrate`` with
SIGKILL and SIGINT at random moments (62 trials): no folder is ever read as complete unless it
is, a sweep's finished parts are all readable and its manifest is JSON, and no process of the
command outlives it.

Each command starts in its own session, so every process it made (pool workers, the resource
tracker) is found by session id after the kill. Moments are drawn from a seeded generator over
the command's measured duration (the end of a run, where writing happens, included)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from nqpf.sim.experiments.outdir import OutputError, verify_folder
from nqpf.sim.experiments.runner import read_outputs
from nqpf.sim.experiments.sweep_store import done_run_ids, read_runs
from tests.integration.test_calibration_pipeline import small_config

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
]

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = """name = "{name}"
[world]
geography = "synthetic:4"
end_year = 2027
[economy]
initial_firms = 300
[macro]
saving_rate_start = {saving}
"""
SWEEP = """name = "kill"
base = "a.toml"
replicates = 3
master_seed = 5
[parameters]
"macro.saving_rate_start" = { range = [0.3, 0.5], points = 3 }
[design]
method = "grid"
[metrics]
gdp_growth = { reduce = "mean", column = "gdp_growth", years = [2024, 2027] }
"""
TRIALS = {"run": 12, "compare": 8, "sweep": 8, "calibrate": 3}
"""Trials per command and signal (2 signals): 62 in all."""
EARLIEST = {"calibrate": 0.5}
"""Kills fall in ``[EARLIEST x duration, 1.1 x duration]`` (0.2 s for the others): a
calibration writes its folder in the last part of its run, after the fit."""


def session_processes(sid: int) -> list[int]:
    """Live (not zombie) processes of a session."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def launch(args: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "nqpf.sim.cli", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_gone(sid: int) -> list[int]:
    deadline = time.monotonic() + 30
    while session_processes(sid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return session_processes(sid)


def check_output(kind: str, out: Path) -> None:
    """The folder is absent, or complete and consistent (for a sweep: readable parts)."""
    if kind == "sweep":
        if not out.exists():
            return
        if (out / "manifest.json").exists():
            json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        for run_id in done_run_ids(out):
            pd.read_parquet(out / "runs" / f"part-{run_id}.parquet")
        read_runs(out)
        return
    if not out.exists():
        return
    manifest = verify_folder(out)  # raises OutputError if incomplete
    if kind == "run":
        tables = read_outputs(out)
        assert len(tables["national"]) == 5
    elif kind == "calibrate":
        assert manifest["kind"] == "nqpf-calibration"
        assert len(pd.read_csv(out / "estimates.csv")) == 2
    else:
        assert len(manifest["seeds"]) == 2 and (out / "report.html").is_file()


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kill")
    (root / "a.toml").write_text(SCENARIO.format(name="a", saving=0.3), encoding="utf-8")
    (root / "b.toml").write_text(SCENARIO.format(name="b", saving=0.45), encoding="utf-8")
    (root / "sweep.toml").write_text(SWEEP, encoding="utf-8")
    small_config(
        root,
        popsize=3,
        generations=1,
        polish=4,
        moments=("gdp_growth_mean", "investment_share_mean", "capital_output_mean"),
    )
    return root


def command(kind: str, out: Path) -> list[str]:
    if kind == "run":
        return ["run", "a.toml", "--out", str(out), "--no-summary", "--format", "csv"]
    if kind == "compare":
        return ["compare", "a.toml", "b.toml", "--seeds", "2", "--jobs", "1", "--out", str(out)]
    if kind == "calibrate":
        return ["calibrate", "small.toml", "--jobs", "1", "--no-progress", "--out", str(out)]
    return ["sweep", "sweep.toml", "--jobs", "2", "--out", str(out)]


@pytest.mark.parametrize("kind", sorted(TRIALS))
def test_killed_commands_leave_complete_or_no_outputs_and_no_processes(work, kind):
    rng = random.Random(f"kill-{kind}")
    # a complete output first: a kill must leave it, or replace it whole
    out = work / f"out_{kind}"
    t0 = time.monotonic()
    done = launch(command(kind, out), work)
    assert done.wait(timeout=600) == 0
    duration = time.monotonic() - t0
    check_output(kind, out)
    for trial in range(TRIALS[kind] * 2):
        sig = signal.SIGKILL if trial % 2 == 0 else signal.SIGINT
        if kind == "sweep" and trial % 4 < 2:  # half the sweeps resume, half start afresh
            target = work / f"sweep_{trial}"
        else:
            target = out
        proc = launch(command(kind, target), work)
        time.sleep(rng.uniform(max(0.2, EARLIEST.get(kind, 0.0) * duration), duration * 1.1))
        if proc.poll() is None:
            os.kill(proc.pid, sig)
        proc.wait(timeout=120)
        left = wait_gone(proc.pid)
        assert left == [], f"trial {trial} ({sig.name}): processes outlived nqpf {kind}: {left}"
        try:
            check_output(kind, target)
        except OutputError as exc:
            pytest.fail(f"trial {trial} ({sig.name}): {target} read as incomplete: {exc}")
    # the next writer finds the folder usable: leftovers cleared, lock free
    final = launch(command(kind, out), work)
    assert final.wait(timeout=600) == 0
    check_output(kind, out)
    leftovers = [p.name for p in out.parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name]
    assert leftovers == []
