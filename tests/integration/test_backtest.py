"""The backtest end to end on one seed: determinism, start on the data, the CLI's sealed folder."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from nqpf.calibration.backtest import backtest
from nqpf.calibration.benchmarks import BENCHMARKS
from nqpf.sim.cli import app
from nqpf.sim.config import SCENARIO_DIR, Scenario
from nqpf.sim.experiments.batch import SerialExecutor
from nqpf.sim.experiments.outdir import verify_folder

SMALL = {2011: 2013, 2018: 2020}
TOOL = Path(__file__).resolve().parents[2] / "docs" / "tools" / "validation_tables.py"


def test_same_seed_same_numbers_and_every_forecast_starts_on_the_data():
    scenario = Scenario.load(SCENARIO_DIR / "baseline.toml")
    first = backtest(scenario, SerialExecutor(), seeds=1, jumps=SMALL)
    again = backtest(scenario, SerialExecutor(), seeds=1, jumps=SMALL)
    pd.testing.assert_frame_equal(first.errors, again.errors)
    pd.testing.assert_frame_equal(first.paths, again.paths)

    at_jump = first.paths[first.paths["year"] == first.paths["jump"]]
    for column in ("model", *BENCHMARKS):
        known = at_jump[np.isfinite(at_jump[column])]
        np.testing.assert_allclose(known[column], known["data"], rtol=1e-12)
    # GDP, population and R&D intensity of the start year are the data before chaining too
    for var in ("gdp", "population", "rd_intensity"):
        assert first.start_gaps[f"{var}_2018"] < 1e-9
    errors = first.errors[first.errors["forecast"] == "model"]
    assert np.isfinite(errors["rmse"]).all() and (errors["rmse"] > 0).all()
    assert set(first.verdict["variable"]) == {
        "gdp",
        "population",
        "investment",
        "rd_intensity",
        "population_share",
    }


def test_the_command_writes_a_sealed_folder_with_tables_plots_and_maps(tmp_path):
    target = tmp_path / "bt"
    result = CliRunner().invoke(
        app,
        ["backtest", "--out", str(target), "--seeds", "1", "--jobs", "1", "--no-progress"]
        + ["--jump", "2018:2020"],
    )
    assert result.exit_code == 0, result.output
    manifest = verify_folder(target)
    files = set(manifest["content_sha256"])
    assert {"errors.csv", "summary.csv", "verdict.csv", "paths.csv", "tables.md"} <= files
    assert {"paths_gdp_2018.png", "paths_population_2018.png", "map_2018.png"} <= files
    assert "rmse_bars.png" in files
    verdict = pd.read_csv(target / "verdict.csv")
    assert list(verdict["jump"].unique()) == [2018]
    assert "| 2018 | gdp |" in (target / "tables.md").read_text()
    # docs/tools/validation_tables.py pastes tables.md between the markers and copies the figures
    spec = importlib.util.spec_from_file_location("validation_tables", TOOL)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    doc = tmp_path / "validation.md"
    doc.write_text(f"intro\n{tool.START}\nold table\n{tool.END}\nverdict prose\n")
    tool.refresh(target, doc=doc, figures=tmp_path / "figures")
    text = doc.read_text()
    assert "old table" not in text and "| 2018 | gdp |" in text
    assert text.startswith("intro\n") and text.endswith("verdict prose\n")
    assert (tmp_path / "figures" / "map_2018.png").is_file()
