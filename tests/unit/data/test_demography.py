"""The national population path (sim/data/demography.py and sim/setup/demography.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nqpf.sim.config import Scenario
from nqpf.sim.data import demography as wpp
from nqpf.sim.data.panel import load_panel
from nqpf.sim.setup.demography import build_people, national_path, panel_totals
from nqpf.sim.setup.geography import build_regions
from tests.conftest import SCENARIOS


def test_year_end_population_is_the_un_1_january_value():
    raw = pd.read_csv(wpp.WPP_TOTAL_FILE)
    first = raw.iloc[0]
    assert wpp.wpp_year_end_population([int(first.year) - 1])[0] == pytest.approx(
        first.pop_1jan_thousands / 1000.0, rel=1e-12
    )
    # mid-2020 estimate 1,426.1 m and 1 January 2025 1,417.7 m bracket the end of 2023
    assert 1417.7 < wpp.wpp_year_end_population([2023])[0] < 1426.1


def test_working_age_share_interpolates_the_five_yearly_rows():
    raw = pd.read_csv(wpp.WPP_AGE_FILE).set_index("year")
    # year-end 2029 is 1 January 2030, half way between mid-2027 ... mid-2030 rows: 2025.5, 2030.5
    share = wpp.wpp_working_age_share([2029])[0]
    expected = raw.share_15_64[2025] + (2030.0 - 2025.5) / 5 * (
        raw.share_15_64[2030] - raw.share_15_64[2025]
    )
    assert share == pytest.approx(expected, rel=1e-12)


def test_years_outside_the_projection_are_refused_with_the_range():
    with pytest.raises(ValueError, match=r"year 2101 is outside the shipped population projection"):
        wpp.wpp_year_end_population([2101])
    sc = Scenario.load(
        SCENARIOS / "baseline.toml",
        overrides=['world.geography="synthetic:4"', "world.start_year=2060", "world.end_year=2110"],
    )
    with pytest.raises(ValueError, match=r"solow.demography = 'projection' covers years"):
        national_path(sc)


def test_national_path_is_the_data_then_the_projection_growth():
    sc = Scenario.load(
        SCENARIOS / "baseline.toml", overrides=["world.start_year=2018", "world.end_year=2030"]
    )
    growth, per_person, share = national_path(sc)
    totals = panel_totals()
    for k, year in enumerate(range(2019, 2024), start=1):
        assert growth[k] == pytest.approx(totals[year] / totals[year - 1] - 1, rel=1e-12)
    wpp_pop = wpp.wpp_year_end_population(np.arange(2023, 2031))
    np.testing.assert_allclose(growth[6:], wpp_pop[1:] / wpp_pop[:-1] - 1, rtol=1e-12)
    np.testing.assert_allclose(per_person, share * sc.solow.employment_per_working_age)


def test_start_year_targets_are_the_datas_net_migration_and_sum_to_zero():
    sc = Scenario.load(SCENARIOS / "baseline.toml", overrides=["world.start_year=2018"])
    geo, reg = build_regions(sc, np.random.default_rng(0))
    p = build_people(sc, geo, reg.population)
    assert p.target_net_migration.sum() == pytest.approx(0.0, abs=1e-9)
    panel = load_panel().set_index(["region", "year"]).population_10k / 100.0
    n = panel.xs(2018, level="year").sum() / panel.xs(2017, level="year").sum()
    i = geo.index("Heilongjiang")
    expected = panel["Heilongjiang", 2018] - n * panel["Heilongjiang", 2017]
    assert p.target_net_migration[i] == pytest.approx(expected, rel=1e-12)
    beijing, hebei = geo.index("Beijing"), geo.index("Hebei")
    assert p.hukou_barrier[beijing] == pytest.approx(
        sc.talent.hukou_cost * (1 + sc.talent.megacity_hukou)
    )
    assert p.hukou_barrier[hebei] == pytest.approx(sc.talent.hukou_cost)
