"""Calibration configs: the shipped one loads; every kind of mistake gets a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqpf.calibration.config import CalibrationError, load_config

ROOT = Path(__file__).resolve().parents[3]
CHINA31 = ROOT / "calibration" / "china31.toml"
BASELINE = ROOT / "scenarios" / "baseline.toml"

GOOD = f"""
name = "t"
[model]
scenario = "{BASELINE.as_posix()}"
[fit]
start_year = 2011
end_year = 2014
[validation]
end_year = 2016
[parameters]
"solow.tfp_growth" = [-0.02, 0.06]
"solow.saving_rate" = [0.2, 0.8]
[moments]
use = ["gdp_growth_mean", "investment_share_mean", "sd_log_gdp_pc"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cal.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_config_loads():
    loaded = load_config(CHINA31)
    cfg = loaded.config
    assert loaded.names == ["macro.saving_income_effect", "solow.tfp_growth"]
    # nothing held at other values than the scenario's; the start year's saving rate and
    # income growth come from the 2011 data (calibration/start_values.py)
    assert cfg.model.set == {}
    assert loaded.scenario.macro.saving_rate_start == pytest.approx(0.572, abs=5e-4)
    assert {"gdp_growth_total", "solow_residual_growth"} <= set(cfg.moments.use)
    assert (cfg.fit.start_year, cfg.fit.end_year, cfg.validation.end_year) == (2011, 2018, 2023)
    assert loaded.scenario.world.start_year == 2011 and loaded.scenario.world.end_year == 2018
    assert "patent_growth_mean" not in cfg.moments.all_keys
    names = loaded.moment_names(2011, 2018)
    assert len(names) > 2 * len(loaded.names)
    # reported moments come after the targeted ones and are not among them
    every = loaded.all_moment_names(2011, 2018)
    assert every[: len(names)] == names and len(every) > len(names)
    assert {"sd_log_gdp_pc_2013", "sd_log_gdp_pc_2016", "sd_log_gdp_pc_2018"} <= set(every)
    assert not set(cfg.moments.report) & set(cfg.moments.use)
    # bounds an economist would accept: no negative saving, TFP growth within a few points
    bounds = cfg.parameters
    slope = bounds["macro.saving_income_effect"]
    assert -0.2 <= slope[0] < 0 < slope[1] <= 0.1  # both signs allowed, within the field's range
    assert -0.05 <= bounds["solow.tfp_growth"][0] and bounds["solow.tfp_growth"][1] <= 0.06
    quick, full = cfg.budget_for(True), cfg.budget_for(False)
    assert quick.replications == 1 and full.replications == 2
    # the wall-clock stops of the global search stage lie inside the time budgets (default at
    # most 10 minutes, --quick at most 60 s on 2 cores); the measured run times are in
    # docs/calibration.md ("Commands")
    assert quick.max_minutes < 1 < full.max_minutes <= 10


def test_shipped_ex_pandemic_config_skips_the_pandemic_years():
    cfg = load_config(ROOT / "calibration" / "china31_ex_pandemic.toml").config
    assert (cfg.fit.start_year, cfg.fit.end_year) == (2018, 2023)
    assert cfg.fit.skip_years == [2020, 2021, 2022]
    assert cfg.validation.end_year is None  # the fit ends in the last data year


def test_adding_a_parameter_is_one_line(tmp_path):
    text = GOOD.replace(
        '"solow.saving_rate" = [0.2, 0.8]',
        '"solow.saving_rate" = [0.2, 0.8]\n"solow.alpha" = [0.3, 0.6]',
    )
    loaded = load_config(write(tmp_path, text))
    assert loaded.names[-1] == "solow.alpha"
    assert loaded.lower[-1] == 0.3 and loaded.upper[-1] == 0.6


@pytest.mark.parametrize(
    "old, new, fragments",
    [
        ("[fit]", "[fitt]", ["line", "unknown field 'fitt'", "Allowed fields here", "parameters"]),
        (
            "start_year = 2011",
            "start_year = 2011\nstep = 2",
            ["unknown field 'fit.step'", "end_year, skip_years, start_year"],
        ),
        (
            "end_year = 2014",
            "end_year = 2014\nskip_years = [2011, 2013]",
            ["skip_years [2011] outside 2012..2014"],
        ),
        (
            "end_year = 2014",
            "end_year = 2014\nskip_years = [2012, 2013, 2014]",
            ["skip_years [2012, 2013, 2014] leave no year of 2012..2014"],
        ),
        (
            '"solow.tfp_growth" = [-0.02, 0.06]',
            '"solow.tfp_grow" = [-0.02, 0.06]',
            ["line 11", "unknown parameter 'solow.tfp_grow'", "solow.tfp_growth"],
        ),
        (
            '"solow.tfp_growth" = [-0.02, 0.06]',
            '"strategy.mode" = [0, 1]',
            ["parameter 'strategy.mode' is not a numeric model parameter"],
        ),
        (
            '"solow.tfp_growth" = [-0.02, 0.06]',
            '"strategy.priorities_smallest" = [1, 4]',
            [
                "line 11",
                "parameter 'strategy.priorities_smallest' is a whole-number field",
                "[model].set",
            ],
        ),
        (
            '"solow.saving_rate" = [0.2, 0.8]',
            '"solow.saving_rate" = [0.2, 1.5]',
            [
                "line 12",
                "bound 1.5 of parameter 'solow.saving_rate' is outside its allowed range",
                "0.95",
            ],
        ),
        (
            '"solow.saving_rate" = [0.2, 0.8]',
            '"solow.saving_rate" = [0.8, 0.2]',
            ["lower bound 0.8 is not below upper 0.2"],
        ),
        (
            '"solow.saving_rate" = [0.2, 0.8]',
            '"solow.saving_rate" = "high"',
            ["field 'parameters.solow.saving_rate'", "'high'"],
        ),
        (
            '"investment_share_mean"',
            '"investment_share_avg"',
            ["unknown moment(s) ['investment_share_avg']", "gdp_growth_sd"],
        ),
        (
            '"investment_share_mean"',
            '"patent_growth_mean"',
            ["moment 'patent_growth_mean' needs column(s) ['patents']", "does not record"],
        ),
        (
            '"sd_log_gdp_pc"]',
            '"sd_log_gdp_pc"]\nreport = ["gdp_growth_sd", "sd_log_gdp_pc"]',
            ["both targeted (use) and only reported (report)", "sd_log_gdp_pc"],
        ),
        (
            '"sd_log_gdp_pc"]',
            '"sd_log_gdp_pc"]\nreport = ["rd_intensity_jump"]',
            ["field 'moments.report'", "unknown moment(s) ['rd_intensity_jump']"],
        ),
        (
            '"sd_log_gdp_pc"]',
            '"sd_log_gdp_pc"]\nreport = ["patent_growth_mean"]',
            ["moment 'patent_growth_mean' needs column(s) ['patents']", "[moments].report"],
        ),
        (
            "end_year = 2016",
            "end_year = 2013",
            ["validation.end_year (2013) must be after fit.end_year (2014)"],
        ),
        ("end_year = 2014", "end_year = 2012", ["must be at least start_year + 2"]),
        (
            'use = ["gdp_growth_mean", "investment_share_mean", "sd_log_gdp_pc"]',
            'use = ["gdp_growth_mean"]',
            ["1 moment(s) for 2 parameters"],
        ),
        (
            "[fit]",
            '[model.set]\n"world.end_year" = 2030\n[fit]',
            ["cannot set 'world.end_year'", "[fit] and [validation]"],
        ),
        (
            "[fit]",
            '[model.set]\n"solow.alpha" = 2.0\n[fit]',
            ["field 'model.set' is invalid", "solow.alpha"],
        ),
        (
            f'scenario = "{BASELINE.as_posix()}"',
            'scenario = "nowhere.toml"',
            ["field 'model.scenario' = 'nowhere.toml'", "not found"],
        ),
        (
            f'scenario = "{BASELINE.as_posix()}"',
            f'scenario = "{(ROOT / "scenarios" / "textbook" / "solow.toml").as_posix()}"',
            ["needs geography = 'china31'"],
        ),
        (
            "[moments]",
            "[estimation]\nweighting = 'best'\n[moments]",
            ["field 'estimation.weighting' = 'best'", "'diagonal', 'efficient' or 'identity'"],
        ),
        (
            'name = "t"',
            'name = "t"\n[budget]\npopsize = 0',
            ["field 'budget.popsize' = 0", "greater than or equal to 2"],
        ),
    ],
)
def test_bad_config_message_names_file_line_field_and_allowed(tmp_path, old, new, fragments):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(CalibrationError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, message


def test_unreadable_or_missing_config(tmp_path):
    with pytest.raises(CalibrationError, match="not found"):
        load_config(tmp_path / "none.toml")
    with pytest.raises(CalibrationError, match="not valid TOML"):
        load_config(write(tmp_path, "[fit\nstart_year = 2011"))
    with pytest.raises(CalibrationError, match="field 'moments' is required"):
        load_config(write(tmp_path, GOOD.split("[moments]")[0]))


def test_cli_reports_config_and_data_errors_with_exit_2(tmp_path, cli):
    bad = write(tmp_path, GOOD.replace('"solow.tfp_growth"', '"solow.nothing"'))
    res = cli("calibrate", str(bad), "--out", str(tmp_path / "out"))
    assert res.returncode == 2
    assert "unknown parameter 'solow.nothing'" in res.stderr
    assert "Traceback" not in res.stderr
    panel = tmp_path / "panel.csv"
    panel.write_text("region,year\nBeijing,2011\n", encoding="utf-8")
    cfg = tmp_path / "with_panel.toml"
    cfg.write_text(GOOD.replace("[fit]", '[data]\npanel = "panel.csv"\n[fit]'), encoding="utf-8")
    res = cli("calibrate", str(cfg), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert res.returncode == 2, res.stderr
    assert str(panel) in res.stderr.replace("\n", "")
    assert "missing column(s)" in res.stderr
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "out").exists()


def test_a_reversed_bound_is_placed_at_its_parameters_line(tmp_path):
    path = write(tmp_path, GOOD.replace("[0.2, 0.8]", "[0.8, 0.2]"))
    line = GOOD.splitlines().index('"solow.saving_rate" = [0.2, 0.8]') + 1
    with pytest.raises(CalibrationError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}, line {line}: ")
    assert "lower bound 0.8 is not below upper 0.2" in str(info.value)
