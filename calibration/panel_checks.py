"""Plausibility checks of a calibration panel: missing fit-year values, jumps and ratios.

A panel can hold the right units and still one bad cell (a GDP typed x 100, a missing GFCF value
in a fit year), which moves the fitted moments silently (one cell x 100 moved the investment
share from 0.556 to 0.375). :func:`check_panel` refuses such a panel with a
:class:`~nqpf.sim.data.errors.DataFileError` naming the CSV line, region, year and column.

Bands (wide enough for every row of the shipped panel, 2000-2023, with room):

* :data:`FIT_COLUMNS`: filled for every region in every calibration year (a series of
  :data:`UNPUBLISHED_YEAR_ALLOWED` may be empty for every region of a year);
* :data:`JUMP_BANDS`: a series' ratio to the region's previous year;
* :data:`RATIO_BANDS`: one series over another in the same row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from nqpf.sim.data.csv_cells import csv_line
from nqpf.sim.data.errors import DataFileError

FIT_COLUMNS: Final[tuple[str, ...]] = (
    "population_10k",
    "gdp_nominal_100m_yuan",
    "gfcf_nominal_100m_yuan",
    "capital_2000prices_100m_yuan",
    "rd_intensity_pct",
)
"""Series the moments are computed from: none may be missing in a calibration year."""

UNPUBLISHED_YEAR_ALLOWED: Final[tuple[str, ...]] = ("gfcf_nominal_100m_yuan",)
"""Series that may be missing for every region of a fit year (not yet published: the shipped
panel has no GFCF for 2023). The investment moments use the years with investment data; a
value missing for some regions of a year only is still refused."""

JUMP_BANDS: Final[dict[str, tuple[float, float]]] = {
    "population_10k": (0.8, 1.25),
    "gdp_nominal_100m_yuan": (0.67, 1.5),
    "gfcf_nominal_100m_yuan": (0.4, 2.5),
    "capital_2000prices_100m_yuan": (0.8, 1.6),
    "rd_intensity_pct": (0.33, 3.0),
}
"""Allowed ratio of a value to the same region's previous year [-]. Shipped panel 2000-2023:
population 0.94-1.06, GDP 0.95-1.30, GFCF 0.71-1.68 (the 2017-18 statistical revisions),
capital 0.99-1.37, R&D intensity 0.63-1.67."""

RATIO_BANDS: Final[dict[tuple[str, str], tuple[float, float, str]]] = {
    ("gfcf_nominal_100m_yuan", "gdp_nominal_100m_yuan"): (0.1, 2.5, "GFCF / GDP"),
    ("capital_2000prices_100m_yuan", "gdp_nominal_100m_yuan"): (0.3, 12.0, "capital / GDP"),
    ("gdp_nominal_100m_yuan", "population_10k"): (0.5, 50.0, "GDP per person (10,000 yuan)"),
}
"""Allowed ratio of two series in one row [-]. Shipped panel 2011-2023: GFCF / GDP 0.25-1.64,
capital at 2000 prices / nominal GDP 1.3-5.0, GDP per person 1.6-20.0 (10,000 yuan): GDP in
bn yuan instead of 100 million yuan divides the last by 10 and fails."""


def check_panel(df: pd.DataFrame, path: Path, years: range, fit_years: range) -> None:
    """Raise :class:`DataFileError` at the first missing value in ``fit_years``, or jump or
    implausible ratio in ``years`` (rows in file order; the CSV line is named)."""
    lines = pd.Series(range(len(df)), index=df.index)
    window = df["year"].between(years.start, years.stop - 1)
    fit_window = df["year"].between(fit_years.start, fit_years.stop - 1)

    def fail(pos: int, column: str, problem: str, allowed: str) -> None:
        raise DataFileError(
            path,
            problem,
            column=column,
            line=csv_line(pos),
            region=str(df["region"].iloc[pos]),
            year=int(df["year"].iloc[pos]),
            allowed=allowed,
        )

    for column in FIT_COLUMNS:
        if column not in df.columns:
            continue
        missing = fit_window & df[column].isna()
        if column in UNPUBLISHED_YEAR_ALLOWED:
            missing = missing & ~missing.groupby(df["year"]).transform("all")  # a whole year
        if missing.any():
            fail(
                int(lines[missing].iloc[0]),
                column,
                "missing value in a fit year",
                f"a value for every region in {fit_years.start}..{fit_years.stop - 1}",
            )
    ordered = df.sort_values(["region", "year"])
    for column, (lo, hi) in JUMP_BANDS.items():
        if column not in df.columns:
            continue
        prev = ordered.groupby("region")[column].shift(1)
        prev_year = ordered.groupby("region")["year"].shift(1)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = ordered[column] / prev
        consecutive = prev_year == ordered["year"] - 1
        bad = consecutive & window.loc[ordered.index] & ratio.notna() & ~ratio.between(lo, hi)
        if bad.any():
            first = bad[bad].index[0]
            fail(
                int(lines[first]),
                column,
                f"jumps to {ratio[first]:.3g} times the previous year's value",
                f"between {lo:g} and {hi:g} times the previous year (a unit slip or typo?)",
            )
    for (num, den), (lo, hi, what) in RATIO_BANDS.items():
        if num not in df.columns or den not in df.columns:
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = df[num] / df[den]
        bad = window & ratio.notna() & ~ratio.between(lo, hi)
        if bad.any():
            pos = int(lines[bad].iloc[0])
            fail(
                pos,
                num,
                f"{what} = {ratio.iloc[pos]:.3g} (against column '{den}')",
                f"{what} between {lo:g} and {hi:g} (a unit slip in either column?)",
            )
