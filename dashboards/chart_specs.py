"""Chart specifications for the dashboard's SVG charts, built from result tables.

The browser draws the charts (``components/charts.vue``) from small JSON-able dicts made here:
a *line* panel has ``x`` (years) and ``series`` of ``y`` values; an *hbar* panel has
``categories`` and ``series`` of ``values``. Values are already in display units (percent for
shares and rates, :mod:`dashboards.units`), so the browser only scales and draws. Keeping the
specification in Python makes it testable without a browser and keeps each step's redraw to a
few kilobytes.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_hex

from nqpf.dashboards.i18n import Lang, t, value_label
from nqpf.dashboards.units import display_unit, is_count, scale
from nqpf.dashboards.view_tables import national_panels
from nqpf.sim.outputs import column_label, difference_unit, scenario_colors

A_COLOR = "#1f77b4"
"""Colour of a single region's history lines."""
TIER_COLORS = {"traditional": "#8c6d31", "emerging": "#3182bd", "future": "#9e4fa5"}
TIER_SHADES = {"traditional": "YlOrBr", "emerging": "Blues", "future": "Purples"}
"""Colour maps whose shades tell apart the industries of one tier in the history charts."""
LINE_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#17becf")
FLOW_COLORS = {"capacity": "#bdbdbd", "output": "#3182bd", "demand": "#e6550d"}
# Reference lines drawn on panels (display units): full utilisation, start-year prices.
_REFERENCE = {"capacity_utilization": 100.0, "price": 1.0, "price_index_emerging": 1.0}
_PANEL_TITLES = {
    "price_index_emerging": ("Price index", "价格指数"),
    "gdp_growth": ("Growth", "增长率"),
    "capacity_utilization": ("Capacity utilisation", "产能利用率"),
    "similarity_index": ("Similarity of regions", "地区产业同构"),
}


def clean(values: Any) -> list[float | None]:
    """Numbers as a JSON list (NaN and infinities become null)."""
    out = []
    for v in np.asarray(values, dtype=float).tolist():
        out.append(v if math.isfinite(v) else None)
    return out


def _line_color(col: str, i: int) -> str:
    """Tier colours for tier columns (``..._emerging``), a palette for the rest."""
    for tier, color in TIER_COLORS.items():
        if col.endswith(f"_{tier}"):
            return color
    return (
        "#222222" if i == 0 and col == "capacity_utilization" else LINE_COLORS[i % len(LINE_COLORS)]
    )


def _title(col: str, lang: Lang) -> str:
    pair = _PANEL_TITLES.get(col)
    if pair is not None:
        return pair[0] if lang == "en" else pair[1]
    return column_label(col, lang)


def _series_label(col: str, title: str, lang: Lang) -> str:
    """A line's legend entry, without the words it shares with the panel title."""
    label = column_label(col, lang)
    for sep in (", ", "，"):
        if sep in label:
            return label.split(sep, 1)[1]
    return label


def national_spec(national: pd.DataFrame, lang: Lang) -> list[dict[str, Any]]:
    """Line panels of the national indicators present in the table (sim.outputs names)."""
    if national is None or national.empty:
        return []
    years = [int(y) for y in national["year"]]
    panels = []
    for title_col, cols in national_panels(national):
        title = _title(title_col, lang)
        series = [
            {
                "label": _series_label(c, title, lang) if len(cols) > 1 else title,
                "color": _line_color(c, i),
                "y": clean(national[c].to_numpy(float) * scale(c, "national", lang)),
            }
            for i, c in enumerate(cols)
        ]
        panels.append(
            {
                "id": title_col,
                "kind": "line",
                "title": title,
                "unit": display_unit(cols[0], lang, "national"),
                "integer": all(is_count(c, "national") for c in cols),
                "x": years,
                "series": series,
                "ref": _REFERENCE.get(title_col),
                "zero": title_col in ("gdp_growth",),
            }
        )
    return panels


def industry_spec(
    year_rows: pd.DataFrame, lang: Lang, names: dict[str, str]
) -> list[dict[str, Any]]:
    """Bar panels of the industries in one year: capacity/output/demand, utilisation, price,
    regions prioritising; bars coloured by tier."""
    if year_rows is None or year_rows.empty:
        return []
    cats = [names.get(k, k) for k in year_rows["industry"]]
    tiers = [str(x) for x in year_rows["tier"]] if "tier" in year_rows else [""] * len(cats)
    tier_colors = [TIER_COLORS.get(x, "#777777") for x in tiers]
    legend = [{"label": value_label(k, lang), "color": c} for k, c in TIER_COLORS.items()]
    panels = []
    flows = [c for c in ("capacity", "output", "demand") if c in year_rows]
    if flows:
        panels.append(
            {
                "id": "capacity_vs_demand",
                "kind": "hbar",
                "title": t("capacity_vs_demand", lang),
                "unit": display_unit(flows[0], lang, "industries"),
                "categories": cats,
                "left": 190,
                "series": [
                    {
                        "label": column_label(c, lang, "industries"),
                        "color": FLOW_COLORS[c],
                        "values": clean(year_rows[c]),
                    }
                    for c in flows
                ],
            }
        )
    for col in ("capacity_utilization", "price", "n_regions_prioritizing"):
        if col not in year_rows:
            continue
        panels.append(
            {
                "id": col,
                "kind": "hbar",
                "title": column_label(col, lang, "industries"),
                "unit": display_unit(col, lang, "industries"),
                "integer": is_count(col, "industries"),
                "categories": cats,
                "left": 190,
                "legend": legend,
                "ref": _REFERENCE.get(col),
                "series": [
                    {
                        "label": column_label(col, lang, "industries"),
                        "color": "#3182bd",
                        "colors": tier_colors,
                        "values": clean(
                            year_rows[col].to_numpy(float) * scale(col, "industries", lang)
                        ),
                    }
                ],
            }
        )
    return panels


def industry_history_spec(
    history: pd.DataFrame, lang: Lang, names: dict[str, str], column: str = "price"
) -> dict[str, Any] | None:
    """One line per industry over the years (price by default), coloured by tier."""
    if history is None or history.empty or column not in history:
        return None
    years = sorted(int(y) for y in history["year"].unique())
    groups = list(history.groupby("industry", sort=False))
    tiers = [str(part["tier"].iloc[0]) if "tier" in part else "" for _, part in groups]
    series = []
    for (key, part), tier in zip(groups, tiers):
        y = part.set_index("year")[column].reindex(years).to_numpy(float) * scale(
            column, "industries", lang
        )
        # one shade per industry within its tier's hue: 14 lines stay apart, tiers stay visible
        same = [k for (k, _), tr in zip(groups, tiers) if tr == tier]
        shade = 0.45 + 0.5 * (same.index(key) / max(len(same) - 1, 1))
        cmap = TIER_SHADES.get(tier)
        color = to_hex(colormaps[cmap](shade)) if cmap else "#777777"
        series.append(
            {
                "label": names.get(key, key),
                "color": color,
                "dash": tier == "future",
                "width": 1.5,
                "y": clean(y),
            }
        )
    titles = {"price": "price_history", "n_regions_prioritizing": "priority_history"}
    return {
        "id": f"{column}_history",
        "kind": "line",
        "title": t(titles[column], lang)
        if column in titles
        else column_label(column, lang, "industries"),
        "unit": display_unit(column, lang, "industries"),
        "integer": is_count(column, "industries"),
        "x": years,
        "series": series,
        "ref": _REFERENCE.get(column),
    }


def ensemble_spec(comp: Any, lang: Lang) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Panels of a seed ensemble (:class:`nqpf.sim.experiments.compare.Comparison`), drawn as
    ``nqpf compare`` draws them: per indicator, each scenario's mean path with its 90 % band
    across seeds (reference dark grey), and the mean paired difference B - A with its 95 %
    interval; labels, units and colours from :mod:`nqpf.sim.outputs`."""
    colors = scenario_colors(len(comp.names))
    n = len(comp.seeds)
    levels, diffs = [], []
    for col in comp.indicators:
        k = scale(col, "national", lang)
        title = column_label(col, lang)
        unit = display_unit(col, lang, "national")
        paths = comp.paths[col]
        years = sorted(int(y) for y in paths["year"].unique())
        series = []
        for name, color in zip(comp.names, colors):
            part = paths[paths["scenario"] == name].set_index("year").reindex(years)
            series.append(
                {
                    "label": name,
                    "color": color,
                    "y": clean(part["mean"].to_numpy(float) * k),
                    "lo": clean(part["p05"].to_numpy(float) * k),
                    "hi": clean(part["p95"].to_numpy(float) * k),
                }
            )
        levels.append(
            {
                "id": col,
                "kind": "line",
                "title": title,
                "unit": unit,
                "note": t("band_note", lang).format(n=n),
                "x": years,
                "series": series,
                "ref": _REFERENCE.get(col),
            }
        )
        d = comp.differences[col]
        dyears = sorted(int(y) for y in d["year"].unique())
        dseries = []
        for name, color in zip(comp.names[1:], colors[1:]):
            part = d[d["scenario"] == name].set_index("year").reindex(dyears)
            dseries.append(
                {
                    "label": f"{name} − {comp.reference}",
                    "color": color,
                    "y": clean(part["mean_diff"].to_numpy(float) * k),
                    "lo": clean(part["ci_low"].to_numpy(float) * k),
                    "hi": clean(part["ci_high"].to_numpy(float) * k),
                }
            )
        diff_unit = difference_unit(col, lang)
        diffs.append(
            {
                "id": f"{col}_diff",
                "kind": "line",
                "title": f"{title}: {t('difference', lang)}",
                "unit": diff_unit,
                "note": t("ci_note", lang).format(n=n),
                "x": dyears,
                "zero": True,
                "series": dseries,
            }
        )
    return levels, diffs


def region_history_spec(history: pd.DataFrame, lang: Lang) -> list[dict[str, Any]]:
    """A region's path: GDP per capita, TFP, capacity utilisation, NPL ratio (those present)."""
    cols = [
        c
        for c in ("gdp_per_capita", "tfp", "capacity_utilization", "npl_ratio")
        if c in history and history[c].notna().any()
    ]
    if history is None or history.empty:
        return []
    years = [int(y) for y in history["year"]]
    return [
        {
            "id": f"region_{c}",
            "kind": "line",
            "title": column_label(c, lang, "regions"),
            "unit": display_unit(c, lang, "regions"),
            "x": years,
            "series": [
                {
                    "label": column_label(c, lang, "regions"),
                    "color": A_COLOR,
                    "y": clean(history[c].to_numpy(float) * scale(c, "regions", lang)),
                }
            ],
        }
        for c in cols
    ]


def fit_spec(
    fit: pd.Series, priorities: list[str], names: dict[str, str], lang: Lang
) -> dict[str, Any]:
    """Fit score of every industry for one government; its priorities in red."""
    colors = ["#b2182b" if k in priorities else "#9ecae1" for k in fit.index]
    return {
        "id": "fit",
        "kind": "hbar",
        "title": t("fit_scores", lang),
        "unit": "z",
        "categories": [names.get(k, k) for k in fit.index],
        "left": 190,
        "legend": [
            {"label": t("priorities", lang), "color": "#b2182b"},
            {"label": t("industry", lang), "color": "#9ecae1"},
        ],
        "series": [
            {
                "label": "z",
                "color": "#9ecae1",
                "colors": colors,
                "values": clean(fit.to_numpy(float)),
            }
        ],
    }
