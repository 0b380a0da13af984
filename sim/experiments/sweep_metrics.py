"""Sweep metrics: how a run's yearly national series becomes one number, declared once.

A sweep keeps, per run, summary metrics named in its spec's ``[metrics]`` table::

    gdp_growth = { reduce = "mean", column = "gdp_growth", years = [2024, 2035] }

:data:`REDUCERS` holds every reducer with the words that describe it in the manifest and the docs;
:class:`MetricSpec` is one metric of a spec, able to describe itself, give its unit and evaluate a
run's national table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import Field, model_validator

from nqpf.sim.config import StrictModel
from nqpf.sim.outputs import unit_of


@dataclass(frozen=True)
class Reducer:
    """How a run's yearly series becomes one number."""

    words: str
    """Template of the description, e.g. ``mean of national.{column} over {y0}-{y1}``."""
    fn: Callable[[np.ndarray, np.ndarray], float]
    """Function of the years and the column's values within the metric's years (two float
    arrays of one length, in year order)."""
    keeps_unit: bool = True
    """Whether the result has the column's unit (False for growth rates)."""


def _nan_or(values: np.ndarray, fn: Callable[[np.ndarray], float]) -> float:
    values = values[np.isfinite(values)]
    return float(fn(values)) if values.size else float("nan")


def _growth(years: np.ndarray, values: np.ndarray) -> float:
    """Compound yearly growth between the first and last year: (x1 / x0)^(1/(y1 - y0)) - 1."""
    if len(values) < 2 or values[0] <= 0 or values[-1] < 0:
        return float("nan")
    return float((values[-1] / values[0]) ** (1.0 / (years[-1] - years[0])) - 1.0)


REDUCERS: dict[str, Reducer] = {
    "mean": Reducer("mean of national.{column} over {y0}-{y1}", lambda y, v: _nan_or(v, np.mean)),
    "min": Reducer("min of national.{column} over {y0}-{y1}", lambda y, v: _nan_or(v, np.min)),
    "max": Reducer("max of national.{column} over {y0}-{y1}", lambda y, v: _nan_or(v, np.max)),
    "sum": Reducer("sum of national.{column} over {y0}-{y1}", lambda y, v: _nan_or(v, np.sum)),
    "value": Reducer(
        "value of national.{column} in {y1}",
        lambda y, v: float(v[-1]) if len(v) else float("nan"),
    ),
    "change": Reducer(
        "national.{column} in {y1} minus in {y0}",
        lambda y, v: float(v[-1] - v[0]) if len(v) else float("nan"),
    ),
    "growth": Reducer(
        "compound yearly growth of national.{column} from {y0} to {y1}", _growth, keeps_unit=False
    ),
}
ReducerName = Literal["mean", "min", "max", "sum", "value", "change", "growth"]
assert set(ReducerName.__args__) == set(REDUCERS)  # the Literal mirrors the registry


class MetricSpec(StrictModel):
    """One summary metric: a reducer over a national column, optionally within years."""

    reduce: ReducerName = Field(description="how the yearly values become one number")
    column: str = Field(description="a column of the national table (docs/outputs.md)")
    years: tuple[int, int] | None = Field(
        None, description="[first, last] year, both included (default: the whole run)"
    )
    year: int | None = Field(None, description="the year, for reduce = 'value'")

    @model_validator(mode="after")
    def _years(self) -> MetricSpec:
        if self.year is not None and self.years is not None:
            raise ValueError("give year or years, not both")
        if self.year is not None and self.reduce != "value":
            raise ValueError(
                f"year goes with reduce = 'value'; use years = [first, last] "
                f"with reduce = {self.reduce!r}"
            )
        if self.years is not None and self.years[0] > self.years[1]:
            raise ValueError(f"years {list(self.years)} must have first <= last")
        return self

    def span(self) -> tuple[int | None, int | None]:
        """(first, last) year the metric reads; None where the run's own start or end applies."""
        if self.year is not None:
            return self.year, self.year
        if self.years is not None:
            return self.years
        return None, None

    def describe(self) -> str:
        """The metric in words, e.g. 'mean of national.gdp_growth over 2024-2035'."""
        y0, y1 = self.span()
        words = REDUCERS[self.reduce].words
        if self.reduce == "value" and y1 is None:
            words = "value of national.{column} in the last year"
        return words.format(column=self.column, y0=y0 or "start", y1=y1 or "end")

    def unit(self) -> str:
        if not REDUCERS[self.reduce].keeps_unit:
            return "1/year"
        try:
            return unit_of("national", self.column)
        except KeyError:
            return "-"

    def evaluate(self, national: pd.DataFrame) -> float:
        """The metric of one run's national table; NaN when the column or the years are absent."""
        if self.column not in national.columns:
            return float("nan")
        values = national[self.column].to_numpy(dtype=float)
        years = national["year"].to_numpy(dtype=float)
        y0, y1 = self.span()
        if y0 is not None:
            inside = (years >= y0) & (years <= y1)
            years, values = years[inside], values[inside]
            if self.reduce in ("value", "change", "growth") and (
                years.size == 0 or years[0] != y0 or years[-1] != y1
            ):
                return float("nan")
        return REDUCERS[self.reduce].fn(years, values)
