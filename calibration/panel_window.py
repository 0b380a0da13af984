"""A window of years of a regions-shaped panel as (region x year) arrays, the form the moments read.

:func:`panel_arrays` cuts the window out of an observed or simulated ``regions`` table
(:mod:`calibration.moments`); :class:`PanelArrays` holds it, and resamples its provinces for the
bootstrap.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

BASE_COLUMNS: tuple[str, ...] = ("year", "region", "macro_region")


@dataclass(frozen=True)
class PanelArrays:
    """A panel window as arrays: ``values[column]`` has shape (regions, years)."""

    years: np.ndarray
    regions: np.ndarray
    macro_region: np.ndarray
    values: dict[str, np.ndarray]
    skip: frozenset[int] = frozenset()
    """Years of the window whose growth from the year before no growth moment counts."""

    def take(self, rows: np.ndarray) -> PanelArrays:
        """The panel restricted to (or resampled on) the region rows ``rows``."""
        return PanelArrays(
            self.years,
            self.regions[rows],
            self.macro_region[rows],
            {k: v[rows] for k, v in self.values.items()},
            self.skip,
        )

    def at(self, column: str, year: int) -> np.ndarray:
        """Column ``column`` in ``year``, one value per region."""
        return self.values[column][:, int(np.searchsorted(self.years, year))]


def panel_arrays(
    regions: pd.DataFrame,
    start: int,
    end: int,
    columns: Sequence[str],
    skip: Collection[int] = (),
) -> PanelArrays:
    """Cut the years ``start..end`` of a regions-shaped table into (region x year) arrays.

    Raises
    ------
    ValueError
        A needed column is missing or a (region, year) of the window has no row.
    """
    missing = [c for c in (*BASE_COLUMNS, *columns) if c not in regions.columns]
    if missing:
        raise ValueError(f"panel lacks column(s) {missing} needed by the moments")
    window = regions[(regions["year"] >= start) & (regions["year"] <= end)]
    years = np.arange(start, end + 1)
    names = pd.unique(window["region"])
    values = {}
    for col in columns:
        wide = window.pivot(index="region", columns="year", values=col)
        wide = wide.reindex(index=names, columns=years)
        values[col] = wide.to_numpy(dtype=float)
    found = window.groupby("region")["year"].nunique().reindex(names)
    if len(names) == 0 or (found < len(years)).any():
        short = [str(r) for r in names[(found < len(years)).to_numpy()]] or ["all regions"]
        raise ValueError(f"panel has no rows for some years {start}..{end} ({', '.join(short)})")
    macro = window.drop_duplicates("region").set_index("region")["macro_region"].reindex(names)
    skipped = frozenset(int(y) for y in skip if start < y <= end)
    if len(skipped) == end - start:
        raise ValueError(
            f"every year of {start + 1}..{end} is skipped: no growth is left to measure"
        )
    return PanelArrays(years, np.asarray(names), macro.to_numpy(dtype=object), values, skipped)
