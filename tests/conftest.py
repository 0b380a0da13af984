"""Shared test helpers: paths, a CLI runner, and small scenario builders."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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
