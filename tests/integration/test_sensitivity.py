"""Sensitivity from sweeps: Ishigami indices recovered; inert parameters get zero; clear errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nqpf.sim.experiments.batch import SerialExecutor
from nqpf.sim.experiments.sensitivity import SensitivityError, analyze_sweep, write_report
from nqpf.sim.experiments.sweep import run_sweep
from nqpf.sim.experiments.sweep_spec import load_sweep
from nqpf.sim.experiments.sweep_worker import write_part
from tests.builders import SOLOW_BASE
from tests.conftest import SCENARIOS

# Ishigami and Homma (1990), a = 7, b = 0.1: closed-form indices (Saltelli et al. 2008, §4.7).
ISHIGAMI_S1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
ISHIGAMI_ST = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}


def test_ishigami_indices_recovered_through_the_cli(tmp_path, cli):
    out = tmp_path / "ishigami"
    proc = cli(
        "sweep", str(SCENARIOS / "sweeps" / "ishigami.toml"), "--out", str(out), "--jobs", "1"
    )
    assert proc.returncode == 0, proc.stderr
    proc = cli("sensitivity", str(out), "--resamples", "300")
    assert proc.returncode == 0, proc.stderr
    assert "S1_conf" in proc.stdout
    table = pd.read_csv(out / "sensitivity" / "sobol.csv").set_index("parameter")
    for name in ("x1", "x2", "x3"):
        row = table.loc[name]
        assert row["S1"] == pytest.approx(ISHIGAMI_S1[name], abs=0.05)
        assert row["ST"] == pytest.approx(ISHIGAMI_ST[name], abs=0.05)
        # the reported intervals cover the true values and are informative
        assert abs(row["S1"] - ISHIGAMI_S1[name]) <= row["S1_conf"]
        assert abs(row["ST"] - ISHIGAMI_ST[name]) <= row["ST_conf"]
        assert 0 < row["S1_conf"] < 0.1 and 0 < row["ST_conf"] < 0.1
    markdown = (out / "sensitivity" / "sobol.md").read_text()
    assert "| y | x2 |" in markdown and "confidence interval" in markdown
    assert (out / "sensitivity" / "sobol.png").read_bytes()[:4] == b"\x89PNG"


def solow_sweep(tmp_path, design: str):
    """Textbook-mode sweep: strategy.herding_propensity does nothing without the agent economy."""
    (tmp_path / "base.toml").write_text(SOLOW_BASE)
    spec = tmp_path / "spec.toml"
    spec.write_text(f"""name = "solow_sa"
base = "base.toml"
replicates = 1
master_seed = 3
[parameters]
"solow.saving_rate" = {{ range = [0.2, 0.5] }}
"solow.delta" = {{ range = [0.05, 0.15] }}
"strategy.herding_propensity" = {{ range = [0.0, 1.0] }}
[design]
{design}
[metrics]
gdp_2030 = {{ reduce = "value", column = "gdp", year = 2030 }}
growth = {{ reduce = "mean", column = "gdp_growth" }}
""")
    out = tmp_path / "out"
    run_sweep(load_sweep(spec), out, SerialExecutor(), progress=False)
    return out


def test_sobol_on_the_engine_gives_zero_to_an_inert_parameter(tmp_path):
    out = solow_sweep(tmp_path, 'method = "sobol"\nsamples = 64')
    result = analyze_sweep(out, num_resamples=200)
    table = result.table.set_index(["metric", "parameter"])
    for metric in ("gdp_2030", "growth"):
        inert = table.loc[(metric, "strategy.herding_propensity")]
        assert inert["S1"] == 0.0 and inert["ST"] == 0.0
        active = table.xs(metric).loc[["solow.saving_rate", "solow.delta"]]
        assert (active["ST"] > active["ST_conf"]).all()  # both matter, beyond sampling noise
        assert (active["ST"] >= active["S1"] - active["S1_conf"] - active["ST_conf"]).all()
    paths = write_report(result, out)
    assert set(paths) == {"csv", "md", "png"}
    assert pd.read_csv(paths["csv"]).shape == (6, 6)


def test_morris_ranks_and_signs_effects(tmp_path):
    out = solow_sweep(tmp_path, 'method = "morris"\nsamples = 8\nlevels = 4')
    table = analyze_sweep(out, ["gdp_2030"], num_resamples=200).table.set_index("parameter")
    inert = table.loc["strategy.herding_propensity"]
    assert inert[["mu", "mu_star", "sigma"]].tolist() == [0.0, 0.0, 0.0]
    assert table.loc["solow.saving_rate", "mu"] > 0  # more saving, more GDP
    assert table.loc["solow.delta", "mu"] < 0  # faster depreciation, less GDP
    assert (table["mu_star"] >= table["mu"].abs() - 1e-12).all()
    active = table.loc[["solow.saving_rate", "solow.delta"]]
    assert (active["sigma_low"] < active["sigma"]).all()
    assert (active["sigma"] < active["sigma_high"]).all()


def test_sensitivity_errors_are_clear(tmp_path, cli):
    out = solow_sweep(tmp_path, 'method = "morris"\nsamples = 2')
    proc = cli("sensitivity", str(out), "--metric", "gdp")
    assert proc.returncode == 2 and "unknown metric(s) ['gdp']" in proc.stderr
    assert "allowed: ['gdp_2030', 'growth']" in proc.stderr and "Traceback" not in proc.stderr
    part = sorted((out / "runs").glob("part-*.parquet"))[3]
    part.unlink()  # an unfinished run
    with pytest.raises(SensitivityError, match="1 of 8 design points have no value"):
        analyze_sweep(out)
    proc = cli("sensitivity", str(tmp_path / "nowhere"))
    assert proc.returncode == 2 and "not a sweep folder" in proc.stderr


def test_a_report_that_cannot_be_written_keeps_the_indices_on_screen(tmp_path, cli):
    out = solow_sweep(tmp_path, 'method = "morris"\nsamples = 2')
    (out / "sensitivity" / "morris.csv").mkdir(parents=True)  # a folder where the file goes
    proc = cli("sensitivity", str(out), "--metric", "growth")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "the indices above could not be written" in proc.stderr
    assert "morris.csv" in proc.stderr and "morris sensitivity" in proc.stdout  # the table


def test_sensitivity_needs_sobol_or_morris(tmp_path):
    out = solow_sweep(tmp_path, 'method = "latin_hypercube"\nsamples = 8')
    with pytest.raises(SensitivityError, match="needs a sweep with design method 'sobol' or"):
        analyze_sweep(out)


def test_failed_points_are_named(tmp_path):
    out = solow_sweep(tmp_path, 'method = "morris"\nsamples = 2')
    runs = pd.read_parquet(out / "runs")
    assert np.isfinite(runs["gdp_2030"]).all()
    row = runs.iloc[0].to_dict()
    row.update(
        status="error",
        error="NumericalError: year 2024: region R01: gdp = 0.0",
        gdp_2030=float("nan"),
        growth=float("nan"),
    )
    write_part(row, out)
    with pytest.raises(SensitivityError, match="run p0000-r00 failed: NumericalError"):
        analyze_sweep(out, ["growth"])
