"""A panel for the calibration: the engine's panel loader plus optional columns and unit checks.

The shipped panel and its loader live in :mod:`nqpf.sim.data` (the engine starts from them);
the calibration reads the same format, possibly a user's own file with extra series
(:data:`OPTIONAL_COLUMNS`), and checks that the columns it fits to are in their documented units.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pandas as pd

from nqpf.calibration.panel_checks import check_panel
from nqpf.sim.data.csv_cells import csv_line, numeric_column
from nqpf.sim.data.errors import DataFileError
from nqpf.sim.data.panel import PANEL_FILE, load_panel

__all__ = ["OPTIONAL_COLUMNS", "load_calibration_panel"]

OPTIONAL_COLUMNS: Final[dict[str, str]] = {
    "gdp_real_index": "real GRP index of the province, any base year (only ratios are used)",
    "employment_10k": "employed persons, 10,000 persons",
    "college_students_10k": "students enrolled in regular higher education, 10,000 persons",
    "universities": "number of regular higher-education institutions",
}
"""Series a user may add to their own panel; the shipped panel has none of them."""

# Plausible range of a column's median over the calibration years: a unit slip (persons
# instead of 10,000 persons, yuan instead of 100 million yuan, a share instead of percent)
# moves the median out of its band by orders of magnitude.
_MEDIAN_BANDS: Final[dict[str, tuple[float, float, str]]] = {
    "population_10k": (100.0, 20_000.0, "10,000 persons (Beijing 2023: 2186)"),
    "gdp_nominal_100m_yuan": (100.0, 500_000.0, "100 million yuan (Beijing 2023: 43761)"),
    "capital_2000prices_100m_yuan": (100.0, 2_000_000.0, "100 million yuan at 2000 prices"),
    "rd_intensity_pct": (0.1, 10.0, "percent of GRP (Beijing 2023: 6.73), not a share"),
    "employment_10k": (50.0, 12_000.0, "10,000 persons"),
    "college_students_10k": (0.5, 500.0, "10,000 persons"),
    "universities": (1.0, 400.0, "institutions"),
}


def load_calibration_panel(
    path: Path | None = None, *, years: range, fit_years: range | None = None
) -> pd.DataFrame:
    """Load a panel for calibration: :func:`load_panel` plus optional columns and unit checks.

    Parameters
    ----------
    path : Path, optional
        A panel CSV in the shipped format; default :data:`PANEL_FILE`.
    years : range
        Calibration years: every one of the 31 regions needs every core value in them.
    fit_years : range, optional
        The years the moments are fitted to (default ``years``): every series the moments use
        must be filled in them.

    Returns
    -------
    pandas.DataFrame
        As :func:`load_panel`; the :data:`OPTIONAL_COLUMNS` present in the file are float64.

    Raises
    ------
    DataFileError
        Everything :func:`load_panel` raises; an optional column with a bad or negative value
        or with an empty cell in ``years``; ``gdp_real_index`` not positive in ``years``; or a
        column whose median over ``years`` is orders of magnitude off its documented unit; a
        missing fit-year value, a year-on-year jump or a cross-series ratio out of its band
        (:mod:`nqpf.calibration.panel_checks`).
    """
    path = Path(path) if path is not None else PANEL_FILE
    df = load_panel(path, required_years=years)
    lines = pd.Series(range(len(df)), index=df.index)
    for column in OPTIONAL_COLUMNS:
        if column not in df.columns:
            continue
        df[column] = numeric_column(
            df,
            path,
            column,
            regions=df["region"],
            years=df["year"],
            allowed=f"a number >= 0 ({OPTIONAL_COLUMNS[column]})",
        )
        window = df["year"].between(years.start, years.stop - 1)
        bad = window & (
            df[column].isna() | ((df[column] <= 0) if column == "gdp_real_index" else False)
        )
        if bad.any():
            pos = int(lines[bad].iloc[0])
            raise DataFileError(
                path,
                "missing or non-positive value in a calibration year",
                column=column,
                line=csv_line(pos),
                region=df["region"].iloc[pos],
                year=int(df["year"].iloc[pos]),
                allowed=f"a value > 0 for every region in "
                f"{years.start}..{years.stop - 1}, or no such column",
            )
    window = df[df["year"].between(years.start, years.stop - 1)]
    for column, (lo, hi, unit) in _MEDIAN_BANDS.items():
        if column not in window.columns:
            continue
        median = float(window[column].median())
        if not lo <= median <= hi:
            raise DataFileError(
                path,
                f"median {median:.4g} in {years.start}..{years.stop - 1} suggests a wrong unit",
                column=column,
                allowed=f"values in {unit}; median between {lo:g} and {hi:g}",
            )
    check_panel(df, path, years, fit_years or years)
    return df
