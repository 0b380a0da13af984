"""Shared test helpers: paths, a CLI runner, and small scenario builders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Every run of the suite on the NumPy path (the golden hashes' path), batch runs included, so
# that no result depends on which test ran first in the process: the compiled kernels are held
# to it by tests/unit/economics/test_compiled_kernels.py and test_trade.py, which switch them on.
# NQPF_JIT=1 runs the whole suite compiled (checked once, docs/performance.md).
os.environ.setdefault("NQPF_JIT", "0")

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``nqpf`` as a user would (a separate process), capturing output."""
    return subprocess.run(
        [sys.executable, "-m", "nqpf.sim.cli", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def cli():
    return run_cli
