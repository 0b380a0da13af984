"""Start-year values from the data: the saving rate and income growth a run from another year uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqpf.calibration.config import load_config
from nqpf.calibration.start_values import START_FIELDS, start_year_overrides
from nqpf.sim.config import SCENARIO_DIR, Scenario

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


def test_config_applies_start_values_unless_fixed_or_estimated():
    loaded = load_config(CHINA31)
    assert loaded.scenario.world.start_year == loaded.config.fit.start_year
    assert loaded.scenario.macro.saving_rate_start == pytest.approx(0.572, abs=5e-4)
    jump = loaded.start_overrides(loaded.config.fit.end_year)
    for name in list(loaded.config.parameters) + list(loaded.config.model.set):
        assert name not in jump
    assert jump["macro.saving_rate_start"] == pytest.approx(0.505, abs=5e-4)
