"""Loaders of nqpf.sim.data on small good and bad files: provinces, panel, start state, industries."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nqpf.sim.data import (
    CORE_COLUMNS,
    DATA_DIR,
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
from nqpf.sim.data.industries import TABLE_PATH, load_industries
from nqpf.sim.data.provinces import GEOJSON_FILE, region_keys


def _text(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _write(df: pd.DataFrame, path: Path) -> Path:
    df.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def provinces_text() -> pd.DataFrame:
    return _text(PROVINCES_FILE)


@pytest.fixture(scope="module")
def panel_text() -> pd.DataFrame:
    return _text(PANEL_FILE)


# ------------------------------------------------------------------------------ shipped files
def test_the_shipped_files_live_in_the_engine_data_folder():
    for path in (PROVINCES_FILE, PANEL_FILE, GEOJSON_FILE, TABLE_PATH):
        assert path.parent == DATA_DIR and path.is_file()
    assert (DATA_DIR / "README.md").is_file()
    assert sorted(p.name for p in (DATA_DIR / "licenses").iterdir())


# ------------------------------------------------------------------------------ provinces
def test_a_good_provinces_file_loads_with_types(tmp_path, provinces_text):
    df = load_provinces(_write(provinces_text, tmp_path / "provinces.csv"))
    assert len(df) == 31 and df["admin_code"].dtype.kind == "i"
    assert df["lat"].dtype == float and isinstance(df["neighbors"].iloc[0], tuple)
    assert region_keys() == tuple(df["region"])


@pytest.mark.parametrize(
    "column, value, match",
    [
        ("admin_code", "11000", "admin_code '11000'; allowed: a 6-digit GB/T 2260 code"),
        ("region", "", "empty region key"),
        (
            "lon",
            "150",
            "column 'lon' \\(region 'Beijing'\\): 150.0 out of range; allowed: "
            "decimal degrees in \\[73.0, 136.0\\]",
        ),
        ("neighbors", "Beijing", "region lists itself as a neighbour"),
        (
            "macro_region",
            "south",
            "value 'south'; allowed: east \\| central \\| west \\| northeast",
        ),
    ],
)
def test_a_bad_provinces_cell_is_named(tmp_path, provinces_text, column, value, match):
    df = provinces_text.copy()
    df.loc[0, column] = value
    with pytest.raises(DataFileError, match=match) as info:
        load_provinces(_write(df, tmp_path / "provinces.csv"))
    assert info.value.path.name == "provinces.csv" and info.value.column == column
    assert info.value.line in (2, None)


def test_a_region_listed_twice(tmp_path, provinces_text):
    df = provinces_text.copy()
    df.loc[1, "region"] = df.loc[0, "region"]
    with pytest.raises(DataFileError, match="line 3, column 'region' .*region listed twice"):
        load_provinces(_write(df, tmp_path / "provinces.csv"))


# ------------------------------------------------------------------------------ panel
def test_a_small_panel_loads_in_column_order_with_numbers(tmp_path, panel_text):
    small = panel_text[panel_text["year"].isin(["2022", "2023"])]
    df = load_panel(_write(small, tmp_path / "panel.csv"), required_years=range(2022, 2024))
    assert list(df.columns) == list(PANEL_COLUMNS) and len(df) == 62
    assert df["year"].dtype == "int64" and df["gdp_nominal_100m_yuan"].dtype == "float64"
    assert df["gfcf_nominal_100m_yuan"][df["year"] == 2023].isna().all()  # empty cells -> NaN
    assert panel_years(tmp_path / "panel.csv") == range(2022, 2024)


def test_a_panel_missing_a_core_value_names_region_year_column(tmp_path, panel_text):
    small = panel_text[panel_text["year"] == "2023"].copy()
    small.loc[small.index[4], "rd_spending_100m_yuan"] = ""
    path = _write(small, tmp_path / "panel.csv")
    load_panel(path)  # empty cells are allowed without required years
    with pytest.raises(DataFileError) as info:
        load_panel(path, required_years=range(2023, 2024))
    assert info.value.column == "rd_spending_100m_yuan" and info.value.year == 2023
    assert info.value.region == small["region"].iloc[4]
    with pytest.raises(DataFileError, match="no year has all core values"):
        panel_years(path)


def test_a_panel_with_a_bad_year_or_unknown_region(tmp_path, panel_text):
    small = panel_text.head(3).copy()
    small.loc[small.index[1], "year"] = "twenty"
    with pytest.raises(DataFileError, match="line 3, column 'year' .*'twenty' is not an integer"):
        load_panel(_write(small, tmp_path / "panel.csv"))
    small = panel_text.head(3).copy()
    small.loc[small.index[2], "region"] = "Atlantis"
    with pytest.raises(DataFileError, match="line 4, column 'region' .*unknown region 'Atlantis'"):
        load_panel(_write(small, tmp_path / "panel.csv"))


# ------------------------------------------------------------------------------ start state
def test_start_state_has_its_columns_in_yearbook_units():
    state = start_state(2023)
    assert list(state.columns) == list(START_STATE_COLUMNS) and len(state) == 31
    beijing = state.set_index("region").loc["Beijing"]
    assert 2000 < beijing["population_10k"] < 2400  # 10,000 persons
    assert 40_000 < beijing["gdp_nominal_100m_yuan"] < 50_000  # 100 million yuan
    assert state[[c for c in CORE_COLUMNS if c in state]].notna().all().all()


@pytest.mark.parametrize("year", [1999, 2030, 2023.0, "2023", True])
def test_start_state_rejects_years_without_complete_data(year):
    with pytest.raises(DataFileError, match="allowed: an integer year in 2011..2023"):
        start_state(year)


# ------------------------------------------------------------------------------ industries
def test_industry_table_and_overrides():
    table = load_industries()
    assert table.n == 15 and set(table.tier) == {"traditional", "emerging", "future"}
    changed = load_industries({"quantum": {"demand_growth": 0.2}})
    assert changed.demand_growth[changed.index("quantum")] == 0.2


@pytest.mark.parametrize(
    "overrides, match",
    [
        ({"atlantis": {"demand_growth": 0.1}}, "industries.atlantis: unknown industry"),
        ({"quantum": {"colour": 1}}, "industries.quantum.colour: unknown field"),
        (
            {"quantum": {"demand_growth": 5}},
            r"demand_growth = 5; allowed: a number in \[-0.5, 1.0\]",
        ),
    ],
)
def test_bad_industry_overrides_name_industry_field_and_allowed(overrides, match):
    with pytest.raises(ValueError, match=match):
        load_industries(overrides)


def test_a_bad_industry_file(tmp_path):
    text = TABLE_PATH.read_text(encoding="utf-8").replace('tier = "future"', 'tier = "distant"', 1)
    path = tmp_path / "industries.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="tier = 'distant'; allowed"):
        load_industries(path=path)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"new_energy_pv": {"upstream": "steel"}}, r"new_energy_pv\.upstream = 'steel'.*another"),
        ({"new_energy_pv": {"upstream_input": 0.9}}, r"upstream_input = 0\.9.*\(0, 0\.75\]"),
        ({"pv_polysilicon": {"demand_2023": 100.0}}, r"pv_polysilicon\.demand_2023.*at least 360"),
        (
            {"pv_polysilicon": {"upstream": "new_energy_pv", "upstream_input": 0.1}},
            r"pv_polysilicon -> new_energy_pv -> pv_polysilicon.*cycle",
        ),
    ],
)
def test_a_bad_chain_is_refused_with_what_is_allowed(overrides, message):
    with pytest.raises(ValueError, match=message):
        load_industries(overrides)


def test_the_shipped_chain_links_polysilicon_to_cells_and_modules():
    table = load_industries()
    d, u = table.index("new_energy_pv"), table.index("pv_polysilicon")
    assert table.upstream[d] == u and table.upstream_input[d] == 0.20
    assert (np.delete(table.upstream, d) == -1).all()
