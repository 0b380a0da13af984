"""Calibration inputs: the national deflator, the calibration panel loader, the observed table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nqpf.calibration.deflator import DEFLATOR_FILE, load_deflator
from nqpf.calibration.observed import observed_regions
from nqpf.calibration.panel import load_calibration_panel
from nqpf.sim.data import PANEL_FILE, DataFileError, load_provinces, start_state

YEARS = range(2011, 2019)


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return load_calibration_panel(years=YEARS)


def _observed(panel: pd.DataFrame, **kw) -> pd.DataFrame:
    table, _ = observed_regions(
        panel,
        load_provinces(),
        load_deflator(),
        base_year=2011,
        years=YEARS,
        labor_force_share=0.5,
        **kw,
    )
    return table.set_index(["region", "year"])


# --------------------------------------------------------------------------- deflator


def test_shipped_deflator_is_consistent_with_its_nominal_and_real_columns():
    raw = pd.read_csv(DEFLATOR_FILE)
    assert list(raw["year"]) == list(range(2004, 2024))
    implied = (
        (raw["gdp_nominal_100m_yuan"].pct_change() + 1) / (1 + raw["real_gdp_growth_pct"] / 100) - 1
    ) * 100
    np.testing.assert_allclose(
        raw["gdp_deflator_growth_pct"].iloc[1:], implied.iloc[1:], atol=0.051
    )


def test_national_nominal_growth_tracks_the_sum_of_the_provinces():
    raw = pd.read_csv(DEFLATOR_FILE).set_index("year")["gdp_nominal_100m_yuan"]
    panel = pd.read_csv(PANEL_FILE)
    provinces = panel.groupby("year")["gdp_nominal_100m_yuan"].sum().loc[2004:2023]
    gap = (provinces.pct_change() - raw.pct_change()).dropna()
    assert len(gap) == 19 and gap.abs().max() < 0.01


def test_deflator_level_chains_the_growth_rates():
    level = load_deflator()
    assert level.loc[2004] == 1.0
    assert level.loc[2012] / level.loc[2011] == pytest.approx(1.023)
    assert level.loc[2023] / level.loc[2022] == pytest.approx(0.995)
    # 2011 -> 2018: 2.3, 2.1, 1.1, 0.0, 1.5, 4.3, 3.5 percent
    assert level.loc[2018] / level.loc[2011] == pytest.approx(
        np.prod([1.023, 1.021, 1.011, 1.0, 1.015, 1.043, 1.035])
    )


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("year,growth\n2005,3.9\n", "missing column(s) ['gdp_deflator_growth_pct']"),
        ("year,gdp_deflator_growth_pct\n2005,3.9\n2007,1.0\n", "year 2007 follows 2005"),
        ("year,gdp_deflator_growth_pct\n2005,3.9\n2006,abc\n", "'abc' is not a number"),
        ("year,gdp_deflator_growth_pct\n2005,3.9\n2006,250\n", "250.0 out of range"),
        ("year,gdp_deflator_growth_pct\n2005,\n2006,\n", "empty cell"),
    ],
)
def test_malformed_deflator_is_rejected_with_its_place(tmp_path, text, fragment):
    path = tmp_path / "deflator.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_deflator(path)
    assert fragment in str(info.value)
    assert "deflator.csv" in str(info.value)


# --------------------------------------------------------------------------- panel


def test_calibration_panel_accepts_optional_columns(tmp_path):
    df = pd.read_csv(PANEL_FILE, dtype=str, keep_default_na=False)
    df["employment_10k"] = "1000"
    df["gdp_real_index"] = [str(100 + i) for i in range(len(df))]
    path = tmp_path / "panel.csv"
    df.to_csv(path, index=False)
    loaded = load_calibration_panel(path, years=YEARS)
    assert loaded["employment_10k"].dtype == float
    assert loaded["gdp_real_index"].iloc[3] == 103.0


def _write_modified(tmp_path, change) -> str:
    df = pd.read_csv(PANEL_FILE, dtype=str, keep_default_na=False)
    df = change(df)
    path = tmp_path / "panel.csv"
    df.to_csv(path, index=False)
    return path


def _set(df, region, year, column, value):
    df.loc[(df["region"] == region) & (df["year"] == str(year)), column] = value
    return df


@pytest.mark.parametrize(
    "change, fragments",
    [
        (
            lambda df: df.drop(columns=["capital_2000prices_100m_yuan"]),
            ["missing column(s) ['capital_2000prices_100m_yuan']"],
        ),
        (lambda df: df[df["region"] != "Tibet"], ["no row", "region 'Tibet'", "year 2011"]),
        (
            lambda df: _set(df, "Hebei", 2014, "gdp_nominal_100m_yuan", ""),
            ["core value missing", "region 'Hebei'", "year 2014"],
        ),
        (
            lambda df: _set(df, "Hebei", 2014, "rd_intensity_pct", "n/a%"),
            ["'n/a%' is not a number", "column 'rd_intensity_pct'"],
        ),
        (
            lambda df: df.assign(
                population_10k=(df["population_10k"].replace("", "nan").astype(float) * 1e4).astype(
                    str
                )
            ),
            ["column 'population_10k'", "suggests a wrong unit", "10,000 persons"],
        ),
        (
            lambda df: df.assign(
                rd_intensity_pct=(
                    df["rd_intensity_pct"].replace("", "nan").astype(float) / 100
                ).astype(str)
            ),
            ["column 'rd_intensity_pct'", "not a share"],
        ),
        (
            lambda df: _set(df.assign(employment_10k="900"), "Jilin", 2016, "employment_10k", ""),
            ["column 'employment_10k'", "region 'Jilin'", "year 2016", "or no such column"],
        ),
        (lambda df: df.assign(gdp_real_index="-1"), ["column 'gdp_real_index'", "negative value"]),
    ],
)
def test_malformed_panel_gets_a_clear_error(tmp_path, change, fragments):
    path = _write_modified(tmp_path, change)
    with pytest.raises(DataFileError) as info:
        load_calibration_panel(path, years=YEARS)
    message = str(info.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message


def test_missing_panel_file_is_reported(tmp_path):
    with pytest.raises(DataFileError, match="file not found"):
        load_calibration_panel(tmp_path / "nope.csv", years=YEARS)


# --------------------------------------------------------------------------- observed table


def test_observed_table_is_in_model_units_at_base_year_prices(panel):
    obs = _observed(panel)
    start = start_state(2011).set_index("region")
    # the base year equals what the model starts from (bn yuan, million persons)
    np.testing.assert_allclose(
        obs.xs(2011, level="year")["gdp"].reindex(start.index),
        start["gdp_nominal_100m_yuan"] / 10.0,
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        obs.xs(2011, level="year")["capital"].reindex(start.index),
        start["capital_current_100m_yuan"] / 10.0,
        rtol=1e-3,
    )
    np.testing.assert_allclose(
        obs.xs(2011, level="year")["population"].reindex(start.index),
        start["population_10k"] / 100.0,
    )
    # real growth = nominal growth deflated by the national deflator (2.3 % in 2012)
    raw = panel.set_index(["region", "year"])["gdp_nominal_100m_yuan"]
    nominal = raw.loc[("Anhui", 2012)] / raw.loc[("Anhui", 2011)]
    assert obs.loc[("Anhui", 2012), "gdp"] / obs.loc[("Anhui", 2011), "gdp"] == pytest.approx(
        nominal / 1.023
    )
    assert (obs["labor"] == obs["population"] * 0.5).all()
    share = obs["investment"] / obs["gdp"]
    raw_share = panel.set_index(["region", "year"])["gfcf_nominal_100m_yuan"] / raw
    np.testing.assert_allclose(share, raw_share.reindex(share.index), rtol=1e-12)


def test_observed_table_uses_user_series_when_given(panel):
    own = panel.copy()
    own["gdp_real_index"] = 100.0 * 1.05 ** (own["year"] - 2011)
    own["employment_10k"] = 500.0
    table, notes = observed_regions(
        own, load_provinces(), load_deflator(), base_year=2011, years=YEARS, labor_force_share=0.5
    )
    obs = table.set_index(["region", "year"])
    assert obs.loc[("Beijing", 2015), "gdp"] / obs.loc[("Beijing", 2011), "gdp"] == pytest.approx(
        1.05**4
    )
    assert (obs["labor"] == 5.0).all()
    assert any("gdp_real_index" in n for n in notes)
    assert not any("NATIONAL" in n for n in notes)


def test_model_first_year_reproduces_observed_gdp(panel):
    from nqpf.sim.config import Scenario
    from nqpf.sim.model import RegionalEconomy

    sc = Scenario.load(
        PANEL_FILE.parents[2] / "scenarios" / "baseline.toml",
        ["world.start_year=2011", "world.end_year=2011", "economy.enabled=false"],
    )
    regions = RegionalEconomy(sc, seed=3).run()["regions"].set_index("region")
    obs = _observed(panel).xs(2011, level="year")
    np.testing.assert_allclose(regions["gdp"], obs["gdp"].reindex(regions.index), rtol=1e-9)
    np.testing.assert_allclose(regions["capital"], obs["capital"].reindex(regions.index), rtol=1e-3)


def _bad_panel(tmp_path, edit):
    raw = pd.read_csv(PANEL_FILE)
    edit(raw)
    path = tmp_path / "panel.csv"
    raw.to_csv(path, index=False)
    return path


def _cell(raw: pd.DataFrame, region: str, year: int) -> pd.Series:
    return (raw["region"] == region) & (raw["year"] == year)


@pytest.mark.parametrize(
    ("edit", "fragments"),
    [
        (  # one cell x 100
            lambda r: r.__setitem__(
                "gdp_nominal_100m_yuan",
                r["gdp_nominal_100m_yuan"].where(
                    ~_cell(r, "Hebei", 2015), r["gdp_nominal_100m_yuan"] * 100
                ),
            ),
            ["gdp_nominal_100m_yuan", "'Hebei'", "2015", "jumps to"],
        ),
        (  # a missing GFCF value in a fit year
            lambda r: r.__setitem__(
                "gfcf_nominal_100m_yuan",
                r["gfcf_nominal_100m_yuan"].where(~_cell(r, "Hebei", 2015)),
            ),
            ["gfcf_nominal_100m_yuan", "'Hebei'", "2015", "missing value in a fit year"],
        ),
        (  # GDP in bn yuan instead of 100 million yuan
            lambda r: r.__setitem__("gdp_nominal_100m_yuan", r["gdp_nominal_100m_yuan"] / 10),
            ["GFCF / GDP", "line"],
        ),
    ],
    ids=["cell_x100", "missing_gfcf", "gdp_in_bn"],
)
def test_plausible_looking_bad_panels_are_refused_naming_the_row(tmp_path, edit, fragments):
    path = _bad_panel(tmp_path, edit)
    with pytest.raises(DataFileError) as info:
        load_calibration_panel(path, years=range(2011, 2024), fit_years=YEARS)
    for fragment in fragments:
        assert fragment in str(info.value), str(info.value)


def test_the_shipped_panel_passes_every_plausibility_check():
    load_calibration_panel(years=range(2011, 2024), fit_years=range(2011, 2023))


def test_gfcf_may_be_unpublished_for_a_whole_fit_year_but_not_for_some_regions(tmp_path):
    """The shipped panel has no GFCF for 2023 (not yet published): a fit through 2023 loads,
    and its investment moments use 2011-2022. One region's gap in such a year is refused."""
    raw = pd.read_csv(PANEL_FILE)
    assert raw.loc[raw["year"] == 2023, "gfcf_nominal_100m_yuan"].isna().all()
    load_calibration_panel(years=range(2018, 2024), fit_years=range(2018, 2024))
    path = _bad_panel(  # 2022 published for every region but Hebei
        tmp_path,
        lambda r: r.__setitem__(
            "gfcf_nominal_100m_yuan",
            r["gfcf_nominal_100m_yuan"].where(~_cell(r, "Hebei", 2022)),
        ),
    )
    with pytest.raises(DataFileError, match="missing value in a fit year"):
        load_calibration_panel(path, years=range(2018, 2024), fit_years=range(2018, 2024))
