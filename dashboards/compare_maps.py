"""The Compare tab's maps: both scenarios' provinces on one colour scale, or their difference.

Each run of a comparison also returns its regional table; :class:`RegionalEnsemble` collects
them as the runs finish and averages them over the common seeds, province by province and year
by year (categorical columns such as the main priority take their most frequent value across
seeds, the alphabetically first on a tie). The two maps then share one colour scale, computed
from both scenarios' values of every year (with the single map's robust clipping: far outliers
take the end colours and are named), and the difference map shows the mean paired difference
B - A of each province on a red-blue scale centred on zero. Pure pandas, no Solara.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from nqpf.dashboards.i18n import Lang
from nqpf.dashboards.view_tables import (
    CATEGORICAL,
    MapColors,
    indicators,
    map_colors,
    with_derived,
)

MODAL = ("strategy", "main_priority", "macro_region", "sci_tech_class")
"""Categorical columns shown on the compare maps by their most frequent value across seeds."""
NOT_ON_COMPARE_MAPS = ("priority_industries",)
"""A set of industries per region: no single value to average or to take the mode of."""


@dataclass
class RegionalEnsemble:
    """Regional tables of a comparison's runs, collected as each run finishes.

    ``collect`` is given to the comparison as its ``on_result`` callback; ``means(s)`` is the
    table of scenario ``s`` (0 = A, the reference; 1 = B) averaged over its seeds.
    """

    frames: dict[int, list[pd.DataFrame]] = field(default_factory=dict)

    def collect(self, record: Any) -> None:
        """Keep the regional table of one finished run (failed runs have none)."""
        table = getattr(record, "tables", {}).get("regions")
        if getattr(record, "status", "") != "ok" or table is None or table.empty:
            return
        scenario = int(str(record.run_id).split(":")[0])
        self.frames.setdefault(scenario, []).append(with_derived(table))

    def means(self, scenario: int) -> pd.DataFrame:
        """Mean over seeds per (year, region); categorical columns: their most frequent value."""
        frames = self.frames.get(scenario, [])
        if not frames:
            return pd.DataFrame()
        return ensemble_mean(pd.concat(frames, ignore_index=True))


def _mode(values: pd.Series) -> object:
    counts = values.dropna().astype(str).value_counts().sort_index(kind="stable")
    return counts.idxmax() if len(counts) else None


def ensemble_mean(stacked: pd.DataFrame) -> pd.DataFrame:
    """Regional rows of several seeds -> one row per (year, region).

    Numeric columns: the mean over seeds; columns of :data:`MODAL`: the most frequent value;
    other text columns are dropped.
    """
    keys = ["year", "region"]
    numeric = [
        c
        for c in stacked.columns
        if c not in keys and c not in CATEGORICAL and pd.api.types.is_numeric_dtype(stacked[c])
    ]
    groups = stacked.groupby(keys, sort=True)
    out = groups[numeric].mean()
    for column in MODAL:
        if column in stacked:
            out[column] = groups[column].agg(_mode)
    return out.reset_index()


def compare_indicators(mean_a: pd.DataFrame, mean_b: pd.DataFrame) -> list[str]:
    """Indicators both maps can show, in the single map's order."""
    in_b = set(mean_b.columns)
    return [c for c in indicators(mean_a) if c in in_b and c not in NOT_ON_COMPARE_MAPS]


def difference_table(mean_a: pd.DataFrame, mean_b: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """``year, region, indicator`` = B - A: the mean paired difference of each province.

    With common seeds, the mean over seeds of the per-seed differences equals the difference
    of the two means; rows present in only one scenario are dropped.
    """
    keys = ["year", "region"]
    a = mean_a[keys + [indicator]].set_index(keys)[indicator]
    b = mean_b[keys + [indicator]].set_index(keys)[indicator]
    diff = (b - a).dropna()
    return diff.rename(indicator).reset_index()


@dataclass(frozen=True)
class CompareMaps:
    """What the Compare tab's maps show for one indicator and one year."""

    a: MapColors
    b: MapColors
    difference: MapColors | None
    """None for a categorical indicator (no difference of categories)."""


def compare_map_colors(
    mean_a: pd.DataFrame,
    mean_b: pd.DataFrame,
    year: int,
    indicator: str,
    lang: Lang,
    industry_names: dict[str, str] | None = None,
    region_names: dict[str, str] | None = None,
) -> CompareMaps:
    """Colours of both maps on one scale (from both scenarios' values of every year) and of
    the difference map (B - A, diverging, centred on zero)."""
    pooled = pd.concat([mean_a, mean_b], ignore_index=True)
    common = dict(industry_names=industry_names, region_names=region_names, scale_from=pooled)
    a = map_colors(mean_a, year, indicator, lang, **common)
    b = map_colors(mean_b, year, indicator, lang, **common)
    difference = None
    if indicator not in CATEGORICAL:
        diff = difference_table(mean_a, mean_b, indicator)
        difference = map_colors(
            diff,
            year,
            indicator,
            lang,
            region_names=region_names,
            difference=True,
        )
    return CompareMaps(a, b, difference)
