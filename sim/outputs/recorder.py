"""Collect the yearly national, regional, industry and region-industry records of a run into
DataFrames.

A thin, fast collector with the role of Mesa's DataCollector: the model hands it arrays once a
year (phase 10 of the schedule) and :meth:`Recorder.frames` builds the tables at the end.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from nqpf.sim.outputs.registry import TABLES, columns_of


class Recorder:
    """Accumulates one national row, one row per region, one per industry and one per
    region-industry cell every year."""

    def __init__(self, recorded: tuple[str, ...] = TABLES) -> None:
        self.recorded = frozenset(recorded) | {"national", "industries"}
        """Tables recorded in full (the national and industry ones always: the plausibility
        checks read them); the regional record of the others keeps only its Solow columns and
        the region-industry record is not kept (:func:`nqpf.sim.outputs.metrics.collect`)."""
        self._national: list[dict[str, float]] = []
        self._regions: list[dict[str, Any]] = []
        self._industries: list[dict[str, Any]] = []
        self._region_industries: list[dict[str, Any]] = []
        self.warnings: list[str] = []
        """Plausibility warnings of the run so far (:mod:`nqpf.sim.guards`)."""
        self.warnings_dropped = 0
        """Warnings beyond the listed ones, counted only."""

    def add(
        self,
        national: dict[str, float],
        regions: dict[str, Any],
        industries: dict[str, Any] | None,
        region_industries: dict[str, Any] | None = None,
    ) -> None:
        self._national.append(national)
        self._regions.append(regions)
        if industries:
            self._industries.append(industries)
        if region_industries:
            self._region_industries.append(region_industries)

    @property
    def n_years(self) -> int:
        return len(self._national)

    def last_national(self) -> dict[str, float]:
        return self._national[-1]

    def last_rows(self) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        """The last year's national, regional and industry records (empty dicts if none)."""
        national = self._national[-1] if self._national else {}
        regions = self._regions[-1] if self._regions else {}
        same_year = self._industries and self._industries[-1].get("year") == national.get("year")
        return national, regions, (self._industries[-1] if same_year else {})

    def previous(self) -> tuple[dict[str, Any] | None, np.ndarray | None]:
        """Last year's national record and regional GDP (None before the first year)."""
        if not self._national:
            return None, None
        return self._national[-1], np.asarray(self._regions[-1]["gdp"])

    def frames(self, names: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
        """``{"national", "regions", "industries", "region_industries"}`` DataFrames with the
        documented columns
        (only those in ``names`` when given: a sweep that keeps the national table builds no
        other)."""
        builders = {
            "national": lambda: pd.DataFrame(self._national, columns=columns_of("national")),
            "regions": lambda: _stack(self._regions, columns_of("regions")),
            "industries": lambda: _stack(self._industries, columns_of("industries")),
            "region_industries": lambda: _stack(
                self._region_industries, columns_of("region_industries")
            ),
        }
        unknown = sorted(set(names or ()) - set(builders))
        if unknown:
            raise ValueError(
                f"tables: unknown table(s) {', '.join(unknown)}; allowed: {', '.join(builders)}"
            )
        missing = [n for n in names or () if n not in self.recorded]
        if missing:
            raise ValueError(
                f"tables {', '.join(missing)} were not recorded in full: build the model with "
                f"tables=None (all) or naming them"
            )
        wanted = [n for n in builders if n in self.recorded and (names is None or n in names)]
        return {name: builders[name]() for name in wanted}


def _stack(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Concatenate per-year dicts of equal-length arrays (scalars broadcast) into one frame."""
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in columns})
    # each year's row count, found once per year (not once per column)
    lengths = [
        max(len(v) for v in row.values() if isinstance(v, (np.ndarray, list))) for row in rows
    ]
    data = {}
    for col in columns:
        parts = []
        for row, n in zip(rows, lengths, strict=True):
            value = row[col]
            parts.append(
                np.asarray(value) if isinstance(value, (np.ndarray, list)) else np.repeat(value, n)
            )
        data[col] = np.concatenate(parts)
    return pd.DataFrame(data, columns=columns)
