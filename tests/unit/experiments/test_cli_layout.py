"""What the command line prints, laid out for 80 columns and for a pipe: help whose options and
defaults are never cut with an ellipsis and whose descriptions wrap as paragraphs, ``--version``,
the sensitivity tables (significant digits, names wrapped, not numbers) and the backtest verdict
line of a variable without benchmarks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from nqpf.sim.cli.backtest import verdict_line
from nqpf.sim.cli.sweep import index_tables, significant
from tests.unit.experiments.test_cli_startup import COMMANDS, ENGINE, HEAVY


def nqpf(*args: str, columns: str | None = "80") -> str:
    """``nqpf ARGS`` in a subprocess, its stdout a pipe; COLUMNS set, or unset (a pipe's)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "TERMINAL_WIDTH")}
    if columns:
        env["COLUMNS"] = columns
    proc = subprocess.run(
        [sys.executable, "-m", "nqpf.sim.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def option_names(command: str) -> list[str]:
    """The long option names of a command, from its click declaration."""
    import typer.main

    from nqpf.sim.cli import app

    group = typer.main.get_command(app)
    params = group.commands[command].params if command else group.params
    return [o for p in params for o in (*p.opts, *p.secondary_opts) if o.startswith("--")]


@pytest.mark.parametrize("columns", ["80", None])
@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_never_cuts_an_option_or_a_default(command, columns):
    text = nqpf(*([command] if command else []), "--help", columns=columns)
    assert "…" not in text
    for name in option_names(command):
        assert re.search(rf"{re.escape(name)}(?![\w-])", text), f"{name} cut in {command} --help"


def test_help_text_wraps_as_paragraphs_not_at_the_docstrings_line_breaks():
    text = " ".join(nqpf("--help", columns="200").split("│"))
    assert "overrides) and build their start year, so that" in text
    assert "across an ensemble of uncertain parameters" in text


def test_version_names_the_package_and_loads_no_engine():
    from importlib import metadata

    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "nqpf.sim.cli", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert re.fullmatch(
        rf"nqpf {re.escape(metadata.version('nqpf'))}( \(git [0-9a-f]{{12}}(\+dirty)?\))?\n",
        proc.stdout,
    )
    loaded = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert not loaded & {*HEAVY, *ENGINE}


# ------------------------------------------------------------------------ sensitivity tables


def test_numbers_keep_three_significant_digits():
    shown = [significant(v) for v in (1000.72, 4.0, 0.000123, -0.0123, 0.0, np.float32(0.5))]
    assert shown == ["1001", "4.00", "1.23e-4", "-0.0123", "0", "0.500"]
    assert significant(float("nan")) == "nan" and significant(1.5e7) == "1.50e7"


def morris_table() -> pd.DataFrame:
    rows = []
    names = ["strategy.herding_propensity", "government.local_protection", "central.coordination"]
    for metric, scale in (("tfp_growth", 1e-4), ("written_off", 1000.72)):
        for i, name in enumerate(names):
            effects = scale * np.array([1.25, 0.777, 0.965, 1.08, 0.867, 4.1]) * (i + 1)
            keys = ("mu", "mu_star", "mu_star_conf", "sigma", "sigma_low", "sigma_high")
            rows.append({"metric": metric, "parameter": name, **dict(zip(keys, effects))})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("width", [80, 120])
def test_sensitivity_tables_fit_the_width_and_never_split_a_number(width):
    df = morris_table()
    console = Console(width=width, record=True, file=open(os.devnull, "w"))
    for table in index_tables(df, {"written_off": "bn yuan"}, "morris sensitivity", width):
        console.print(table, crop=False)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= width
    numbers = df.drop(columns=["metric", "parameter"]).to_numpy().ravel()
    for value in numbers:
        assert re.search(rf"(?<![\w.-]){re.escape(significant(value))}(?![\w.])", text)
    assert "0.000 " not in text and "written_off [bn yuan]" in text
    wrapped = re.search(r"strategy\.[^\n]*\n\s*herding_propensity", text)
    assert bool(wrapped) == (width == 80)  # a name wraps at its dot when it must


# ------------------------------------------------------------------------------- backtest


def test_a_variable_without_benchmarks_says_so_instead_of_nan():
    row = SimpleNamespace(
        jump=2011,
        variable="rd_intensity",
        model_rmse=0.288,
        best_benchmark="",
        best_rmse=np.nan,
        margin=np.nan,
        model_beats_best="n/a",
    )
    line = verdict_line(row)
    assert "nan" not in line and "–" not in line
    assert "model 0.288, no benchmark to compare with" in line
    row.best_benchmark, row.best_rmse, row.margin, row.model_beats_best = (
        "national_3",
        0.130,
        0.051,
        "yes",
    )
    assert verdict_line(row).endswith(
        "model 0.288, best benchmark national_3 0.130: model better yes (margin +0.051)"
    )
