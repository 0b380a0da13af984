"""Recent growth of each industry before the start year (``sim/data/industry_growth.csv``).

Governments of the first plan read how fast each industry has grown (the news of 2018-2023:
solar PV modules +42 % a year, new-energy vehicles +50 %), not only the industry table's long-run
trend. One row per industry key: ``recent_growth`` is the average yearly growth of the measure
named in the row (output volume, real value added or nominal revenue) over ``first_year`` ..
``last_year``, with its source. An industry of the table without a row (a user's new industry)
reads its table trend ``demand_growth`` instead.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from nqpf.sim.data.csv_cells import numeric_column, read_text_csv, require_columns
from nqpf.sim.data.errors import DataFileError

__all__ = ["GROWTH_PATH", "recent_growth"]

GROWTH_PATH = Path(__file__).resolve().parent / "industry_growth.csv"
COLUMNS = ("industry", "recent_growth", "measure", "source")
GROWTH_RANGE = (-0.5, 2.0)
"""Accepted average yearly growth [1/year]."""


def recent_growth(
    keys: tuple[str, ...], fallback: np.ndarray, path: Path = GROWTH_PATH
) -> np.ndarray:
    """Average yearly growth before the start year of each industry in ``keys`` [1/year];
    ``fallback[s]`` (the table's trend) for an industry without a row."""
    stat = path.stat() if path.is_file() else None
    rows = _read(str(path), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)
    out = np.array(fallback, dtype=float, copy=True)
    for s, key in enumerate(keys):
        if key in rows:
            out[s] = rows[key]
    return out


@lru_cache(maxsize=4)
def _read(path_text: str, mtime_ns: int, size: int) -> dict[str, float]:
    """The file's growth by industry key, checked; read once per file version."""
    path = Path(path_text)
    df = read_text_csv(path)
    require_columns(df, path, COLUMNS)
    growth = numeric_column(
        df,
        path,
        "recent_growth",
        allowed=f"a yearly growth rate in [{GROWTH_RANGE[0]}, {GROWTH_RANGE[1]}]",
        required=True,
        non_negative=False,
    )
    rows: dict[str, float] = {}
    for pos, (key, value) in enumerate(zip(df["industry"].str.strip(), growth)):
        line = pos + 2
        if key in rows:
            raise DataFileError(
                path,
                f"industry {key!r} appears twice",
                column="industry",
                line=line,
                allowed="one row per industry",
            )
        if not GROWTH_RANGE[0] <= value <= GROWTH_RANGE[1]:
            raise DataFileError(
                path,
                f"growth {value} out of range",
                column="recent_growth",
                line=line,
                allowed=f"a number in {list(GROWTH_RANGE)}",
            )
        rows[key] = float(value)
    return rows
