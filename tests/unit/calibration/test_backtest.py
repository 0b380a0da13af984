"""Backtest scoring on tables with known errors, chaining onto the data, and the CLI's errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nqpf.calibration.backtest import (
    FORECASTS,
    chain_on_data,
    population_shares,
    score,
    summarise,
)
from nqpf.calibration.benchmarks import BENCHMARKS, benchmark_forecasts

ROOT = Path(__file__).resolve().parents[3]


def held_out(errors: dict[str, float], variable: str = "gdp") -> pd.DataFrame:
    """Two regions, years 1-4, data 100 (or 2 points); forecast f misses by errors[f] (log or
    points) in every year, except region B, which each forecast hits exactly."""
    rows = []
    for region in ("A", "B"):
        for year in range(1, 5):
            data = 2.0 if variable == "rd_intensity" else 100.0
            row = {"region": region, "year": year, "data": data}
            for name in FORECASTS:
                miss = errors.get(name, 0.0) if region == "A" else 0.0
                row[name] = data + miss if variable == "rd_intensity" else data * np.exp(miss)
            rows.append(row)
    return pd.DataFrame(rows)


def test_rmse_and_bias_of_a_constant_log_miss():
    scored = score(held_out({"model": 0.1, "own_trend_7": -0.2}), "gdp").set_index(
        ["region", "forecast"]
    )
    assert scored.loc[("A", "model"), "rmse"] == pytest.approx(0.1)
    assert scored.loc[("A", "model"), "bias"] == pytest.approx(0.1)
    assert scored.loc[("A", "own_trend_7"), "bias"] == pytest.approx(-0.2)
    assert scored.loc[("B", "model"), "rmse"] == pytest.approx(0.0, abs=1e-12)
    assert (scored["years"] == 4).all()


def test_rd_intensity_is_scored_in_points_and_years_without_data_are_skipped():
    paths = held_out({"model": 0.3}, "rd_intensity")
    paths.loc[paths["year"] == 4, "data"] = np.nan
    scored = score(paths, "rd_intensity").set_index(["region", "forecast"])
    assert scored.loc[("A", "model"), "rmse"] == pytest.approx(0.3)
    assert (scored["years"] == 3).all()


def test_the_verdict_names_the_best_benchmark_and_the_margin():
    misses = {"model": 0.05, "own_trend_7": 0.2, "own_trend_3": 0.1, "national_7": 0.3}
    misses |= {"national_3": 0.08, "panel_ar1": 0.4}
    scored = score(held_out(misses), "gdp")
    scored.insert(0, "variable", "gdp")
    scored.insert(0, "jump", 2018)
    summary, verdict = summarise(scored)
    row = verdict.iloc[0]
    assert row["best_benchmark"] == "national_3"
    # mean over two provinces (B is hit exactly): model 0.025, national_3 0.04
    assert row["model_rmse"] == pytest.approx(0.025)
    assert row["margin"] == pytest.approx(0.015)
    assert row["model_beats_best"] == "yes"
    assert row["provinces_model_wins"] == 1  # B is a tie, not a win
    assert len(summary) == len(FORECASTS)


def test_without_benchmarks_the_verdict_says_not_applicable():
    paths = held_out({"model": 0.1}, "rd_intensity")
    paths[list(BENCHMARKS)] = np.nan
    scored = score(paths, "rd_intensity")
    scored.insert(0, "variable", "rd_intensity")
    scored.insert(0, "jump", 2011)
    _, verdict = summarise(scored)
    assert verdict.iloc[0]["model_beats_best"] == "n/a"


def test_population_shares_remove_the_national_level():
    paths = held_out({"model": 0.1, "own_trend_7": 0.1})
    paths.loc[paths["region"] == "B", "model"] *= np.exp(0.1)  # the model: both 10 % too high
    shares = population_shares(paths.assign(variable="population"))
    np.testing.assert_allclose(shares.groupby("year")[["data", *FORECASTS]].sum(), 1.0)
    scored = score(shares, "population_share").set_index(["region", "forecast"])
    assert scored.loc[("A", "model"), "rmse"] == pytest.approx(0.0, abs=1e-12)
    # own_trend_7 is too high in A only: its share error is not zero
    assert scored.loc[("A", "own_trend_7"), "rmse"] > 0.04
    assert (shares["variable"] == "population_share").all()


def test_chaining_puts_the_model_on_the_jump_off_data_and_keeps_its_growth():
    model = pd.DataFrame(
        {
            "region": ["A"] * 3,
            "year": [2018, 2019, 2020],
            "gdp": [50.0, 55.0, 60.5],
            "population": [10.0, 10.1, 10.2],
            "investment": [20.0, 22.0, 25.0],
            "rd_intensity": [1.0, 1.2, 1.5],
        }
    )
    observed = model.iloc[:1].assign(gdp=100.0, investment=30.0, rd_intensity=2.0)
    chained, gaps = chain_on_data(model, observed, 2018)
    np.testing.assert_allclose(chained["gdp"], [100.0, 110.0, 121.0])
    np.testing.assert_allclose(chained["investment"], [30.0, 33.0, 37.5])
    np.testing.assert_allclose(chained["rd_intensity"], [2.0, 2.2, 2.5])
    np.testing.assert_allclose(chained["population"], model["population"])
    assert gaps["gdp"] == pytest.approx(1.0) and gaps["population"] == 0.0
    assert gaps["rd_intensity"] == pytest.approx(1.0)


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nqpf.sim.cli", "backtest", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--seeds", "0"], "--seeds must be at least 1 (got 0)"),
        (["--jump", "2011-2018"], "expected JUMPOFF:LAST"),
        (["--jump", "2008:2012"], "allowed: 2011 <= jump-off < last year <= 2023"),
        (["--jobs", "0"], "--jobs must be at least 1"),
        (["no/such/scenario.toml"], "does not exist or is not a file"),
        (["scenarios/textbook/solow.toml"], "backtests need the provincial data"),
    ],
)
def test_bad_arguments_exit_2_with_one_clear_message(tmp_path, args, message):
    proc = cli(*args, "--out", str(tmp_path / "bt"), "--no-progress")
    assert proc.returncode == 2, proc.stderr
    assert message in " ".join(proc.stderr.split()), proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "bt").exists()


def test_a_folder_that_is_not_an_output_is_refused_before_any_run(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    proc = cli("--out", str(tmp_path / "mine"), "--no-progress")
    assert proc.returncode == 2
    assert "is not an nqpf output" in " ".join(proc.stderr.split())
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_calibrate_validation_and_backtest_share_the_benchmarks():
    """The calibration's held-out table (2011 prices, data from 2011) and the backtest (2018
    prices, data from 2004) give the same trend-benchmark errors of log GDP from 2018: growth
    rates do not depend on the price base, and both call calibration.benchmarks."""
    from nqpf.calibration.backtest import observed_for
    from nqpf.calibration.deflator import load_deflator
    from nqpf.calibration.observed import observed_regions
    from nqpf.calibration.validation import benchmark_gdp_errors
    from nqpf.sim.config import SCENARIO_DIR, Scenario
    from nqpf.sim.data import load_provinces
    from nqpf.sim.data.panel import load_panel

    scenario = Scenario.load(SCENARIO_DIR / "baseline.toml")
    calibration_view, _ = observed_regions(
        load_panel(),
        load_provinces(),
        load_deflator(),
        base_year=2011,
        years=range(2011, 2024),
        labor_force_share=scenario.solow.labor_force_share,
    )
    table = benchmark_gdp_errors(calibration_view, 2018, 2023).set_index("benchmark")
    backtest_view = observed_for(scenario, 2018, 2023)
    forecasts = benchmark_forecasts(backtest_view, "gdp", 2018, 2023)
    paths = (
        backtest_view[["region", "year", "gdp"]].merge(forecasts).rename(columns={"gdp": "data"})
    )
    paths["model"] = paths["data"]
    scored = score(paths, "gdp").groupby("forecast")["rmse"].mean()
    for name in ("own_trend_7", "own_trend_3", "national_7", "national_3"):
        assert table.loc[name, "mean_rmse_log_gdp"] == pytest.approx(scored[name], rel=1e-9)
    # the AR(1) sees 2004-2018 in the backtest but only 2011-2018 in the calibration's table
    assert np.isfinite(table.loc["panel_ar1", "mean_rmse_log_gdp"])
