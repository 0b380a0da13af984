"""``nqpf optimise`` killed with SIGKILL resumes: finished runs are kept and not computed again,
and the front is the front of an uninterrupted search."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL, sessions")

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "scenarios" / "policy" / "golden_rule.toml"
NQPF = [sys.executable, "-m", "nqpf.sim.cli"]


def optimise(out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*NQPF, "optimise", str(CONFIG), "--out", str(out), "--jobs", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )


def test_kill_9_then_resume_keeps_finished_runs_and_the_front(tmp_path):
    reference = optimise(tmp_path / "reference")
    assert reference.returncode == 0, reference.stderr
    out = tmp_path / "killed"
    proc = subprocess.Popen(
        [*NQPF, "optimise", str(CONFIG), "--out", str(out), "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        start_new_session=True,
    )
    runs = out / "runs"
    deadline = time.monotonic() + 300
    while len(list(runs.glob("part-*.parquet"))) < 40 and proc.poll() is None:
        assert time.monotonic() < deadline, "no runs finished"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    kept = len(list(runs.glob("part-*.parquet")))
    assert 40 <= kept < 160  # killed in the middle: 40 candidates x 4 states in all

    resumed = optimise(out)
    assert resumed.returncode == 0, resumed.stderr
    session = json.loads((out / "manifest.json").read_text())["sessions"][-1]
    first = json.loads((tmp_path / "reference" / "manifest.json").read_text())["sessions"][-1]
    assert first["computed"] == 160 + 4  # and the base policy in the 4 states, after the search
    assert session["computed"] == first["computed"] - kept  # nothing computed twice
    for name in ("front.csv", "candidates.csv"):
        pd.testing.assert_frame_equal(
            pd.read_csv(out / name), pd.read_csv(tmp_path / "reference" / name)
        )
