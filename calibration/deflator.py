"""The national GDP deflator the calibration deflates provincial GRP with (``calibration/data/``).

``national_deflator.csv`` has one row per year (2004..2023, NBS): national GDP, real growth and
the implied deflator growth. There is no redistributable provincial deflator, so this national
one stands in for them (an approximation documented in ``calibration/data/README.md``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Final

import pandas as pd

from nqpf.sim.data.csv_cells import (
    csv_line,
    numeric_column,
    read_text_csv,
    require_columns,
    year_column,
)
from nqpf.sim.data.errors import DataFileError

__all__ = ["DEFLATOR_FILE", "load_deflator"]

DEFLATOR_FILE: Final[Path] = Path(__file__).resolve().parent / "data" / "national_deflator.csv"
"""National GDP deflator growth by year (NBS), the shipped stand-in for provincial deflators."""


def load_deflator(path: Path | None = None) -> pd.Series:
    """Load the national GDP deflator and return it as a price level by year.

    The file has one row per year with ``gdp_deflator_growth_pct`` = growth of the deflator
    over the previous year [percent]; the first row may leave it empty (the base year).
    Level: ``D_{y0} = 1`` in the first year and ``D_y = D_{y-1} (1 + g_y / 100)``.

    Parameters
    ----------
    path : Path, optional
        A deflator CSV; default the shipped :data:`DEFLATOR_FILE`.

    Returns
    -------
    pandas.Series
        Price level (first year = 1) indexed by consecutive integer years, name ``deflator``.

    Raises
    ------
    DataFileError
        Missing columns, non-integer or non-consecutive years, a growth rate that is not a
        number or lies outside [-30, 100] percent, or an empty growth after the first row.
    """
    path = Path(path) if path is not None else DEFLATOR_FILE
    df = read_text_csv(path)
    require_columns(df, path, ("year", "gdp_deflator_growth_pct"))
    if df.empty:
        raise DataFileError(path, "no rows", allowed="one row per year")
    years = year_column(df, path)
    for pos in range(1, len(years)):
        year = years[pos]
        if year != years[pos - 1] + 1:
            raise DataFileError(
                path,
                f"year {year} follows {years[pos - 1]}",
                column="year",
                line=csv_line(pos),
                allowed="consecutive years in ascending order",
            )
    allowed = "growth over the previous year in percent, between -30 and 100"
    growth = numeric_column(
        df,
        path,
        "gdp_deflator_growth_pct",
        allowed=allowed,
        years=pd.Series(years),
        non_negative=False,
    )
    level, levels = 1.0, []
    for pos, g in enumerate(growth):
        if math.isnan(g):
            if pos > 0:
                raise DataFileError(
                    path,
                    "empty cell",
                    column="gdp_deflator_growth_pct",
                    line=csv_line(pos),
                    year=years[pos],
                    allowed=allowed,
                )
        elif not -30.0 <= g <= 100.0:
            raise DataFileError(
                path,
                f"{g} out of range",
                column="gdp_deflator_growth_pct",
                line=csv_line(pos),
                year=years[pos],
                allowed=allowed,
            )
        elif pos > 0:
            level *= 1.0 + g / 100.0
        levels.append(level)
    return pd.Series(levels, index=pd.Index(years, name="year"), name="deflator")
