"""The shipped (region, year) panel ``panel.csv``: loading, validation, complete years.

One row per (region, year), 2000..2023, wide. Units are in the column names: ``_10k`` = 10,000
persons, ``_100m_yuan`` = 100 million yuan (亿元), ``_pct`` = percent, ``_2000eq1`` = index with
2000 = 1, ``patents_*`` = counts. Money is nominal (current prices) unless the name says
``2000prices``. Sources and transformations: ``sim/data/README.md``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final

import pandas as pd

from nqpf.sim.data.csv_cells import (
    check_region_keys,
    csv_line,
    file_version,
    numeric_column,
    read_text_csv,
    require_columns,
    year_column,
)
from nqpf.sim.data.errors import DataFileError
from nqpf.sim.data.provinces import provinces_version, region_keys

__all__ = [
    "CORE_COLUMNS",
    "PANEL_COLUMNS",
    "PANEL_FILE",
    "PANEL_NUMERIC_COLUMNS",
    "check_complete",
    "complete_years",
    "investment_shares",
    "load_panel",
    "panel_years",
]

PANEL_FILE: Final[Path] = Path(__file__).resolve().parent / "panel.csv"
"""The shipped panel."""

PANEL_COLUMNS: Final[tuple[str, ...]] = (
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
)
"""Columns a panel file must have, in output order."""
PANEL_NUMERIC_COLUMNS: Final[tuple[str, ...]] = PANEL_COLUMNS[2:]
"""Columns read as numbers (>= 0, empty cell = NaN)."""
CORE_COLUMNS: Final[tuple[str, ...]] = (
    "gdp_nominal_100m_yuan",
    "population_10k",
    "capital_2000prices_100m_yuan",
    "capital_current_100m_yuan",
    "rd_spending_100m_yuan",
    "rd_intensity_pct",
)
"""Columns a model start year needs for every region: GDP, population, capital, R&D."""


def load_panel(path: Path | None = None, *, required_years: range | None = None) -> pd.DataFrame:
    """Load and validate the (region, year) panel.

    Parameters
    ----------
    path : Path, optional
        A panel CSV; default the shipped :data:`PANEL_FILE`.
    required_years : range, optional
        If given, every one of the 31 shipped regions must have a row for each of these years
        with all :data:`CORE_COLUMNS` (GDP, population, capital, R&D) filled.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PANEL_COLUMNS` in that order (extra columns kept after them); ``region``
        str, ``year`` int, every other column float64 with NaN for an empty cell. Units as in
        the column names (see the module docstring). Rows in file order.

    Raises
    ------
    DataFileError
        A column missing; a ``year`` that is not an integer; a value that is not a number or
        is negative (infinite values count as not a number); a region that is not one of the
        31 keys of the shipped ``provinces.csv``; a (region, year) pair twice; with
        ``required_years``, the first (year, region, column) lacking a core value.
    """
    path = Path(path) if path is not None else PANEL_FILE
    # read and validated once per version of the panel and of the provinces it is checked against
    df = _load_panel_version(*file_version(path), provinces_version()).copy()
    if required_years is not None:
        check_complete(df, path, required_years, region_keys())
    return df


@lru_cache(maxsize=4)
def _load_panel_version(
    name: str, mtime_ns: int, size: int, provinces_version: tuple[str, int, int]
) -> pd.DataFrame:
    """:func:`load_panel` (without ``required_years``) of one version of a file."""
    path = Path(name)
    df = read_text_csv(path)
    require_columns(df, path, PANEL_COLUMNS)
    df = df.copy()
    df["region"] = df["region"].str.strip()

    years = year_column(df, path, regions=df["region"])
    df["year"] = pd.Series(years, index=df.index, dtype="int64")

    known = region_keys()
    check_region_keys(
        df,
        path,
        known,
        allowed="a region key of provinces.csv, e.g. 'Beijing', 'Inner Mongolia'",
        with_year=True,
    )

    dup = df.duplicated(["region", "year"], keep="first")
    if dup.any():
        pos = int(dup.to_numpy().nonzero()[0][0])
        region, year = df["region"].iloc[pos], int(df["year"].iloc[pos])
        first = int(((df["region"] == region) & (df["year"] == year)).to_numpy().nonzero()[0][0])
        raise DataFileError(
            path,
            f"duplicate (region, year) row, first on line {csv_line(first)}",
            column="region, year",
            line=csv_line(pos),
            region=region,
            year=year,
            allowed="one row per (region, year)",
        )

    for column in PANEL_NUMERIC_COLUMNS:
        df[column] = numeric_column(
            df,
            path,
            column,
            regions=df["region"],
            years=df["year"],
            allowed="a number >= 0 or an empty cell",
        )

    extra = [c for c in df.columns if c not in PANEL_COLUMNS]
    return df[list(PANEL_COLUMNS) + extra]


def check_complete(df: pd.DataFrame, path: Path, years: range, regions: tuple[str, ...]) -> None:
    """Raise at the first (year, region, column) of ``years`` x ``regions`` lacking a core value."""
    indexed = df.set_index(["region", "year"])
    for year in years:
        for region in regions:
            if (region, year) not in indexed.index:
                raise DataFileError(
                    path,
                    "no row",
                    column="region, year",
                    region=region,
                    year=year,
                    allowed=f"a row for every region in years {years.start}..{years.stop - 1}",
                )
            row = indexed.loc[(region, year)]
            for column in CORE_COLUMNS:
                if pd.isna(row[column]):
                    raise DataFileError(
                        path,
                        "core value missing",
                        column=column,
                        region=region,
                        year=year,
                        allowed=f"a value for every region in years "
                        f"{years.start}..{years.stop - 1}",
                    )


def panel_years(path: Path | None = None) -> range:
    """Years in which all 31 regions have every core value (GDP, population, capital, R&D).

    Parameters
    ----------
    path : Path, optional
        A panel CSV; default the shipped :data:`PANEL_FILE`.

    Returns
    -------
    range
        The contiguous run of complete years that ends at the latest complete year
        (``range(2011, 2024)`` for the shipped panel: R&D data start in 2011).

    Raises
    ------
    DataFileError
        If the panel is invalid or no year is complete.
    """
    path = Path(path) if path is not None else PANEL_FILE
    return complete_years(load_panel(path), path)


def _years_with_every_region(df: pd.DataFrame, columns: list[str]) -> list[int]:
    """Years, ascending, in which every one of the 31 regions has a value in each of ``columns``."""
    counts = df.dropna(subset=columns).groupby("year")["region"].nunique()
    return sorted(int(y) for y, n in counts.items() if n == len(region_keys()))


def complete_years(df: pd.DataFrame, path: Path) -> range:
    """:func:`panel_years` of a panel already loaded from ``path`` (named in the error)."""
    complete = _years_with_every_region(df, list(CORE_COLUMNS))
    if not complete:
        raise DataFileError(
            path,
            "no year has all core values for every region",
            column=", ".join(CORE_COLUMNS),
            allowed="at least one complete year",
        )
    last = first = complete[-1]
    while first - 1 in complete:
        first -= 1
    return range(first, last + 1)


def investment_shares(year: int, path: Path | None = None) -> tuple[int, pd.Series]:
    """Each region's gross fixed capital formation over GDP in the latest year up to ``year`` in
    which every one of the 31 regions has both (the shipped panel has GFCF to 2022, so a 2023
    start reads 2022).

    Parameters
    ----------
    year : int
        The last year that may be read (a model's start year).
    path : Path, optional
        A panel CSV; default the shipped :data:`PANEL_FILE`.

    Returns
    -------
    tuple[int, pandas.Series]
        The year read and the shares by region key [share of GDP, nominal over nominal].

    Raises
    ------
    DataFileError
        If no year up to ``year`` has GFCF and GDP for every region, or a region's GFCF or GDP
        in the year read is zero.
    """
    path = Path(path) if path is not None else PANEL_FILE
    columns = ["gfcf_nominal_100m_yuan", "gdp_nominal_100m_yuan"]
    df = load_panel(path)
    full = [y for y in _years_with_every_region(df, columns) if y <= year]
    if not full:
        raise DataFileError(
            path,
            f"no year up to {year} has GFCF and GDP for every region",
            column=", ".join(columns),
            allowed="a value for every region in some year up to the start year",
        )
    rows = df[df["year"] == full[-1]].set_index("region")
    for column in columns:
        zero = rows.index[rows[column] <= 0]
        if len(zero):
            raise DataFileError(
                path,
                "zero where an investment share is read",
                column=column,
                region=str(zero[0]),
                year=full[-1],
                allowed="a value > 0",
            )
    return full[-1], rows[columns[0]] / rows[columns[1]]
