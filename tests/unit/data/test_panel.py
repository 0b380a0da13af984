"""Tests for nqpf.sim.data: the shipped provincial data and its validating loaders."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nqpf.sim.data import (
    CORE_COLUMNS,
    DATA_DIR,
    GEOJSON_FILE,
    PANEL_COLUMNS,
    PANEL_FILE,
    PROVINCES_FILE,
    START_STATE_COLUMNS,
    DataFileError,
    load_panel,
    load_provinces,
    panel_years,
    start_state,
)
from nqpf.sim.data.panel import investment_shares

REPO_ROOT = Path(__file__).resolve().parents[3]
# The raw collection the shipped files are built from (not shipped with the package).
SOURCE_DIR = Path(os.environ.get("NQPF_SOURCE_DATA", REPO_ROOT / ".." / "shared" / "data"))
PANEL_LONG = SOURCE_DIR / "panel_long.csv"

# Official NBS four-way grouping, written out here independently of provinces.csv.
NBS_MACRO_REGIONS = {
    "east": [
        "Beijing",
        "Tianjin",
        "Hebei",
        "Shanghai",
        "Jiangsu",
        "Zhejiang",
        "Fujian",
        "Shandong",
        "Guangdong",
        "Hainan",
    ],
    "central": ["Shanxi", "Anhui", "Jiangxi", "Henan", "Hubei", "Hunan"],
    "west": [
        "Inner Mongolia",
        "Guangxi",
        "Chongqing",
        "Sichuan",
        "Guizhou",
        "Yunnan",
        "Tibet",
        "Shaanxi",
        "Gansu",
        "Qinghai",
        "Ningxia",
        "Xinjiang",
    ],
    "northeast": ["Liaoning", "Jilin", "Heilongjiang"],
}

# Seed paper 001 (Li & Feng 2025), section 2(2) (seeds/001_*.txt line 45; seed-notes.md §4.2,
# Q19): "I类区域包括北京、上海两市 ... II类区域包括广东、江苏、浙江、天津四个省(市) ...
# III类区域包括9个 ... IV类区域包括16个". Only I and II are named.
PAPER_CLASS_I = {"Beijing", "Shanghai"}
PAPER_CLASS_II = {"Guangdong", "Jiangsu", "Zhejiang", "Tianjin"}
PAPER_CLASS_COUNTS = {"I": 2, "II": 4, "III": 9, "IV": 16}


# ---------------------------------------------------------------------------------------------
# shipped files
# ---------------------------------------------------------------------------------------------


def test_shipped_files_exist_in_data_dir():
    for name in ("provinces.csv", "panel.csv", "china_provinces.geojson", "README.md"):
        assert (DATA_DIR / name).is_file(), name
    assert any((DATA_DIR / "licenses").iterdir())


def test_shipped_provinces_load():
    provinces = load_provinces()
    assert len(provinces) == 31
    assert provinces["region"].is_unique
    assert list(provinces.columns[:9]) == [
        "region",
        "name_zh",
        "admin_code",
        "macro_region",
        "sci_tech_class",
        "capital_city",
        "lat",
        "lon",
        "neighbors",
    ]
    assert provinces["admin_code"].between(110000, 659999).all()
    keys = (
        pd.read_csv(SOURCE_DIR / "provinces.csv")
        if (SOURCE_DIR / "provinces.csv").is_file()
        else None
    )
    if keys is not None:  # same spelling as the raw collection's keys
        assert sorted(provinces["region"]) == sorted(keys["province_en"])


def test_shipped_panel_loads_with_required_years():
    panel = load_panel(required_years=range(2011, 2024))
    assert list(panel.columns) == list(PANEL_COLUMNS)
    assert not panel.duplicated(["region", "year"]).any()
    assert panel["region"].nunique() == 31
    assert panel["year"].min() <= 2005 and panel["year"].max() == 2023
    # at least 2005..2023 for every province, and the core columns complete 2011..2023
    for year in range(2005, 2024):
        assert (panel["year"] == year).sum() == 31, year
    recent = panel[panel["year"].between(2011, 2023)]
    assert recent[list(CORE_COLUMNS)].notna().all().all()


def test_panel_years_is_2011_to_2023():
    assert panel_years() == range(2011, 2024)


def test_panel_units_are_plausible():
    """Orders of magnitude that catch a unit slip (10k vs persons, 100m yuan vs 10k yuan)."""
    p = load_panel().set_index(["region", "year"])
    assert 2100 < p.loc[("Beijing", 2023), "population_10k"] < 2300  # about 21.9 million
    assert 40_000 < p.loc[("Beijing", 2023), "gdp_nominal_100m_yuan"] < 50_000  # about 4.4 tn
    assert 1_200_000 < p.xs(2023, level="year")["gdp_nominal_100m_yuan"].sum() < 1_400_000
    assert 6.5 < p.loc[("Beijing", 2023), "rd_intensity_pct"] < 7.0
    gdp_pc = p["gdp_nominal_100m_yuan"] / p["population_10k"] * 1e4  # yuan per person
    assert gdp_pc.xs(2023, level="year").between(4e4, 2.1e5).all()
    cap_out = p["capital_current_100m_yuan"] / p["gdp_nominal_100m_yuan"]
    # K/Y spans 2 (Beijing) to 8 (Qinghai) in 2023: GFCF/GDP near 1 in some western and
    # north-eastern provinces inflates their PIM stocks (see data/README.md, caveats).
    assert cap_out.xs(2023, level="year").between(1.5, 9.0).all()
    assert (p.loc[(slice(None), 2000), "investment_price_index_2000eq1"] == 1.0).all()


def test_capital_2023_extension_follows_the_documented_rule():
    p = load_panel().set_index(["region", "year"])
    for region in ("Beijing", "Tibet", "Guangdong"):
        k22 = p.loc[(region, 2022), "capital_2000prices_100m_yuan"]
        share = (
            p.loc[(region, 2022), "gfcf_nominal_100m_yuan"]
            / p.loc[(region, 2022), "gdp_nominal_100m_yuan"]
        )
        price = p.loc[(region, 2022), "investment_price_index_2000eq1"]
        expected = 0.904 * k22 + share * p.loc[(region, 2023), "gdp_nominal_100m_yuan"] / price
        assert p.loc[(region, 2023), "capital_2000prices_100m_yuan"] == pytest.approx(
            expected, abs=0.02
        )
        assert p.loc[(region, 2023), "investment_price_index_2000eq1"] == price
        assert np.isnan(p.loc[(region, 2023), "gfcf_nominal_100m_yuan"])  # not invented
    current = p["capital_2000prices_100m_yuan"] * p["investment_price_index_2000eq1"]
    np.testing.assert_allclose(p["capital_current_100m_yuan"], current, rtol=1e-6, atol=0.02)


def test_geojson_has_the_31_mainland_provinces():
    assert GEOJSON_FILE.stat().st_size < 1.5e6
    geo = json.loads(GEOJSON_FILE.read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection"
    regions = {f["properties"]["region"] for f in geo["features"]}
    assert regions == set(load_provinces()["region"])
    names = {f["properties"]["name_zh"] for f in geo["features"]}
    assert not names & {"台湾", "香港", "澳门"}
    for f in geo["features"]:
        geom = f["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        for poly in polys:
            for ring in poly:
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(73 <= x <= 136 and 3 <= y <= 54 for x, y in ring)


# ---------------------------------------------------------------------------------------------
# macro-region R&D shares, recomputed from the raw collection
# ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(not PANEL_LONG.is_file(), reason="raw collection (panel_long.csv) not present")
def test_macro_region_rd_shares_2022_match_raw_panel_long():
    raw = pd.read_csv(PANEL_LONG)
    rd = raw[(raw["variable"] == "v4_ztr_jf_RD [RD经费, 亿元]") & (raw["year"] == 2022)]
    rd = rd.set_index("province_en")["value"]
    assert len(rd) == 31
    region_of = {r: m for m, rs in NBS_MACRO_REGIONS.items() for r in rs}
    expected = rd.groupby(rd.index.map(region_of)).sum() / rd.sum()

    provinces = load_provinces()
    panel = load_panel()
    got = (
        panel[panel["year"] == 2022]
        .merge(provinces[["region", "macro_region"]], on="region")
        .groupby("macro_region")["rd_spending_100m_yuan"]
        .sum()
    )
    got = got / got.sum()

    print("\n2022 R&D spending share by macro-region (raw panel_long / shipped panel):")
    for m in ("east", "central", "west", "northeast"):
        print(f"  {m:<10} {expected[m]:7.2%}  {got[m]:7.2%}")
    pd.testing.assert_series_equal(
        got.sort_index(), expected.sort_index(), check_names=False, rtol=1e-12
    )
    # seed 004 (seed-notes §3.1): East 65.74 % and West 12.87 % of national R&D in 2022
    assert round(expected["east"] * 100, 2) == 65.74
    assert round(expected["west"] * 100, 2) == 12.87


def test_macro_regions_are_the_nbs_grouping():
    provinces = load_provinces().set_index("region")
    for macro, members in NBS_MACRO_REGIONS.items():
        assert set(provinces.index[provinces["macro_region"] == macro]) == set(members)


@pytest.mark.skipif(not PANEL_LONG.is_file(), reason="raw collection (panel_long.csv) not present")
def test_gdp_and_population_equal_raw_panel_long():
    raw = pd.read_csv(PANEL_LONG)
    panel = load_panel().set_index(["region", "year"])
    for variable, column in (
        ("grp_nominal_100m_yuan", "gdp_nominal_100m_yuan"),
        ("population_yearend_10k", "population_10k"),
    ):
        ref = raw[(raw["variable"] == variable) & raw["year"].between(2000, 2023)]
        ref = ref.set_index(["province_en", "year"])["value"]
        np.testing.assert_allclose(
            panel.loc[ref.index, column].to_numpy(), ref.to_numpy(), rtol=1e-12
        )


# ---------------------------------------------------------------------------------------------
# science-and-technology classes (seed 001)
# ---------------------------------------------------------------------------------------------


def test_sci_tech_class_i_and_ii_are_the_papers_lists():
    provinces = load_provinces()
    members = provinces.groupby("sci_tech_class")["region"].apply(set)
    assert members["I"] == PAPER_CLASS_I
    assert members["II"] == PAPER_CLASS_II
    assert provinces["sci_tech_class"].value_counts().to_dict() == PAPER_CLASS_COUNTS


def test_sci_tech_class_iii_follows_the_papers_rd_criterion_2022():
    """III = R&D intensity > 2 % (2022 data, the year that reproduces the paper's 9 and 16)."""
    provinces = load_provinces().set_index("region")
    p = load_panel()
    rd = p[p["year"] == 2022].set_index("region")["rd_intensity_pct"]
    rest = provinces[~provinces["sci_tech_class"].isin(["I", "II"])]
    for region, row in rest.iterrows():
        assert (row["sci_tech_class"] == "III") == (rd[region] > 2.0), region


# ---------------------------------------------------------------------------------------------
# neighbours
# ---------------------------------------------------------------------------------------------


def test_neighbours_are_symmetric_and_known():
    provinces = load_provinces()
    lookup = dict(zip(provinces["region"], provinces["neighbors"]))
    for region, ns in lookup.items():
        for n in ns:
            assert region in lookup[n], (region, n)
    assert set(lookup["Beijing"]) == {"Tianjin", "Hebei"}
    assert set(lookup["Shanghai"]) == {"Jiangsu", "Zhejiang"}
    assert lookup["Hainan"] == ()
    assert set(lookup["Xinjiang"]) == {"Gansu", "Qinghai", "Tibet"}
    assert sum(len(v) for v in lookup.values()) == 2 * 68


# ---------------------------------------------------------------------------------------------
# start_state
# ---------------------------------------------------------------------------------------------


def test_start_state_2023():
    state = start_state(2023)
    assert list(state.columns) == list(START_STATE_COLUMNS)
    assert len(state) == 31 and state["region"].is_unique
    assert state.drop(columns=["neighbors"]).notna().all().all()
    assert isinstance(state.loc[0, "neighbors"], tuple)
    assert state.set_index("region").loc["Beijing", "rd_intensity_pct"] == 6.73


def test_start_state_accepts_numpy_integers():
    assert len(start_state(np.int64(2015))) == 31


@pytest.mark.parametrize("year", [2010, 2024, 1999])
def test_start_state_outside_range_raises_with_allowed_range(year):
    with pytest.raises(DataFileError, match=r"2011\.\.2023") as info:
        start_state(year)
    assert str(year) in str(info.value)
    assert "panel.csv" in str(info.value)


@pytest.mark.parametrize("year", ["2020", 2020.0, True])
def test_start_state_rejects_non_integer_years(year):
    with pytest.raises(DataFileError):
        start_state(year)


# ---------------------------------------------------------------------------------------------
# malformed files
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def shipped_panel_text() -> pd.DataFrame:
    return pd.read_csv(PANEL_FILE, dtype=str, keep_default_na=False)


@pytest.fixture
def shipped_provinces_text() -> pd.DataFrame:
    return pd.read_csv(PROVINCES_FILE, dtype=str, keep_default_na=False)


def _write(df: pd.DataFrame, path: Path) -> Path:
    df.to_csv(path, index=False)
    return path


def test_missing_column_names_file_and_column(tmp_path, shipped_panel_text):
    path = _write(shipped_panel_text.drop(columns=["gdp_nominal_100m_yuan"]), tmp_path / "p.csv")
    with pytest.raises(DataFileError) as info:
        load_panel(path)
    msg = str(info.value)
    assert "p.csv" in msg and "gdp_nominal_100m_yuan" in msg
    assert info.value.column == "gdp_nominal_100m_yuan"


def test_non_numeric_value_names_file_column_and_line(tmp_path, shipped_panel_text):
    df = shipped_panel_text.copy()
    row = df.index[(df["region"] == "Hubei") & (df["year"] == "2015")][0]
    df.loc[row, "rd_spending_100m_yuan"] = "12,3"
    path = _write(df, tmp_path / "bad_number.csv")
    with pytest.raises(DataFileError) as info:
        load_panel(path)
    msg = str(info.value)
    assert "bad_number.csv" in msg and "rd_spending_100m_yuan" in msg and "'12,3'" in msg
    assert "Hubei" in msg and "2015" in msg and f"line {row + 2}" in msg


def test_negative_value_is_rejected(tmp_path, shipped_panel_text):
    df = shipped_panel_text.copy()
    df.loc[5, "population_10k"] = "-1"
    with pytest.raises(DataFileError, match="population_10k"):
        load_panel(_write(df, tmp_path / "neg.csv"))


def test_duplicate_row_names_region_and_year(tmp_path, shipped_panel_text):
    df = shipped_panel_text
    dup = df[(df["region"] == "Gansu") & (df["year"] == "2019")]
    path = _write(pd.concat([df, dup], ignore_index=True), tmp_path / "dup.csv")
    with pytest.raises(DataFileError) as info:
        load_panel(path)
    msg = str(info.value)
    assert "dup.csv" in msg and "Gansu" in msg and "2019" in msg and "duplicate" in msg


def test_unknown_region_names_the_region(tmp_path, shipped_panel_text):
    df = shipped_panel_text.copy()
    df.loc[df["region"] == "Inner Mongolia", "region"] = "Neimenggu"
    path = _write(df, tmp_path / "unknown.csv")
    with pytest.raises(DataFileError) as info:
        load_panel(path)
    msg = str(info.value)
    assert "unknown.csv" in msg and "'Neimenggu'" in msg and "region" in msg


def test_missing_year_names_region_and_year(tmp_path, shipped_panel_text):
    df = shipped_panel_text
    df = df[~((df["region"] == "Qinghai") & (df["year"] == "2016"))]
    path = _write(df, tmp_path / "gap.csv")
    load_panel(path)  # a gap is fine unless the years are required
    with pytest.raises(DataFileError) as info:
        load_panel(path, required_years=range(2011, 2024))
    msg = str(info.value)
    assert "gap.csv" in msg and "Qinghai" in msg and "2016" in msg
    assert (info.value.region, info.value.year) == ("Qinghai", 2016)


def test_missing_core_value_names_the_column(tmp_path, shipped_panel_text):
    df = shipped_panel_text.copy()
    row = df.index[(df["region"] == "Jilin") & (df["year"] == "2012")][0]
    df.loc[row, "capital_current_100m_yuan"] = ""
    path = _write(df, tmp_path / "hole.csv")
    with pytest.raises(DataFileError) as info:
        load_panel(path, required_years=range(2011, 2024))
    msg = str(info.value)
    assert "hole.csv" in msg and "capital_current_100m_yuan" in msg and "Jilin" in msg


def test_non_integer_year(tmp_path, shipped_panel_text):
    df = shipped_panel_text.copy()
    df.loc[3, "year"] = "2003.5"
    with pytest.raises(DataFileError, match=r"bad_year\.csv.*'year'"):
        load_panel(_write(df, tmp_path / "bad_year.csv"))


def test_missing_file(tmp_path):
    with pytest.raises(DataFileError, match="nowhere.csv"):
        load_panel(tmp_path / "nowhere.csv")


def test_provinces_bad_macro_region(tmp_path, shipped_provinces_text):
    df = shipped_provinces_text.copy()
    df.loc[df["region"] == "Hunan", "macro_region"] = "south"
    with pytest.raises(DataFileError) as info:
        load_provinces(_write(df, tmp_path / "prov.csv"))
    msg = str(info.value)
    assert "prov.csv" in msg and "macro_region" in msg and "Hunan" in msg
    assert "east | central | west | northeast" in msg


def test_provinces_bad_class(tmp_path, shipped_provinces_text):
    df = shipped_provinces_text.copy()
    df.loc[0, "sci_tech_class"] = "V"
    with pytest.raises(DataFileError, match="sci_tech_class"):
        load_provinces(_write(df, tmp_path / "prov.csv"))


def test_provinces_asymmetric_neighbours(tmp_path, shipped_provinces_text):
    df = shipped_provinces_text.copy()
    df.loc[df["region"] == "Beijing", "neighbors"] = "Hebei;Tianjin;Shanxi"
    with pytest.raises(DataFileError) as info:
        load_provinces(_write(df, tmp_path / "prov.csv"))
    msg = str(info.value)
    assert "neighbors" in msg and "Shanxi" in msg and "Beijing" in msg and "symmetric" in msg


def test_provinces_unknown_neighbour(tmp_path, shipped_provinces_text):
    df = shipped_provinces_text.copy()
    df.loc[df["region"] == "Guangdong", "neighbors"] = "Fujian;Guangxi;Hunan;Jiangxi;Hong Kong"
    with pytest.raises(DataFileError, match="'Hong Kong'"):
        load_provinces(_write(df, tmp_path / "prov.csv"))


def test_provinces_latitude_out_of_range(tmp_path, shipped_provinces_text):
    df = shipped_provinces_text.copy()
    df.loc[df["region"] == "Tibet", ["lat", "lon"]] = ["91.13", "29.65"]  # swapped
    with pytest.raises(DataFileError) as info:
        load_provinces(_write(df, tmp_path / "prov.csv"))
    assert "lat" in str(info.value) and "Tibet" in str(info.value)


def test_provinces_wrong_count(tmp_path, shipped_provinces_text):
    with pytest.raises(DataFileError, match="exactly 31"):
        load_provinces(_write(shipped_provinces_text.iloc[:30], tmp_path / "prov.csv"))


def test_error_survives_pickling():
    err = DataFileError(
        "x.csv", "bad", column="c", line=3, region="Beijing", year=2020, allowed="good"
    )
    copy = pickle.loads(pickle.dumps(err))
    assert str(copy) == str(err) and copy.region == "Beijing" and copy.year == 2020
    assert isinstance(copy, ValueError)


def test_investment_shares_read_the_latest_year_with_gfcf(tmp_path, shipped_panel_text):
    year, shares = investment_shares(2023)  # the panel's GFCF ends in 2022
    assert year == 2022 and len(shares) == 31
    assert shares["Beijing"] == pytest.approx(0.26, abs=0.01)
    assert shares["Qinghai"] == pytest.approx(0.96, abs=0.01)
    assert investment_shares(2018)[0] == 2018
    df = shipped_panel_text.copy()
    df.loc[df["year"].astype(int) <= 2012, "gfcf_nominal_100m_yuan"] = ""
    path = _write(df, tmp_path / "no_gfcf.csv")
    assert investment_shares(2013, path)[0] == 2013
    with pytest.raises(DataFileError) as info:
        investment_shares(2012, path)
    msg = str(info.value)
    assert "no_gfcf.csv" in msg and "gfcf_nominal_100m_yuan" in msg and "allowed" in msg.lower()
    # a year counts only when every region has GFCF: one blank province sends it a year back
    one_blank = (df["year"].astype(int) == 2022) & (df["region"] == "Tibet")
    df.loc[one_blank, "gfcf_nominal_100m_yuan"] = ""
    assert investment_shares(2023, _write(df, tmp_path / "tibet.csv"))[0] == 2021
    df.loc[one_blank, "gfcf_nominal_100m_yuan"] = "0"
    with pytest.raises(DataFileError) as info:
        investment_shares(2023, _write(df, tmp_path / "zero.csv"))
    assert info.value.region == "Tibet" and info.value.year == 2022
    assert "zero.csv" in str(info.value) and "> 0" in str(info.value)
