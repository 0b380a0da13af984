"""The industrial base of the provinces: 2007 gross output by sector and the proxy series.

Two shipped files (sources, licences and transformations in ``README.md``, section "Industrial
base"; built by ``tools/build_industrial_base.py``):

* ``io2007_gross_output.csv``: gross output of the official 2007 provincial input-output tables,
  30 provinces (Tibet has no 2007 table) x 42 sectors ``s01..s42``, 100 million yuan;
* ``io2007_interprovincial.csv``: the same tables' gross output, value added, outflow to and inflow
  from the rest of China (调出, 调入), one row per (province, sector 1..42), 100 million yuan;
* ``industrial_proxies.csv``: one row per (region, year) 2011..2023 with the high-tech industry's
  new-product sales revenue and R&D expenditure (2016..2023) and basic-research expenditure
  (2011..2023), 100 million yuan. Empty cells are years without a published value.

:func:`proxy_series` returns a proxy for a start year: each region's value of the latest year at
or before it that has one, else of the earliest year after it (so a 2011 start reads the
high-tech series of 2016, and Tibet's 2017-2022 gap reads 2016).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from nqpf.sim.data.csv_cells import (
    check_region_keys,
    numeric_column,
    read_text_csv,
    require_columns,
    year_column,
)
from nqpf.sim.data.errors import DataFileError
from nqpf.sim.data.provinces import load_provinces

__all__ = [
    "FLOW_COLUMNS",
    "IO2007_FILE",
    "IO2007_FLOWS_FILE",
    "N_SECTORS",
    "PROXIES",
    "PROXY_FILE",
    "load_io2007",
    "load_io2007_flows",
    "load_proxies",
    "proxy_series",
]

_DIR = Path(__file__).resolve().parent
IO2007_FILE: Final[Path] = _DIR / "io2007_gross_output.csv"
PROXY_FILE: Final[Path] = _DIR / "industrial_proxies.csv"
IO2007_FLOWS_FILE: Final[Path] = _DIR / "io2007_interprovincial.csv"
FLOW_COLUMNS: Final[dict[str, str]] = {
    "gross_output": "gross_output_100m_yuan",
    "value_added": "value_added_100m_yuan",
    "outflow": "outflow_100m_yuan",
    "inflow": "inflow_100m_yuan",
}
"""Quantity -> column of ``io2007_interprovincial.csv`` [100m yuan]."""
N_SECTORS: Final[int] = 42
"""Sectors of the 2007 provincial input-output tables (codes 1..42)."""
SECTOR_COLUMNS: Final[tuple[str, ...]] = tuple(f"s{k:02d}" for k in range(1, N_SECTORS + 1))
PROXIES: Final[dict[str, str | None]] = {
    "gdp": None,
    "high_tech_revenue": "high_tech_new_product_revenue_100m_yuan",
    "high_tech_rd": "high_tech_rd_100m_yuan",
    "basic_research": "basic_research_100m_yuan",
}
"""Proxy name (``base_proxy`` in ``industries.toml``) -> column of ``industrial_proxies.csv``;
``gdp`` is the start year's GDP from the panel, read by the set-up."""


@lru_cache(maxsize=2)
def load_io2007(path: Path = IO2007_FILE) -> pd.DataFrame:
    """2007 gross output, regions (index, provinces-file keys) x ``s01..s42`` [100m yuan].

    Raises
    ------
    DataFileError
        Naming the file, line, column and region of a bad cell, an unknown or repeated region,
        or a missing sector column.
    """
    df = read_text_csv(path)
    require_columns(df, path, ("region", *SECTOR_COLUMNS))
    check_region_keys(df, path, load_provinces()["region"], allowed="a region key of provinces.csv")
    if df["region"].duplicated().any():
        region = df.loc[df["region"].duplicated(), "region"].iloc[0]
        raise DataFileError(path, "region appears twice", region=region, allowed="one row each")
    out = pd.DataFrame(
        {
            c: numeric_column(
                df,
                path,
                c,
                allowed="gross output >= 0 [100m yuan]",
                regions=df["region"],
                required=True,
            )
            for c in SECTOR_COLUMNS
        }
    )
    out.index = pd.Index(df["region"], name="region")
    return out


@lru_cache(maxsize=2)
def load_io2007_flows(path: Path = IO2007_FLOWS_FILE) -> dict[str, pd.DataFrame]:
    """2007 gross output, value added, outflow to and inflow from other provinces: one frame
    per :data:`FLOW_COLUMNS` key, regions (index) x sectors 1..42 (columns) [100m yuan].

    Value added may be negative (petroleum refining in Gansu and Xinjiang, under 2007's price
    controls); the other quantities may not.

    Raises
    ------
    DataFileError
        Naming the file, line, column and region of a bad cell, an unknown region, a sector code
        outside 1..42, or a (region, sector) pair given twice or missing.
    """
    df = read_text_csv(path)
    require_columns(df, path, ("region", "sector", *FLOW_COLUMNS.values()))
    check_region_keys(df, path, load_provinces()["region"], allowed="a region key of provinces.csv")
    sectors = numeric_column(
        df,
        path,
        "sector",
        allowed=f"a sector code 1..{N_SECTORS}",
        regions=df["region"],
        required=True,
    )
    bad = ~sectors.isin(range(1, N_SECTORS + 1))
    pairs = pd.MultiIndex.from_arrays([df["region"], sectors.astype(int)])
    if bad.any() or pairs.duplicated().any():
        pos = int(np.flatnonzero(bad.to_numpy() | pairs.duplicated())[0])
        raise DataFileError(
            path,
            f"sector {df['sector'].iloc[pos]!r} out of range or given twice",
            column="sector",
            line=pos + 2,
            region=str(df["region"].iloc[pos]),
            allowed=f"each sector code 1..{N_SECTORS} once per region",
        )
    if len(pairs) != N_SECTORS * df["region"].nunique():
        raise DataFileError(path, "missing sectors", allowed=f"all {N_SECTORS} sectors per region")
    out = {}
    for key, column in FLOW_COLUMNS.items():
        values = numeric_column(
            df,
            path,
            column,
            allowed="a number [100m yuan]" + ("" if key == "value_added" else " >= 0"),
            regions=df["region"],
            required=True,
            non_negative=key != "value_added",
        )
        out[key] = pd.Series(values.to_numpy(), index=pairs).unstack()
    return out


@lru_cache(maxsize=2)
def load_proxies(path: Path = PROXY_FILE) -> pd.DataFrame:
    """Proxy series, index (region, year), one column per :data:`PROXIES` entry [100m yuan].

    Raises
    ------
    DataFileError
        Naming the file, line, column, region and year of a bad cell.
    """
    df = read_text_csv(path)
    columns = [c for c in PROXIES.values() if c is not None]
    require_columns(df, path, ("region", "year", *columns))
    years = pd.Series(year_column(df, path, regions=df["region"]), index=df.index)
    data = {
        c: numeric_column(
            df,
            path,
            c,
            allowed="a number >= 0 [100m yuan] or an empty cell",
            regions=df["region"],
            years=years,
        )
        for c in columns
    }
    out = pd.DataFrame(data)
    out.index = pd.MultiIndex.from_arrays([df["region"], years], names=["region", "year"])
    return out


def proxy_series(name: str, regions: list[str], year: int) -> np.ndarray:
    """A proxy's value for each region in ``year`` [100m yuan]: the latest year at or before
    ``year`` with a value, else the earliest after it.

    Raises
    ------
    ValueError
        For an unknown proxy (naming the allowed ones), or a region without any value.
    """
    return _proxy_values(name, tuple(regions), int(year)).copy()  # the cached array never changes


@lru_cache(maxsize=16)
def _proxy_values(name: str, regions: tuple[str, ...], year: int) -> np.ndarray:
    """:func:`proxy_series`, found once per process for each proxy, map and year (every model
    of a sweep starts from the same proxies)."""
    column = PROXIES.get(name)
    if column is None:
        raise ValueError(
            f"base_proxy {name!r} has no series in {PROXY_FILE.name}; allowed: "
            f"{', '.join(k for k, v in PROXIES.items() if v is not None)}"
        )
    table = load_proxies()[column].dropna()
    names = table.index.get_level_values("region").to_numpy()
    years = table.index.get_level_values("year").to_numpy()
    values = table.to_numpy(float)
    out = np.empty(len(regions))
    for i, region in enumerate(regions):
        rows = np.flatnonzero(names == region)  # the region's rows in file order
        if rows.size == 0:
            raise DataFileError(PROXY_FILE, "no value", column=column, region=region)
        earlier = rows[years[rows] <= year]
        out[i] = values[earlier[-1]] if earlier.size else values[rows[0]]
    return out
