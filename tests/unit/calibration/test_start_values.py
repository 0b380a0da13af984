"""Start-year values from the data: the saving rate and income growth a run from another year uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqpf.calibration.config import CalibrationError, load_config
from nqpf.calibration.start_values import START_FIELDS, start_year_overrides
from nqpf.sim.config import SCENARIO_DIR, Scenario

BASELINE = (SCENARIO_DIR / "baseline.toml").as_posix()
CHINA31 = Path(__file__).resolve().parents[3] / "calibration" / "china31.toml"


def test_start_values_are_the_panels_investment_share_and_real_growth():
    v2011 = start_year_overrides(2011)
    assert set(v2011) == set(START_FIELDS)
    # provinces' GFCF / GDP 2011 (shipped panel) and real growth of their summed GDP
    assert v2011["macro.saving_rate_start"] == pytest.approx(0.572, abs=5e-4)
    assert v2011["macro.start_income_growth"] == pytest.approx(0.097, abs=1e-3)
    assert start_year_overrides(2018)["macro.saving_rate_start"] == pytest.approx(0.505, abs=5e-4)


def test_the_2023_values_agree_with_the_baseline_scenario():
    """The shipped scenarios start in 2023 with values documented from the same data (the panel
    has no GFCF for 2023, so the 2022 share carries over; NBS reports 5.2 % growth, the
    provinces' sum 5.3 %)."""
    base = Scenario.load(SCENARIO_DIR / "baseline.toml")
    v = start_year_overrides(2023)
    assert v["macro.saving_rate_start"] == pytest.approx(base.macro.saving_rate_start, abs=1e-3)
    assert v["macro.start_income_growth"] == pytest.approx(base.macro.start_income_growth, abs=2e-3)


def test_a_year_without_the_year_before_is_refused():
    with pytest.raises(ValueError, match="start year 2000"):
        start_year_overrides(2000)


def test_config_applies_start_values_unless_fixed_or_estimated(tmp_path):
    loaded = load_config(CHINA31)
    assert loaded.scenario.world.start_year == loaded.config.fit.start_year
    assert loaded.scenario.macro.saving_rate_start == pytest.approx(0.572, abs=5e-4)
    jump = loaded.start_overrides(loaded.config.fit.end_year)
    assert jump["macro.saving_rate_start"] == pytest.approx(0.505, abs=5e-4)
    # a start field the config fixes, or estimates, is not overridden by the data's value
    text = CHINA31.read_text(encoding="utf-8")
    text = text.replace('scenario = "../scenarios/baseline.toml"', f'scenario = "{BASELINE}"')
    fixed = tmp_path / "fixed.toml"
    fixed.write_text(
        text.replace("set = {}", 'set = {"macro.saving_rate_start" = 0.6}'), encoding="utf-8"
    )
    loaded = load_config(fixed)
    assert loaded.scenario.macro.saving_rate_start == 0.6
    assert "macro.saving_rate_start" not in loaded.start_overrides(2018)
    assert "macro.start_income_growth" in loaded.start_overrides(2018)
    estimated = tmp_path / "estimated.toml"
    estimated.write_text(
        text.replace("[parameters]\n", '[parameters]\n"macro.start_income_growth" = [0.0, 0.12]\n'),
        encoding="utf-8",
    )
    loaded = load_config(estimated)
    assert "macro.start_income_growth" in loaded.names
    assert "macro.start_income_growth" not in loaded.start_overrides(2018)


def test_a_config_without_validation_whose_fit_ends_in_2023_has_no_held_out_years(tmp_path):
    text = CHINA31.read_text(encoding="utf-8")
    text = text.replace('scenario = "../scenarios/baseline.toml"', f'scenario = "{BASELINE}"')
    no_validation = text.replace("[validation]\nend_year = 2023", "")
    assert "[validation]" not in no_validation
    path = tmp_path / "cal.toml"
    path.write_text(no_validation, encoding="utf-8")
    assert load_config(path).config.validation.end_year == 2023  # fit ends 2018: 2019-2023 held out
    path.write_text(no_validation.replace("end_year = 2018", "end_year = 2023"), encoding="utf-8")
    assert load_config(path).config.validation.end_year is None
    # an explicit held-out end at or before the fit's end is an error
    path.write_text(text.replace("end_year = 2018", "end_year = 2023"), encoding="utf-8")
    with pytest.raises(CalibrationError, match="must be after fit.end_year"):
        load_config(path)
