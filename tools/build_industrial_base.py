"""Build the shipped industrial-base files in ``sim/data/`` from the raw collection.

Run from the repository root::

    python tools/build_industrial_base.py            # reads ../shared/data, writes sim/data/
    python tools/build_industrial_base.py --source DIR --out DIR

Outputs
-------
io2007_gross_output.csv
    Gross output of the official 2007 provincial input-output tables, 30 provinces (Tibet has no
    2007 table) x 42 sectors, 100 million yuan (亿元), provinces in ``provinces.csv`` order.
    Copied value for value from ``provincial_io2007_zhangda1021/io2007_gross_output_wide_100m_yuan.csv``
    and cross-checked against the long file of the same folder (10,000 yuan / 10,000).
io2007_interprovincial.csv
    The same tables' flows with the rest of China, one row per (province, sector): gross output,
    value added, outflow to other provinces (调出) and inflow from other provinces (调入),
    100 million yuan (the long file's 10,000 yuan / 10,000), provinces in ``provinces.csv`` order.
endowments.csv
    One row per region (provinces.csv order): utility-PV capacity factor and onshore wind
    potential (GCAM-China, from He and Kammen 2016 and Shen and Yin), regular higher-education
    institutions (MOE list of 15 June 2023) and whether the province has a sea coast.
industrial_proxies.csv
    One row per (region, year), 2011..2023: high-tech industry new-product sales revenue and R&D
    expenditure (2016..2023) and basic-research expenditure (2011..2023), 100 million yuan,
    from the techme yearbook tables in the collection's ``panel_long.csv`` (10,000 yuan / 10,000).

See ``sim/data/README.md`` (section "Industrial base") for sources, licences and how the model
uses these files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT / ".." / "shared" / "data"
DEFAULT_OUT = REPO_ROOT / "sim" / "data"
N_SECTORS = 42
YEARS = range(2011, 2024)
WAN_PER_100M = 1e4
"""10,000 yuan (万元) per 100 million yuan (亿元)."""

PROXY_VARIABLES = {
    # panel_long.csv variable code -> shipped column (techme IndustryRD / RDActivity)
    "v4_cy_xcp_xssr": "high_tech_new_product_revenue_100m_yuan",
    "v4_cy_RDhd_nbzc": "high_tech_rd_100m_yuan",
    "v4_zh_nbzc_jcyj": "basic_research_100m_yuan",
}


def build_io(source: Path, regions: list[str]) -> pd.DataFrame:
    """The wide 2007 gross-output matrix in provinces order, checked against the long file."""
    folder = source / "provincial_io2007_zhangda1021"
    wide = pd.read_csv(folder / "io2007_gross_output_wide_100m_yuan.csv")
    wide = wide.rename(columns={"province_en": "region"})
    unknown = sorted(set(wide["region"]) - set(regions))
    if unknown:
        raise SystemExit(f"IO 2007: unknown provinces {unknown}")
    missing = [r for r in regions if r not in set(wide["region"])]
    if missing != ["Tibet"]:
        raise SystemExit(f"IO 2007: expected only Tibet missing, got {missing}")
    order = {r: i for i, r in enumerate(regions)}
    wide = wide.sort_values("region", key=lambda s: s.map(order)).reset_index(drop=True)
    cols = [f"s{k:02d}" for k in range(1, N_SECTORS + 1)]
    long = pd.read_csv(folder / "io2007_province_sector_42.csv")
    check = long.pivot(index="province_en", columns="sector_code", values="gross_output")
    for _, row in wide.iterrows():
        for k, col in enumerate(cols, start=1):
            expected = check.loc[row["region"], k] / WAN_PER_100M
            if abs(row[col] - expected) > 0.01 + 1e-6 * abs(expected):
                raise SystemExit(f"IO 2007 {row['region']} {col}: {row[col]} vs long {expected}")
    return wide[["region", *cols]]


def build_interprovincial(source: Path, regions: list[str]) -> pd.DataFrame:
    """Gross output, value added, outflow to and inflow from other provinces by province and
    sector, 100 million yuan, provinces in provinces.csv order and sectors 1..42."""
    long = pd.read_csv(source / "provincial_io2007_zhangda1021" / "io2007_province_sector_42.csv")
    unknown = sorted(set(long["province_en"]) - set(regions))
    if unknown:
        raise SystemExit(f"IO 2007: unknown provinces {unknown}")
    order = {r: i for i, r in enumerate(regions)}
    long = long.sort_values(
        ["province_en", "sector_code"], key=lambda s: s.map(order) if s.name == "province_en" else s
    )
    columns = {
        "gross_output": "gross_output_100m_yuan",
        "value_added": "value_added_100m_yuan",
        "outflow_to_other_provinces": "outflow_100m_yuan",
        "inflow_from_other_provinces": "inflow_100m_yuan",
    }
    out = pd.DataFrame({"region": long["province_en"], "sector": long["sector_code"]})
    for raw, name in columns.items():
        if raw != "value_added" and (long[raw] < 0).any():  # refining VA < 0 in Gansu, Xinjiang
            raise SystemExit(f"IO 2007: negative {raw}")
        out[name] = long[raw] / WAN_PER_100M
    if len(out) != N_SECTORS * (len(regions) - 1):
        raise SystemExit(f"IO 2007 flows: expected {N_SECTORS} sectors x 30 provinces")
    return out.reset_index(drop=True)


def build_proxies(source: Path, regions: list[str]) -> pd.DataFrame:
    """High-tech and basic-research series by region and year, 100 million yuan."""
    panel = pd.read_csv(source / "panel_long.csv")
    panel["code"] = panel["variable"].str.split(" ").str[0]
    out = pd.MultiIndex.from_product([regions, list(YEARS)], names=["region", "year"])
    frame = pd.DataFrame(index=out)
    for code, column in PROXY_VARIABLES.items():
        rows = panel[panel["code"] == code]
        if not rows["variable"].str.contains("万元").all():
            raise SystemExit(f"{code}: expected 10,000-yuan units")
        series = rows.set_index(["province_en", "year"])["value"] / WAN_PER_100M
        series.index = series.index.set_names(["region", "year"])
        frame[column] = series.reindex(out).round(4)
    frame = frame.reset_index()
    for column in PROXY_VARIABLES.values():
        if (frame[column] <= 0).any():
            raise SystemExit(f"{column}: non-positive values")
        gaps = frame.loc[frame[column].isna(), ["region", "year"]]
        print(f"{column}: empty cells {gaps.groupby('region')['year'].agg(list).to_dict()}")
    return frame


COASTAL = (
    "Liaoning",
    "Hebei",
    "Tianjin",
    "Shandong",
    "Jiangsu",
    "Shanghai",
    "Zhejiang",
    "Fujian",
    "Guangdong",
    "Guangxi",
    "Hainan",
)
"""The 11 provincial-level regions with a sea coast (the official list of 沿海地区, e.g. the China
Marine Statistical Yearbook; a geographical fact)."""


def build_endowments(source: Path, regions: list[str]) -> pd.DataFrame:
    """Natural and human endowments by region, checked against the upstream totals."""
    ren = pd.read_csv(
        source / "provincial_renewables_gcam_china" / "renewable_resources_by_province.csv"
    )
    uni = pd.read_csv(
        source / "provincial_universities_moe_list2023" / "regular_heis_by_province_2023.csv"
    )
    if uni["regular_higher_education_institutions"].sum() != 2820:
        raise SystemExit("universities: the MOE total is 2,820")
    if abs(ren["solar_pv_utility_capacity_factor"].mean() - 0.192658) > 1e-6:
        raise SystemExit("PV capacity factors: mean differs from the upstream Average row")
    out = pd.DataFrame({"region": regions})
    out = out.merge(
        ren[["province_en", "solar_pv_utility_capacity_factor", "wind_max_resource_TWh_per_yr"]],
        left_on="region",
        right_on="province_en",
        how="left",
        validate="one_to_one",
    ).drop(columns="province_en")
    out = out.merge(
        uni[["province_en", "regular_higher_education_institutions"]],
        left_on="region",
        right_on="province_en",
        how="left",
        validate="one_to_one",
    ).drop(columns="province_en")
    out["coastal"] = out["region"].isin(COASTAL).astype(int)
    if out.isna().any().any() or out["coastal"].sum() != len(COASTAL):
        raise SystemExit("endowments: a region without a value")
    return out.rename(
        columns={
            "solar_pv_utility_capacity_factor": "solar_pv_capacity_factor",
            "wind_max_resource_TWh_per_yr": "wind_potential_twh_per_year",
            "regular_higher_education_institutions": "universities",
        }
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    regions = pd.read_csv(args.out / "provinces.csv")["region"].tolist()
    io = build_io(args.source, regions)
    io.to_csv(args.out / "io2007_gross_output.csv", index=False, float_format="%.3f")
    flows = build_interprovincial(args.source, regions)
    flows.to_csv(args.out / "io2007_interprovincial.csv", index=False, float_format="%.4f")
    build_endowments(args.source, regions).to_csv(args.out / "endowments.csv", index=False)
    proxies = build_proxies(args.source, regions)
    proxies.to_csv(args.out / "industrial_proxies.csv", index=False)
    print(
        f"wrote io2007_gross_output.csv ({len(io)} provinces), io2007_interprovincial.csv, "
        "endowments.csv, industrial_proxies.csv"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
