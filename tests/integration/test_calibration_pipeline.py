"""The calibration end to end: parameter recovery, executor invariance, the CLI's outputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nqpf.calibration.config import load_config
from nqpf.calibration.recovery import recovery_check
from nqpf.calibration.simulate import Simulator
from nqpf.sim.config import SCENARIO_DIR, Scenario
from nqpf.sim.experiments.batch import SerialExecutor, make_executor
from nqpf.sim.experiments.outdir import verify_folder

ROOT = Path(__file__).resolve().parents[2]
BASELINE = (SCENARIO_DIR / "baseline.toml").as_posix()

# A small problem: 2 parameters, 4 fitted years, moments that pin them down.
SMALL = f"""
name = "small"
[model]
scenario = "{BASELINE}"
set = {{{{ {{set}} }}}}
[fit]
start_year = 2011
end_year = 2014
[validation]
end_year = 2016
[parameters]
"solow.tfp_growth" = [-0.02, 0.06]
"solow.saving_rate" = [0.2, 0.8]
[moments]
use = {{moments}}
sigma_points = 2
[budget]
popsize = {{popsize}}
generations = {{generations}}
polish_evaluations = {{polish}}
replications = {{replications}}
bootstrap = 100
max_minutes = 5
"""


MOMENTS = [
    "gdp_growth_mean",
    "gdp_growth_sd",
    "investment_share_mean",
    "capital_growth_mean",
    "capital_output_mean",
    "sd_log_gdp_pc",
    "beta_convergence",
]


def small_config(
    tmp_path: Path,
    *,
    set_: str = "",
    popsize=4,
    generations=3,
    polish=20,
    replications=1,
    moments=tuple(MOMENTS),
) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(
        SMALL.format(
            set=set_,
            popsize=popsize,
            generations=generations,
            polish=polish,
            replications=replications,
            moments=str(list(moments)).replace("'", '"'),
        ),
        encoding="utf-8",
    )
    return path


def test_solow_core_parameters_are_recovered_exactly_within_their_standard_errors(tmp_path):
    """Identification check on the deterministic Solow core: the data are the model's output.

    (Its investment share is exactly the saving rate in every province, a moment without
    cross-province variance, so capital growth identifies the saving rate instead.)
    """
    loaded = load_config(
        small_config(
            tmp_path,
            set_='"economy.enabled" = false',
            popsize=5,
            generations=8,
            polish=80,
            replications=2,
            moments=[m for m in MOMENTS if m != "investment_share_mean"],
        )
    )
    truth = {"solow.tfp_growth": 0.021, "solow.saving_rate": 0.57}
    result, table = recovery_check(loaded, SerialExecutor(), jobs=1, truth=truth, progress=False)
    assert table["within_2se"].all(), table
    assert (table["se"] > 0).all() and np.isfinite(table["se"]).all()
    np.testing.assert_allclose(table["estimate"], table["truth"], atol=5e-4)
    assert result.inference.j_stat < 1e-3 < result.search.j_start


@pytest.mark.slow
def test_agent_economy_parameters_are_recovered_within_two_standard_errors(tmp_path):
    """Identification check with the agent economy: data from a seed the estimator never uses.

    The start-year saving rate of the agent economy's saving path and TFP growth with the
    population moments added. Migration's own parameters are not recovered: with amenities solved
    to the start year's net flows, the 2011-2018 population moments identify neither the hukou
    cost (standard error 192 on bounds 0-12) nor the congestion elasticity (4.6 on bounds 0-1).
    """
    path = small_config(
        tmp_path,
        popsize=4,
        generations=4,
        polish=30,
        replications=2,
        moments=[*MOMENTS, "population_growth_sd", "population_growth_slope"],
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '"solow.saving_rate" = [0.2, 0.8]', '"macro.saving_rate_start" = [0.2, 0.8]'
        ),
        encoding="utf-8",
    )
    loaded = load_config(path)
    truth = {"solow.tfp_growth": 0.015, "macro.saving_rate_start": 0.6}
    result, table = recovery_check(loaded, SerialExecutor(), jobs=1, truth=truth, progress=False)
    assert np.isfinite(table["se"]).all()
    assert table["within_2se"].all(), table
    # estimates are informative: intervals much narrower than the bounds
    assert (1.96 * table["se"] < 0.5 * (np.array(loaded.upper) - np.array(loaded.lower))).all()


def test_simulated_moments_do_not_depend_on_the_executor():
    sc = Scenario.load(SCENARIO_DIR / "baseline.toml")
    thetas = np.array([[0.01, 0.45], [0.03, 0.45]])
    keys = ["gdp_growth_mean", "investment_share_mean", "sd_log_gdp_pc"]
    kw = dict(start=2011, end=2013, windows=[(2011, 2013)])
    serial = Simulator(
        sc, ["solow.tfp_growth", "solow.saving_rate"], keys, 2, [11, 12], SerialExecutor()
    ).evaluate(thetas, **kw)
    pool = make_executor("local", 2)
    try:
        parallel = Simulator(
            sc, ["solow.tfp_growth", "solow.saving_rate"], keys, 2, [11, 12], pool
        ).evaluate(thetas, **kw)
    finally:
        pool.shutdown()
    np.testing.assert_array_equal(serial.moments[0], parallel.moments[0])
    assert not serial.failed.any()
    # common random numbers: a different theta changes the moments, a repeat does not
    again = Simulator(
        sc, ["solow.tfp_growth", "solow.saving_rate"], keys, 2, [11, 12], SerialExecutor()
    ).evaluate(thetas[:1], **kw)
    np.testing.assert_array_equal(again.moments[0][0], serial.moments[0][0])
    assert serial.moments[0][0, 0] < serial.moments[0][1, 0]  # higher TFP growth, faster GDP


def test_a_finished_simulation_is_released_from_memory():
    """Thousands of runs per worker must not accumulate finished models (Mesa keeps them)."""
    import gc

    from nqpf.calibration.simulate import MomentTask, simulate_moments
    from nqpf.sim.experiments.batch import RunSpec
    from nqpf.sim.model import RegionalEconomy

    def alive() -> int:
        gc.collect()
        return sum(isinstance(o, RegionalEconomy) for o in gc.get_objects())

    sc = Scenario.load(SCENARIO_DIR / "baseline.toml", ["economy.enabled=false"]).to_dict()
    before = alive()
    for seed in range(3):
        task = MomentTask(
            RunSpec(
                f"r{seed}",
                sc,
                seed,
                {"world.start_year": 2011, "world.end_year": 2012},
                tables=("regions",),
            ),
            ("gdp_growth_mean",),
            ((2011, 2012),),
            1,
        )
        assert simulate_moments(task).status == "ok"
    assert alive() == before


def test_cli_writes_estimates_moments_validation_plots_and_scenario(tmp_path, cli):
    config = small_config(
        tmp_path, set_='"firms.demand_shock_sd" = 0.02', popsize=3, generations=1, polish=6
    )
    out = tmp_path / "out"
    res = cli("calibrate", str(config), "--out", str(out), "--jobs", "1", "--no-progress")
    assert res.returncode == 0, res.stderr
    for name in (
        "report.md",
        "estimates.csv",
        "estimates.md",
        "moments.csv",
        "moments.png",
        "gdp_paths.png",
        "validation_moments.csv",
        "validation_gdp.csv",
        "validation_summary.csv",
        "validation_benchmarks.csv",
        "calibrated.toml",
        "manifest.json",
        "trace.csv",
        "observed_regions.parquet",
        "simulated_regions.parquet",
    ):
        assert (out / name).is_file(), name
    # written whole: the manifest lists every file with its hash; no temporary sibling is left
    manifest = verify_folder(out)
    assert manifest["kind"] == "nqpf-calibration"
    assert set(manifest["content_sha256"]) == {p.name for p in out.iterdir()} - {"manifest.json"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == [".out.lock"]
    est = pd.read_csv(out / "estimates.csv")
    assert list(est["parameter"]) == ["solow.tfp_growth", "solow.saving_rate"]
    assert (est["estimate"] >= est["lower_bound"]).all()
    assert (est["estimate"] <= est["upper_bound"]).all()
    # the search starts from the declared defaults, not from the estimates baseline.toml carries
    defaults = Scenario().solow
    assert list(est["start_value"]) == [defaults.tfp_growth, defaults.saving_rate]
    assert Scenario.load(SCENARIO_DIR / "baseline.toml").solow.tfp_growth != defaults.tfp_growth
    moments = pd.read_csv(out / "moments.csv")
    assert {"sd_log_gdp_pc_2013", "sd_log_gdp_pc_2014"} <= set(moments["moment"])
    assert (moments["years"] == "2011-2014").all()
    assert moments["targeted"].all()  # the small config reports nothing beyond its targets
    np.testing.assert_allclose(
        moments["t_fit"], (moments["model_fit"] - moments["data"]) / moments["data_se"]
    )
    summary = pd.read_csv(out / "validation_summary.csv").set_index("forecast")
    assert {"model_from_start", "model_jumpoff", "naive_trend", "data"} == set(summary.index)
    gdp = pd.read_csv(out / "validation_gdp.csv")
    assert len(gdp) == 31 and gdp.filter(like="rmse_log").notna().all().all()
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "naive trend" in report and ("beats" in report or "loses to" in report)
    # the five benchmarks of nqpf backtest, built from the shipped panel's history before the
    # fit (from 2004), so the 7-year windows before 2014 exist although the fit starts in 2011
    bench = pd.read_csv(out / "validation_benchmarks.csv").set_index("benchmark")
    assert np.isfinite(bench["mean_rmse_log_gdp"]).all() and len(bench) == 5
    assert "Five benchmarks" in report
    # the scenario extends the calibrated one and carries the estimates
    scenario = Scenario.load(out / "calibrated.toml")
    assert scenario.world.start_year == 2023  # inherited from baseline
    assert scenario.solow.tfp_growth == pytest.approx(est["estimate"].iloc[0], rel=1e-5)
    assert scenario.solow.saving_rate == pytest.approx(est["estimate"].iloc[1], rel=1e-5)
    assert scenario.firms.demand_shock_sd == 0.02  # fixed values travel with it
    head = (out / "calibrated.toml").read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith("# Question:")


def test_baseline_carries_the_shipped_estimates():
    """baseline.toml, which every policy scenario extends, holds the fitted values of the
    projection fit (scenarios/calibrated.toml), digit for digit, and nothing else of the fit."""
    fitted = Scenario.load(SCENARIO_DIR / "calibrated.toml").model_dump()
    base = Scenario.load(SCENARIO_DIR / "baseline.toml").model_dump()
    defaults = Scenario().model_dump()
    loaded = load_config(ROOT / "calibration" / "china31_ex_pandemic.toml")
    for name in loaded.config.parameters:
        section, field = name.split(".")
        assert base[section][field] == fitted[section][field], name
        # the estimate differs from the declared default the fit starts from
        assert base[section][field] != defaults[section][field], name
    # and nothing else differs: the calibrated scenario runs as the baseline does
    for key in ("name", "description"):
        fitted.pop(key), base.pop(key)
    assert fitted == base


def test_shipped_calibrated_scenario_comes_from_a_real_run():
    path = SCENARIO_DIR / "calibrated.toml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Question:")
    assert "nqpf calibrate calibration/china31_ex_pandemic.toml" in text
    assert 'extends = "baseline.toml"' in text
    scenario = Scenario.load(path)
    loaded = load_config(ROOT / "calibration" / "china31_ex_pandemic.toml")
    values = scenario.model_dump()
    for name, (lo, hi) in loaded.config.parameters.items():
        section, field = name.split(".")
        assert lo <= values[section][field] <= hi, name
        # a fit on a bound is reported, not shipped: every estimate is inside its bounds
        margin = 0.01 * (hi - lo)
        assert lo + margin < values[section][field] < hi - margin, name
    # values the config holds fixed travel with the scenario
    for key, value in loaded.config.model.set.items():
        section, field = key.split(".")
        assert values[section][field] == value, key
    # the fit's start-year data (2018's saving rate and income growth) do not travel: the
    # scenario starts in 2023 from 2023's values
    base = Scenario.load(SCENARIO_DIR / "baseline.toml")
    assert scenario.macro.saving_rate_start == base.macro.saving_rate_start
    assert scenario.macro.start_income_growth == base.macro.start_income_growth
