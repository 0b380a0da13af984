"""Reading a CSV data file cell by cell, so that every bad cell is reported where it is.

The loaders of :mod:`nqpf.sim.data` and of the calibration share these steps: read every cell as
text, require columns, convert a column to numbers while naming the first bad cell (its CSV
line, region and year), parse integer years. Lines are 1-based file lines: the header is line 1,
the first data row line 2.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Final

import pandas as pd

from nqpf.sim.data.errors import DataFileError

__all__ = [
    "MISSING_TOKENS",
    "csv_line",
    "file_version",
    "int_or_none",
    "numeric_column",
    "parse_number",
    "read_text_csv",
    "require_columns",
]

MISSING_TOKENS: Final[frozenset[str]] = frozenset({"", "nan", "NaN", "NA", "N/A", "null"})
"""Cell texts read as "no value" (the shipped files use empty cells)."""


def file_version(path: Path) -> tuple[str, int, int]:
    """Key of a file's version for a per-process cache of its validated table: the path, its
    modification time [ns] and size [bytes]; ``(path, -1, -1)`` when it is not a file (so
    that loading it raises the loader's own error, and errors are never cached)."""
    try:
        stat = path.stat()
    except OSError:
        return str(path), -1, -1
    return str(path), stat.st_mtime_ns, stat.st_size


def read_text_csv(path: Path) -> pd.DataFrame:
    """Read a CSV with every cell as text, so validation sees exactly what the file holds."""
    if not path.is_file():
        found = "is a folder, not a file" if path.is_dir() else "file not found"
        raise DataFileError(path, found, allowed="an existing CSV file")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataFileError(
            path,
            f"not a readable CSV ({exc})",
            allowed="UTF-8 comma-separated values with a header row",
        ) from exc


def require_columns(df: pd.DataFrame, path: Path, required: Iterable[str]) -> None:
    """Raise unless every ``required`` column is present, and no column appears twice."""
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataFileError(
            path,
            f"missing column(s) {missing}",
            column=missing[0],
            allowed=f"columns {list(required)}",
        )
    dupes = [c for c in df.columns if list(df.columns).count(c) > 1]
    if dupes:
        raise DataFileError(
            path, "column appears more than once", column=dupes[0], allowed="each column once"
        )


def csv_line(row_index: int) -> int:
    """CSV line of a data row (0-based position after the header)."""
    return int(row_index) + 2


def check_region_keys(
    df: pd.DataFrame, path: Path, known: Iterable[str], *, allowed: str, with_year: bool = False
) -> None:
    """DataFileError naming the line (and the year, ``with_year``) of the first row whose
    ``region`` is not one of ``known``."""
    known_set = set(known)
    for pos, region in enumerate(df["region"]):
        if region not in known_set:
            year = {"year": int(df["year"].iloc[pos])} if with_year else {}
            raise DataFileError(
                path,
                f"unknown region {region!r}",
                column="region",
                line=csv_line(pos),
                allowed=allowed,
                **year,
            )


def parse_number(text: str) -> float:
    """Parse a cell; NaN for the missing tokens, ValueError for anything non-numeric."""
    stripped = text.strip()
    if stripped in MISSING_TOKENS:
        return math.nan
    value = float(stripped)
    if math.isinf(value):
        raise ValueError("infinite")
    return value


def numeric_column(
    df: pd.DataFrame,
    path: Path,
    column: str,
    *,
    allowed: str,
    regions: pd.Series | None = None,
    years: pd.Series | None = None,
    required: bool = False,
    non_negative: bool = True,
) -> pd.Series:
    """Convert a text column to float, raising DataFileError at the first bad cell.

    ``allowed`` is quoted in the message; ``regions`` / ``years`` (aligned with ``df``) name
    the row; ``required`` rejects empty cells; ``non_negative`` rejects values below 0.
    Empty cells become NaN.
    """
    texts = df[column].tolist()
    fast = _plain_numbers(texts, required=required, non_negative=non_negative)
    if fast is not None:
        return pd.Series(fast, index=df.index, dtype="float64", name=column)
    values = []
    for pos, text in enumerate(texts):
        try:
            value = parse_number(text)
        except ValueError:
            problem = f"{text!r} is not a number"
        else:
            if required and math.isnan(value):
                problem = "empty cell"
            elif non_negative and value < 0:
                problem = f"negative value {text.strip()}"
            else:
                values.append(value)
                continue
        # the row is named only when a cell is bad (looking it up per cell costs most of a load)
        raise DataFileError(
            path,
            problem,
            column=column,
            line=csv_line(pos),
            region=None if regions is None else str(regions.iloc[pos]),
            year=None if years is None else int_or_none(years.iloc[pos]),
            allowed=allowed,
        ) from None
    return pd.Series(values, index=df.index, dtype="float64", name=column)


def _plain_numbers(texts: list[str], *, required: bool, non_negative: bool) -> list[float] | None:
    """The cells as floats when every one is a finite number (or NaN where allowed) that
    passes the checks, else None (then the cell-by-cell pass names the first bad cell).

    Each cell is read as :func:`parse_number` reads it (missing tokens NaN, else ``float``),
    so the values are the same numbers in either pass."""
    try:
        values = [
            math.nan if (cell := text.strip()) in MISSING_TOKENS else float(cell) for text in texts
        ]
    except ValueError:
        return None
    for value in values:
        if math.isinf(value) or (required and math.isnan(value)) or (non_negative and value < 0):
            return None
    return values


def year_column(df: pd.DataFrame, path: Path, *, regions: pd.Series | None = None) -> list[int]:
    """The ``year`` column as integers, raising DataFileError at the first cell that is not one
    (naming the line and, with ``regions``, the row's region)."""
    years = []
    for pos, text in enumerate(df["year"]):
        year = int_or_none(text.strip()) if text.strip() else None
        if year is None:
            raise DataFileError(
                path,
                f"year {text!r} is not an integer",
                column="year",
                line=csv_line(pos),
                region=None if regions is None else regions.iloc[pos],
                allowed="a calendar year such as 2023",
            )
        years.append(year)
    return years


def int_or_none(text: object) -> int | None:
    """The integer a cell holds (``"2023"``, ``"2023.0"``), or None when it holds none."""
    try:
        value = float(str(text))
    except ValueError:
        return None
    return int(value) if value.is_integer() else None
