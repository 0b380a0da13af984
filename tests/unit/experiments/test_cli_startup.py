"""The command line starts fast: ``nqpf --help`` loads no heavy library and not the engine."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from nqpf.sim.cli import app
from nqpf.sim.cli.common import ExecutorKind, UserError, open_executor

HEAVY = (
    "pandas",
    "pyarrow",
    "matplotlib",
    "solara",
    "dask",
    "distributed",
    "SALib",
    "scipy",
    "optuna",
    "prim",
)
"""Libraries that only the commands that need them may import."""

ENGINE = ("mesa", "numpy", "networkx", "pydantic", "nqpf.sim.model", "nqpf.sim.config")
"""The engine and what it brings: not needed to print help."""

COMMANDS = (
    "run",
    "validate",
    "docs",
    "sweep",
    "sensitivity",
    "optimise",
    "compare",
    "calibrate",
    "backtest",
    "ui",
)


def imported_modules(*args: str) -> set[str]:
    """Modules imported by ``python -X importtime -m nqpf.sim.cli ARGS`` (its stderr parsed)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "nqpf.sim.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Usage" in proc.stdout
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":  # the header line
                names.add(name)
    assert "nqpf.sim.cli.app" in names  # the parse found the CLI's own modules
    return names


def loaded(names: set[str], package: str) -> list[str]:
    return sorted(n for n in names if n == package or n.startswith(package + "."))


@pytest.fixture(scope="module")
def help_imports() -> set[str]:
    return imported_modules("--help")


@pytest.mark.parametrize("package", HEAVY)
def test_help_imports_no_heavy_library(help_imports, package):
    assert loaded(help_imports, package) == []


@pytest.mark.parametrize("package", ENGINE)
def test_help_does_not_load_the_engine(help_imports, package):
    assert loaded(help_imports, package) == []


def test_a_command_help_imports_no_heavy_library():
    # pydantic is left out: typer itself imports it (typer._adapters) to parse a command's
    # parameters when it is installed.
    names = imported_modules("compare", "--help")
    assert [p for p in HEAVY + ENGINE if p != "pydantic" and loaded(names, p)] == []


def test_every_command_is_listed_in_order():
    result = CliRunner().invoke(app, ["--help"], terminal_width=120)
    assert result.exit_code == 0, result.output
    positions = [result.output.find(f" {name} ") for name in COMMANDS]
    assert all(p > 0 for p in positions), result.output
    assert positions == sorted(positions)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = CliRunner().invoke(app, [command, "--help"], terminal_width=120)
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output and "--help" in result.output


def test_executor_options_are_checked_before_any_pool_starts():
    with pytest.raises(UserError, match="--jobs must be at least 1"):
        open_executor(ExecutorKind.local, 0, None)
    with pytest.raises(UserError, match="--scheduler goes with --executor dask"):
        open_executor(ExecutorKind.local, 2, "tcp://localhost:8786")
    pool = open_executor(ExecutorKind.local, 1, None)
    try:
        assert pool.submit(sum, [1, 2]).result() == 3
    finally:
        pool.shutdown()
    for address in ("tcp://host:notaport", "notanaddress"):  # malformed: no connection tried
        with pytest.raises(UserError, match=f"--scheduler '{address}': .*e.g. tcp://127"):
            open_executor(ExecutorKind.dask, None, address)


def test_more_jobs_than_cpus_is_warned_about(monkeypatch, capsys):
    import os

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    pool = open_executor(ExecutorKind.local, 3, None)
    pool.shutdown()
    warned = " ".join(capsys.readouterr().err.split())
    assert "--jobs 3 starts more worker processes than this machine's 2 CPUs" in warned
    pool = open_executor(ExecutorKind.local, 2, None)
    pool.shutdown()
    assert "warning" not in capsys.readouterr().err


def test_docs_command_finds_the_repository_docs():
    result = CliRunner().invoke(app, ["docs", "--check"])
    assert result.exit_code == 0, result.output


def test_engine_names_load_on_first_use():
    import nqpf.sim
    from nqpf.sim.config import Scenario, ScenarioError
    from nqpf.sim.model import RegionalEconomy

    assert nqpf.sim.Scenario is Scenario and nqpf.sim.ScenarioError is ScenarioError
    assert nqpf.sim.RegionalEconomy is RegionalEconomy
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        nqpf.sim.nothing_here  # noqa: B018
