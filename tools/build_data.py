"""Build the shipped provincial data files in ``sim/data/`` from the raw collection.

Run from the repository root::

    python tools/build_data.py     # reads ../shared/data, writes sim/data/
    python tools/build_data.py --source DIR --out DIR

The script is the single description of every transformation applied to the upstream files; the
files it writes are the ones shipped. It reads only the per-source folders under ``--source``
(``grp_population_pypsa_china_pik/``, ``grp_nbs_export_localgdp/``, ``population_gcam_china/``,
``capital_stock_chncapitalstock/``, ``rd_patents_techme/``, ``geo/``, plus ``provinces.csv``) and
cross-checks what it built against the collection's own ``panel_long.csv``, so a transcription
slip in either shows up as a failure here.

Outputs
-------
provinces.csv
    One row per mainland province: keys, names, admin code, NBS macro-region, seed-001 S&T class,
    capital city and its coordinates, land neighbours (derived from the map, cross-checked).
panel.csv
    One row per (region, year), 2000..2023, wide, units in the column names.
china_provinces.geojson
    Plain GeoJSON decoded from ECharts 4.9.0 ``map/json/china.json`` (31 mainland provinces).

See ``sim/data/README.md`` for sources, licences and the reasoning behind each step.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT / ".." / "shared" / "data"
DEFAULT_OUT = REPO_ROOT / "sim" / "data"

FIRST_YEAR, LAST_YEAR = 2000, 2023
DELTA = 0.096  # depreciation rate of the shipped PIM capital stock (Zhang, Wu & Zhang 2004)
COORD_DECIMALS = 3  # GeoJSON coordinate rounding (about 100 m)
ECHARTS_SCALE = 1024  # ECharts 4.9 default UTF8Encoding scale

# ---------------------------------------------------------------------------------------------
# Static metadata (facts, not data from the collection)
# ---------------------------------------------------------------------------------------------

# region key (spelling of shared/data/provinces.csv) -> (GB/T 2260 admin code, NBS macro-region,
# capital city, capital lat, capital lon). Macro-regions: the official NBS four-way grouping
# (东部/中部/西部/东北). Coordinates: capital city centre, decimal degrees rounded to 0.01 (gazetteer
# values; each is checked below to fall inside its province's outline on the shipped map).
PROVINCE_META: dict[str, tuple[int, str, str, float, float]] = {
    "Beijing": (110000, "east", "Beijing", 39.90, 116.41),
    "Tianjin": (120000, "east", "Tianjin", 39.13, 117.19),
    "Hebei": (130000, "east", "Shijiazhuang", 38.04, 114.51),
    "Shanxi": (140000, "central", "Taiyuan", 37.87, 112.55),
    "Inner Mongolia": (150000, "west", "Hohhot", 40.84, 111.75),
    "Liaoning": (210000, "northeast", "Shenyang", 41.81, 123.43),
    "Jilin": (220000, "northeast", "Changchun", 43.82, 125.32),
    "Heilongjiang": (230000, "northeast", "Harbin", 45.76, 126.64),
    "Shanghai": (310000, "east", "Shanghai", 31.23, 121.47),
    "Jiangsu": (320000, "east", "Nanjing", 32.06, 118.80),
    "Zhejiang": (330000, "east", "Hangzhou", 30.27, 120.16),
    "Anhui": (340000, "central", "Hefei", 31.82, 117.23),
    "Fujian": (350000, "east", "Fuzhou", 26.07, 119.30),
    "Jiangxi": (360000, "central", "Nanchang", 28.68, 115.86),
    "Shandong": (370000, "east", "Jinan", 36.65, 117.12),
    "Henan": (410000, "central", "Zhengzhou", 34.75, 113.63),
    "Hubei": (420000, "central", "Wuhan", 30.59, 114.31),
    "Hunan": (430000, "central", "Changsha", 28.23, 112.94),
    "Guangdong": (440000, "east", "Guangzhou", 23.13, 113.26),
    "Guangxi": (450000, "west", "Nanning", 22.82, 108.37),
    "Hainan": (460000, "east", "Haikou", 20.03, 110.33),
    "Chongqing": (500000, "west", "Chongqing", 29.56, 106.55),
    "Sichuan": (510000, "west", "Chengdu", 30.66, 104.07),
    "Guizhou": (520000, "west", "Guiyang", 26.65, 106.63),
    "Yunnan": (530000, "west", "Kunming", 25.04, 102.71),
    "Tibet": (540000, "west", "Lhasa", 29.65, 91.13),
    "Shaanxi": (610000, "west", "Xi'an", 34.26, 108.95),
    "Gansu": (620000, "west", "Lanzhou", 36.06, 103.83),
    "Qinghai": (630000, "west", "Xining", 36.62, 101.78),
    "Ningxia": (640000, "west", "Yinchuan", 38.49, 106.23),
    "Xinjiang": (650000, "west", "Urumqi", 43.83, 87.62),
}

# Seed paper 001 (Li & Feng 2025), section 2(2), seeds/001_*.txt line 45: the only two classes it
# names. "I类区域包括北京、上海两市 ... 研发强度大于4%。II类区域包括广东、江苏、浙江、天津四个省(市),
# 研发强度大于3% ... III类区域包括9个,研发强度大于2% ... IV类区域包括16个,其研发强度小于2%,
# 人均GDP小于10万元". Types III and IV are not named (the map, Fig. 1, is not in the text).
SCI_TECH_CLASS_I = ("Beijing", "Shanghai")
SCI_TECH_CLASS_II = ("Guangdong", "Jiangsu", "Zhejiang", "Tianjin")
SCI_TECH_CLASS_COUNTS = {"I": 2, "II": 4, "III": 9, "IV": 16}
SCI_TECH_III_THRESHOLD_PCT = 2.0
# The paper's own criterion (R&D intensity > 2 % -> III, otherwise IV) reproduces its counts
# 9 and 16 with the 2022 intensities, not with the 2023 ones (which give 11 and 14: Hebei 2.08 %
# and Henan 2.05 % cross 2 % in 2023, and Inner Mongolia's 2023 GDP per head exceeds the
# paper's 100k-yuan ceiling for type IV). 2022 is therefore the year that matches the paper.
SCI_TECH_CRITERION_YEAR = 2022

# Land borders from general knowledge of Chinese geography, used only to cross-check the
# neighbours derived from the map (build fails if they differ).
REFERENCE_LAND_BORDERS: dict[str, tuple[str, ...]] = {
    "Beijing": ("Tianjin", "Hebei"),
    "Tianjin": ("Beijing", "Hebei"),
    "Hebei": ("Beijing", "Tianjin", "Shanxi", "Inner Mongolia", "Liaoning", "Shandong", "Henan"),
    "Shanxi": ("Hebei", "Inner Mongolia", "Shaanxi", "Henan"),
    "Inner Mongolia": (
        "Heilongjiang",
        "Jilin",
        "Liaoning",
        "Hebei",
        "Shanxi",
        "Shaanxi",
        "Ningxia",
        "Gansu",
    ),
    "Liaoning": ("Hebei", "Inner Mongolia", "Jilin"),
    "Jilin": ("Liaoning", "Inner Mongolia", "Heilongjiang"),
    "Heilongjiang": ("Jilin", "Inner Mongolia"),
    "Shanghai": ("Jiangsu", "Zhejiang"),
    "Jiangsu": ("Shanghai", "Zhejiang", "Anhui", "Shandong"),
    "Zhejiang": ("Shanghai", "Jiangsu", "Anhui", "Jiangxi", "Fujian"),
    "Anhui": ("Jiangsu", "Zhejiang", "Jiangxi", "Hubei", "Henan", "Shandong"),
    "Fujian": ("Zhejiang", "Jiangxi", "Guangdong"),
    "Jiangxi": ("Zhejiang", "Anhui", "Hubei", "Hunan", "Guangdong", "Fujian"),
    "Shandong": ("Hebei", "Henan", "Anhui", "Jiangsu"),
    "Henan": ("Hebei", "Shanxi", "Shaanxi", "Hubei", "Anhui", "Shandong"),
    "Hubei": ("Henan", "Anhui", "Jiangxi", "Hunan", "Chongqing", "Shaanxi"),
    "Hunan": ("Hubei", "Jiangxi", "Guangdong", "Guangxi", "Guizhou", "Chongqing"),
    "Guangdong": ("Fujian", "Jiangxi", "Hunan", "Guangxi"),
    "Guangxi": ("Guangdong", "Hunan", "Guizhou", "Yunnan"),
    "Hainan": (),
    "Chongqing": ("Hubei", "Hunan", "Guizhou", "Sichuan", "Shaanxi"),
    "Sichuan": ("Chongqing", "Guizhou", "Yunnan", "Tibet", "Qinghai", "Gansu", "Shaanxi"),
    "Guizhou": ("Sichuan", "Chongqing", "Hunan", "Guangxi", "Yunnan"),
    "Yunnan": ("Sichuan", "Guizhou", "Guangxi", "Tibet"),
    "Tibet": ("Xinjiang", "Qinghai", "Sichuan", "Yunnan"),
    "Shaanxi": (
        "Shanxi",
        "Henan",
        "Hubei",
        "Chongqing",
        "Sichuan",
        "Gansu",
        "Ningxia",
        "Inner Mongolia",
    ),
    "Gansu": ("Shaanxi", "Ningxia", "Inner Mongolia", "Xinjiang", "Qinghai", "Sichuan"),
    "Qinghai": ("Gansu", "Xinjiang", "Tibet", "Sichuan"),
    "Ningxia": ("Gansu", "Inner Mongolia", "Shaanxi"),
    "Xinjiang": ("Gansu", "Qinghai", "Tibet"),
}

PANEL_COLUMNS = [
    "region",
    "year",
    "population_10k",
    "gdp_nominal_100m_yuan",
    "gfcf_nominal_100m_yuan",
    "investment_price_index_2000eq1",
    "capital_2000prices_100m_yuan",
    "capital_current_100m_yuan",
    "rd_spending_100m_yuan",
    "rd_intensity_pct",
    "patents_granted",
    "patent_applications",
    "budget_total_100m_yuan",
    "budget_education_100m_yuan",
    "budget_sci_tech_100m_yuan",
]
PROVINCE_COLUMNS = [
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

# techme variable codes -> panel column (value units as in the yearbook: 亿元 = 100m yuan; 件 = items)
TECHME_VARIABLES = {
    ("RDIntense", "v4_ztr_jf_RD"): "rd_spending_100m_yuan",  # RD经费, 亿元
    ("RDIntense", "v4_ztr_qd_RD"): "rd_intensity_pct",  # RD强度, %
    ("RDPatentAuthority", "v4_cg_zlsq2_hj"): "patents_granted",  # 专利授权 合计, 件
    ("RDPatentAccept", "v4_cg_zlsq_hj"): "patent_applications",  # 专利申请受理 合计, 件
    ("PublicBudget", "v6_cz_yszc_hj"): "budget_total_100m_yuan",  # 一般公共预算支出 合计, 亿元
    ("PublicBudget", "v6_cz_yszc_jy"): "budget_education_100m_yuan",  # 教育, 亿元
    ("PublicBudget", "v6_cz_yszc_kxjs"): "budget_sci_tech_100m_yuan",  # 科学技术, 亿元
}

# panel_long.csv variable -> panel column, for the cross-check
PANEL_LONG_CHECK = {
    "population_yearend_10k": "population_10k",
    "grp_nominal_100m_yuan": "gdp_nominal_100m_yuan",
    "gfcf_current_100m_yuan": "gfcf_nominal_100m_yuan",
    "DERIVED_K_pim_d0.096_2000prices_100m_yuan": "capital_2000prices_100m_yuan",
    "v4_ztr_jf_RD [RD经费, 亿元]": "rd_spending_100m_yuan",
    "v4_ztr_qd_RD [RD强度, %]": "rd_intensity_pct",
    "v4_cg_zlsq2_hj [合计, 件]": "patents_granted",
    "v4_cg_zlsq_hj [合计, 件]": "patent_applications",
    "v6_cz_yszc_hj [合计, 亿元]": "budget_total_100m_yuan",
    "v6_cz_yszc_jy [教育, 亿元]": "budget_education_100m_yuan",
    "v6_cz_yszc_kxjs [科学技术, 亿元]": "budget_sci_tech_100m_yuan",
}


class BuildError(RuntimeError):
    """A source file or a cross-check does not match what the build expects."""


# ---------------------------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------------------------


def read_province_keys(source: Path) -> pd.DataFrame:
    """Read ``provinces.csv`` (province_en, province_zh, pinyin) and check it has the 31 keys."""
    keys = pd.read_csv(source / "provinces.csv", dtype=str)
    if sorted(keys["province_en"]) != sorted(PROVINCE_META):
        raise BuildError(
            f"provinces.csv keys differ from PROVINCE_META: {sorted(keys['province_en'])}"
        )
    return keys


def key_normaliser(keys: pd.DataFrame) -> dict[str, str]:
    """Map each upstream spelling (English with/without spaces, any case, pinyin) to the key."""
    table: dict[str, str] = {}
    for en, pinyin in zip(keys["province_en"], keys["pinyin"]):
        table[en.replace(" ", "").lower()] = en
        table[pinyin.lower()] = en
    return table


def normalise(names: pd.Series, table: dict[str, str], what: str) -> pd.Series:
    """Replace upstream region spellings by the region key; fail on anything unknown."""
    out = names.astype(str).str.replace(" ", "").str.lower().map(table)
    if out.isna().any():
        raise BuildError(f"{what}: unknown region names {sorted(set(names[out.isna()]))}")
    return out


# ---------------------------------------------------------------------------------------------
# Panel
# ---------------------------------------------------------------------------------------------


def read_wide_by_year(path: Path, region_col: str, table: dict[str, str]) -> pd.Series:
    """Read a region x year wide CSV (years as column names) into a (region, year) Series."""
    return read_wide_by_year_frame(pd.read_csv(path, comment="#"), region_col, table, path.name)


def read_gcam_population(path: Path, table: dict[str, str]) -> pd.Series:
    """Year-end population (10k persons), older NBS vintage, from the GCAM-China transcription."""
    df = pd.read_csv(path, comment="#")
    df = df[df["Region"] != "National Total"]
    return read_wide_by_year_frame(df, "Region", table, path.name)


def read_wide_by_year_frame(
    df: pd.DataFrame, region_col: str, table: dict[str, str], what: str
) -> pd.Series:
    """As :func:`read_wide_by_year` for an already-read frame."""
    df = df.copy()
    df[region_col] = normalise(df[region_col], table, what)
    long = df.melt(id_vars=region_col, var_name="year", value_name="value")
    long["year"] = long["year"].astype(int)
    series = long.set_index([region_col, "year"])["value"].astype(float)
    return series.rename_axis(["region", "year"])


def read_techme(source: Path, table: dict[str, str]) -> pd.DataFrame:
    """The techme yearbook variables used by the panel, one column each, indexed (region, year)."""
    cols = {}
    for (fname, code), column in TECHME_VARIABLES.items():
        df = pd.read_csv(source / "rd_patents_techme" / f"{fname}.csv")
        df = df[(df["variables"] == code) & (df["province_en"] != "China")].copy()
        df["region"] = normalise(df["province_en"], table, f"{fname}.csv")
        if df.duplicated(["region", "year"]).any():
            raise BuildError(f"{fname}.csv: duplicate (region, year) for {code}")
        cols[column] = df.set_index(["region", "year"])["value"].astype(float)
    return pd.DataFrame(cols)


def build_panel(source: Path, keys: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, object]]:
    """Assemble the wide (region, year) panel and return it with notes for the build report.

    Capital stock (perpetual inventory, delta = 0.096, 100m yuan at 2000 prices)::

        K_t^{2000} = K_t^{1952} * P_2000          (P = InvestPrice, 1952 = 1, own province)
        K_2023     = (1 - delta) K_2022 + I_2023 / P_2023
        I_2023     = (GFCF_2022 / GDP_2022) * GDP_2023,   P_2023 = P_2022   (approximation)
        K_t^{cur}  = K_t^{2000} * p_t,   p_t = P_t / P_2000  (investment_price_index_2000eq1)

    The DERIVED file's 1952-price column is rebased with each province's own price index; for
    30 provinces this equals the file's 2000-price column to machine precision, for Chongqing
    it corrects that column (see README).
    """
    table = key_normaliser(keys)
    notes: dict[str, object] = {}

    # --- GDP: PyPSA-China-PIK (current NBS vintage) 2005.., NBS export for 2004
    gdp_pypsa = read_wide_by_year(
        source / "grp_population_pypsa_china_pik" / "historical_gdp.csv", "region", table
    )
    gdp_nbs = read_wide_by_year(
        source / "grp_nbs_export_localgdp" / "grp_nominal_2004_2023.csv", "province_en", table
    )
    overlap = gdp_pypsa.index.intersection(gdp_nbs.index)
    max_diff = float((gdp_pypsa[overlap] - gdp_nbs[overlap]).abs().max())
    if max_diff > 1e-9:
        raise BuildError(f"NBS export and PyPSA GRP differ on overlapping values (max {max_diff})")
    notes["gdp_overlap_values_identical"] = len(overlap)
    gdp = pd.concat([gdp_nbs[~gdp_nbs.index.isin(gdp_pypsa.index)], gdp_pypsa])

    # --- population: PyPSA (current vintage) 2005.., GCAM-China older vintage before
    pop_pypsa = read_wide_by_year(
        source / "grp_population_pypsa_china_pik" / "historical_population.csv", "region", table
    )
    pop_gcam = read_gcam_population(
        source / "population_gcam_china" / "China_Statistics_Yearbook_population_2000_2019.csv",
        table,
    )
    pop = pd.concat([pop_gcam[~pop_gcam.index.isin(pop_pypsa.index)], pop_pypsa])

    # --- capital inputs: CHNCapitalStock asset table and the DERIVED PIM file
    asset = pd.read_csv(source / "capital_stock_chncapitalstock" / "asset_1952_2022.csv")
    asset["region"] = normalise(asset["prv"], table, "asset_1952_2022.csv")
    asset = asset.rename(columns={"yr": "year"}).set_index(["region", "year"]).sort_index()
    gfcf = asset["invest"].astype(float)
    price_1952 = asset["InvestPrice"].astype(float)
    price_at_2000 = price_1952.xs(2000, level="year")
    price_index = price_1952 / price_1952.index.get_level_values("region").map(price_at_2000).values

    derived = pd.read_csv(source / "capital_stock_chncapitalstock" / "DERIVED_K_pim_delta0.096.csv")
    derived["region"] = normalise(derived["province_en"], table, "DERIVED_K_pim_delta0.096.csv")
    derived = derived.pivot_table(
        index=["region", "year"], columns="price_base_year", values="K_100m_yuan"
    )
    k2000 = derived[1952] * derived.index.get_level_values("region").map(price_at_2000).values
    in_panel = k2000.index.get_level_values("year") >= FIRST_YEAR
    rel = ((k2000 - derived[2000]) / derived[2000])[in_panel].abs().groupby(level="region").max()
    notes["derived_2000_column_disagrees"] = {r: float(v) for r, v in rel.items() if v > 1e-9}
    if set(notes["derived_2000_column_disagrees"]) - {"Chongqing"}:
        raise BuildError(f"DERIVED 2000-price column disagrees beyond Chongqing: {rel[rel > 1e-9]}")

    # --- techme
    techme = read_techme(source, table)

    # --- assemble
    regions = list(keys["province_en"])  # admin-code order
    index = pd.MultiIndex.from_product(
        [regions, range(FIRST_YEAR, LAST_YEAR + 1)], names=["region", "year"]
    )
    panel = pd.DataFrame(index=index)
    panel["population_10k"] = pop
    panel["gdp_nominal_100m_yuan"] = gdp
    panel["gfcf_nominal_100m_yuan"] = gfcf
    panel["investment_price_index_2000eq1"] = price_index
    panel["capital_2000prices_100m_yuan"] = k2000
    for column in TECHME_VARIABLES.values():
        panel[column] = techme[column]

    # 2023 extension (the capital sources end in 2022): carry the price index; estimate I_2023
    # from the 2022 GFCF/GDP share. gfcf_nominal_100m_yuan stays empty for 2023 (not observed).
    share_2022 = (panel["gfcf_nominal_100m_yuan"] / panel["gdp_nominal_100m_yuan"]).xs(
        2022, level="year"
    )
    p_2022 = panel["investment_price_index_2000eq1"].xs(2022, level="year")
    k_2022 = panel["capital_2000prices_100m_yuan"].xs(2022, level="year")
    gdp_2023 = panel["gdp_nominal_100m_yuan"].xs(2023, level="year")
    invest_2023 = share_2022 * gdp_2023
    k_2023 = (1.0 - DELTA) * k_2022 + invest_2023 / p_2022
    for r in regions:
        panel.loc[(r, 2023), "investment_price_index_2000eq1"] = p_2022[r]
        panel.loc[(r, 2023), "capital_2000prices_100m_yuan"] = k_2023[r]
    notes["gfcf_gdp_share_2022"] = share_2022.to_dict()

    panel["capital_current_100m_yuan"] = (
        panel["capital_2000prices_100m_yuan"] * panel["investment_price_index_2000eq1"]
    )

    # R&D intensity: the file's values; fill from spending / GDP only where the file has none.
    missing = panel["rd_intensity_pct"].isna() & panel["rd_spending_100m_yuan"].notna()
    panel.loc[missing, "rd_intensity_pct"] = (
        panel.loc[missing, "rd_spending_100m_yuan"]
        / panel.loc[missing, "gdp_nominal_100m_yuan"]
        * 100
    )
    notes["rd_intensity_filled"] = [f"{r} {y}" for r, y in panel.index[missing]]

    panel = panel.reset_index()[PANEL_COLUMNS]
    # Rounding: derived quantities only; source values are written as given.
    panel["investment_price_index_2000eq1"] = panel["investment_price_index_2000eq1"].round(6)
    panel["capital_2000prices_100m_yuan"] = panel["capital_2000prices_100m_yuan"].round(2)
    panel["capital_current_100m_yuan"] = panel["capital_current_100m_yuan"].round(2)
    for column in ("patents_granted", "patent_applications"):
        panel[column] = panel[column].round().astype("Int64")
    return panel, notes


def cross_check_panel_long(panel: pd.DataFrame, source: Path) -> list[str]:
    """Compare the panel with the collection's ``panel_long.csv``; return accepted differences.

    Every value present in both must agree (relative 1e-9, or the rounding applied here),
    except Chongqing's 2000-price capital stock, which this build corrects (see README).
    """
    long = pd.read_csv(source / "panel_long.csv")
    accepted: list[str] = []
    wide = panel.set_index(["region", "year"])
    for variable, column in PANEL_LONG_CHECK.items():
        sub = long[(long["variable"] == variable) & long["year"].between(FIRST_YEAR, LAST_YEAR)]
        if sub.empty:
            raise BuildError(f"panel_long.csv has no rows for {variable!r}")
        ref = sub.set_index(["province_en", "year"])["value"]
        ours = wide[column].astype(float).reindex(ref.index)
        if ours.isna().any():
            raise BuildError(
                f"{column}: panel lacks values that panel_long has: "
                f"{list(ref.index[ours.isna()])[:5]}"
            )
        tol = 0.006 if column.startswith("capital") else 1e-9 * ref.abs().max()
        bad = (ours - ref).abs() > tol + 1e-9 * ref.abs()
        if column == "capital_2000prices_100m_yuan":
            cq = bad & (ref.index.get_level_values(0) == "Chongqing")
            if cq.any():
                accepted.append(
                    f"Chongqing capital_2000prices differs from panel_long in "
                    f"{int(cq.sum())} years (corrected rebasing)"
                )
            bad &= ~cq
        if bad.any():
            raise BuildError(f"{column} differs from panel_long.csv at {list(ref.index[bad])[:5]}")
        # anything in our panel for these years that panel_long lacks?
        extra = [f"{r} {y}" for r, y in wide[column].dropna().index.difference(ref.index)]
        if extra:
            accepted.append(
                f"{column}: {len(extra)} values not in panel_long (e.g. {extra[0]}, {extra[-1]})"
            )
    return accepted


# ---------------------------------------------------------------------------------------------
# Map
# ---------------------------------------------------------------------------------------------


def decode_ring(encoded: str, offset: list[int]) -> list[tuple[int, int]]:
    """Decode one ECharts 4.9 "UTF8Encoding" ring into integer (x, y) = (lon, lat) * 1024.

    ECharts ``decodePolygon``: for each character pair, x = code(c_i) - 64, y = code(c_i+1) - 64,
    zig-zag decode x = (x >> 1) ^ -(x & 1), then add the previous point (starting at the ring's
    ``encodeOffsets`` pair). Division by the scale (1024) is left to the caller so that shared
    boundary vertices can be compared exactly.
    """
    prev_x, prev_y = offset
    out = []
    for i in range(0, len(encoded), 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x += prev_x
        y += prev_y
        prev_x, prev_y = x, y
        out.append((x, y))
    return out


def decode_echarts_map(path: Path) -> dict[str, dict]:
    """Decode every feature: name_zh -> {"id": admin code, "polygons": [[ring(int pts)]]}."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    if not raw.get("UTF8Encoding"):
        raise BuildError(f"{path.name}: expected an ECharts UTF8Encoding map")
    features = {}
    for feat in raw["features"]:
        geom = feat["geometry"]
        if geom["type"] == "Polygon":
            polys = [
                [decode_ring(r, o) for r, o in zip(geom["coordinates"], geom["encodeOffsets"])]
            ]
        elif geom["type"] == "MultiPolygon":
            polys = [
                [decode_ring(r, o) for r, o in zip(p, po)]
                for p, po in zip(geom["coordinates"], geom["encodeOffsets"])
            ]
        else:
            raise BuildError(f"{path.name}: unexpected geometry {geom['type']}")
        features[feat["properties"]["name"]] = {"id": int(feat["id"]), "polygons": polys}
    return features


def derive_neighbours(features: dict[str, dict], zh_to_en: dict[str, str]) -> dict[str, list[str]]:
    """Provinces that share at least one boundary vertex (exact, in the integer encoding)."""
    vertices = {
        zh_to_en[zh]: {pt for poly in f["polygons"] for ring in poly for pt in ring}
        for zh, f in features.items()
        if zh in zh_to_en
    }
    neighbours: dict[str, list[str]] = {r: [] for r in vertices}
    for a, b in itertools.combinations(sorted(vertices), 2):
        if vertices[a] & vertices[b]:
            neighbours[a].append(b)
            neighbours[b].append(a)
    return {r: sorted(v) for r, v in neighbours.items()}


def _signed_area(ring: list[tuple[float, float]]) -> float:
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))


def _point_in_ring(lon: float, lat: float, ring: list[tuple[float, float]]) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def to_geojson_polygons(polys: list[list[list[tuple[int, int]]]]) -> list[list[list[list[float]]]]:
    """Scale to degrees, round, drop repeated points, close rings, orient exterior rings CCW.

    RFC 7946 right-hand rule: exterior rings counter-clockwise, holes clockwise. Rings left with
    fewer than 4 positions after rounding (specks) are dropped.
    """
    out = []
    for poly in polys:
        rings = []
        for k, ring in enumerate(poly):
            pts: list[tuple[float, float]] = []
            for x, y in ring:
                p = (
                    round(x / ECHARTS_SCALE, COORD_DECIMALS),
                    round(y / ECHARTS_SCALE, COORD_DECIMALS),
                )
                if not pts or p != pts[-1]:
                    pts.append(p)
            if pts[0] != pts[-1]:
                pts.append(pts[0])
            if len(pts) < 4:
                continue
            ccw = _signed_area(pts) > 0
            if (k == 0) != ccw:  # exterior must be CCW, holes CW
                pts.reverse()
            rings.append([[x, y] for x, y in pts])
        if rings:
            out.append(rings)
    return out


def build_geojson(features: dict[str, dict], keys: pd.DataFrame) -> dict:
    """FeatureCollection of the 31 mainland provinces with region / name_zh / admin_code."""
    zh_to_en = dict(zip(keys["province_zh"], keys["province_en"]))
    dropped = sorted(set(features) - set(zh_to_en))
    if dropped != sorted(["台湾", "香港", "澳门"]):
        raise BuildError(f"unexpected non-mainland features in the map: {dropped}")
    out_features = []
    for zh, en in zip(keys["province_zh"], keys["province_en"]):
        f = features[zh]
        if f["id"] != PROVINCE_META[en][0]:
            raise BuildError(f"map id {f['id']} != admin code {PROVINCE_META[en][0]} for {en}")
        polys = to_geojson_polygons(f["polygons"])
        geometry = (
            {"type": "Polygon", "coordinates": polys[0]}
            if len(polys) == 1
            else {"type": "MultiPolygon", "coordinates": polys}
        )
        out_features.append(
            {
                "type": "Feature",
                "id": f["id"],
                "properties": {"region": en, "name_zh": zh, "admin_code": f["id"]},
                "geometry": geometry,
            }
        )
    return {"type": "FeatureCollection", "features": out_features}


def check_capitals_inside(geojson: dict) -> None:
    """Each capital's coordinates must fall inside its own province's outline."""
    for feat in geojson["features"]:
        region = feat["properties"]["region"]
        _, _, city, lat, lon = PROVINCE_META[region]
        geom = feat["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        inside = any(_point_in_ring(lon, lat, [tuple(p) for p in poly[0]]) for poly in polys)
        if not inside:
            raise BuildError(f"capital {city} ({lat}, {lon}) is not inside {region} on the map")


# ---------------------------------------------------------------------------------------------
# Provinces
# ---------------------------------------------------------------------------------------------


def assign_sci_tech_classes(panel: pd.DataFrame) -> tuple[dict[str, str], dict[str, object]]:
    """Seed-001 classes: I and II as named by the paper; III / IV by its R&D criterion.

    III: R&D intensity > 2 % in :data:`SCI_TECH_CRITERION_YEAR` (and not I/II); IV otherwise.
    Fails unless the counts equal the paper's (2, 4, 9, 16) and the paper's stated thresholds
    hold for the named classes (I > 4 %, II > 3 %) and for IV (GDP per head < 100k yuan).
    """
    wide = panel.set_index(["region", "year"])
    rd = wide["rd_intensity_pct"].xs(SCI_TECH_CRITERION_YEAR, level="year")
    gdp_pc = (wide["gdp_nominal_100m_yuan"] / wide["population_10k"] * 1e4).xs(
        SCI_TECH_CRITERION_YEAR, level="year"
    )
    classes: dict[str, str] = {}
    for region in PROVINCE_META:
        if region in SCI_TECH_CLASS_I:
            classes[region] = "I"
        elif region in SCI_TECH_CLASS_II:
            classes[region] = "II"
        elif rd[region] > SCI_TECH_III_THRESHOLD_PCT:
            classes[region] = "III"
        else:
            classes[region] = "IV"
    counts = pd.Series(classes).value_counts().to_dict()
    if counts != SCI_TECH_CLASS_COUNTS:
        raise BuildError(f"class counts {counts} differ from the paper's {SCI_TECH_CLASS_COUNTS}")
    for region, cls in classes.items():
        for year in (2022, 2023):
            value = wide.loc[(region, year), "rd_intensity_pct"]
            if cls == "I" and not value > 4 or cls == "II" and not value > 3:
                raise BuildError(
                    f"{region} ({cls}) R&D intensity {value} in {year} breaks the paper"
                )
        if cls == "IV" and not gdp_pc[region] < 1e5:
            raise BuildError(f"{region} (IV) GDP per head {gdp_pc[region]:.0f} >= 100k yuan")
    rd_2023 = wide["rd_intensity_pct"].xs(2023, level="year")
    alt = {
        r: ("III" if rd_2023[r] > SCI_TECH_III_THRESHOLD_PCT else "IV")
        for r, c in classes.items()
        if c in ("III", "IV")
    }
    notes = {
        "would_differ_with_2023_data": {
            r: f"{classes[r]} -> {c} (2023 R&D {rd_2023[r]:.2f} %)"
            for r, c in alt.items()
            if c != classes[r]
        },
        "rd_intensity_criterion_year": {r: float(rd[r]) for r in classes},
    }
    return classes, notes


def build_provinces(
    keys: pd.DataFrame, classes: dict[str, str], neighbours: dict[str, list[str]]
) -> pd.DataFrame:
    """The provinces table, in admin-code order."""
    rows = []
    for en, zh in zip(keys["province_en"], keys["province_zh"]):
        code, macro, city, lat, lon = PROVINCE_META[en]
        rows.append(
            {
                "region": en,
                "name_zh": zh,
                "admin_code": code,
                "macro_region": macro,
                "sci_tech_class": classes[en],
                "capital_city": city,
                "lat": lat,
                "lon": lon,
                "neighbors": ";".join(neighbours[en]),
            }
        )
    df = pd.DataFrame(rows, columns=PROVINCE_COLUMNS).sort_values("admin_code", kind="stable")
    return df.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def macro_region_shares(
    panel: pd.DataFrame, provinces: pd.DataFrame, column: str, year: int
) -> pd.Series:
    """Share (0..1) of the 31-province sum of ``column`` in ``year`` by macro-region."""
    sub = panel[panel["year"] == year].merge(provinces[["region", "macro_region"]], on="region")
    by = sub.groupby("macro_region")[column].sum()
    return by / by.sum()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        help="folder with the raw collection (default: ../shared/data from the repo root)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: sim/data)"
    )
    args = parser.parse_args(argv)
    source: Path = args.source.resolve()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    keys = read_province_keys(source)
    zh_to_en = dict(zip(keys["province_zh"], keys["province_en"]))

    # map and neighbours
    features = decode_echarts_map(source / "geo" / "china_echarts_4.9.0.json")
    neighbours = derive_neighbours(features, zh_to_en)
    reference = {r: sorted(v) for r, v in REFERENCE_LAND_BORDERS.items()}
    if neighbours != reference:
        diff = {
            r: (neighbours.get(r), reference.get(r))
            for r in reference
            if neighbours.get(r) != reference.get(r)
        }
        raise BuildError(f"map-derived neighbours differ from the reference list: {diff}")
    for a, bs in neighbours.items():
        for b in bs:
            if a not in neighbours[b]:
                raise BuildError(f"neighbour relation not symmetric: {a} -> {b}")
    geojson = build_geojson(features, keys)
    check_capitals_inside(geojson)

    # panel
    panel, notes = build_panel(source, keys)
    accepted = cross_check_panel_long(panel, source)

    # provinces
    classes, class_notes = assign_sci_tech_classes(panel)
    provinces = build_provinces(keys, classes, neighbours)

    # write
    provinces.to_csv(out / "provinces.csv", index=False, float_format="%.2f", lineterminator="\n")
    panel.to_csv(out / "panel.csv", index=False, float_format="%.10g", lineterminator="\n")
    geo_path = out / "china_provinces.geojson"
    geo_path.write_text(
        json.dumps(geojson, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )

    # report
    n_edges = sum(len(v) for v in neighbours.values()) // 2
    print(f"provinces.csv: {len(provinces)} rows; {n_edges} land-border pairs")
    print(f"panel.csv: {len(panel)} rows, years {panel.year.min()}..{panel.year.max()}")
    print(
        f"china_provinces.geojson: {len(geojson['features'])} features, "
        f"{geo_path.stat().st_size / 1e6:.3f} MB"
    )
    print("GDP values identical in NBS export and PyPSA:", notes["gdp_overlap_values_identical"])
    print(
        "DERIVED 2000-price column corrected for:",
        {
            k: f"max rel. diff {v:.1%} over {FIRST_YEAR}..2022"
            for k, v in notes["derived_2000_column_disagrees"].items()
        },
    )
    print("R&D intensity filled from spending/GDP:", notes["rd_intensity_filled"] or "none")
    print("cross-check vs panel_long.csv, accepted differences:")
    for line in accepted:
        print("   ", line)
    for cls in ("I", "II", "III", "IV"):
        print(f"class {cls}:", ", ".join(r for r in provinces.region if classes[r] == cls))
    print("would differ with 2023 R&D data:", class_notes["would_differ_with_2023_data"])
    share = macro_region_shares(panel, provinces, "rd_spending_100m_yuan", 2022)
    print("2022 R&D spending shares:", {k: round(v * 100, 2) for k, v in share.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
